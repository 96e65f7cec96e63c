/**
 * The shape of the UI store: plain, serialisable, secret-free data that the screens render.
 * The ceremony shell (src/ceremony) writes protocol and transport facts into it through the
 * actions in ./actions.ts; components read it through the selectors in ./selectors.ts.
 * Nothing here may hold a signing share, a round-1/round-2 secret or a passphrase.
 */

/** frost-rs ciphersuite IDs (DESIGN.md table). */
export type SuiteId =
  | 'FROST-ED25519-SHA512-v1'
  | 'FROST-RISTRETTO255-SHA512-v1'
  | 'FROST-ED448-SHAKE256-v1'
  | 'FROST-P256-SHA256-v1'
  | 'FROST-secp256k1-SHA256-v1'
  | 'FROST-secp256k1-SHA256-TR-v1';

/** A participant is named by their identity public key (hex); everything else is looked up. */
export type ParticipantId = string;

/** The four protocol rounds the progress matrix shows, in order. */
export type RoundKey = 'round1' | 'echo' | 'round2' | 'confirm';

/**
 * Where the app is. The protocol's phases plus four the UI adds outside a room: 'start'
 * (create/join), 'rehearsal-setup', 'recover' (rebuild a lost key package) and 'connecting'
 * (joined, lobby not yet seen).
 */
export type AppPhase =
  | 'start'
  | 'rehearsal-setup'
  | 'recover'
  | 'connecting'
  | 'lobby'
  | 'verify'
  | 'round1'
  | 'echo'
  | 'round2'
  | 'confirm'
  | 'success'
  | 'failed'
  | 'aborted';

/** State of the peer-to-peer link for one pair ('unknown' when neither end has told us). */
export type LinkState = 'connecting' | 'direct' | 'relayed' | 'down' | 'unknown';

/** Ceremony parameters chosen by the coordinator. */
export interface CeremonyParams {
  /** Ciphersuite. */
  suite: SuiteId;
  /** Minimum number of signers (FROST `min_signers`). */
  t: number;
  /** Number of custodians (FROST `max_signers`). */
  n: number;
  /** Free-text label, e.g. "Treasury 2026". */
  label: string;
}

/** Who I am in this room. */
export interface Me {
  id: ParticipantId;
  name: string;
  /** Human-readable fingerprint of my identity key, e.g. "3F2A 91C0 7B44 E018". */
  fingerprint: string;
  /** True for the creator of the room, who picks the roster and may restart. */
  isCoordinator: boolean;
}

/** The room this session is in. */
export interface RoomInfo {
  roomId: string;
  /** Full invite link including the fragment secret; only the coordinator needs to show it. */
  inviteUrl: string;
  /** Current generation (0 for the first attempt; +1 per restart). */
  generation: number;
}

/** Why a candidate cannot be picked right now. */
export interface JailInfo {
  /** Plain-language reason, e.g. "Sent a bad secret piece in attempt 1". */
  reason: string;
  /** First generation in which they may be picked again. */
  untilGeneration: number;
}

/** Someone present in the lobby. */
export interface Candidate {
  id: ParticipantId;
  name: string;
  fingerprint: string;
  /** My link to them ('direct' for myself is fine; the UI shows "you"). */
  connection: LinkState;
  /** Still in the room (presence from the signalling server). */
  online: boolean;
  /** Reputation score from earlier generations of this room (higher is better; 0 = new). */
  reputation: number;
  /** Set when they may not be picked in this generation. */
  jailed: JailInfo | null;
  isCoordinator: boolean;
  /** The ZF frost-client contact from their signed Hello: the name inside it and the string; absent if none. */
  frostClientContact?: { name: string; text: string };
}

/** One locked roster member; roster order gives FROST identifiers 1..n. */
export interface RosterMember {
  id: ParticipantId;
  /** FROST identifier (1-based roster position). */
  index: number;
  name: string;
  fingerprint: string;
}

