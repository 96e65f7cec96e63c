/**
 * One error type for the whole protocol core. Every rejection names the participants at
 * fault (empty when the fault cannot be attributed, e.g. a message with a bad signature
 * whose claimed sender may be forged).
 */

/** Closed set of error codes. */
export const ERROR_CODES = [
  'malformed', // not a parsable envelope / payload does not match its schema
  'oversized', // envelope larger than MAX_ENVELOPE_BYTES
  'bad-signature', // the envelope signature does not verify under the claimed sender key
  'wrong-room', // envelope for another room
  'wrong-session', // envelope for another session of the same generation
  'wrong-generation', // envelope for an older generation (replay)
  'unknown-sender', // sender not in the roster / not the coordinator of the invite
  'bad-room-mac', // Hello not bound to the room secret (injected by someone without the invite)
  'bad-reveal', // a Reveal whose nonce does not open the sender's commitment in the roster
  'duplicate-different', // a second, different message of the same kind from the same sender
  'equivocation', // two different signed round-1 packages from one sender
  'invalid-round1', // round-1 package with a bad proof of knowledge / invalid point / wrong length
  'echo-mismatch', // participants hold different round-1 sets
  'bad-share', // round-2 share fails verification against its sender's commitment
  'false-complaint', // a complaint against a share that is good
  'invalid-evidence', // a failure record / complaint / justification whose evidence does not verify
  'invalid-params', // bad suite / threshold / roster
  'invalid-roster', // roster does not match what I announced, or is unusable
  'jailed', // an identity that is jailed was selected
  'wrong-phase', // an action that is not possible in the current phase
  'code-mismatch', // a participant rejected the verification code
  'excluded', // the coordinator restarted without this participant
  'not-selected', // the roster was locked without this participant
  'confirmation-mismatch', // confirmations disagree on the group key / transcript
  'dkg-failed', // local DKG computation failed without a culprit
  'certificate-invalid', // certificate does not verify
  'single-signer-not-accepted', // t = 1 and this custodian did not accept that each participant can sign alone
  'device-unsupported', // this device cannot run a primitive the ceremony needs (a local fault: names nobody)
  'attempts-exhausted', // the room has used all the generations (code attempts) it allows: a new room is needed
  'funding-mismatch', // a funding acknowledgement for another group key or address than ours
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** A participant named by an error. `id` is the FROST identifier when a roster exists. */
export interface Culprit {
  /** ed25519 identity public key, lowercase hex. */
  identity: string;
  /** FROST identifier (1..n) in the current roster, when known. */
  id?: number;
  /** Display name, when known. */
  name?: string;
}

/** Protocol round in which the error happened. */
export type Round =
  | 'lobby'
  | 'verify'
  | 'round1'
  | 'echo'
  | 'round2'
  | 'confirm'
  | 'failure'
  | 'certificate'
  /** Progress gossip (status), outside the transcript. */
  | 'status'
  /** Test signing after success, outside the transcript. */
  | 'test-sign'
  /** "Safe to fund" acknowledgements after success, outside the transcript. */
  | 'funding'
  /** A signing room's approvals and FROST signing rounds (issue 17). */
  | 'signing';

/** Plain, serialisable form of a ProtocolError (kept in state and shown in the UI). */
export interface ProtocolErrorData {
  code: ErrorCode;
  message: string;
  culprits: Culprit[];
  round: Round;
  /** Identity key the message claimed to come from, when it could not be proven (bad signature). */
  claimedSender?: string;
}

export class ProtocolError extends Error {
  readonly code: ErrorCode;
  readonly culprits: Culprit[];
  readonly round: Round;
  /** Identity the message claimed to come from, when unproven (e.g. bad signature). */
  readonly claimedSender: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    culprits: Culprit[] = [],
    round: Round = 'lobby',
    claimedSender?: string,
  ) {
    super(message);
    this.name = 'ProtocolError';
    this.code = code;
    this.culprits = culprits;
    this.round = round;
    this.claimedSender = claimedSender;
  }

  toData(): ProtocolErrorData {
    const d: ProtocolErrorData = { code: this.code, message: this.message, culprits: this.culprits, round: this.round };
    if (this.claimedSender !== undefined) d.claimedSender = this.claimedSender;
    return d;
  }

  static fromData(d: ProtocolErrorData): ProtocolError {
    return new ProtocolError(d.code, d.message, d.culprits, d.round, d.claimedSender);
  }
}

export function isProtocolError(e: unknown): e is ProtocolError {
  return e instanceof ProtocolError;
}
