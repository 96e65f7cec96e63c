/**
 * The one Ed25519 verdict of frost-ceremony: every envelope, failure record and certificate
 * signature is accepted exactly when `verifyEd25519` accepts it, in the browser, in the headless
 * participant and in the CLI (`verify`, `simulate`). A faster native check (node:crypto,
 * WebCrypto) may only ever confirm an "accept" that this function would also give; see
 * `nativeVerdictUsable`.
 *
 * The rule is strict RFC 8032 §5.1.7 as implemented by @noble/curves with `zip215: false`:
 * - A and R must be canonical encodings (y < p), S must be below the group order L;
 * - A must not be of small order (no key for which "any message verifies");
 * - the cofactored equation [8][S]B = [8]R + [8][k]A is checked, so a signer who adds a
 *   small-order component to its nonce point R (mixed-order R) still produces a signature that
 *   is accepted, here and everywhere else. OpenSSL (node:crypto) checks the cofactorless
 *   equation and rejects it: used on its own it would let a participant make a certificate the
 *   app accepted fail `frost-ceremony verify` (SECURITY.md, "One Ed25519 verifier").
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { fromHex, toHex } from './encoding.js';

/** The verdict: true when `signature` is a valid strict Ed25519 signature of `message` by `publicKey`. */
export function verifyEd25519(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/**
 * Little-endian y-coordinates (sign bit masked) of the eight small-order points: 1 (identity),
 * p−1 (order 2), 0 (order 4) and the two of order 8. Any encoding with these y, with either
 * sign bit, goes to noble (which refuses small-order public keys).
 */
const SMALL_ORDER_Y: readonly string[] = [
  '0100000000000000000000000000000000000000000000000000000000000000',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '0000000000000000000000000000000000000000000000000000000000000000',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
];
/** The group order L, little-endian. */
const ORDER_L = fromHex('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');

/** y < p = 2^255 − 19, with the sign bit masked off (RFC 8032 §5.1.3 step 1). */
function canonicalY(enc: Uint8Array): boolean {
  if ((enc[31]! & 0x7f) !== 0x7f) return true;
  for (let i = 30; i >= 1; i--) if (enc[i] !== 0xff) return true;
  return enc[0]! < 0xed;
}

function smallOrderY(enc: Uint8Array): boolean {
  const y = enc.slice();
  y[31] = y[31]! & 0x7f;
  return SMALL_ORDER_Y.includes(toHex(y));
}

/** Little-endian S < L. */
function scalarBelowOrder(s: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    if (s[i]! < ORDER_L[i]!) return true;
    if (s[i]! > ORDER_L[i]!) return false;
  }
  return false;
}

/**
 * True when a native "valid" for these inputs implies `verifyEd25519` accepts them; false sends
 * the input to `verifyEd25519` whatever a native check says.
 *
 * Why: a native accept is used only when A and R are canonical encodings (y < p) that are not of
 * small order, and S < L. For such inputs both sides decode the same points and hash the same
 * bytes (k = SHA-512(R ‖ A ‖ M) over the raw bytes), and a native accept means
 * [S]B = R + [k]A (cofactorless: OpenSSL, BoringSSL) or [8][S]B = [8]R + [8][k]A (cofactored);
 * either makes the cofactored check pass. A native reject is never used: mixed-order R, for
 * one, is rejected by OpenSSL and accepted here. So a platform's own rules (ZIP-215, strict,
 * cofactorless) can only cost speed, never change a verdict.
 */
export function nativeVerdictUsable(signature: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  const r = signature.subarray(0, 32);
  return (
    canonicalY(publicKey) &&
    canonicalY(r) &&
    !smallOrderY(publicKey) &&
    !smallOrderY(r) &&
    scalarBelowOrder(signature.subarray(32))
  );
}
