/**
 * State, events and effects of the ceremony state machine. The state is plain JSON data
 * (hex strings, records) so it can be persisted at any point; it CONTAINS SECRETS (identity
 * key, ephemeral key, round-1 secret, key package) and must be stored like one.
 * `view()` gives the secret-free projection for the UI.
 */
import type { ProtocolErrorData } from '../errors.js';
import type { FailureReason } from '../messages.js';
import type { GenerationRecord } from '../reputation.js';
import type { RosterEntry, SessionParams } from '../session.js';
import type { StaticPublicKeys } from '../staticKeys.js';
import type { SigningRoomState } from './signing/state.js';

/** Test-only misbehaviour (accepted only when `__TEST_FAULTS__` is true, or for a simulated participant). */
export type FaultKind = 'bad-share' | 'bad-proof' | 'equivocate' | 'false-complaint' | 'silent';

export interface FaultSpec {
  kind: FaultKind;
  /**
   * bad-share: the one recipient id that gets a bad share (default: all);
   * false-complaint: the accused id (default: the lowest other id).
   */
  target?: number;
}

/**
 * 'reveal': the roster is locked and the code is not complete yet (waiting for members'
 * nonces); 'verify': the code is shown and the Starts are collected.
 */
export type Phase =
  'lobby' | 'reveal' | 'verify' | 'round1' | 'echo' | 'round2' | 'confirm' | 'success' | 'failed' | 'aborted';

/** A candidate seen in the lobby of the current generation (from a valid Hello). */
export interface Candidate {
  name: string;
  ephemeral: string;
  /** Commitment to the candidate's code nonce (hex). */
  commit: string;
  /** The Hello envelope (wire text). */
  hello: string;
  /** Their frost-client contact string from the signed Hello (canonical `zffrost1…`), if given. */
  contact?: string;
  /** Their COCKTAIL static public key per suite (hex), from the signed Hello, each checked. */
  statics: StaticPublicKeys;
}

/** Local outcome of a session once it is decided. */
export interface SessionFailure {
  reason: FailureReason;
  /** Proven culprits (or excluded identities for 'excluded-by-coordinator'). */
  culprits: string[];
  /** The failure record envelope (mine or adopted), wire text. */
  record: string;
  /** Content hash of the record. */
  recordHash: string;
}

export interface SessionResult {
  /** SECRET: the long-lived signing share. */
  signingShare: string;
  verifyingShare: string;
  verifyingKey: string;
  verifyingShares: { identifier: number; verifyingShare: string }[];
  publicKeyPackageHash: string;
  /** SHA-256 of the COCKTAIL transcript T (hex): a fingerprint of what every CertEq signature covers. */
  transcriptHash: string;
}

/** Everything about one locked session (one generation). Envelopes are kept as wire text. */
export interface SessionState {
  id: string;
  generation: number;
  params: SessionParams;
  roster: RosterEntry[];
  myId: number;
  /** The verification code; null until every member's Reveal is in. */
  code: string | null;
  /** Reveal envelopes (code nonces), keyed by sender id. */
  reveals: Record<string, string>;
  rosterEnvelope: string;
  codeConfirmed: boolean;
  /** Keyed by sender id. */
  starts: Record<string, string>;
  /**
   * Round-1 envelopes (COCKTAIL msg1), keyed by sender id. Mine is stored here before it is sent:
   * it is all a reload needs of Round 1 (advance.ts sendRound1).
   */
  round1: Record<string, string>;
  echoes: Record<string, string>;
  /** Set once after an echo mismatch: what I re-broadcast as evidence. */
  echoRelayed: boolean;
  /** Complaints (pairwise-key reveals), keyed `${accuser}>${accused}`. */
  complaints: Record<string, string>;
  result: SessionResult | null;
  confirmations: Record<string, string>;
  /** Confirm-echo envelopes (hashes of the n confirmations each signer holds), keyed by sender id. */
  confirmEchoes?: Record<string, string>;
  /** Set once after a confirm-echo mismatch: the confirmations in question and the confirm-echoes were re-broadcast. */
  confirmRelayed?: boolean;
  /** Evidence collected: envelopes that conflict with what I hold, keyed by sender id. */
  conflicts: Record<string, [string, string]>;
  outcome: 'success' | 'failed' | 'aborted' | null;
  failure: SessionFailure | null;
  /** Why the session was aborted locally (code rejected, excluded, …). */
  abortReason: ProtocolErrorData | null;
  /** Everything I signed for this session, in order (for resend / anti-entropy). */
  sent: string[];
  /** Counter of my last status (progress gossip); persisted before the status is sent. */
  statusCounter?: number;
  /** Latest status from each other participant, keyed by sender id (not evidence; never persisted on its own). */
  peerStatus?: Record<string, PeerStatus>;
  /** The current test signing (after success), if any; a newer request replaces it. */
  testSign?: TestSignState | null;
  /** Test-signing messages for a request I do not hold yet (wire text, bounded). */
  signPending?: string[];
  /**
   * Ids of the test-signing requests adopted in this session, oldest first (bounded): a request
   * seen before is never adopted again, so a replay (room log after a reload, a peer's resend)
   * cannot start a signing a second time.
   */
  testSignSeen?: string[];
  /** Set once I left or finished: no test-signing request is answered or started any more. */
  testSignClosed?: boolean;
  /** "Safe to fund" acknowledgements (fund-ack envelopes, wire text), the first one per sender id. */
  fundingAcks?: Record<string, string>;
  /** Verdict per sender id once judged at success: 'ok', or why it does not count (fundingAck.ts). */
  fundingVerdicts?: Record<string, string>;
  /** A signing room's approvals and FROST attempts (issue 17; machine/signing/), once every Start is in. */
  signing?: SigningRoomState;
}

