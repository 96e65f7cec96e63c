/** Public and secret DKG data types (frost-rs `keys::dkg` counterparts), as plain bytes. */
import type { SuiteName } from '../suites.js';

/** Injected randomness: returns `length` fresh random bytes. The DKG never reads any other source. */
export type Rng = (length: number) => Uint8Array;

/** Round-1 broadcast (frost-rs `round1::Package`): public. */
export interface Round1Package {
  /** Serialised commitments to the polynomial coefficients; `commitment[0]` commits to the secret. */
  commitment: Uint8Array[];
  /** Schnorr proof of knowledge of the secret coefficient (`R ‖ z`, suite signature encoding). */
  proofOfKnowledge: Uint8Array;
}

/**
 * SECRET: never sent. Plain bytes so the caller can persist it before sending the package.
 * `coefficients[k]` is the serialised scalar a_k of f(x) = Σ a_k·x^k.
 */
export interface Round1Secret {
  suite: SuiteName;
  identifier: number;
  minSigners: number;
  maxSigners: number;
  coefficients: Uint8Array[];
}

/** Why a round-1 package was rejected. */
export type Round1Fault = 'malformed' | 'wrong-length' | 'invalid-point' | 'bad-proof';

/** One participant's long-lived key material (frost-rs `keys::KeyPackage`). SECRET (signingShare). */
export interface KeyPackage {
  suite: SuiteName;
  identifier: number;
  signingShare: Uint8Array;
  verifyingShare: Uint8Array;
  verifyingKey: Uint8Array;
  minSigners: number;
}

/** The group's public key material (frost-rs `keys::PublicKeyPackage`). */
export interface PublicKeyPackage {
  suite: SuiteName;
  /** Sorted by identifier. */
  verifyingShares: { identifier: number; verifyingShare: Uint8Array }[];
  verifyingKey: Uint8Array;
  minSigners: number;
}

/**
 * A `PublicKeyPackage` as read from a file of either frost-core generation: frost-core 2.x files
 * do not record the threshold (`min_signers` is `Option` in 3.x, absent before).
 */
export type PublicKeyPackageFile = Omit<PublicKeyPackage, 'minSigners'> & { minSigners: number | undefined };

/** Largest identifier / participant count we accept (frost-rs uses u16 for these). */
export const MAX_PARTICIPANTS = 0xffff;

/** Codes of {@link DkgInputError}: misuse by the local caller, never a remote participant's fault. */
export type DkgInputErrorCode =
  | 'bad-parameters'
  | 'bad-identifier'
  | 'bad-secret'
  | 'suite-mismatch'
  | 'missing-package'
  | 'unexpected-package'
  | 'own-package-mismatch'
  | 'round1-not-validated';

/**
 * Thrown when the local caller passes inconsistent input (wrong suite, own package missing,
 * bad thresholds…). Remote faults are never thrown: they are returned as culprits.
 */
export class DkgInputError extends Error {
  override readonly name = 'DkgInputError';
  constructor(
    readonly code: DkgInputErrorCode,
    message: string,
    /** Identifiers involved (e.g. missing packages), when there are any. */
    readonly identifiers: readonly number[] = [],
  ) {
    super(message);
  }
}
