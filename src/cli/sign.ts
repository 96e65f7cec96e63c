/**
 * `frost-ceremony sign --message HEX KEY_PACKAGE… --public-key-package FILE`: a test signature
 * made by t custodians' key packages in one process, checked against the group key. Proves the
 * shares work before anyone relies on them.
 */
import {
  type KeyPackage,
  type PublicKeyPackage,
  SigningError,
  testSign,
  verifyGroupSignature,
  getSuite,
} from '../protocol/index.js';
import { UsageError, stringOpt, type CommandSpec } from './args.js';
import { CommandError, runCommand, toHex, withDefaults, type CliIo } from './output.js';
import { loadKeyPackage, loadPublicKeyPackageFile } from './packageFiles.js';

export const SIGN_SPEC: CommandSpec = {
  name: 'sign',
  synopsis: '--message HEX KEY_PACKAGE… --public-key-package FILE',
  summary:
    'Makes a FROST signature over the message with the given key packages (at least min_signers of\n' +
    'them, same group, distinct identifiers), verifies it with the group key, and prints JSON:\n' +
    '{"suite","ciphersuite","message","signature","verifying_key","verified"}.',
  options: {
    message: { type: 'string', required: true, valueName: 'HEX', description: 'the message to sign, hex-encoded' },
    'public-key-package': {
      type: 'string',
      required: true,
      valueName: 'FILE',
      description: "the group's public key package",
    },
  },
  positionals: { min: 1, max: Number.MAX_SAFE_INTEGER, name: 'KEY_PACKAGE (at least one key package file)' },
};

/** Runs `sign`; returns the exit code. */
export async function signCommand(argv: string[], ioIn?: Partial<CliIo>): Promise<number> {
  const io = withDefaults(ioIn);
  return runCommand(SIGN_SPEC, argv, io, async (args) => {
    const message = parseHexMessage(stringOpt(args, 'message') as string);
    const pkpPath = stringOpt(args, 'public-key-package') as string;
    const file = await loadPublicKeyPackageFile(io, pkpPath);
    const loaded: { path: string; kp: KeyPackage }[] = [];
    for (const path of args.positionals) loaded.push({ path, kp: (await loadKeyPackage(io, path)).keyPackage });
    // A frost-core 2.x file does not record the threshold: the key packages do (checkSigners
    // then requires every one of them to say the same).
    const pkp = { ...file, minSigners: file.minSigners ?? (loaded[0] as { kp: KeyPackage }).kp.minSigners };
    checkSigners(loaded, pkp, pkpPath);
    const keyPackages = loaded.map((l) => l.kp);
    let signature: Uint8Array;
    try {
      signature = testSign(keyPackages, pkp, message, io.randomBytes);
    } catch (e) {
      if (!(e instanceof SigningError)) throw e;
      const who =
        e.culprits.length > 0 ? ` (participant${e.culprits.length === 1 ? '' : 's'} ${e.culprits.join(', ')})` : '';
      throw new CommandError(`signing failed: ${e.message}${who}`);
    }
    const verified = verifyGroupSignature(pkp.suite, pkp.verifyingKey, message, signature);
    if (!verified)
      throw new CommandError('the signature did not verify with the group key; do not rely on these key packages');
    const suite = getSuite(pkp.suite);
    io.stdout(
      JSON.stringify({
        suite: suite.name,
        ciphersuite: suite.ciphersuiteId,
        message: toHex(message),
        signature: toHex(signature),
        verifying_key: toHex(pkp.verifyingKey),
        verified,
      }) + '\n',
    );
  });
}

/** Parses `--message`: even-length hex (upper or lower case); empty means the empty message. */
export function parseHexMessage(hex: string): Uint8Array {
  if (hex.length % 2 !== 0)
    throw new UsageError(`--message must be hex with an even number of digits (got ${hex.length})`);
  if (!/^[0-9a-fA-F]*$/.test(hex)) throw new UsageError('--message must be hex (0-9, a-f)');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Every reason t key packages cannot sign together, named by file. */
function checkSigners(loaded: { path: string; kp: KeyPackage }[], pkp: PublicKeyPackage, pkpPath: string): void {
  const byId = new Map<number, string>();
  const groupKey = toHex(pkp.verifyingKey);
  for (const { path, kp } of loaded) {
    if (kp.suite !== pkp.suite) {
      throw new CommandError(`${path} is a ${kp.suite} key package, but ${pkpPath} is for ${pkp.suite}`);
    }
    if (toHex(kp.verifyingKey) !== groupKey) {
      throw new CommandError(`${path} belongs to another group (its group key differs from ${pkpPath})`);
    }
    if (kp.minSigners !== pkp.minSigners) {
      throw new CommandError(`${path} says ${kp.minSigners} signers are needed, ${pkpPath} says ${pkp.minSigners}`);
    }
    const other = byId.get(kp.identifier);
    if (other !== undefined) {
      throw new CommandError(
        `${other} and ${path} are both participant ${kp.identifier}; each signer must be a different participant`,
      );
    }
    byId.set(kp.identifier, path);
    const share = pkp.verifyingShares.find((s) => s.identifier === kp.identifier);
    if (!share) throw new CommandError(`${path}: participant ${kp.identifier} is not in ${pkpPath}`);
    if (toHex(share.verifyingShare) !== toHex(kp.verifyingShare)) {
      throw new CommandError(
        `${path}: the verifying share of participant ${kp.identifier} differs from the one in ${pkpPath}`,
      );
    }
    // signing_share·G = verifying_share was checked when the file was read (parseKeyPackage).
  }
  if (loaded.length < 2) {
    // RFC 9591 (and frost-rs) sign with two or more participants, even for a 1-of-n key.
    throw new CommandError(
      `FROST signing needs at least 2 key packages (even for a ${pkp.minSigners}-of-${pkp.verifyingShares.length} key), only 1 given`,
    );
  }
  if (loaded.length < pkp.minSigners) {
    throw new CommandError(
      `${pkp.minSigners} key packages are needed to sign (min_signers), only ${loaded.length} given (participant${loaded.length === 1 ? '' : 's'} ${[...byId.keys()].join(', ')})`,
    );
  }
}
