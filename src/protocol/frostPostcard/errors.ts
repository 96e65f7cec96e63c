/** Typed errors of the frost-rs postcard (binary) codec. */

/** Why a frost-rs postcard encoding was rejected. */
export type FrostPostcardErrorCode =
  | 'truncated'
  | 'trailing-bytes'
  | 'bad-varint'
  | 'bad-header'
  | 'unknown-ciphersuite'
  | 'suite-mismatch'
  | 'wrong-length'
  | 'invalid-point'
  | 'invalid-scalar'
  | 'zero-identifier'
  | 'unsupported-identifier'
  | 'duplicate-identifier'
  | 'unordered-identifiers'
  | 'bad-option'
  | 'bad-min-signers';

/** The only error type the decoders throw. `field` names the struct field, `offset` the byte where it starts. */
export class FrostPostcardError extends Error {
  override readonly name = 'FrostPostcardError';
  constructor(
    readonly code: FrostPostcardErrorCode,
    message: string,
    readonly field?: string,
    readonly offset?: number,
  ) {
    super(`${field === undefined ? '' : `${field}: `}${message}${offset === undefined ? '' : ` (at byte ${offset})`}`);
  }
}
