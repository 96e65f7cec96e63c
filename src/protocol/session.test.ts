import { describe, expect, it } from 'vitest';
import { computeSessionId, validateParams, type RosterEntry, type SessionParams } from './session.js';
import { verificationCode } from './verificationCode.js';
import { encodeFields, toHex } from './encoding.js';
import { fingerprint } from './identity.js';
import { ProtocolError } from './errors.js';
import { staticPublicKeys } from './staticKeys.js';

const k = (b: number): string => toHex(new Uint8Array(32).fill(b));
const params: SessionParams = { suite: 'ed25519', minSigners: 2, maxSigners: 3, label: 'treasury' };
// Real static keys (ed25519 points) derived from fixed master secrets.
const st = (b: number): string => staticPublicKeys(new Uint8Array(32).fill(b)).ed25519;
const roster: RosterEntry[] = [
  { identity: k(1), ephemeral: k(11), commit: k(21), name: 'a', static: st(41) },
  { identity: k(2), ephemeral: k(12), commit: k(22), name: 'b', static: st(42) },
  { identity: k(3), ephemeral: k(13), commit: k(23), name: 'c', static: st(43) },
];
const nonces = (n: number, salt = 0): Uint8Array[] =>
  Array.from({ length: n }, (_, i) => new Uint8Array(32).fill(31 + i + salt));
const code = (room: string, gen: number, p: SessionParams, r: RosterEntry[], ns = nonces(r.length)): string =>
  verificationCode(computeSessionId(room, gen, p, r), ns);

describe('session id and verification code', () => {
  const base = code('room', 0, params, roster);

  it('is a readable 4×4 digit code, stable for the same inputs', () => {
    expect(base).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    expect(
      code(
        'room',
        0,
        { ...params },
        roster.map((r) => ({ ...r })),
      ),
    ).toBe(base);
  });

  it.each([
    ['room id', () => code('room2', 0, params, roster)],
    ['generation', () => code('room', 1, params, roster)],
    ['suite', () => code('room', 0, { ...params, suite: 'ristretto255' }, roster)],
    ['min signers', () => code('room', 0, { ...params, minSigners: 3 }, roster)],
    ['max signers', () => code('room', 0, { ...params, maxSigners: 4 }, roster)],
    ['label', () => code('room', 0, { ...params, label: 'treasury ' }, roster)],
    ['roster order', () => code('room', 0, params, [roster[1]!, roster[0]!, roster[2]!])],
    ['an identity key', () => code('room', 0, params, [{ ...roster[0]!, identity: k(9) }, roster[1]!, roster[2]!])],
    ['an ephemeral key', () => code('room', 0, params, [roster[0]!, { ...roster[1]!, ephemeral: k(99) }, roster[2]!])],
    ['a code commitment', () => code('room', 0, params, [roster[0]!, roster[1]!, { ...roster[2]!, commit: k(99) }])],
    ['a static key', () => code('room', 0, params, [roster[0]!, { ...roster[1]!, static: st(99) }, roster[2]!])],
    [
      'two static keys swapped',
      () =>
        code('room', 0, params, [
          { ...roster[0]!, static: roster[1]!.static },
          { ...roster[1]!, static: roster[0]!.static },
          roster[2]!,
        ]),
    ],
    [
      'a revealed nonce',
      () => code('room', 0, params, roster, [nonces(3)[0]!, nonces(3)[1]!, new Uint8Array(32).fill(7)]),
    ],
    ['the order of the nonces', () => code('room', 0, params, roster, [nonces(3)[1]!, nonces(3)[0]!, nonces(3)[2]!])],
    ['roster length', () => code('room', 0, params, roster.slice(0, 2))],
  ])('changes with the %s', (_name, f) => {
    expect(f()).not.toBe(base);
  });

  it('display names are part of the id (one session id, one roster: the code covers the names shown)', () => {
    expect(code('room', 0, params, [{ ...roster[0]!, name: 'z' }, roster[1]!, roster[2]!])).not.toBe(base);
  });

  it('the canonical encoding is unambiguous (length-prefixed, typed)', () => {
    expect(toHex(encodeFields(['ab', 'c']))).not.toBe(toHex(encodeFields(['a', 'bc'])));
    expect(toHex(encodeFields(['1']))).not.toBe(toHex(encodeFields([1])));
    expect(toHex(encodeFields([new Uint8Array([0x61])]))).not.toBe(toHex(encodeFields(['a'])));
  });

  it('validates parameters', () => {
    expect(() => validateParams({ ...params, minSigners: 4 })).toThrow(ProtocolError);
    expect(() => validateParams({ ...params, maxSigners: 1, minSigners: 1 })).toThrow(/n must be/);
    expect(() => validateParams({ ...params, suite: 'rsa' as never })).toThrow(/unknown ciphersuite/);
    expect(() => validateParams(params, 2)).toThrow(/roster length/);
    expect(() => validateParams(params, 3)).not.toThrow();
  });

  it('fingerprints are short, grouped and differ per key', () => {
    expect(fingerprint(k(1))).toMatch(/^[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}$/);
    expect(fingerprint(k(1))).not.toBe(fingerprint(k(2)));
  });
});