/**
 * My part in a test signing as a chosen signer: nothing is committed before 'approved', which
 * only my own 'approveTestSign' event (my click, my CLI answer) or my own request sets.
 */
export type TestSignApproval = 'none' | 'pending' | 'approved' | 'declined';

export interface TestSignState {
  requestId: string;
  /** Who asked (id). */
  requester: number;
  /** The text shown and approved; the bytes signed are testSignMessage(session id, text), never anything else. */
  text: string;
  /** Chosen signers (ids, increasing). */
  signers: number[];
  /** The request envelope (wire text). */
  request: string;
  /** My decision; 'none' when I am not a chosen signer. */
  approval: TestSignApproval;
  /** Envelopes by signer id. */
  commits: Record<string, string>;
  shares: Record<string, string>;
  /** Signed declines (wire text) by signer id: a chosen signer's "no" to this request. */
  declines: Record<string, string>;
  /** Who declined, when that ended this request (null otherwise). */
  declinedBy?: number | null;
  /** A signer's contradicting "yes" and "no" for this request (wire texts), when one was caught. */
  evidence: [string, string] | null;
  /**
   * SECRET, pending test-signing nonce: my single-use nonces, saved before my commitment is sent;
   * null once used or dropped. (Pruning after success must keep it while status is 'collecting'.)
   */
  nonces: { hiding: string; binding: string } | null;
  /** My nonces were used (or dropped): never commit again for this request. */
  nonceUsed: boolean;
  status: 'collecting' | 'ok' | 'failed';
  signatureHex: string | null;
  error: string | null;
  /** Signers whose share did not verify. */
  culprits: number[];
}

/** What a participant said it holds (status gossip): sender ids per round. */
export interface PeerHeld {
  start: number[];
  round1: number[];
  echo: number[];
  round2: number[];
  confirm: number[];
}

export interface PeerStatus extends PeerHeld {
  counter: number;
}

/**
 * What the next attempt after a restart will be (issue 15.2). 'smaller': the remaining people,
 * locked automatically, needing `minSigners` of them (default: the same t; never below 2 unless
 * the attempt restarted from had t = 1). 'replace': n and t stay, and the coordinator chooses the
 * roster in the lobby as in the first attempt, so a replacement custodian can join with the
 * same invite. Absent: 'smaller' with the same t (the behaviour before plans existed).
 */
export type RestartPlan = { kind: 'smaller'; minSigners?: number } | { kind: 'replace' };

/** Coordinator's plan after a Restart: lock automatically once all of `expected` said Hello. */
export interface PendingLock {
  generation: number;
  params: Omit<SessionParams, 'maxSigners'>;
  /** Identities in the order they will be in the roster. */
  expected: string[];
}

export interface ParticipantState {
  /**
   * 3: COCKTAIL-DKG at the core (serialize.ts STATE_FORMAT). Format 2 (the DKG before COCKTAIL)
   * is carried over in the lobby and refused inside a session; format 1 is refused.
   */
  v: 3;
  name: string;
  /** My frost-client contact string (canonical `zffrost1…`), sent in my Hello; absent if none. */
  frostClientContact?: string;
  /** SECRET: identity secret key (hex) and its public key. */
  identity: { secretKey: string; publicKey: string };
  /**
   * SECRET: the custodian's master secret (hex, 32 bytes; staticKeys.ts), from which each suite's
   * COCKTAIL static key is derived. The same for every ceremony of this custodian; it goes into
   * the backup with the key package.
   */
  master: string;
  room: { id: string; secret: string; coordinator: string };
  isCoordinator: boolean;
  jailGenerations: number;
  fault: FaultSpec | null;
  /**
   * A simulated person of an in-memory run (rehearsal, CLI simulate): its fault applies even
   * in builds without `__TEST_FAULTS__`. Absent (false) for every real participant.
   */
  simulated?: boolean;
  /**
   * SECRET, signing rooms only (issue 17): the custodian's key package (frost-rs JSON), with
   * which it proves its share and signs what it approved.
   */
  signingKey?: { keyPackage: string };
  generation: number;
  /** SECRET: X25519 key pair of the current generation. */
  ephemeral: { secretKey: string; publicKey: string };
  /** SECRET until revealed after the lock: my code nonce of the current generation (hex, 32 bytes). */
  codeNonce: string;
  announced: boolean;
  candidates: Record<string, Candidate>;
  session: SessionState | null;
  /** Set when I left the room's ceremony (not selected, excluded). */
  aborted: ProtocolErrorData | null;
  pendingLock: PendingLock | null;
  /** Restart envelopes I hold (wire text), newest last. */
  restarts: string[];
  /** Hellos I signed in the current generation (wire text). */
  sentLobby: string[];
  history: GenerationRecord[];
  /** Messages that cannot be processed yet (unknown session / future generation), wire text. */
  buffer: string[];
  /** Most recent rejections (bounded). */
  errors: ProtocolErrorData[];
}

