/**
 * `frost-ceremony backup KEY_PACKAGE (--recipient R… | --passphrase-file F) [--out FILE] [--armor] [--force]`:
 * encrypts a plain key package into an age backup that `age -d` and `restore` open. A
 * passphrase backup is re-opened before the command reports success ("prove it opens").
 */
import { dirname, join } from 'node:path';
import {
  BackupError,
  backupFileName,
  encryptKeyPackageBackup,
  verifyBackupOpens,
  type BackupTarget,
} from '../ceremony/index.js';
import { UsageError, flag, stringList, stringOpt, type CommandSpec } from './args.js';
import { readPassphraseFile } from './backupFiles.js';
import { parseMasterKeyFile } from './masterKeyFile.js';
import { CommandError, readTextInput, runCommand, withDefaults, type CliIo } from './output.js';
import { loadKeyPackage } from './packageFiles.js';

export const BACKUP_SPEC: CommandSpec = {
  name: 'backup',
  synopsis:
    'KEY_PACKAGE (--recipient AGE_RECIPIENT… | --passphrase-file FILE) [--master-key FILE] [--out FILE] [--armor] [--force]',
  summary:
    'Encrypts a key package into the age format, to one or more age X25519 recipients (age1…) or\n' +
    'to a passphrase, so that `age -d` or `frost-ceremony restore` can open it. By default it\n' +
    'writes key-package-<identifier>.json.age beside KEY_PACKAGE (mode 0600, never replacing a\n' +
    'file unless --force). A passphrase backup is decrypted again before success is reported.',
  options: {
    recipient: {
      type: 'string',
      multiple: true,
      valueName: 'AGE_RECIPIENT',
      description: 'encrypt to this age1… recipient',
    },
    'passphrase-file': {
      type: 'string',
      valueName: 'FILE',
      description: 'encrypt to the passphrase on the first line of FILE',
    },
    'master-key': {
      type: 'string',
      valueName: 'FILE',
      description: 'also put this master-key file in the backup (v2 backup: it recovers every key package)',
    },
    out: { type: 'string', valueName: 'FILE', description: 'where to write the backup' },
    armor: { type: 'boolean', description: 'write ASCII-armored age instead of binary' },
    force: { type: 'boolean', description: 'replace --out if it exists' },
  },
  positionals: { min: 1, max: 1, name: 'KEY_PACKAGE' },
};

/** Runs `backup`; returns the exit code. `scryptWorkFactor` is for tests (default 18). */
export async function backupCommand(argv: string[], ioIn?: Partial<CliIo>, scryptWorkFactor?: number): Promise<number> {
  const io = withDefaults(ioIn);
  return runCommand(BACKUP_SPEC, argv, io, async (args) => {
    const kpPath = args.positionals[0] as string;
    const recipients = stringList(args, 'recipient');
    const passphrasePath = stringOpt(args, 'passphrase-file');
    if (recipients.length > 0 === (passphrasePath !== undefined)) {
      throw new UsageError('give --recipient (one or more) or --passphrase-file, not both (age cannot mix them)');
    }
    const { keyPackage, json } = await loadKeyPackage(io, kpPath);
    const identifier = keyPackage.identifier;
    const passphrase = passphrasePath === undefined ? undefined : await readPassphraseFile(io, passphrasePath);
    const target: BackupTarget =
      passphrase === undefined
        ? { recipients }
        : { passphrase, ...(scryptWorkFactor !== undefined ? { scryptWorkFactor } : {}) };
    const out = stringOpt(args, 'out') ?? join(dirname(kpPath), backupFileName(identifier));
    const masterPath = stringOpt(args, 'master-key');
    const masterSecret =
      masterPath === undefined
        ? undefined
        : parseMasterKeyFile(await readTextInput(io, masterPath, 'master-key file'), masterPath);
    let bytes: Uint8Array;
    try {
      bytes = await encryptKeyPackageBackup(json, target, {
        armored: flag(args, 'armor'),
        ...(masterSecret ? { masterSecret } : {}),
      });
      if (passphrase !== undefined) await verifyBackupOpens(bytes, { passphrase }, json, masterSecret);
    } catch (e) {
      if (e instanceof BackupError) throw new CommandError(e.message);
      throw e;
    }
    try {
      await io.writeFile(out, bytes, { mode: 0o600, overwrite: flag(args, 'force') });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new CommandError(`${out} already exists; not replacing it (use --force to replace)`);
      throw new CommandError(`cannot write ${out}: ${code === 'ENOENT' ? 'no such directory' : (e as Error).message}`);
    }
    io.stdout(
      passphrase !== undefined
        ? `Wrote ${out}: participant ${identifier}'s key package${masterSecret ? ' and master key' : ''}, encrypted with the passphrase (checked: it opens).\n`
        : `Wrote ${out}: participant ${identifier}'s key package, encrypted to ${recipients.length} age recipient${recipients.length === 1 ? '' : 's'}.\n` +
            `Prove it opens where the identity is kept: age -d -i IDENTITY_FILE ${out} | frost-ceremony inspect -\n`,
    );
  });
}
