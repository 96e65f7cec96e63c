/**
 * The one error type of the signing ceremony's pure pieces: a code from a closed union, the
 * FROST identifiers at fault (empty when nobody can be blamed: bad local input, a request that
 * cannot be verified) and, for an invalid signature share, the evidence anyone can re-check
 * with `checkShareEvidence` (rounds.ts).
 */

/** Why a signing step refused or failed. */
export type SignErrorCode =
  // request (request.ts, psbt.ts)
  | 'bad-request' // malformed, too large, unparseable
  | 'unverifiable-request' // parses, but a signer cannot check what it would sign (see problems)
  | 'split-view' // custodians were shown different requests (different request hashes)
  // selection (selection.ts)
  | 'not-enough-signers'
  | 'bad-selection-input'
  // rounds (rounds.ts, nonces.ts)
  | 'bad-key-package'
  | 'bad-signing-package'
  | 'nonce-exists'
  | 'nonce-unknown'
  | 'nonce-reused'
  | 'invalid-share'
  | 'invalid-signature'
  // messages (messages.ts)
  | 'malformed-message'
  // record (record.ts)
  | 'bad-record';

/** Typed signing failure; `culprits` are FROST identifiers. */
export class SignError extends Error {
  override readonly name = 'SignError';
  constructor(
    readonly code: SignErrorCode,
    message: string,
    readonly culprits: readonly number[] = [],
  ) {
    super(message);
  }
}
