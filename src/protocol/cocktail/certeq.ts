/**
 * Round 3, CertEq (spec "Round 3: Certification" steps 4–5): every sig_j on T must verify under
 * P_j; success needs all n. The success certificate is (T, sig_1..sig_n); its wire form is
 * T plus aggregated_sigs = sig_1 ‖ … ‖ sig_n.
 */
import { CocktailError } from './errors.js';
import { concat, type PointMemo } from './encoding.js';
import type { CocktailCache } from './keys.js';
import { keyPackages } from './keyPackage.js';
import type { Round2Result } from './decrypt.js';
import { verify } from './schnorr.js';
import type { CocktailSession } from './round1.js';
import type { CocktailSuite } from './suites.js';
import type { KeyPackage, PublicKeyPackage } from '../dkg/types.js';

/** A success certificate. */
export interface SuccessCertificate {
  transcript: Uint8Array;
  /** sig_1..sig_n. */
  signatures: Uint8Array[];
}

/** Verifies all n signatures on T under P_1..P_n; throws bad-certeq-signature naming every bad signer. */
export function verifyCertificate(
  suite: CocktailSuite,
  staticPublicKeys: readonly Uint8Array[],
  cert: SuccessCertificate,
  memo?: PointMemo,
): void {
  if (cert.signatures.length !== staticPublicKeys.length)
    throw new CocktailError(
      'bad-parameters',
      `certificate has ${cert.signatures.length} signatures, needs all ${staticPublicKeys.length}`,
    );
  const bad: number[] = [];
  cert.signatures.forEach((s, idx) => {
    if (!verify(suite, staticPublicKeys[idx] as Uint8Array, s, cert.transcript, memo)) bad.push(idx + 1);
  });
  if (bad.length > 0)
    throw new CocktailError(
      'bad-certeq-signature',
      `transcript signature of participant(s) ${bad.join(', ')} does not verify`,
      bad,
      {
        kind: 'certeq',
        signer: bad[0] as number,
        signature: cert.signatures[(bad[0] as number) - 1] as Uint8Array,
      },
    );
}

/** aggregated_sigs = sig_1 ‖ … ‖ sig_n. */
export function aggregateSignatures(signatures: readonly Uint8Array[]): Uint8Array {
  return concat(...signatures);
}

/** Splits aggregated_sigs into sig_1..sig_n; exact length required (n·signature size). */
export function parseAggregatedSignatures(suite: CocktailSuite, n: number, bytes: Uint8Array): Uint8Array[] {
  if (bytes.length !== n * suite.signatureBytes)
    throw new CocktailError(
      'malformed-transcript',
      `aggregated signatures: ${bytes.length} bytes, expected ${n} × ${suite.signatureBytes}`,
    );
  return Array.from({ length: n }, (_, k) => bytes.slice(k * suite.signatureBytes, (k + 1) * suite.signatureBytes));
}

/** Round 3 for participant i: verify the certificate, then output frost-rs key packages. */
export function cocktailRound3(
  session: CocktailSession,
  index: number,
  round2: Round2Result,
  signatures: readonly Uint8Array[],
  cache?: CocktailCache,
): { keyPackage: KeyPackage; publicKeyPackage: PublicKeyPackage; certificate: SuccessCertificate } {
  const certificate = { transcript: round2.transcript, signatures: [...signatures] };
  verifyCertificate(session.suite, session.staticPublicKeys, certificate, cache?.points);
  return { ...keyPackages(session.suite, index, round2.secretShare, round2.outputs, session.t), certificate };
}
