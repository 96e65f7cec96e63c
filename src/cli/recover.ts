/**
 * `frost-ceremony recover --certificate CERT [--bundle FILE] (--master-key FILE | --backup FILE
 * (--backup-passphrase-file F | --backup-identity-file F)) --out KEY_PACKAGE`: rebuilds a lost key
 * package from the ceremony's success certificate (public) and the custodian's master key
 * (secret), without anyone else's help (spec "Share Recovery"; protocol recovery/). The master
 * key comes from its file or from the age backup made at the end of a ceremony (v2 backups hold
 * it). The result is byte-identical to the key package the ceremony wrote.
 */
import { resolve } from 'node:path';
import { BackupError, decryptKeyPackageBackup, parseIdentityFile, type BackupSecret } from '../ceremony/index.js';
import { getSuite, recoverFromCertificate, RecoveryError } from '../protocol/index.js';
import { UsageError, stringOpt, type CommandSpec } from './args.js';
import { readPassphraseFile } from './backupFiles.js';
import { parseMasterKeyFile } from './masterKeyFile.js';
import { CommandError, readInput, readTextInput, runCommand, withDefaults, type CliIo } from './output.js';

export const RECOVER_SPEC: CommandSpec = {
  name: 'recover',
  synopsis:
    '--certificate CERT [--bundle FILE] (--master-key FILE | --backup FILE (--backup-passphrase-file F | --backup-identity-file F)) --out KEY_PACKAGE',
  summary:
    'Recovers your key package from the ceremony’s success certificate (public: format\n' +
    'frost-ceremony/certificate/v2) and your master key (secret), without anyone else’s help. The\n' +
    'master key is read from its file (--master-key, the file `create|join --master-key` uses;\n' +
    '--static-key is the same option: every static key is derived from that one master key) or\n' +
    'from the age backup made at the end of a ceremony (--backup with its passphrase or identity).\n' +
    'The recovered key package is checked against the certificate and written to --out (0600);\n' +
    'an existing --out is never replaced.',
  options: {
    certificate: {
      type: 'string',
      required: true,
      valueName: 'CERT',
      description: 'the success certificate of the ceremony (certificate.json)',
    },
    bundle: {
      type: 'string',
      valueName: 'FILE',
      description: 'your raw recovery bundle C^rec_i, for a certificate without its round-1 messages',
    },
    'master-key': {
      type: 'string',
      valueName: 'FILE',
      description: 'your master-key file (as `create|join --master-key` made it)',
    },
    'static-key': {
      type: 'string',
      valueName: 'FILE',
      description: 'the same as --master-key (the one file every static key is derived from)',
    },
    backup: {
      type: 'string',
      valueName: 'FILE',
      description: 'your age backup from the end of a ceremony (it holds your master key)',
    },
    'backup-passphrase-file': {
      type: 'string',
      valueName: 'FILE',
      description: 'file holding the backup’s passphrase on one line',
    },
    'backup-identity-file': {
      type: 'string',
      valueName: 'FILE',
      description: 'age identity file (AGE-SECRET-KEY-1…) that opens the backup',
    },
    out: {
      type: 'string',
      required: true,
      valueName: 'KEY_PACKAGE',
      description: 'where to write the recovered key package (frost-rs JSON, mode 0600; never replaced)',
    },
  },
  positionals: { min: 0, max: 0, name: '' },
};

/** Runs `recover`; returns the exit code. */
export async function recoverCommand(argv: string[], ioIn?: Partial<CliIo>): Promise<number> {
  const io = withDefaults(ioIn);
  return runCommand(RECOVER_SPEC, argv, io, async (args) => {
    const certPath = stringOpt(args, 'certificate') as string;
    const out = stringOpt(args, 'out') as string;
    const bundlePath = stringOpt(args, 'bundle');
    const masterPaths = [stringOpt(args, 'master-key'), stringOpt(args, 'static-key')].filter(
      (p): p is string => p !== undefined,
    );
    const backupPath = stringOpt(args, 'backup');
    const passphrasePath = stringOpt(args, 'backup-passphrase-file');
    const identityPath = stringOpt(args, 'backup-identity-file');
    if (masterPaths.length + (backupPath === undefined ? 0 : 1) !== 1)
      throw new UsageError('give exactly one of --master-key FILE (or --static-key FILE) or --backup FILE');
    if (backupPath !== undefined && (passphrasePath === undefined) === (identityPath === undefined))
      throw new UsageError(
        '--backup needs exactly one of --backup-passphrase-file FILE or --backup-identity-file FILE',
      );
    if (backupPath === undefined && (passphrasePath !== undefined || identityPath !== undefined))
      throw new UsageError('--backup-passphrase-file and --backup-identity-file go with --backup FILE');
    const inputs = [certPath, bundlePath, backupPath, passphrasePath, identityPath, ...masterPaths];
    if (inputs.some((p) => p !== undefined && resolve(p) === resolve(out)))
      throw new UsageError('--out must not be one of the input files');

    const certificate = await readTextInput(io, certPath, 'certificate');
    const bundle = bundlePath === undefined ? undefined : await readInput(io, bundlePath, 'bundle');
    const masterSecret =
      backupPath === undefined
        ? parseMasterKeyFile(
            await readTextInput(io, masterPaths[0] as string, 'master-key file'),
            masterPaths[0] as string,
          )
        : await masterFromBackup(io, backupPath, passphrasePath, identityPath);

    let r;
    try {
      r = recoverFromCertificate({ certificate, masterSecret, ...(bundle ? { bundle } : {}) });
    } catch (e) {
      if (e instanceof RecoveryError) throw new CommandError(`cannot recover from ${certPath}: ${e.message}`);
      throw e;
    }
    try {
      await io.writeFile(out, r.keyPackageJson, { mode: 0o600, overwrite: false });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new CommandError(`${out} already exists; not replacing it`);
      throw new CommandError(`cannot write ${out}: ${code === 'ENOENT' ? 'no such directory' : (e as Error).message}`);
    }
    const suite = getSuite(r.suite);
    io.stdout(
      `Recovered the key package of participant ${r.identifier} (${r.name}) of "${r.label}" to ${out}\n` +
        `  ${suite.name} (${suite.ciphersuiteId}), ${r.minSigners} of ${r.maxSigners} signers needed\n` +
        `  It is the key package the ceremony gave you; the certificate's public key package matches it.\n` +
        `  Keep this file secret.\n`,
    );
  });
}

/** The master secret inside a v2 backup; a v1 backup is named (it holds no master key). */
async function masterFromBackup(
  io: CliIo,
  path: string,
  passphrasePath: string | undefined,
  identityPath: string | undefined,
): Promise<Uint8Array> {
  try {
    let secret: BackupSecret;
    if (identityPath !== undefined)
      secret = { identities: parseIdentityFile(await readTextInput(io, identityPath, 'identity file')) };
    else secret = { passphrase: await readPassphraseFile(io, passphrasePath as string) };
    const opened = await decryptKeyPackageBackup(await readInput(io, path, 'backup'), secret);
    if (!opened.masterSecret)
      throw new CommandError(
        `${path} is an older backup that holds only a key package, not your master key: restore that key package with \`frost-ceremony restore\`, or recover with --master-key FILE`,
      );
    return opened.masterSecret;
  } catch (e) {
    if (e instanceof BackupError) throw new CommandError(`${path}: ${e.message}`);
    throw e;
  }
}
