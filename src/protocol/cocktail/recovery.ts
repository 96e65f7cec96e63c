/**
 * Share Recovery (spec "Share Recovery", "Recovery Algorithm"): from the static secret d_i, the
 * common recovery data (T and sig_1..sig_n) and the encrypted share bundle
 * C^rec_i = c̃_{1,i} ‖ … ‖ c̃_{n,i}, rebuild x_i, Y and Y_1..Y_n, and thus the same frost-rs key
 * package the DKG produced (with the Taproot step for secp256k1-tr).
 */
import { CocktailError } from './errors.js';
import { Reader, bytesEqual, concat, decodePoint, encodePoint, mulBase } from './encoding.js';
import { deriveKeyAndNonce } from './keys.js';
import { frame, readFrame } from './messages.js';
import { classifyPlaintext } from './dispute.js';
import { keyPackages, rawOutputs } from './keyPackage.js';
import { parseTranscript } from './transcript.js';
import { verifyCertificate, type SuccessCertificate } from './certeq.js';
import type { CocktailSuite } from './suites.js';
import type { GroupPoint } from '../suites.js';
import type { KeyPackage, PublicKeyPackage } from '../dkg/types.js';

/** C^rec_i from the n ciphertexts addressed to i (sender order). */
export function encodeBundle(ciphertexts: readonly Uint8Array[]): Uint8Array {
  return concat(...ciphertexts.map(frame));
}

/** Parses C^rec_i: exactly n frames, each within size bounds, no trailing bytes (step 5). */
export function parseBundle(suite: CocktailSuite, n: number, bytes: Uint8Array): Uint8Array[] {
  const r = new Reader(bytes);
  const out: Uint8Array[] = [];
  for (let j = 1; j <= n; j++) {
    const c = readFrame(suite, r);
    if (!c)
      throw new CocktailError('malformed-bundle', `share bundle: ciphertext ${j} of ${n} is missing or out of bounds`);
    out.push(c);
  }
  if (r.remaining !== 0) throw new CocktailError('malformed-bundle', 'share bundle has trailing bytes');
  return out;
}

/** What recovery returns. SECRET: keyPackage.signingShare. */
export interface Recovered {
  index: number;
  secretShare: bigint;
  keyPackage: KeyPackage;
  publicKeyPackage: PublicKeyPackage;
  /** payload_{j,i} for j = 1..n. */
  payloads: Uint8Array[];
}

/** Recovery steps 1–8. Throws CocktailError with a precise code on any wrong key or tampered input. */
export function recoverKeyPackage(
  suite: CocktailSuite,
  staticSecret: bigint,
  certificate: SuccessCertificate,
  bundle: Uint8Array,
): Recovered {
  const T = parseTranscript(suite, certificate.transcript); // step 1 (ciphersuite checked first)
  verifyCertificate(suite, T.staticPublicKeys, certificate); // step 2
  if (staticSecret <= 0n || staticSecret >= suite.order)
    throw new CocktailError('bad-parameters', 'static secret out of range');
  const mine = encodePoint(mulBase(suite, staticSecret));
  const matches = T.staticPublicKeys.flatMap((p, idx) => (bytesEqual(p, mine) ? [idx + 1] : []));
  if (matches.length !== 1)
    throw new CocktailError(
      'not-a-participant',
      matches.length === 0
        ? "this static key is not one of the certificate's participants"
        : 'this static key appears more than once',
    );
  const i = matches[0] as number; // step 3
  const n = T.staticPublicKeys.length;
  const cts = parseBundle(suite, n, bundle); // step 5
  let x = 0n;
  const payloads: Uint8Array[] = [];
  for (let j = 1; j <= n; j++) {
    // Steps 4 and 6.
    const Ej = decodePoint(suite, T.ephemerals[j - 1] as Uint8Array) as GroupPoint;
    const Pj = decodePoint(suite, T.staticPublicKeys[j - 1] as Uint8Array) as GroupPoint;
    const { key, nonce } = deriveKeyAndNonce(
      suite,
      Ej.multiply(staticSecret),
      Pj.multiply(staticSecret),
      T.ephemerals[j - 1] as Uint8Array,
      T.staticPublicKeys[j - 1] as Uint8Array,
      mine,
      T.context,
    );
    const r = classifyPlaintext(
      suite,
      suite.aead.decrypt(key, nonce, cts[j - 1] as Uint8Array),
      i,
      T.commitments[j - 1] as Uint8Array[],
    );
    if (r.outcome !== 'valid') {
      const code =
        r.outcome === 'aead-fail'
          ? 'undecryptable'
          : r.outcome === 'non-canonical-plaintext'
            ? 'non-canonical-plaintext'
            : 'share-fails-vss';
      // No culprit: the bundle is our own backup; a bad entry may be tampering or the wrong
      // file, not participant j's fault (the DKG already accepted j's ciphertext).
      throw new CocktailError(
        code,
        `recovery: ciphertext from participant ${j}: ${r.outcome} (wrong static key, wrong bundle or tampered data)`,
      );
    }
    x = (x + (r.share as bigint)) % suite.order;
    payloads.push(r.payload as Uint8Array);
  }
  const raw = rawOutputs(suite, T.commitments, T.t); // step 8
  if (!mulBase(suite, x).equals(raw.verificationShares[i - 1] as GroupPoint))
    throw new CocktailError('self-check-failed', 'recovered x_i·B ≠ Y_i');
  return { index: i, secretShare: x, payloads, ...keyPackages(suite, i, x, raw, T.t) };
}
