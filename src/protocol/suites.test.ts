import { describe, expect, it } from 'vitest';
import { getSuite, isSuiteName, SUITE_NAMES, suiteByCiphersuiteId } from './suites.js';

describe('suite table', () => {
  it('has six suites, each findable by name and by frost-rs ciphersuite ID', () => {
    expect(SUITE_NAMES).toEqual(['ed25519', 'ristretto255', 'ed448', 'p256', 'secp256k1', 'secp256k1-tr']);
    for (const name of SUITE_NAMES) {
      const s = getSuite(name);
      expect(s.name).toBe(name);
      expect(suiteByCiphersuiteId(s.ciphersuiteId)).toBe(s);
      expect(isSuiteName(name)).toBe(true);
    }
    expect(SUITE_NAMES.map((n) => getSuite(n).ciphersuiteId)).toEqual([
      'FROST-ED25519-SHA512-v1',
      'FROST-RISTRETTO255-SHA512-v1',
      'FROST-ED448-SHAKE256-v1',
      'FROST-P256-SHA256-v1',
      'FROST-secp256k1-SHA256-v1',
      'FROST-secp256k1-SHA256-TR-v1',
    ]);
  });

  it('rejects what is not a suite', () => {
    for (const x of ['ED25519', 'secp256k1tr', '', undefined, 3, {}, 'toString', '__proto__'])
      expect(isSuiteName(x)).toBe(false);
    expect(suiteByCiphersuiteId('FROST-SECP256K1-SHA256-v1')).toBeUndefined(); // IDs are case-sensitive
    expect(suiteByCiphersuiteId('constructor')).toBeUndefined();
    expect(() => getSuite('nope' as never)).toThrow(TypeError);
  });

  it('lengths and byte orders match the real encodings', () => {
    for (const name of SUITE_NAMES) {
      const s = getSuite(name);
      const { Point, Fn, frost } = s.internals;
      expect(Point.BASE.toBytes().length).toBe(s.elementBytes);
      expect(Fn.toBytes(1n).length).toBe(s.scalarBytes);
      expect(Fn.toBytes(1n)[s.identifierByteOrder === 'le' ? 0 : s.scalarBytes - 1]).toBe(1);
      expect(frost.sign(new Uint8Array(1), Fn.toBytes(5n)).length).toBe(s.signatureBytes);
    }
  });
});
