/**
 * Known answers for the suites' single-key Schnorr (schnorr.ts): with the nonce the standard
 * derives, our signing equation reproduces RFC 8032 Ed25519 / Ed448 signatures and BIP-340
 * signatures byte for byte (noble's ed25519 / ed448 / schnorr, independent implementations).
 */
import { describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { ed448 } from '@noble/curves/ed448.js';
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, bytesToNumberLE } from '@noble/curves/utils.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { shake256 } from '@noble/hashes/sha3.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { getSuite, taggedHash } from '../suites.js';
import { schnorrSignWithNonce, schnorrVerify } from './schnorr.js';

const seed = (n: number, len: number) => Uint8Array.from({ length: len }, (_, i) => (i * 7 + n) & 255);
const msg = utf8ToBytes('frost-ceremony schnorr known answer');

describe('suite Schnorr known answers', () => {
  it('ed25519 = RFC 8032 Ed25519', () => {
    const suite = getSuite('ed25519');
    const sk = seed(1, 32);
    const { scalar, prefix } = ed25519.utils.getExtendedPublicKey(sk);
    const r = suite.internals.Fn.create(bytesToNumberLE(sha512(concatBytes(prefix, msg))));
    expect(schnorrSignWithNonce(suite, scalar, r, msg)).toEqual(ed25519.sign(msg, sk));
  });

  it('ed448 = RFC 8032 Ed448 (no context)', () => {
    const suite = getSuite('ed448');
    const sk = seed(2, 57);
    const { scalar, prefix } = ed448.utils.getExtendedPublicKey(sk);
    const dom4 = concatBytes(utf8ToBytes('SigEd448'), Uint8Array.of(0, 0));
    const r = suite.internals.Fn.create(bytesToNumberLE(shake256(concatBytes(dom4, prefix, msg), { dkLen: 114 })));
    expect(schnorrSignWithNonce(suite, suite.internals.Fn.create(scalar), r, msg)).toEqual(ed448.sign(msg, sk));
  });

  it('secp256k1-tr = BIP-340 (including an odd-y key, which is negated)', () => {
    const suite = getSuite('secp256k1-tr');
    const n = suite.internals.Fn.ORDER;
    for (const s of [3, 4, 5, 6]) {
      const skBytes = seed(s, 32);
      const aux = seed(s + 100, 32);
      let d = bytesToNumberBE(skBytes) % n;
      const P = secp256k1.Point.BASE.multiply(d);
      const px = P.toBytes(true).subarray(1);
      if (P.toBytes(true)[0] !== 0x02) d = n - d;
      const dBytes = suite.internals.Fn.toBytes(d);
      const t = taggedHash('BIP0340/aux', aux).map((b, i) => b ^ (dBytes[i] as number));
      const k = bytesToNumberBE(taggedHash('BIP0340/nonce', t, px, msg)) % n;
      const ours = schnorrSignWithNonce(suite, bytesToNumberBE(skBytes) % n, k, msg);
      expect(ours).toEqual(schnorr.sign(msg, skBytes, aux));
      expect(schnorrVerify(suite, P.toBytes(true), msg, ours)).toBe(true);
    }
  });
});
