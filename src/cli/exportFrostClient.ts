/**
 * `frost-ceremony export frost-client --key-package KP --public-key-package PKP [--description T]
 * [--server-url HOST:PORT] [--participant ID=CONTACT]… --out FILE`: a `credentials.toml` in ZF
 * frost-client's config format holding this custodian's group (frost-tools
 * `frost-client/src/cli/config.rs`), with every participant's `zffrost1…` contact.
 */
import {
  encodeScalar,
  decodeContact,
  FrostClientContactError,
  frostClientCredentials,
  frostClientDescription,
  FrostClientExportError,
  type FrostClientContact,
  getSuite,
  type Suite,
} from '../protocol/index.js';
import { UsageError, flag, stringList, stringOpt, type CommandSpec } from './args.js';
import { loadKeyPackage, loadPublicKeyPackageFile } from './packageFiles.js';
import { CommandError, runCommand, toHex, withDefaults, type CliIo } from './output.js';

export const EXPORT_FROST_CLIENT_SPEC: CommandSpec = {
  name: 'export frost-client',
  synopsis:
    '--key-package KP --public-key-package PKP [--description TEXT] [--server-url HOST:PORT] [--participant ID=CONTACT]… --out FILE [--force]',
  summary:
    'Writes a credentials.toml for ZF frost-client (frost-tools) holding this group: your key package\n' +
    'and the public key package (frost-core 2.x binary form, hex), the group description, the server\n' +
    "and each participant's frost-client contact. ID is the participant number (1, 2, …) or the hex\n" +
    'identifier; CONTACT is the zffrost1… string `frost-client export` prints. Give every participant\n' +
    'or none. Ed25519 groups only (what frost-client supports). Add the [group…] and [contact…]\n' +
    'sections to your frost-client config next to your communication key. The file is SECRET (0600).',
  options: {
    'key-package': { type: 'string', required: true, valueName: 'KP', description: 'your key package (frost-rs JSON)' },
    'public-key-package': {
      type: 'string',
      required: true,
      valueName: 'PKP',
      description: "the group's public key package (frost-core 2.x or 3.x JSON)",
    },
    description: {
      type: 'string',
      valueName: 'TEXT',
      description: 'group description shown by frost-client (default: the group key)',
    },
    'server-url': { type: 'string', valueName: 'HOST:PORT', description: 'the frostd server the group uses' },
    participant: {
      type: 'string',
      multiple: true,
      valueName: 'ID=CONTACT',
      description: "a participant's frost-client contact",
    },
    out: { type: 'string', required: true, valueName: 'FILE', description: 'where to write credentials.toml' },
    force: { type: 'boolean', description: 'replace --out if it exists' },
  },
  positionals: { min: 0, max: 0, name: '' },
};

/** `1` or the identifier's hex (as frost-client prints it) → participant number. */
function participantId(suite: Suite, text: string, ids: readonly number[]): number {
  if (/^[0-9]{1,5}$/.test(text)) return Number(text);
  const hex = text.toLowerCase();
  const found = ids.find((id) => toHex(encodeScalar(suite, BigInt(id))) === hex);
  if (found === undefined)
    throw new UsageError(
      `--participant ${JSON.stringify(text)}: not a participant of this group (give 1..${Math.max(...ids)} or the identifier hex)`,
    );
  return found;
}

/** Runs `export frost-client`; returns the exit code. */
export async function exportFrostClientCommand(argv: string[], ioIn?: Partial<CliIo>): Promise<number> {
  const io = withDefaults(ioIn);
  return runCommand(EXPORT_FROST_CLIENT_SPEC, argv, io, async (args) => {
    const kpPath = stringOpt(args, 'key-package') as string;
    const pkpPath = stringOpt(args, 'public-key-package') as string;
    const out = stringOpt(args, 'out') as string;
    const { keyPackage } = await loadKeyPackage(io, kpPath);
    const publicKeyPackage = await loadPublicKeyPackageFile(io, pkpPath);
    const suite = getSuite(keyPackage.suite);
    const ids = publicKeyPackage.verifyingShares.map((v) => v.identifier);
    const contacts = new Map<number, FrostClientContact>();
    for (const item of stringList(args, 'participant')) {
      const eq = item.indexOf('=');
      if (eq <= 0) throw new UsageError(`--participant ${JSON.stringify(item)}: expected ID=CONTACT`);
      const id = participantId(suite, item.slice(0, eq), ids);
      if (contacts.has(id)) throw new UsageError(`--participant: participant ${id} given twice`);
      try {
        contacts.set(id, decodeContact(item.slice(eq + 1)));
      } catch (e) {
        if (e instanceof FrostClientContactError) throw new CommandError(`contact of participant ${id}: ${e.message}`);
        throw e;
      }
    }
    const serverUrl = stringOpt(args, 'server-url');
    let text: string;
    try {
      text = frostClientCredentials({
        keyPackage,
        publicKeyPackage,
        description: stringOpt(args, 'description') ?? frostClientDescription('', keyPackage.verifyingKey),
        ...(serverUrl !== undefined ? { serverUrl } : {}),
        contacts,
      });
    } catch (e) {
      if (e instanceof FrostClientExportError) throw new CommandError(e.message);
      throw e;
    }
    try {
      await io.writeFile(out, text, { mode: 0o600, overwrite: flag(args, 'force') });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new CommandError(`${out} already exists; not replacing it (use --force to replace)`);
      throw new CommandError(`cannot write ${out}: ${code === 'ENOENT' ? 'no such directory' : (e as Error).message}`);
    }
    io.stdout(
      `Wrote ${out}: frost-client group ${toHex(keyPackage.verifyingKey)} with your key package (participant ${keyPackage.identifier})` +
        `${contacts.size > 0 ? ` and ${contacts.size} participants' contacts` : ', no participant contacts (frost-client needs them to sign: add --participant ID=CONTACT for everyone)'}.\n` +
        '  Keep this file secret: it holds your signing share.\n',
    );
  });
}
