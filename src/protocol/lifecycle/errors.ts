/**
 * One error type for the lifecycle ceremonies (refresh, repair, reshare). A remote fault names
 * its culprits (FROST identifiers in the committee the message came from) and carries the
 * evidence that lets anyone re-check the verdict; a local misuse ('bad-input') names nobody.
 */

/** Closed set of lifecycle error codes. */
export const LIFECYCLE_ERROR_CODES = [
  'bad-input', // the local caller passed inconsistent input (names nobody)
  'malformed', // a participant's message has the wrong shape, length or encoding
  'missing', // a message from an expected participant is absent
  'unexpected-sender', // a message from someone who is not in the committee for that step
  'bad-proof-of-holding', // a signature that does not prove holding share i for this session and purpose
  'nonzero-constant-term', // a refresh dealer committed to a non-zero constant term (refresh must deal a sharing of zero)
  'wrong-commitment-length', // a commitment with the wrong number of points for the threshold
  'bad-share', // a share that does not match its dealer's commitment
  'bad-sub-sharing', // a reshare dealer whose constant term is not λ_i·(old verifying share)
  'inconsistent-public-key-package', // the old public key package does not interpolate to its group key
  'bad-delta', // a repair helper's delta does not match the delta commitment it published
  'bad-delta-commitments', // a repair helper's delta commitments do not add up to ζ_j·(its verifying share)
  'bad-sigma', // a repair helper's sigma does not match the sum of the delta commitments addressed to it
  'repaired-share-mismatch', // the repaired share does not match the verifying share in the public key package
  'chain-broken', // a lifecycle certificate does not link to the one before it
  'certificate-invalid', // a lifecycle certificate does not verify
] as const;

export type LifecycleErrorCode = (typeof LIFECYCLE_ERROR_CODES)[number];

export class LifecycleError extends Error {
  override readonly name = 'LifecycleError';
  constructor(
    readonly code: LifecycleErrorCode,
    message: string,
    /** FROST identifiers at fault (empty when unattributable or a local misuse). */
    readonly culprits: readonly number[] = [],
    /** Public data that lets anyone re-check the verdict (see each check's evidence type). */
    readonly evidence?: unknown,
  ) {
    super(message);
  }
}