/** The verification-code step. */
export interface Verification {
  /**
   * The code everyone reads aloud (words or digit groups), derived from the session id and
   * every member's revealed nonce; null while some members' parts are still missing.
   */
  code: string | null;
  /** Roster members whose part of the code has not arrived yet (empty or absent once the code is known). */
  awaiting?: ParticipantId[];
  /** What I answered; null until I press a button. */
  myAnswer: 'match' | 'differ' | null;
  /** Roster members whose signed "codes match" has arrived (me included once I pressed). */
  confirmed: ParticipantId[];
}

/**
 * What each recipient holds in one round: recipient id → ids of senders whose message for
 * this round they hold. A recipient missing from the record means "we do not know".
 */
export interface RoundProgress {
  received: Record<ParticipantId, ParticipantId[]>;
}

/** The n × n progress picture for all four rounds plus per-pair link states. */
export interface Progress {
  rounds: Record<RoundKey, RoundProgress>;
  /** Link state per unordered pair; keys built with `pairKey(a, b)`. */
  links: Record<string, LinkState>;
}

/** What a waited-for participant still has to send. */
export type WaitReason = 'code' | RoundKey | 'funding';

/**
 * Whether another person is really there (issue 15.3): in the room with a working link, in the
 * room but our link to them is down, or gone from the room (tab closed, left).
 */
export type PresenceState = 'connected' | 'connection-lost' | 'left';

/** One person's presence and since when it holds (epoch ms; the UI computes "for how long"). */
export interface PresenceInfo {
  state: PresenceState;
  since: number;
}

/** "Waiting for Alice (12 s)": the UI computes the duration from `since` and its own clock. */
export interface WaitingEntry {
  id: ParticipantId;
  reason: WaitReason;
  /** Epoch milliseconds when we started waiting for it. */
  since: number;
}

/** Closed set of failure kinds; each has a plain-language sentence in the UI. */
export type FindingCode =
  | 'bad-share' // culprit's share for victim does not match culprit's commitment
  | 'bad-proof' // culprit's proof of knowledge in round 1 is invalid
  | 'equivocation' // culprit signed two different round-1 messages
  | 'roster-equivocation' // culprit (the coordinator) signed two different lists of participants for one attempt
  | 'echo-mismatch' // the round-1 sets seen by different people differ (culprit if attributable)
  | 'false-complaint' // culprit accused victim, but the revealed share was fine
  | 'confirmation-mismatch' // culprit confirmed a different group key
  | 'invalid-message' // culprit sent a malformed or badly signed message
  | 'left' // culprit left or vanished
  | 'excluded' // the coordinator restarted without culprit (seen by the excluded person)
  | 'local-error' // this device failed to compute something (not attributable to anyone else)
  | 'code-mismatch' // victim pressed "codes differ"; culprit null (nobody in the room is blamed)
  | 'other';

/** One thing that went wrong. */
export interface Finding {
  code: FindingCode;
  /** Who is at fault (null when it cannot be attributed). */
  culprit: ParticipantId | null;
  /** Who noticed or was harmed, when there is one (e.g. the recipient of a bad share). */
  victim?: ParticipantId | null;
  /** Short technical detail for the small print (e.g. "round 2, share for identifier 3"). */
  detail?: string;
}

/** What the user may do after a failure. */
export type FailureAction = 'restart-without' | 'leave';

/** A file offered for download; contents are public (never a secret share). */
export interface DownloadFile {
  filename: string;
  mimeType: string;
  data: string | Uint8Array;
}

/** The failure (or abort) record, shown on the Failure screen. */
export interface FailureInfo {
  generation: number;
  /** The round in which the ceremony stopped (null: before round 1, e.g. at the code check). */
  round: RoundKey | null;
  findings: Finding[];
  /** Everyone found at fault, deduplicated; the coordinator's "restart without" proposal. */
  culprits: ParticipantId[];
  /** Signed failure record / public evidence, as a download. */
  evidence: DownloadFile | null;
  /** Actions open to me (coordinator: restart-without + leave; others: leave). */
  actions: FailureAction[];
  /** Epoch ms when the failure was recorded. */
  at: number;
}

