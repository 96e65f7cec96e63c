/**
 * `frost-ceremony restore BACKUP (--identity FILE | --passphrase-file F) --out FILE [--force]`:
 * opens an age backup, checks that it holds a valid frost-rs key package, and writes it (0600).
 */
import { resolve } from 'node:path';
import { BackupError, decryptKeyPackageBackup, parseIdentityFile, type BackupSecret } from '../ceremony/index.js';
import { getSuite } from '../protocol/index.js';
import { UsageError, flag, stringOpt, type CommandSpec } from './args.js';
import { readPassphraseFile } from './backupFiles.js';
import { CommandError, readInput, readTextInput, runCommand, toHex, withDefaults, type CliIo } from './output.js';

export const RESTORE_SPEC: CommandSpec = {
  name: 'restore',
  synopsis: 'BACKUP (--identity FILE | --passphrase-file FILE) --out FILE [--force]',
  summary:
    'Decrypts an age-encrypted key package backup (binary or armored), checks that it holds a valid\n' +
    'frost-rs key package, and writes that JSON to --out with mode 0600. An existing --out file is\n' +
    'never replaced unless --force is given.',
  options: {
    identity: {
      type: 'string',
      valueName: 'FILE',
      description: 'age identity file (AGE-SECRET-KEY-1…, as age-keygen writes)',
    },
    'passphrase-file': {
      type: 'string',
      valueName: 'FILE',
      description: 'file holding the backup passphrase on one line',
    },
    out: { type: 'string', required: true, valueName: 'FILE', description: 'where to write the key package JSON' },
    force: { type: 'boolean', description: 'replace --out if it exists' },
  },
  positionals: { min: 1, max: 1, name: 'BACKUP' },
};

/** Runs `restore`; returns the exit code. */
export async function restoreCommand(argv: string[], ioIn?: Partial<CliIo>): Promise<number> {
  const io = withDefaults(ioIn);
  return runCommand(RESTORE_SPEC, argv, io, async (args) => {
    const backupPath = args.positionals[0] as string;
    const identityPath = stringOpt(args, 'identity');
    const passphrasePath = stringOpt(args, 'passphrase-file');
    const out = stringOpt(args, 'out') as string;
    if ((identityPath === undefined) === (passphrasePath === undefined)) {
      throw new UsageError('give exactly one of --identity FILE or --passphrase-file FILE');
    }
    // Writing the plaintext over the backup itself would destroy the backup.
    if (resolve(out) === resolve(backupPath)) throw new UsageError('--out must not be the backup file itself');
    let secret: BackupSecret;
    if (identityPath !== undefined) {
      const text = await readTextInput(io, identityPath, 'identity file');
      secret = { identities: withBackupError(() => parseIdentityFile(text), identityPath) };
    } else {
      secret = { passphrase: await readPassphraseFile(io, passphrasePath as string) };
    }
    const file = await readInput(io, backupPath, 'backup');
    let opened;
    try {
      opened = await decryptKeyPackageBackup(file, secret);
    } catch (e) {
      if (e instanceof BackupError)
        throw new CommandError(
          `${backupPath}: ${e.message}${e.code === 'not-key-package' && e.culprit ? ` (field ${e.culprit})` : ''}`,
        );
      throw e;
    }
    try {
      await io.writeFile(out, opened.json, { mode: 0o600, overwrite: flag(args, 'force') });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new CommandError(`${out} already exists; not replacing it (use --force to replace)`);
      throw new CommandError(`cannot write ${out}: ${code === 'ENOENT' ? 'no such directory' : (e as Error).message}`);
    }
    const kp = opened.keyPackage;
    const suite = getSuite(kp.suite);
    io.stdout(
      `Restored the key package of participant ${kp.identifier} (${suite.name}, ${suite.ciphersuiteId}) to ${out}\n` +
        `  group key: ${toHex(kp.verifyingKey)}\n` +
        `  ${kp.minSigners} signers are needed to sign. Keep this file secret.\n` +
        (opened.masterSecret
          ? '  The backup also holds your master key (not written here): keep the backup, it recovers\n' +
            '  every key package you make with that master key (`frost-ceremony recover`).\n'
          : '  This is an older backup: it holds no master key.\n'),
    );
  });
}

function withBackupError<T>(f: () => T, path: string): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof BackupError) throw new CommandError(`${path}: ${e.message}`);
    throw e;
  }
}
