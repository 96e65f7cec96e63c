/**
 * The COCKTAIL Schnorr scheme (spec "Schnorr Signature Scheme"), used for the Proof of
 * Possession and the CertEq transcript signatures. Deterministic nonce
 * k = HashToScalar(prefix_nonce ‖ encode(sk) ‖ m); challenge c = HashToScalar(prefix_H7 ‖ R ‖ pk ‖ m);
 * signature R ‖ z. Not EdDSA, not BIP-340: the prefixes make it verify nowhere else.
 */
import { CocktailError } from './errors.js';
import { concat, decodePoint, decodeScalar, encodePoint, encodeScalar, mulBase, type PointMemo } from './encoding.js';
import type { CocktailSuite } from './suites.js';

/** Every intermediate of one signature (the vectors publish them for the PoP). */
export interface SignatureTrace {
  message: Uint8Array;
  nonceInput: Uint8Array;
  nonce: Uint8Array;
  nonceCommitment: Uint8Array;
  challengeInput: Uint8Array;
  challenge: Uint8Array;
  signature: Uint8Array;
}

/** Sign (steps 1–7) with its intermediates. Throws if k = 0 (step 3: the session must be abandoned). */
export function signTraced(suite: CocktailSuite, sk: bigint, message: Uint8Array): SignatureTrace {
  if (sk <= 0n || sk >= suite.order) throw new CocktailError('bad-parameters', 'signing key out of range');
  const pk = encodePoint(mulBase(suite, sk));
  const skBytes = encodeScalar(suite, sk);
  const { input: nonceInput, k } = suite.nonceScalar(skBytes, message);
  // Step 3: k = 0 would publish z = c·sk; abort, never retry with the same (sk, m).
  if (k === 0n)
    throw new CocktailError('bad-parameters', 'Schnorr nonce is zero: abandon this session (spec Sign step 3)');
  const R = encodePoint(mulBase(suite, k));
  const { input: challengeInput, c } = suite.challengeScalar(R, pk, message);
  const z = (k + c * sk) % suite.order;
  return {
    message,
    nonceInput,
    nonce: encodeScalar(suite, k),
    nonceCommitment: R,
    challengeInput,
    challenge: encodeScalar(suite, c),
    signature: concat(R, encodeScalar(suite, z)),
  };
}

/** Sign and return R ‖ z. */
export function sign(suite: CocktailSuite, sk: bigint, message: Uint8Array): Uint8Array {
  return signTraced(suite, sk, message).signature;
}

/**
 * Verify (steps 1–6): z canonical, R a valid non-identity prime-order point, z·B = R + c·pk.
 * `pk` must already be a validated point encoding (the caller decoded it).
 */
export function verify(
  suite: CocktailSuite,
  pkBytes: Uint8Array,
  signature: Uint8Array,
  message: Uint8Array,
  memo?: PointMemo,
): boolean {
  if (signature.length !== suite.signatureBytes) return false;
  const z = decodeScalar(suite, signature.subarray(suite.elementBytes));
  if (z === undefined) return false;
  const rBytes = signature.subarray(0, suite.elementBytes);
  const R = decodePoint(suite, rBytes);
  const pk = decodePoint(suite, pkBytes, memo);
  if (!R || !pk) return false;
  const { c } = suite.challengeScalar(rBytes, pkBytes, message);
  const lhs = mulBase(suite, z);
  const rhs = c === 0n ? R : R.add(pk.multiplyUnsafe(c));
  return lhs.equals(rhs);
}
