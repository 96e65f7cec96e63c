/**
 * Custodian master secret → per-suite COCKTAIL static keys (staticKeys.ts, cocktail/keys.ts
 * deriveStaticKey). Known answers: the scalars were computed independently with Python's hashlib
 * (SHAKE256 as documented in PROTOCOL.md "Static keys"), the P-256 / secp256k1 public keys with
 * pyca/cryptography; the Edwards public keys are pinned from this code.
 */
import { describe, expect, it } from 'vitest';
import { getCocktailSuite } from './cocktail/suites.js';
import { toHex } from './encoding.js';
import { SUITE_NAMES, type SuiteName } from './suites.js';
import {
  generateMasterSecret,
  isMasterSecretHex,
  MASTER_SECRET_BYTES,
  staticKeyPair,
  staticKeyProblem,
  staticKeyShapeProblem,
  staticPublicKeys,
} from './staticKeys.js';
import { seededRng } from './simulation.js';

const MASTER = Uint8Array.from({ length: 32 }, (_, i) => i); // 00 01 … 1f

const SCALARS: Record<SuiteName, bigint> = {
  ed25519: 0xa4d62bf72796dea2f0a697b7e85c02a0b0a52a7538daa129af1e4df28da86afn,
  ristretto255: 0xe2cffa76bcdb157ed71df5764c208a5d2116477011e63f4739807173b161b8an,
  ed448:
    0x2fc8aa31fd2316d706262e2a1ed5d6ccc346674f0263b771a589494c4c7905d1ce8444578d4efe2a43e66837e36dff7c72f7bd0126865c6bn,
  p256: 0x65a7d13161113cf9170708c0bacad932b9187ff0f2e94bf5faa69a80886e0206n,
  secp256k1: 0xd89ea9872853488b5a74ee242c431dac7e20bfd8fedfd69bc32fc020fd2c3ed4n,
  'secp256k1-tr': 0x39d620ad5b4e0f0c8784a6621af94471b1717388b072f47930717daa92281f4dn,
};

const PUBLIC: Partial<Record<SuiteName, string>> = {
  p256: '02bf67f0d642001242046d139439f6a9db6012e56ee31fefc8db86616d94190844',
  secp256k1: '03e6debc80b40db995a32f6f20230ef248aa053d5813b91dda3383f72fc135cfff',
  'secp256k1-tr': '03c6e6d4862fc8382381d3e0757bdb591cfde1852975c75e6d3d9584789d302b9f',
};

describe('static keys from the custodian master secret', () => {
  it.each(SUITE_NAMES.map((s) => [s]))('%s: the derived scalar is the known answer', (suite) => {
    expect(staticKeyPair(suite, MASTER).secret).toBe(SCALARS[suite]);
  });

  it.each(Object.entries(PUBLIC))('%s: the public key is the known answer', (suite, pk) => {
    expect(staticPublicKeys(MASTER)[suite as SuiteName]).toBe(pk);
  });

  it('the Edwards public keys are pinned (and each is d·B of its known scalar)', () => {
    const pub = staticPublicKeys(MASTER);
    for (const s of ['ed25519', 'ristretto255', 'ed448'] as const) {
      const cs = getCocktailSuite(s);
      expect(pub[s]).toBe(toHex(cs.Point.BASE.multiply(SCALARS[s]).toBytes()));
      expect(pub[s]).toHaveLength(cs.elementBytes * 2);
    }
  });

  it('is deterministic, and different per suite and per master secret', () => {
    expect(staticPublicKeys(MASTER.slice())).toEqual(staticPublicKeys(MASTER));
    const other = staticPublicKeys(Uint8Array.from({ length: 32 }, (_, i) => 31 - i));
    for (const s of SUITE_NAMES) expect(other[s]).not.toBe(staticPublicKeys(MASTER)[s]);
    expect(new Set(SUITE_NAMES.map((s) => staticPublicKeys(MASTER)[s])).size).toBe(SUITE_NAMES.length);
  });

  it('a master secret is exactly 32 bytes from the injected rng', () => {
    const m = generateMasterSecret(seededRng('master'));
    expect(m).toHaveLength(MASTER_SECRET_BYTES);
    expect(isMasterSecretHex(toHex(m))).toBe(true);
    expect(isMasterSecretHex('ab'.repeat(31))).toBe(false);
    expect(() => generateMasterSecret(() => new Uint8Array(16))).toThrow(/wrong length/);
    expect(() => staticKeyPair('ed25519', new Uint8Array(31))).toThrow(/32 bytes/);
  });

  describe("staticKeyProblem (what the lock and a received roster check the session suite's key with)", () => {
    const good = staticPublicKeys(MASTER);
    it("accepts every suite's own key", () => {
      for (const s of SUITE_NAMES) expect(staticKeyProblem(s, good[s])).toBeNull();
    });
    it.each([
      ['ed25519', '01' + '00'.repeat(31), /not a valid point|identity/], // the Ed25519 identity
      ['ed448', '01' + '00'.repeat(56), /not a valid point|identity/], // the Ed448 identity
      ['ristretto255', '00'.repeat(32), /not a valid point|identity/], // the ristretto255 identity
      ['p256', '00', /bytes, not 33/], // SEC1 point at infinity
      ['p256', good['secp256k1-tr'], /not a valid point/], // right length, another curve's point (wrong suite)
      ['secp256k1', good.ed25519, /bytes, not 33/], // another suite's length
      ['ed25519', good.ed25519.slice(0, 62), /bytes, not 32/],
      ['ed25519', good.ed25519.toUpperCase(), /hex/],
      ['ed25519', 'ff'.repeat(32), /not a valid point/], // non-canonical
    ] as const)('%s %s is refused', (suite, key, why) => {
      expect(staticKeyProblem(suite, key)).toMatch(why);
    });
  });

  describe('staticKeyShapeProblem (what a Hello checks all six keys with)', () => {
    const good = staticPublicKeys(MASTER);
    it("accepts every suite's own key, and a right-length non-point (its point is checked at the lock)", () => {
      for (const s of SUITE_NAMES) expect(staticKeyShapeProblem(s, good[s])).toBeNull();
      expect(staticKeyShapeProblem('ed25519', 'ff'.repeat(32))).toBeNull();
      expect(staticKeyShapeProblem('p256', good['secp256k1-tr'])).toBeNull();
    });
    it.each([
      ['p256', '00', /bytes, not 33/],
      ['secp256k1', good.ed25519, /bytes, not 33/],
      ['ed448', good.ed25519, /bytes, not 57/],
      ['ed25519', good.ed25519.slice(0, 62), /bytes, not 32/],
      ['ed25519', good.ed25519.slice(0, 63), /hex/],
      ['ed25519', good.ed25519.toUpperCase(), /hex/],
      ['ed25519', 'zz'.repeat(32), /hex/],
    ] as const)('%s %s is refused', (suite, key, why) => {
      expect(staticKeyShapeProblem(suite, key)).toMatch(why);
    });
  });
});
