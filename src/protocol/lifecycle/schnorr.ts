/**
 * Each suite's own single-key Schnorr signature, as frost-rs `SigningKey::sign` makes it and
 * `VerifyingKey::verify` checks it (RFC 9591 §6.3 "prime-order verify": z·G = R + c·PK with
 * c = H2(R ‖ PK ‖ m)):
 *   ed25519       c = SHA-512(R ‖ A ‖ m) mod L — RFC 8032 Ed25519 verification equation
 *   ed448         c = SHAKE256(dom4(0,"") ‖ R ‖ A ‖ m, 114) mod L — RFC 8032 Ed448
 *   ristretto255  c = H2 = SHA-512("FROST-RISTRETTO255-SHA512-v1chal" ‖ R ‖ A ‖ m) mod L
 *   p256 / secp256k1  c = hash_to_field(R ‖ A ‖ m, DST = contextString ‖ "chal") (RFC 9380)
 *   secp256k1-tr  BIP-340: even-y key and nonce, c = TaggedHash("BIP0340/challenge", x(R) ‖ x(P) ‖ m),
 *                 signature x(R) ‖ z (64 bytes)
 * Signing draws its nonce from the injected rng (src/protocol is pure); verification is the
 * suite's shipped verifier (noble's FROST `verify`, through testSigning.verifyGroupSignature).
 */
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { encodeScalar } from '../dkg/group.js';
import { randomScalar } from '../dkg/round1.js';
import type { Rng } from '../dkg/types.js';
import { taggedHash as bip340TaggedHash, type Suite } from '../suites.js';
import { verifyGroupSignature } from '../signing.js';
import { LifecycleError } from './errors.js';

const ED448_DOM4 = concatBytes(utf8ToBytes('SigEd448'), Uint8Array.of(0, 0));

/** The challenge scalar c of the suite's Schnorr signature for (R, PK, m) as encoded points. */
function challenge(suite: Suite, R: Uint8Array, PK: Uint8Array, m: Uint8Array): bigint {
  const { hashToScalar, Fn } = suite.internals;
  switch (suite.name) {
    case 'ed25519':
      return hashToScalar(concatBytes(R, PK, m), new Uint8Array(0));
    case 'ed448':
      return hashToScalar(concatBytes(R, PK, m), ED448_DOM4);
    case 'secp256k1-tr':
      return Fn.create(bytesToNumberBE(bip340TaggedHash('BIP0340/challenge', R.subarray(1), PK.subarray(1), m)));
    default:
      return hashToScalar(concatBytes(R, PK, m), utf8ToBytes(suite.ciphersuiteId + 'chal'));
  }
}

/**
 * Signs `message` with the secret scalar `sk` (≠ 0) in the suite's own Schnorr format, nonce
 * from `rng`. For secp256k1-tr the key and nonce are negated to even y first (BIP-340), so the
 * signature verifies under the x-only form of sk·G whatever its parity.
 */
export function schnorrSign(suite: Suite, sk: bigint, message: Uint8Array, rng: Rng): Uint8Array {
  return schnorrSignWithNonce(suite, sk, randomScalar(suite, rng), message);
}

/**
 * The signing equation with a given nonce k (≠ 0): exported for known-answer tests against
 * RFC 8032 and BIP-340, whose nonces are derived, not drawn. Never reuse a nonce.
 */
export function schnorrSignWithNonce(suite: Suite, sk: bigint, nonce: bigint, message: Uint8Array): Uint8Array {
  const { Fn, Point, taproot } = suite.internals;
  if (sk === 0n || sk >= Fn.ORDER) throw new LifecycleError('bad-input', 'signing scalar out of range');
  if (nonce === 0n || nonce >= Fn.ORDER) throw new LifecycleError('bad-input', 'nonce out of range');
  let x = sk;
  let P = Point.BASE.multiply(x);
  let k = nonce;
  let R = Point.BASE.multiply(k);
  if (taproot) {
    if (P.toBytes()[0] !== 0x02) {
      x = Fn.neg(x);
      P = P.negate();
    }
    if (R.toBytes()[0] !== 0x02) {
      k = Fn.neg(k);
      R = R.negate();
    }
  }
  const rBytes = R.toBytes();
  const c = challenge(suite, rBytes, P.toBytes(), message);
  const z = Fn.add(k, Fn.mul(c, x));
  return concatBytes(taproot ? rBytes.subarray(1) : rBytes, encodeScalar(suite, z));
}

/** The suite's verifier (the one group signatures go through): true iff `signature` is valid for `publicKey`. */
export function schnorrVerify(
  suite: Suite,
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  return verifyGroupSignature(suite.name, publicKey, message, signature);
}
