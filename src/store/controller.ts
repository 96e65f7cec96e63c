/**
 * What the screens may ask the ceremony shell to do. Components call these through React
 * context (src/ui/context.tsx); the shell (src/ceremony) implements them, drives protocol and
 * transport, and pushes what happens into the store with the actions in ./actions.ts.
 *
 * Every method rejects with an Error whose message is plain language fit to show the user
 * ("That invite link is incomplete: it has no room secret"); the UI shows it next to the
 * control that failed. Secrets never cross this interface into the store: the key package is
 * handed out only as a download (`exportKeyPackage`), and passphrases only go in.
 */
import type { UiStore } from './store';
import type { DownloadFile, ParticipantId, RehearsalSettings, SuiteId } from './types';

/** What the creator chooses on the Start screen. */
export interface CreateCeremonyParams {
  suite: SuiteId;
  /** How many must sign. */
  t: number;
  /** How many custodians. */
  n: number;
  label: string;
  /** The creator's display name. */
  myName: string;
  /** Optional ZF frost-client contact (`zffrost1…`), sent in the signed Hello. */
  frostClientContact?: string;
}

/**
 * "Sign with an existing key" (issue 17): the coordinator's own key package, the key's public key
 * package (and certificate), and what is to be signed. Checked like `create sign` before a room opens.
 */
export interface CreateSigningParams {
  myName: string;
  /** SECRET: my key package (frost-rs JSON); I sign too. */
  keyPackageJson: string;
  publicKeyPackageJson: string;
  /** The key's success certificate; when given it must verify and certify this public key package. */
  certificateJson?: string;
  request:
    { kind: 'text'; text: string } | { kind: 'hex'; hex: string } | { kind: 'psbt'; psbt: Uint8Array; network: string };
  label?: string;
}

/** How to encrypt the backup (age format). */
export type BackupRequest = { kind: 'passphrase'; passphrase: string } | { kind: 'recipients'; recipients: string[] };

/**
 * How the custodian proves a backup opens. `file` is the saved backup as read back from disk
 * (the custodian picks it): the proof is about the file they keep, never about a copy in memory
 * (issue 15.4). `fileName` is the name it has on disk, for the words on screen. For a recipients
 * backup the proof is one matching `AGE-SECRET-KEY-1…` identity.
 */
export type BackupProof =
  | { kind: 'passphrase'; passphrase: string; file: Uint8Array; fileName?: string }
  | { kind: 'identity'; identity: string; file: Uint8Array; fileName?: string };

/**
 * Where the master key for a recovery comes from: the age backup made at the end of a ceremony
 * (opened with its passphrase or an age identity), or the master key this browser profile saved.
 */
export type RecoverKeySource =
  | { kind: 'backup-passphrase'; file: Uint8Array; passphrase: string }
  | { kind: 'backup-identity'; file: Uint8Array; identity: string }
  | { kind: 'saved' };

/** "Recover a key package": the certificate's text (public) and where the master key is. */
export interface RecoverRequest {
  certificate: string;
  key: RecoverKeySource;
}

/** A recovered key package, as a download (SECRET), and whose it is, in words for the screen. */
export interface RecoverResult {
  file: DownloadFile;
  name: string;
  identifier: number;
  label: string;
  t: number;
  n: number;
  suite: SuiteId;
}

/** Result of a backup proof: ok only when it decrypts to this custodian's key package. */
export type BackupCheck = { ok: true } | { ok: false; reason: string };

/**
 * What the next attempt makes after a restart that leaves people out (issue 15.2): the smaller
 * group needing `t` of them, or the same t of n with a replacement chosen in the lobby.
 */
export type RestartChoice = { kind: 'smaller'; t: number } | { kind: 'replace' };

/** Result of a test signing by t participants. */
export type TestSignResult = { ok: true; signers: string[]; signatureHex: string } | { ok: false; error: string };

