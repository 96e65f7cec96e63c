/**
 * A signing room's state inside a session (issue 17). The room is an ordinary session of the
 * lobby (hello, signed roster, spoken code, Start) whose roster params carry `signing` (the key
 * and the request, signing/roomParams.ts); after every Start, this state replaces the DKG rounds:
 * approvals (each member's own decision, proving the share it holds), then FROST attempts among
 * the top t approvers by reputation, each attempt's commitments and shares kept as signed
 * envelopes (wire text) keyed `${attempt}:${identifier}`, so the whole outcome is a pure function
 * of what is held (attempts.ts) and arrival order does not matter.
 */
import type { ProtocolErrorData } from '../../errors.js';
import type { SessionState } from '../types.js';

export interface SigningRoomState {
  /** My request hash (hex): what I was shown and what my approval names. */
  requestHash: string;
  /** My custodian's decision; only my own 'approveSigning' event moves it from 'pending'. */
  decision: 'pending' | 'approve' | 'refuse';
  /** Valid approvals (wire text), by roster position (1..n). */
  approvals: Record<string, string>;
  /** Share identifier each approval proved, by roster position. */
  holders: Record<string, number>;
  /** Round-1 envelopes by `${attempt}:${identifier}`. */
  commits: Record<string, string>;
  /** Round-2 envelopes by `${attempt}:${identifier}`. */
  shares: Record<string, string>;
  /** Signing messages that cannot be placed yet (an approval or an attempt not reached), wire text, bounded. */
  pending: string[];
  /** SECRET: my nonce store (signing/nonces.ts encodeNonceStore). Persisted before a commitment leaves. */
  nonces: string;
  /** Outcome once decided. */
  status: 'collecting' | 'done' | 'failed';
  /** Hex signatures (one per signed message) once done. */
  signatures: string[];
  /** PSBT requests: the finalized transaction (hex) once done. */
  transaction: string | null;
  /** The signing record signed by me (JSON text of SignedSigningRecord) once done. */
  record: string | null;
  /** Why it failed (named culprits), when it did. */
  error: ProtocolErrorData | null;
}

/** A session is a signing room exactly when its signed params carry `signing`. */
export function isSigningSession(s: SessionState | null | undefined): s is SessionState {
  return s?.params.signing !== undefined;
}