import type { SigningRoomView, WalletOutputs } from '../protocol/index';
import type { FrostClientStatus } from '../ceremony/index';

/** The successful outcome; all public. The key package itself comes from the controller. */
export interface SuccessInfo {
  /** Group verifying key, lowercase hex (frost-rs serialisation). */
  groupKeyHex: string;
  /** Roster members whose confirmation of this key has arrived. */
  confirmations: ParticipantId[];
  /** PublicKeyPackage (frost-rs JSON). */
  publicKeyPackage: DownloadFile;
  /** Success certificate / public transcript. */
  certificate: DownloadFile;
  /**
   * Where the key receives funds: one entry per Bitcoin network for secp256k1-tr (address,
   * rawtr/tr descriptors), one for other suites (Solana address for ed25519, else key and
   * fingerprint only). Absent until computed.
   */
  wallet?: WalletOutputs[];
  /** The public key package for tools on frost-core 2.x (ZF frost-client): no min_signers. */
  publicKeyPackageFrostCore2?: DownloadFile;
  /** The same in frost-rs's binary (postcard) encoding, frost-core 2.x form. */
  publicKeyPackageFrostCore2Postcard?: DownloadFile;
  /** Whether a complete credentials.toml for ZF frost-client can be offered, or why not. */
  frostClient?: FrostClientStatus;
}

/**
 * "Safe to fund" (issue 14): after success every custodian proves their backup opens and checks
 * the address on their own screen; their app signs an acknowledgement. Safe only when all n did.
 */
export interface FundingInfo {
  /** What is checked aloud: the Taproot address, the Solana address, or the group key fingerprint. */
  kind: 'taproot-address' | 'solana-address' | 'fingerprint';
  /** The string to read aloud and compare (Bitcoin mainnet address for Taproot keys). */
  primary: string;
  /** Every spelling that counts (one per Bitcoin network for Taproot). */
  accepted: string[];
  /** Roster members whose signed acknowledgement verified against our key. */
  acknowledged: ParticipantId[];
  /** Roster members we still wait for (reason 'funding'), with since when. */
  waiting: WaitingEntry[];
  /** Acknowledgements that do not count, with why (another key or address, or two different ones). */
  refused: { id: ParticipantId; problem: string }[];
  /** My acknowledgement is signed and sent. */
  mine: boolean;
  /** All n acknowledged: "Safe to fund". */
  safeToFund: boolean;
  /** funding-receipt.json (public), once safe to fund. */
  receipt: DownloadFile | null;
}

/** Where the custodian's encrypted backup stands; "done" only at 'verified'. */
export interface BackupState {
  status: 'none' | 'saved' | 'verified';
  method: 'passphrase' | 'recipients' | null;
  filename: string | null;
  /** Name on disk of the file that was read back and opened (set at 'verified'). */
  provenFile?: string | null;
  /** Last failed proof attempt, in plain words. */
  lastError: string | null;
}

/** Optional test signing. */
export interface TestSignState {
  status: 'idle' | 'running' | 'ok' | 'failed';
  message: string;
  /** Names of the custodians that signed. */
  signers: string[];
  signatureHex: string | null;
  error: string | null;
}

/**
 * The live test signing of this room as this custodian's protocol sees it (null when none was
 * asked for). A chosen signer signs nothing until it approves this exact request on its screen.
 */
export interface TestSignRequest {
  requestId: string;
  /** Who asked. */
  requester: ParticipantId;
  /** The text to approve; what is signed is this text inside a test-only message bound to this ceremony. */
  text: string;
  /** The chosen signers. */
  signers: ParticipantId[];
  /** My part: 'pending' = waiting for my answer; 'none' = I am not asked to sign. */
  approval: 'none' | 'pending' | 'approved' | 'declined';
  status: 'collecting' | 'ok' | 'failed';
  /** Signers who approved and sent their first part (commitment). */
  committed: ParticipantId[];
  signatureHex: string | null;
  error: string | null;
  /** The chosen signer whose signed decline ended this request (absent / null otherwise). */
  declinedBy?: ParticipantId | null;
}