/** How the shell is plugged in: given the store it writes to, it returns the controller. */
export type ControllerFactory = (store: UiStore) => CeremonyController;

export interface CeremonyController {
  /** Creates a room with these parameters; I become coordinator; phase → 'lobby'. */
  createCeremony(params: CreateCeremonyParams): Promise<void>;
  /** Joins the room of an invite link (full URL including the #fragment); phase → 'connecting'/'lobby'. */
  joinInvite(
    inviteUrl: string,
    myName: string,
    opts?: { frostClientContact?: string; /** SECRET: my key package, for a signing room. */ keyPackageJson?: string },
  ): Promise<void>;
  /** Opens a signing room for an existing key (I am coordinator and a signer); phase → 'lobby'. */
  createSigning(params: CreateSigningParams): Promise<void>;
  /**
   * My answer to the signing room's request (`signing.requestHash`): only this call, made from my
   * own click, ever approves; refused by the protocol if the hash is not what I was shown.
   */
  approveSigning(requestHash: string, approve: boolean): Promise<void>;
  /** Coordinator: locks the roster (ids in the order that becomes FROST identifiers 1..n). */
  lockRoster(participants: ParticipantId[]): Promise<void>;
  /**
   * Signs "codes match" (true) or stops the ceremony because the codes differ (false). A 1-of-n
   * session is confirmed only with `acceptSingleSigner` (the custodian ticked the warning).
   */
  confirmCode(match: boolean, opts?: { acceptSingleSigner?: boolean }): Promise<void>;
  /** Coordinator: starts the next generation without these participants (default: the smaller group, same t). */
  restartWithout(participants: ParticipantId[], choice?: RestartChoice): Promise<void>;
  /** Leaves the room (stays on this device until `forget`); phase → 'start'. */
  leave(): Promise<void>;
  /** Deletes this ceremony's local state (IndexedDB) after the user has their backup. */
  forget(): Promise<void>;
  /**
   * My KeyPackage (contains my secret share), offered as a download only: frost-rs JSON, or with
   * 'postcard' frost-rs's binary encoding (`serialize()`, the same in frost-core 2.x and 3.x).
   */
  exportKeyPackage(format?: 'json' | 'postcard'): Promise<DownloadFile>;
  /** credentials.toml for ZF frost-client (contains my secret share); only when success.frostClient is 'ready'. */
  exportFrostClientCredentials(): Promise<DownloadFile>;
  /** Encrypts my key package into an age file. */
  makeBackup(request: BackupRequest): Promise<DownloadFile>;
  /** Checks that a backup opens and holds my key package. */
  verifyBackup(proof: BackupProof): Promise<BackupCheck>;
  /**
   * "Safe to fund": I proved my backup opens (verifyBackup succeeded on this page) and checked on
   * my own screen that `checked` (the address, or the fingerprint) is the one everybody reads
   * aloud; signs and sends my acknowledgement (once). Rejects in plain words otherwise.
   */
  acknowledgeFunding(checked: string): Promise<void>;
  /**
   * Asks t participants of the group (me first) to sign the printable `text` inside a test-only
   * message bound to this ceremony, and verifies the signature with the group key. Every other
   * chosen signer must approve it on their own screen (`approveTestSign`).
   */
  testSign(text: string): Promise<TestSignResult>;
  /** My answer to the test-signing request shown to me (`testSignRequest`); refused if another replaced it. */
  approveTestSign(requestId: string, approve: boolean): Promise<void>;
  /** Runs a whole ceremony in this tab with simulated peers. */
  startRehearsal(settings: RehearsalSettings): Promise<void>;
  /** Whether this browser profile has a saved master key (then recovery needs no backup file). */
  hasSavedMasterKey(): Promise<boolean>;
  /**
   * Rebuilds my key package from a ceremony's certificate and my master key, in the page.
   * Rejects in plain words (wrong backup, not a participant, changed or old certificate).
   */
  recoverKeyPackage(request: RecoverRequest): Promise<RecoverResult>;
}
