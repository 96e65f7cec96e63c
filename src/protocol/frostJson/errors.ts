/** Typed errors of the frost-rs JSON codec. */

/** Why a frost-rs JSON document was rejected. */
export type FrostJsonErrorCode =
  | 'malformed-json'
  | 'wrong-type'
  | 'unknown-field'
  | 'duplicate-field'
  | 'missing-field'
  | 'bad-header'
  | 'unknown-ciphersuite'
  | 'suite-mismatch'
  | 'bad-hex'
  | 'wrong-length'
  | 'invalid-point'
  | 'invalid-scalar'
  | 'zero-identifier'
  | 'unsupported-identifier'
  | 'duplicate-identifier'
  | 'bad-min-signers'
  /** A KeyPackage whose signing share is not the discrete log of its verifying share. */
  | 'share-mismatch'
  | 'unknown-kind';

/** The only error type the parsers throw. `field` is the JSON path of the offending value. */
export class FrostJsonError extends Error {
  override readonly name = 'FrostJsonError';
  constructor(
    readonly code: FrostJsonErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(field === undefined ? message : `${field}: ${message}`);
  }
}