/** Inputs to the machine. */
export type Event =
  /** Bytes from any path, in any order, any number of times. */
  | { type: 'receive'; bytes: Uint8Array }
  /** Send (or re-send) my Hello for the current generation. */
  | { type: 'announce' }
  /** Coordinator: lock the roster (identity keys in roster order) with these parameters. */
  | {
      type: 'lock';
      params: {
        suite: SessionParams['suite'];
        minSigners: number;
        label: string;
        maxSigners?: number;
        singleSigner?: true;
        /** A signing room: the key and the request (signing/roomParams.ts). */
        signing?: SessionParams['signing'];
      };
      roster: string[];
    }
  /**
   * The codes matched when read aloud: sign Start (refused while the code is incomplete).
   * For a 1-of-n session (params.singleSigner) also refused unless `acceptSingleSigner` says
   * the custodian explicitly accepted that every participant can sign alone.
   */
  | { type: 'confirmCode'; acceptSingleSigner?: boolean }
  /** The codes did not match: stop this session. */
  | { type: 'rejectCode' }
  /** Coordinator: restart as the next generation without the culprits of the failed session. */
  | { type: 'restart'; plan?: RestartPlan }
  /** Coordinator: restart as the next generation without these identities (e.g. unresponsive). */
  | { type: 'restartWithout'; identities: string[]; plan?: RestartPlan }
  /** Re-broadcast everything I signed in the current generation (after a reconnect). */
  | { type: 'resend' }
  /**
   * Broadcast a signed status (which senders' messages I hold, per round) for the peers'
   * progress matrix. The shell decides when (throttled); a no-op without a session.
   */
  | { type: 'status' }
  /**
   * After success: ask `signers` (ids; default me + the first others in roster order, t of
   * them, at least 2) to test-sign the printable `text` (testSignMessage.ts). Asking is my own
   * approval; every other chosen signer must approve on their own screen. The result shows in view().testSign.
   */
  | { type: 'testSign'; text: string; signers?: number[] }
  /** My answer to the current test-signing request `requestId` (shown to me with its text and requester). */
  | { type: 'approveTestSign'; requestId: string; approve: boolean }
  /** I left the ceremony or finished with it: end any test signing and answer no request any more. */
  | { type: 'closeTestSigning' }
  /** The state was loaded from storage (reload, `--state`): requests from before are not answered. */
  | { type: 'resumed' }
  /**
   * After success, my custodian proved their backup opens (`backupProof`: SHA-256 hex of the
   * encrypted backup file read back from disk that opened to my key package) and checked on
   * their own screen that `checked` (fundingCheck.ts) is what everybody reads aloud: sign and
   * broadcast my funding acknowledgement (once).
   */
  | { type: 'acknowledgeFunding'; checked: string; backupProof: string }
  /**
   * Signing rooms: my custodian's decision on the request shown to them (view().signing), bound
   * to its hash so a decision can never apply to another request. Only this event approves.
   */
  | { type: 'approveSigning'; requestHash: string; approve: boolean };

export type NoticeKind = 'rejected' | 'phase' | 'success' | 'failed' | 'restarted' | 'aborted' | 'info';

export interface Notice {
  kind: NoticeKind;
  message: string;
  error?: ProtocolErrorData;
  phase?: Phase;
}

/** Outputs of the machine, to be carried out IN ORDER by the shell. */
export type Effect =
  /** Save the state now; every later send depends on it being saved. */
  | { type: 'persist' }
  | { type: 'broadcast'; bytes: Uint8Array }
  /** To one participant, by identity key (hex). */
  | { type: 'send'; to: string; bytes: Uint8Array }
  | { type: 'notice'; notice: Notice };

export interface StepResult {
  state: ParticipantState;
  effects: Effect[];
}
