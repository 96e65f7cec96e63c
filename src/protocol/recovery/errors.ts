/**
 * Typed recovery errors: a closed set of codes, a message in plain words that names the cause,
 * and, when one entry of the certificate is at fault, which participant's entry it is.
 */

/** Closed set of reasons a key package cannot be recovered from a certificate. */
export const RECOVERY_ERROR_CODES = [
  'not-json', // the certificate is not (strict) JSON
  'old-certificate', // format v1: made before COCKTAIL-DKG, no recovery data
  'unknown-format', // some other "format", or none
  'malformed-certificate', // v2 but a field is missing, extra, or of the wrong shape
  'bad-roster', // the roster envelope does not verify (signature, session id, params)
  'suite-mismatch', // cocktail.suite, the roster's suite and T's ciphersuite_id disagree
  'tampered-transcript', // T does not parse, or disagrees with the roster (static keys, t, n)
  'bad-certeq-signature', // a CertEq signature on T does not verify (spec recovery step 2)
  'bad-envelope', // a round-1 or confirmation envelope does not verify or is not of this session
  'msg1-mismatch', // a signed msg1 does not parse or differs from what T holds for its sender
  'confirmation-mismatch', // a signed confirmation's CertEq signature is not the one in `signatures`
  'bad-master-key', // the master secret is not 32 bytes
  'not-a-participant', // the master key's static key is none of P_1..P_n (spec recovery step 3)
  'malformed-bundle', // C^rec_i does not parse (spec recovery step 5)
  'bundle-does-not-open', // a ciphertext of C^rec_i does not decrypt to a valid share (step 6)
  'public-key-package-mismatch', // the recovered PublicKeyPackage ≠ the certificate's
] as const;

/** One recovery error code. */
export type RecoveryErrorCode = (typeof RECOVERY_ERROR_CODES)[number];

/** The certificate entry at fault: participant index (1..n) and roster name when known. */
export interface RecoveryCulprit {
  index: number;
  name?: string;
}

/** Thrown by recoverFromCertificate. Never carries secret material. */
export class RecoveryError extends Error {
  override readonly name = 'RecoveryError';
  constructor(
    readonly code: RecoveryErrorCode,
    message: string,
    /** Whose entry in the certificate is at fault, when one is. */
    readonly culprits: readonly RecoveryCulprit[] = [],
  ) {
    super(message);
  }
}
