/**
 * The headless participant's part of "safe to fund" (issue 14): its backup, written to disk,
 * READ BACK from disk and opened to its own key package (the same proof the browser asks for:
 * the file that is kept, never a copy in memory), whose SHA-256 goes into the signed
 * acknowledgement; and, once every custodian acknowledged, `funding-receipt.json`.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { identityToRecipient } from 'age-encryption';
import {
  BackupError,
  backupFileName,
  encryptKeyPackageBackup,
  outputsOf,
  parseIdentityFile,
  verifyBackupOpens,
  type BackupSecret,
} from '../ceremony/index';
import { fromHex, fundingReceiptOf, sha256, toHex, type ParticipantState } from '../protocol/index';
import { readPassphraseFile } from './backupFiles';
import { CommandError, writeFileSafely, type CliIo } from './output';

/** How the headless participant encrypts its backup: a passphrase, or to its own age identity. */
export type HeadlessBackup = { kind: 'passphrase'; passphrase: string } | { kind: 'identity'; identities: string[] };

/** Reads `--backup-passphrase-file` / `--backup-identity-file` (at most one) before any room is joined. */
export async function headlessBackupOption(
  io: CliIo,
  passphraseFile: string | undefined,
  identityFile: string | undefined,
): Promise<HeadlessBackup | undefined> {
  if (passphraseFile !== undefined && identityFile !== undefined)
    throw new CommandError('give --backup-passphrase-file or --backup-identity-file, not both');
  if (passphraseFile !== undefined)
    return { kind: 'passphrase', passphrase: await readPassphraseFile(io, passphraseFile) };
  if (identityFile === undefined) return undefined;
  const text = await readFile(identityFile, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new CommandError(`cannot read --backup-identity-file ${identityFile}: ${e.code ?? e.message}`);
  });
  try {
    return { kind: 'identity', identities: parseIdentityFile(text) };
  } catch (e) {
    if (e instanceof BackupError) throw new CommandError(`--backup-identity-file ${identityFile}: ${e.message}`);
    throw e;
  }
}

/**
 * Writes `key-package-<i>.json.age` into `outDir` (0600; an existing one is kept and proven
 * instead), reads it back from disk, opens it and checks it holds exactly this key package.
 * Returns the file's path and the SHA-256 (hex) of the bytes that opened.
 */
export async function proveBackupOnDisk(
  outDir: string,
  state: ParticipantState,
  backup: HeadlessBackup,
): Promise<{ path: string; backupProof: string }> {
  const o = outputsOf(state);
  const path = join(outDir, backupFileName(o.identifier));
  const secret: BackupSecret =
    backup.kind === 'passphrase' ? { passphrase: backup.passphrase } : { identities: backup.identities };
  await mkdir(outDir, { recursive: true, mode: 0o700 });
  const existing = await readFile(path).catch(() => undefined);
  if (existing === undefined) {
    const recipients =
      backup.kind === 'identity'
        ? await Promise.all(backup.identities.slice(0, 1).map((i) => identityToRecipient(i)))
        : [];
    // v2 backup: the key package and the master secret (recovers every key package with a certificate).
    const bytes = await encryptKeyPackageBackup(
      o.keyPackageJson,
      backup.kind === 'passphrase' ? { passphrase: backup.passphrase } : { recipients },
      { masterSecret: fromHex(state.master) },
    );
    await writeFileSafely(path, bytes, { mode: 0o600, overwrite: false });
  }
  const onDisk = new Uint8Array(await readFile(path));
  try {
    await verifyBackupOpens(onDisk, secret, o.keyPackageJson, fromHex(state.master));
  } catch (e) {
    if (e instanceof BackupError)
      throw new CommandError(`the backup ${path} does not open to your key package and master key: ${e.message}`);
    throw e;
  }
  return { path, backupProof: toHex(sha256(onDisk)) };
}

/** Writes `funding-receipt.json` (public) once all n acknowledgements verified; returns its path. */
export async function writeFundingReceipt(outDir: string, state: ParticipantState): Promise<string> {
  const receipt = fundingReceiptOf(state);
  if (receipt === null) throw new CommandError('the funding receipt is not complete');
  const path = join(outDir, 'funding-receipt.json');
  await writeFileSafely(path, `${receipt}\n`, { mode: 0o644, overwrite: true });
  return path;
}
