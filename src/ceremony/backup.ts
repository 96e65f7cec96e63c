/**
 * Encrypted key-package backups in the `age` format (https://age-encryption.org/v1), shared by
 * the browser and the CLI: no Node-only APIs here. A backup is encrypted either to a passphrase
 * (one scrypt stanza) or to one or more X25519 recipients (`age1…`), so that the standard `age`
 * tool can open it (`age -d`). Decryption always re-validates the content as a frost-rs
 * `KeyPackage`: a backup that opens but holds something else is reported, never returned.
 *
 * What is inside (versioned):
 *  - v2 (made at the end of a ceremony): JSON `{"format":"frost-ceremony/backup/v2",
 *    "keyPackage":"<the frost-rs KeyPackage JSON text, exactly as downloaded>",
 *    "masterKey":"<the custodian's 32-byte master secret, lowercase hex>"}`. The master secret
 *    derives the custodian's COCKTAIL static key of every suite (protocol staticKeys.ts); with a
 *    success certificate it recovers this and every other key package of the custodian (spec
 *    "Backup Requirements", "Share Recovery").
 *  - v1 (older backups, and `frost-ceremony backup` of a bare key package): the frost-rs
 *    KeyPackage JSON itself. Still opens; says it holds no master key.
 */
import { Decrypter, Encrypter, armor, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { z } from 'zod';
import {
  FrostJsonError,
  MASTER_SECRET_BYTES,
  fromHex,
  isMasterSecretHex,
  keyPackageToJson,
  parseFrostJson,
  parseKeyPackage,
  parseStrictJson,
  toHex,
  type KeyPackage,
} from '../protocol/index.js';

/** Closed set of reasons a backup cannot be made or opened. */
export type BackupErrorCode =
  /** The JSON handed to `encrypt` is not a valid key package (nothing is encrypted). */
  | 'invalid-key-package'
  /** Neither a passphrase nor recipients, or both (age allows a passphrase only alone). */
  | 'invalid-target'
  /** Empty passphrase, or a scrypt work factor outside 10..20. */
  | 'invalid-passphrase'
  /** A recipient string that is not an X25519 `age1…` recipient. `culprit` is the string. */
  | 'invalid-recipient'
  /** An identity that is not an `AGE-SECRET-KEY-1…` X25519 identity. `culprit` names it. */
  | 'invalid-identity'
  /** The input starts with neither the age header nor the age ASCII armor. */
  | 'not-age-file'
  /** The file is age but encrypted with a passphrase, and only identities were given. */
  | 'needs-passphrase'
  /** The file is age but encrypted to recipients, and only a passphrase was given. */
  | 'needs-identity'
  /** Passphrase file, but the passphrase does not open it. */
  | 'wrong-passphrase'
  /** Recipient file, but none of the identities is one of its recipients. */
  | 'wrong-identity'
  /** Truncated, altered or otherwise malformed age data (header MAC, payload tag, armor…). */
  | 'damaged'
  /** It decrypted, but the plaintext is not a valid frost-rs key package. */
  | 'not-key-package'
  /** `verifyBackupOpens`: it decrypted to a key package, but not the expected one. */
  | 'key-package-mismatch'
  /** A master secret to back up that is not 32 bytes, or a v2 backup whose master key field is not. */
  | 'invalid-master-key'
  /** `verifyBackupOpens`: a master key was expected, but the backup is v1 (key package only). */
  | 'no-master-key'
  /** `verifyBackupOpens`: the backup holds another master key than the one in use. */
  | 'master-key-mismatch';

/** Typed backup failure; `culprit` names the recipient, identity or JSON field at fault. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
  constructor(
    readonly code: BackupErrorCode,
    message: string,
    readonly culprit?: string,
  ) {
    super(message);
  }
}

/** Where a backup is encrypted to: a passphrase, or one or more `age1…` recipients. */
export type BackupTarget =
  | { passphrase: string; /** log2 of scrypt N; default 18 (age's default). */ scryptWorkFactor?: number }
  | { recipients: readonly string[] };

/** What opens a backup: the passphrase, or one or more `AGE-SECRET-KEY-1…` identities. */
export type BackupSecret = { passphrase: string } | { identities: readonly string[] };

/** How a backup file was encrypted, read from its (unencrypted) header. */
export type BackupKind = 'passphrase' | 'recipients';

/** The format tag of a v2 backup's content (key package + master key). */
export const BACKUP_FORMAT = 'frost-ceremony/backup/v2';

/** A successfully opened backup: the validated key package and the exact key package JSON inside. */
export interface OpenedBackup {
  keyPackage: KeyPackage;
  /** The frost-rs KeyPackage JSON text exactly as it was backed up. SECRET. */
  json: string;
  /** SECRET: the custodian's master secret (v2 backups); undefined in a v1 backup. */
  masterSecret?: Uint8Array;
  /** 'v2' (key package + master key) or 'v1' (key package only). */
  version: 'v1' | 'v2';
}

const AGE_MAGIC = 'age-encryption.org/v1\n';
const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';
/** X25519 recipient: "age" HRP, separator, 52 data chars (32 bytes) + 6 checksum chars. */
const X25519_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;
const X25519_IDENTITY = /^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}$/;
// age-encryption refuses to decrypt scrypt work factors above 20; below 10 is too weak to offer.
const MIN_WORK_FACTOR = 10;
const MAX_WORK_FACTOR = 20;

