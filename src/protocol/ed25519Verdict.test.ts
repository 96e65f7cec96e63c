/**
 * Known-answer tests for the one Ed25519 verdict (ed25519Verdict.ts) with crafted signatures:
 * small-order public keys, non-canonical A, R and S, small-order and mixed-order R. Every
 * IdentityCrypto that ships (noble: headless participant and protocol default; node:crypto: CLI
 * `verify`, `simulate`, benchmarks; WebCrypto: browsers) must give exactly the expected verdict.
 * OpenSSL's own verdict is recorded beside it: where it differs, it shows the attack the guard stops.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, fromHex, utf8 } from './encoding.js';
import { verifyEd25519 } from './ed25519Verdict.js';
import { createNobleIdentityCrypto, type IdentityCrypto } from './identity.js';
import { createBrowserIdentityCrypto } from '../platform/index.js';
import { createNodeIdentityCrypto, opensslVerify } from '../platform/node.js';

const L = ed25519.Point.Fn.ORDER;
const P = ed25519.Point.Fp.ORDER;
const B = ed25519.Point.BASE;
const le32 = (n: bigint): Uint8Array => numberToBytesLE(n, 32);
const mod = (n: bigint): bigint => ((n % L) + L) % L;

/** Fixed signer: secret scalar a and public key A from the seed 00 01 … 1f (RFC 8032 key expansion). */
const seed = Uint8Array.from({ length: 32 }, (_, i) => i);
const { scalar: a, pointBytes: A } = ed25519.utils.getExtendedPublicKey(seed);
/** A point of order 8 (RFC 8032 / "Taming the many EdDSAs" torsion point). */
const T8 = ed25519.Point.fromBytes(fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'));
const torsion = Array.from({ length: 8 }, (_, k) => T8.multiplyUnsafe(BigInt(k)));
const challenge = (R: Uint8Array, pk: Uint8Array, msg: Uint8Array): bigint =>
  mod(bytesToNumberLE(sha512(concatBytes(R, pk, msg))));
const nonce = (label: string): bigint => mod(bytesToNumberLE(sha512(utf8(`kat nonce ${label}`))));
/** A signature by (a, A) whose nonce point is given by its encoding R with discrete log r (+ torsion). */
const signWithR = (R: Uint8Array, r: bigint, msg: Uint8Array): Uint8Array =>
  concatBytes(R, le32(mod(r + challenge(R, A, msg) * a)));
const msg = utf8('frost-ceremony ed25519 known-answer test');

interface Vector {
  name: string;
  sig: Uint8Array;
  msg: Uint8Array;
  pk: Uint8Array;
  /** The verdict every shipped implementation must give. */
  verdict: boolean;
  /** OpenSSL's own verdict, where it matters (undefined: not asserted). */
  openssl?: boolean;
}

function vectors(): Vector[] {
  const v: Vector[] = [];
  const honest = ed25519.sign(msg, seed);
  const S = bytesToNumberLE(honest.subarray(32));
  v.push({ name: 'honest signature', sig: honest, msg, pk: A, verdict: true, openssl: true });
  v.push({
    name: 'S + L (non-canonical scalar, same point equation)',
    sig: concatBytes(honest.subarray(0, 32), le32(S + L)),
    msg,
    pk: A,
    verdict: false,
  });
  v.push({
    name: 'S = 2^256 − 1',
    sig: concatBytes(honest.subarray(0, 32), new Uint8Array(32).fill(255)),
    msg,
    pk: A,
    verdict: false,
  });
  // Mixed-order R = rB + T8: [S]B = R + [k]A fails by T8 (OpenSSL rejects), the cofactored
  // equation holds (strict RFC 8032 accepts). A participant choosing such nonces must not be
  // able to make a certificate the app accepted fail `verify`: the verdict is "valid" everywhere.
  for (const k of [1, 2, 4]) {
    const r = nonce(`mixed ${k}`);
    const R = B.multiply(r).add(torsion[k]!).toBytes();
    v.push({
      name: `mixed-order R (torsion of order ${8 / Number(gcd(k, 8))})`,
      sig: signWithR(R, r, msg),
      msg,
      pk: A,
      verdict: true,
      openssl: false,
    });
  }
  // Small-order R on its own (r = 0): identity R passes both equations; order-8 R only the cofactored one.
  v.push({
    name: 'R = identity (small order), S = k·a',
    sig: signWithR(torsion[0]!.toBytes(), 0n, msg),
    msg,
    pk: A,
    verdict: true,
    openssl: true,
  });
  v.push({
    name: 'R = T8 (order 8), S = k·a',
    sig: signWithR(T8.toBytes(), 0n, msg),
    msg,
    pk: A,
    verdict: true,
    openssl: false,
  });
  // Non-canonical R: the identity encoded with y = p + 1 (ZIP-215 would accept this signature).
  v.push({
    name: 'R = identity encoded as y = p + 1',
    sig: signWithR(le32(P + 1n), 0n, msg),
    msg,
    pk: A,
    verdict: false,
  });
  // R with the sign bit set on x = 0 ("negative zero"): rejected by strict decoding.
  const negZero = torsion[0]!.toBytes();
  negZero[31] = negZero[31]! | 0x80;
  v.push({ name: 'R = identity with the sign bit set', sig: signWithR(negZero, 0n, msg), msg, pk: A, verdict: false });
  // Small-order public keys: (R = identity, S = 0) satisfies [S]B = R + [k]A whenever [k]A = 0,
  // i.e. for every message when A is the identity, and for one message in ord(A) otherwise.
  // Nobody knows a secret for them, so any such "signature" is a forgery.
  for (let k = 0; k < 8; k++) {
    const pk = torsion[k]!.toBytes();
    const order = k === 0 ? 1 : 8 / Number(gcd(k, 8));
    let m = msg;
    for (let i = 0; bytesToNumberLE(sha512(concatBytes(torsion[0]!.toBytes(), pk, m))) % BigInt(order) !== 0n; i++)
      m = utf8(`forged message ${i}`);
    v.push({
      name: `small-order public key ${k}·T8 (order ${order}), R = identity, S = 0`,
      sig: concatBytes(torsion[0]!.toBytes(), new Uint8Array(32)),
      msg: m,
      pk,
      verdict: false,
    });
  }
  // Non-canonical encodings of the identity as a public key: y = p + 1, and the sign bit set.
  v.push({
    name: 'public key = identity encoded as y = p + 1',
    sig: concatBytes(torsion[0]!.toBytes(), new Uint8Array(32)),
    msg,
    pk: le32(P + 1n),
    verdict: false,
  });
  v.push({
    name: 'public key = identity with the sign bit set',
    sig: concatBytes(torsion[0]!.toBytes(), new Uint8Array(32)),
    msg,
    pk: negZero,
    verdict: false,
  });
  v.push({ name: 'signature of 63 bytes', sig: honest.subarray(0, 63), msg, pk: A, verdict: false });
  v.push({ name: 'public key of 31 bytes', sig: honest, msg, pk: A.subarray(0, 31), verdict: false });
  return v;
}

function gcd(x: number, y: number): number {
  return y === 0 ? x : gcd(y, x % y);
}

/** Every IdentityCrypto that ships, with how it reaches its verdict (the browser one after its native check answered). */
function shipped(): { name: string; verify: (sig: Uint8Array, msg: Uint8Array, pk: Uint8Array) => Promise<boolean> }[] {
  const sync = (name: string, c: IdentityCrypto) => ({
    name,
    verify: async (s: Uint8Array, m: Uint8Array, k: Uint8Array) => c.verify(s, m, k),
  });
  const browser = createBrowserIdentityCrypto(globalThis.crypto.subtle);
  return [
    sync('verifyEd25519', { publicKey: () => new Uint8Array(), sign: () => new Uint8Array(), verify: verifyEd25519 }),
    sync('noble (headless, protocol default)', createNobleIdentityCrypto()),
    sync('node:crypto (CLI verify, simulate)', createNodeIdentityCrypto()),
    {
      name: 'WebCrypto (browser)',
      verify: async (s, m, k) => {
        browser.prefetch({ signature: s, message: m, publicKey: k });
        await browser.idle();
        return browser.verify(s, m, k);
      },
    },
  ];
}

describe('one Ed25519 verdict: known answers with crafted signatures', () => {
  const all = vectors();

  it.each(all.map((v) => [v.name, v] as const))('%s', async (_name, v) => {
    for (const impl of shipped())
      expect({ impl: impl.name, verdict: await impl.verify(v.sig, v.msg, v.pk) }).toEqual({
        impl: impl.name,
        verdict: v.verdict,
      });
    if (v.openssl !== undefined) expect(opensslVerify(v.sig, v.msg, v.pk)).toBe(v.openssl);
  });

  it('OpenSSL alone would differ: it accepts a forgery under a small-order key and rejects mixed-order R (why node:crypto is never the verdict)', () => {
    const forged = all.filter((v) => v.name.startsWith('small-order public key') && opensslVerify(v.sig, v.msg, v.pk));
    expect(forged.length).toBeGreaterThan(0);
    const mixed = all.filter((v) => v.name.startsWith('mixed-order R'));
    expect(mixed.every((v) => verifyEd25519(v.sig, v.msg, v.pk) && !opensslVerify(v.sig, v.msg, v.pk))).toBe(true);
  });

  it('random corruptions of crafted and honest vectors: every implementation agrees with verifyEd25519', async () => {
    const impls = shipped();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...all),
        fc.constantFrom('sig', 'pk', 'msg'),
        fc.nat(),
        async (v, where, bit) => {
          const s = v.sig.slice();
          const pk = v.pk.slice();
          const m = v.msg.slice();
          const target = where === 'sig' ? s : where === 'pk' ? pk : m;
          if (target.length > 0) {
            const i = bit % (target.length * 8);
            target[i >> 3] = target[i >> 3]! ^ (1 << (i & 7));
          }
          const expected = verifyEd25519(s, m, pk);
          for (const impl of impls) expect(await impl.verify(s, m, pk)).toBe(expected);
        },
      ),
      { numRuns: 150 },
    );
  });
});
