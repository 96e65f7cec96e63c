/**
 * Typed COCKTAIL-DKG errors. Each carries a code from a closed union, the participant indices at
 * fault (1..n; empty when unattributable or when the caller misused the API) and, for every
 * attributable fault, the public evidence a third party needs to check the verdict.
 */
import type { DisputeEvidence } from './dispute.js';

/** Closed set of error codes (spec "Error Handling" categories, one code per abort condition). */
export const COCKTAIL_ERROR_CODES = [
  'bad-parameters', // local misuse: t, n, index, key material (never a remote participant's fault)
  'bad-static-key', // Setup: a P_j that is not a valid non-identity prime-order point, or a duplicate
  'own-msg1-altered', // the relayed list holds a msg1 for us that is not the one we sent (relay fault)
  'malformed-msg1', // msg1 does not parse (lengths, point or scalar encodings, frames)
  'wrong-commitment-length', // Round 2 step 1: |C_j| ≠ t
  'bad-pop', // Round 2 step 2: PoP_j does not verify
  'bad-ciphertext-size', // a framed ciphertext below scalar+tag or above MAX_CIPHERTEXT_SIZE
  'undecryptable', // Round 2 step 3.2: AEAD fails
  'non-canonical-plaintext', // Round 2 step 3.3: plaintext too short / share not < q
  'share-fails-vss', // Round 2 step 3.4: s_{j,i}·B ≠ Σ i^k·C_{j,k}
  'self-check-failed', // Round 2 step 4.4: x_i·B ≠ Y_i (implementation bug; no culprit)
  'bad-certeq-signature', // Round 3 step 4 / recovery step 2: sig_j does not verify on T
  'malformed-transcript', // recovery: T does not parse / wrong ciphersuite_id
  'not-a-participant', // recovery step 3: zero or several P_i = d_i·B
  'malformed-bundle', // recovery step 5: C^rec_i does not parse exactly
] as const;

/** One COCKTAIL error code. */
export type CocktailErrorCode = (typeof COCKTAIL_ERROR_CODES)[number];

/** Public evidence that lets anyone re-check an attributed fault. Hex-free raw bytes. */
export type FaultEvidence =
  /** The sender's round-1 public values (the PoP or length check is re-run on these). */
  | {
      kind: 'round1-public';
      sender: number;
      commitment: Uint8Array[];
      pop: Uint8Array;
      ephemeral: Uint8Array;
      context: Uint8Array;
    }
  /** The decrypted share that fails the VSS equation, with the recipient and the commitment. */
  | { kind: 'vss'; sender: number; recipient: number; share: Uint8Array; commitment: Uint8Array[] }
  /** A revealed pairwise key with its DLEQ proof (see dispute.ts) for a decryption-related fault. */
  | { kind: 'dispute'; dispute: DisputeEvidence }
  /** The exact msg1 bytes the sender signed (its envelope binds them): the parse can be re-run. */
  | { kind: 'msg1-bytes'; sender: number; bytes: Uint8Array }
  /** A ciphertext whose size alone is out of bounds (no key needed to check). */
  | { kind: 'ciphertext'; sender: number; recipient: number; ciphertext: Uint8Array }
  /** A transcript signature that does not verify (T is the shared transcript). */
  | { kind: 'certeq'; signer: number; signature: Uint8Array };

/** Thrown by every COCKTAIL step. */
export class CocktailError extends Error {
  override readonly name = 'CocktailError';
  constructor(
    readonly code: CocktailErrorCode,
    message: string,
    /** Participant indices at fault (1..n), empty when unattributable. */
    readonly culprits: readonly number[] = [],
    /** Evidence for the verdict, when there is public evidence. */
    readonly evidence?: FaultEvidence,
  ) {
    super(message);
  }
}