/** The conventional file name of participant `identifier`'s backup. */
export function backupFileName(identifier: number): string {
  return `key-package-${identifier}.json.age`;
}

/** Makes a fresh X25519 identity and its recipient, e.g. for a custodian without an age key. */
export async function generateBackupIdentity(): Promise<{ identity: string; recipient: string }> {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

/**
 * Parses an age identity file: one `AGE-SECRET-KEY-1…` per line; blank lines and `#` comments
 * (as `age-keygen` writes them) are skipped. Throws `invalid-identity` naming the line.
 */
export function parseIdentityFile(text: string): string[] {
  const identities: string[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (!X25519_IDENTITY.test(line)) {
      throw new BackupError(
        'invalid-identity',
        `line ${i + 1} of the identity file is not an age X25519 identity (AGE-SECRET-KEY-1…)`,
        `line ${i + 1}`,
      );
    }
    identities.push(line);
  });
  if (identities.length === 0) {
    throw new BackupError('invalid-identity', 'the identity file holds no AGE-SECRET-KEY-1… identity');
  }
  return identities;
}

/**
 * Encrypts a key package (frost-rs JSON) into an age file. The JSON is validated first so a
 * backup can never hold something that will not restore. Returns binary age (what `age -d`
 * reads) unless `armored`, which returns the PEM-like ASCII armor as UTF-8 bytes.
 */
export async function encryptKeyPackageBackup(
  keyPackageJson: string,
  target: BackupTarget,
  options: {
    armored?: boolean;
    /** SECRET: the custodian's master secret: makes a v2 backup (key package + master key). */
    masterSecret?: Uint8Array;
  } = {},
): Promise<Uint8Array> {
  validateKeyPackageJson(keyPackageJson);
  const content =
    options.masterSecret === undefined ? keyPackageJson : backupV2Text(keyPackageJson, options.masterSecret);
  const encrypter = new Encrypter();
  const hasPassphrase = 'passphrase' in target;
  const hasRecipients = 'recipients' in target;
  if (hasPassphrase === hasRecipients) {
    throw new BackupError('invalid-target', 'encrypt to either a passphrase or recipients (age cannot mix them)');
  }
  if ('passphrase' in target) {
    if (target.passphrase.length === 0) throw new BackupError('invalid-passphrase', 'the passphrase is empty');
    const logN = target.scryptWorkFactor ?? 18;
    if (!Number.isInteger(logN) || logN < MIN_WORK_FACTOR || logN > MAX_WORK_FACTOR) {
      throw new BackupError(
        'invalid-passphrase',
        `scrypt work factor must be an integer from ${MIN_WORK_FACTOR} to ${MAX_WORK_FACTOR}, got ${logN}`,
      );
    }
    encrypter.setScryptWorkFactor(logN);
    encrypter.setPassphrase(target.passphrase);
  } else {
    if (target.recipients.length === 0) throw new BackupError('invalid-target', 'no recipients given');
    for (const r of target.recipients) {
      await checkRecipient(r);
      encrypter.addRecipient(r);
    }
  }
  const binary = await encrypter.encrypt(content);
  return options.armored ? new TextEncoder().encode(armor.encode(binary)) : binary;
}

/** Reads the header of an age file (binary or armored) and says how it was encrypted. */
export function backupKind(file: Uint8Array | string): BackupKind {
  const types = stanzaTypes(toBinary(file));
  return types.includes('scrypt') ? 'passphrase' : 'recipients';
}

/**
 * Decrypts a backup (binary or armored) and validates that it holds a key package.
 * Throws `BackupError` with a precise code: wrong secret, wrong kind of secret, damaged file,
 * not age at all, or not a key package inside.
 */
