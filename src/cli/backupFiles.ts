/**
 * Node-side helpers around `src/ceremony/backup.ts`: reading a passphrase file and writing
 * `key-package-<i>.json.age` files (used by `simulate --backup-recipient/--backup-passphrase-file`).
 */
import { join } from 'node:path';
import { BackupError, backupFileName, encryptKeyPackageBackup, type BackupTarget } from '../ceremony/index.js';
import { type KeyPackage, FrostJsonError, parseKeyPackage } from '../protocol/index.js';
import { CommandError, readTextInput, writeFileSafely, type CliIo } from './output.js';

/**
 * The passphrase in a passphrase file: its content without one trailing newline. An empty file
 * or more than one line is refused (a stray second line would silently become part of it).
 */
export function passphraseFromFileText(text: string, path: string): string {
  const p = text.replace(/\r?\n$/, '');
  if (p.length === 0) throw new CommandError(`passphrase file ${path} is empty`);
  if (/[\r\n]/.test(p)) throw new CommandError(`passphrase file ${path} must hold a single line`);
  return p;
}

/** Reads and checks a passphrase file through `io`. */
export async function readPassphraseFile(io: CliIo, path: string): Promise<string> {
  return passphraseFromFileText(await readTextInput(io, path, 'passphrase file'), path);
}

/** Options of {@link writeBackupFiles}: exactly one of recipients / passphrase. */
export interface BackupFileOptions {
  /** `age1…` X25519 recipients (any of them can decrypt). */
  recipients?: string[];
  /** Passphrase (scrypt). */
  passphrase?: string;
  /** scrypt log2(N) for passphrase backups; default 18 (age's default). Tests use less. */
  scryptWorkFactor?: number;
  /** Write ASCII-armored age instead of binary. Default false (binary, as `age` writes). */
  armored?: boolean;
}

/**
 * Encrypts `keyPackageJson` and writes `outDir/key-package-<identifier>.json.age` (mode 0600,
 * replacing an older file atomically). Returns the path. Throws `BackupError` (e.g.
 * `invalid-recipient`, `invalid-target` when both or neither of recipients/passphrase are given).
 */
export async function writeBackupFiles(
  outDir: string,
  keyPackageJson: string,
  identifier: number,
  opts: BackupFileOptions,
): Promise<string> {
  const hasRecipients = opts.recipients !== undefined && opts.recipients.length > 0;
  const hasPassphrase = opts.passphrase !== undefined;
  if (hasRecipients === hasPassphrase) {
    throw new BackupError(
      'invalid-target',
      'give either backup recipients or a backup passphrase (age cannot mix them)',
    );
  }
  const target: BackupTarget = hasRecipients
    ? { recipients: opts.recipients ?? [] }
    : {
        passphrase: opts.passphrase ?? '',
        ...(opts.scryptWorkFactor !== undefined ? { scryptWorkFactor: opts.scryptWorkFactor } : {}),
      };
  // The file name promises whose share is inside: check it before writing.
  const actual = parseKeyPackageForBackup(keyPackageJson).identifier;
  if (actual !== identifier) {
    throw new BackupError(
      'invalid-key-package',
      `the key package is participant ${actual}'s, not participant ${identifier}'s`,
      'identifier',
    );
  }
  const bytes = await encryptKeyPackageBackup(keyPackageJson, target, { armored: opts.armored ?? false });
  const path = join(outDir, backupFileName(identifier));
  await writeFileSafely(path, bytes, { mode: 0o600, overwrite: true });
  return path;
}

function parseKeyPackageForBackup(json: string): KeyPackage {
  try {
    return parseKeyPackage(json);
  } catch (e) {
    if (e instanceof FrostJsonError)
      throw new BackupError('invalid-key-package', `not a valid key package: ${e.message}`, e.field);
    throw e;
  }
}