/** Faults a simulated person can be told to commit in a rehearsal. */
export type FaultKind =
  | 'bad-share'
  | 'bad-proof'
  | 'equivocation'
  | 'vanish'
  /** Confirms a different group key at the end. */
  | 'wrong-key';

/** One injected fault: simulated person `who` (FROST identifier, 2..n; 1 is you) commits `kind`. */
export interface RehearsalFault {
  kind: FaultKind;
  who: number;
}

/** Rehearsal settings (one tab, simulated peers, in-memory transport). */
export interface RehearsalSettings {
  n: number;
  t: number;
  suite: SuiteId;
  faults: RehearsalFault[];
}

/** One earlier generation of this room (for the lobby's "earlier attempts"). */
export interface GenerationRecord {
  generation: number;
  outcome: 'success' | 'failed' | 'aborted';
  culprits: ParticipantId[];
}

/** Names of controller calls, for busy/error bookkeeping. */
export type ActionName =
  | 'create'
  | 'join'
  | 'lock'
  | 'confirm-code'
  | 'restart'
  | 'leave'
  | 'forget'
  | 'export-key'
  | 'export-frost-client'
  | 'backup'
  | 'verify-backup'
  | 'test-sign'
  | 'approve-test-sign'
  | 'acknowledge-funding'
  | 'rehearsal'
  | 'create-signing'
  | 'approve-signing';

/** A status line from the shell (not an error of a user action). */
export interface Notice {
  text: string;
  tone: 'info' | 'warning';
}

/** The last controller call that failed, in plain words. */
export interface ActionError {
  action: ActionName;
  message: string;
}

/** The whole UI state. */
export interface UiState {
  phase: AppPhase;
  me: Me | null;
  room: RoomInfo | null;
  params: CeremonyParams | null;
  /** Invite link the app was opened with, pre-filled on the Start screen. */
  pendingInviteUrl: string | null;
  /**
   * What the invite announced (key type, t of n, label), shown to a joiner from the moment the
   * invite is opened; `params` above is what the signed roster locked, which wins (issue 15.1).
   */
  invitedParams: CeremonyParams | null;
  candidates: Candidate[];
  /** Coordinator's draft selection in the lobby (UI-only until `lockRoster`). */
  selection: ParticipantId[];
  roster: RosterMember[];
  verification: Verification | null;
  progress: Progress | null;
  waiting: WaitingEntry[];
  /** Presence of every other roster member (or lobby candidate before the lock), by id. */
  presence: Record<ParticipantId, PresenceInfo>;
  /** Group key while confirmations are still coming in (the "pending" key). */
  pendingGroupKeyHex: string | null;
  failure: FailureInfo | null;
  success: SuccessInfo | null;
  backup: BackupState;
  testSign: TestSignState;
  /** The live test signing in this room, if any (from the protocol; drives the approval prompt). */
  testSignRequest: TestSignRequest | null;
  /**
   * A signing room (issue 17): the request as MY app parsed it, who answered what, the signers,
   * the outcome; null in a key ceremony. Secret-free (protocol signingRoomView).
   */
  signing: SigningRoomView | null;
  /** In a signing room: whether this browser holds a key package (joined with one); false → it cannot answer. */
  signingKeyHeld: boolean;
  /** The "safe to fund" step after success (null before success). */
  funding: FundingInfo | null;
  /** Set while running a rehearsal; the UI shows a banner. */
  rehearsal: RehearsalSettings | null;
  history: GenerationRecord[];
  /** An informational line from the shell, e.g. "Resumed where you left off after a reload". */
  notice: Notice | null;
  /** Controller call in flight (buttons disabled, text says what is happening). */
  busy: ActionName | null;
  actionError: ActionError | null;
}