export async function decryptKeyPackageBackup(file: Uint8Array | string, secret: BackupSecret): Promise<OpenedBackup> {
  const binary = toBinary(file);
  const kind: BackupKind = stanzaTypes(binary).includes('scrypt') ? 'passphrase' : 'recipients';
  const decrypter = new Decrypter();
  if ('passphrase' in secret) {
    if (kind !== 'passphrase') {
      throw new BackupError(
        'needs-identity',
        'this backup is encrypted to age recipients, not a passphrase: open it with an identity (AGE-SECRET-KEY-1…)',
      );
    }
    decrypter.addPassphrase(secret.passphrase);
  } else {
    if (kind !== 'recipients') {
      throw new BackupError('needs-passphrase', 'this backup is encrypted with a passphrase, not to an age recipient');
    }
    if (secret.identities.length === 0) throw new BackupError('invalid-identity', 'no identity given');
    for (const id of secret.identities) {
      await checkIdentity(id);
      decrypter.addIdentity(id);
    }
  }
  let plaintext: Uint8Array;
  try {
    plaintext = await decrypter.decrypt(binary);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    // age-encryption's way of saying "no stanza opened" (pinned by the tests).
    if (reason.includes('no identity matched')) {
      throw kind === 'passphrase'
        ? new BackupError('wrong-passphrase', 'wrong passphrase: it does not open this backup')
        : new BackupError('wrong-identity', 'none of the given identities is a recipient of this backup');
    }
    throw new BackupError('damaged', `the backup is damaged or was altered (${reason})`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
  } catch {
    throw new BackupError('not-key-package', 'the backup opened, but its content is not UTF-8 text');
  }
  const v2 = readBackupV2(text);
  if (v2)
    return {
      keyPackage: parseInside(v2.keyPackage),
      json: v2.keyPackage,
      masterSecret: v2.masterSecret,
      version: 'v2',
    };
  return { keyPackage: parseInside(text), json: text, version: 'v1' };
}

/** The content of a v2 backup. */
function backupV2Text(keyPackageJson: string, masterSecret: Uint8Array): string {
  if (!(masterSecret instanceof Uint8Array) || masterSecret.length !== MASTER_SECRET_BYTES)
    throw new BackupError('invalid-master-key', `the master key to back up must be ${MASTER_SECRET_BYTES} bytes`);
  return `${JSON.stringify({ format: BACKUP_FORMAT, keyPackage: keyPackageJson, masterKey: toHex(masterSecret) })}\n`;
}

const backupV2Schema = z
  .object({ format: z.literal(BACKUP_FORMAT), keyPackage: z.string(), masterKey: z.string() })
  .strict();

/**
 * A v2 backup's parts, or undefined when the content is not a v2 backup (then it is read as a
 * v1 bare key package). A document that says it is v2 but is malformed is refused, not guessed.
 */
function readBackupV2(text: string): { keyPackage: string; masterSecret: Uint8Array } | undefined {
  let raw: unknown;
  try {
    raw = parseStrictJson(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== BACKUP_FORMAT)
    return undefined;
  const p = backupV2Schema.safeParse(raw);
  if (!p.success)
    throw new BackupError(
      'not-key-package',
      `the backup opened, but its ${BACKUP_FORMAT} content is malformed (${p.error.issues[0]?.path.join('.') ?? ''})`,
    );
  if (!isMasterSecretHex(p.data.masterKey))
    throw new BackupError('invalid-master-key', 'the backup opened, but its master key is not 32 bytes of hex');
  return { keyPackage: p.data.keyPackage, masterSecret: fromHex(p.data.masterKey) };
}

/**
 * The "prove it opens" step: decrypts `file` with `secret` and checks that it holds exactly
 * `expectedKeyPackageJson` (compared in canonical frost-rs form). A bare string secret is an
 * identity (or identity-file text) if a line starts with `AGE-SECRET-KEY-1`, else a passphrase.
 */
export async function verifyBackupOpens(
  file: Uint8Array | string,
  secret: BackupSecret | string,
  expectedKeyPackageJson: string,
  /** SECRET: when given, the backup must also hold exactly this master secret (v2). */
  expectedMasterSecret?: Uint8Array,
): Promise<KeyPackage> {
  const expected = keyPackageToJson(validateKeyPackageJson(expectedKeyPackageJson));
  const s: BackupSecret =
    typeof secret === 'string'
      ? /^\s*AGE-SECRET-KEY-1/m.test(secret)
        ? { identities: parseIdentityFile(secret) }
        : { passphrase: secret }
      : secret;
  const opened = await decryptKeyPackageBackup(file, s);
  const { keyPackage } = opened;
  if (keyPackageToJson(keyPackage) !== expected) {
    throw new BackupError(
      'key-package-mismatch',
      `the backup opens, but holds a different key package (identifier ${keyPackage.identifier}) than the one expected`,
    );
  }
  if (expectedMasterSecret !== undefined) checkMasterKey(opened, expectedMasterSecret);
  return keyPackage;
}

/**
 * The backup holds exactly `expected` as its master key: a v1 backup (none) or another master
 * key would not recover this custodian's key packages. Compares all bytes (no early exit on the
 * secret: the caller holds both, but there is no reason to leak where they differ).
 */
export function checkMasterKey(opened: OpenedBackup, expected: Uint8Array): void {
  if (!opened.masterSecret)
    throw new BackupError(
      'no-master-key',
      'the backup opens, but it is an older backup without your master key (key package only)',
    );
  let diff = opened.masterSecret.length ^ expected.length;
  for (let k = 0; k < Math.max(opened.masterSecret.length, expected.length); k++)
    diff |= (opened.masterSecret[k] ?? 0) ^ (expected[k] ?? 0);
  if (diff !== 0)
    throw new BackupError('master-key-mismatch', 'the backup opens, but holds another master key than the one in use');
}

function validateKeyPackageJson(json: string): KeyPackage {
  try {
    return parseKeyPackage(json);
  } catch (e) {
    if (e instanceof FrostJsonError) {
      throw new BackupError('invalid-key-package', `not a valid key package: ${e.message}`, e.field);
    }
    throw e;
  }
}

function parseInside(json: string): KeyPackage {
  try {
    return parseKeyPackage(json);
  } catch (e) {
    if (e instanceof FrostJsonError) {
      const other = otherKind(json);
      throw new BackupError(
        'not-key-package',
        other
          ? `the backup opened, but it holds a ${other}, not a key package`
          : `the backup opened, but it does not hold a valid key package: ${e.message}`,
        e.field,
      );
    }
    throw e;
  }
}

/** The kind of another valid frost-rs document, in words, if `json` is one. */
function otherKind(json: string): string | undefined {
  try {
    const words = {
      'key-package': undefined,
      'public-key-package': 'public key package',
      'round1-package': 'DKG round-1 package',
      'round2-package': 'DKG round-2 package',
    };
    return words[parseFrostJson(json).kind];
  } catch {
    return undefined;
  }
}

async function checkRecipient(r: string): Promise<void> {
  // Only X25519: post-quantum and plugin recipients are not readable by every `age` release.
  let ok = X25519_RECIPIENT.test(r);
  if (ok) {
    try {
      const probe = new Encrypter();
      probe.addRecipient(r);
      await probe.encrypt(new Uint8Array(0)); // decodes the bech32 checksum and the point
    } catch {
      ok = false;
    }
  }
  if (!ok) throw new BackupError('invalid-recipient', `not an age X25519 recipient (age1…): ${shorten(r)}`, r);
}

async function checkIdentity(id: string): Promise<void> {
  let ok = X25519_IDENTITY.test(id);
  if (ok) {
    try {
      await identityToRecipient(id); // verifies the bech32 checksum
    } catch {
      ok = false;
    }
  }
  // Never echo a secret key back: name it only by its position.
  if (!ok)
    throw new BackupError('invalid-identity', 'an identity is not a valid AGE-SECRET-KEY-1… X25519 key', 'identity');
}

function shorten(s: string): string {
  return s.length > 24 ? `${s.slice(0, 20)}…` : s;
}

/** Binary age bytes from binary or armored input; `not-age-file` / `damaged` otherwise. */
function toBinary(file: Uint8Array | string): Uint8Array {
  const bytes = typeof file === 'string' ? new TextEncoder().encode(file) : file;
  if (startsWith(bytes, AGE_MAGIC)) return bytes;
  const text = typeof file === 'string' ? file : latin1(bytes.subarray(0, 4096));
  if (text.trimStart().startsWith(ARMOR_BEGIN)) {
    const full = typeof file === 'string' ? file : new TextDecoder().decode(bytes);
    try {
      return armor.decode(full);
    } catch (e) {
      throw new BackupError(
        'damaged',
        `the armored age file is damaged (${e instanceof Error ? e.message : String(e)})`,
      );
    }
  }
  throw new BackupError('not-age-file', 'not an age encrypted file (no "age-encryption.org/v1" header or age armor)');
}

/** Recipient types of the header's stanzas ("scrypt", "X25519", …), up to the MAC line. */
function stanzaTypes(binary: Uint8Array): string[] {
  const types: string[] = [];
  // The header is ASCII and ends with the "--- MAC" line; the binary payload follows.
  const end = indexOf(binary, '\n--- ');
  if (end < 0) throw new BackupError('damaged', 'the age header is truncated (no MAC line)');
  for (const line of latin1(binary.subarray(0, end)).split('\n')) {
    if (line.startsWith('-> ')) types.push(line.slice(3).split(' ')[0] ?? '');
  }
  if (types.length === 0) throw new BackupError('damaged', 'the age header has no recipient stanza');
  return types;
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

function startsWith(bytes: Uint8Array, prefix: string): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix.charCodeAt(i)) return false;
  return true;
}

function indexOf(bytes: Uint8Array, needle: string): number {
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}
