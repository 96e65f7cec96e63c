/**
 * `frost-ceremony export frost-rs FILE --out FILE [--frost-core 2|3] [--postcard] [--force]`:
 * rewrites a frost-rs JSON package for the frost-core generation another tool is built on, as
 * JSON or in frost-rs's binary (postcard) form. Only the `PublicKeyPackage` differs between
 * generations: frost-core 2.x (ZF frost-tools' frost-client) has no `min_signers` field and
 * refuses a file that has one; 3.x reads both.
 */
import {
  keyPackageToJson,
  parseFrostJson,
  publicKeyPackageToJson,
  round1PackageToJson,
  round2PackageToJson,
  FrostJsonError,
  type FrostJsonDocument,
  keyPackageToPostcard,
  publicKeyPackageToPostcard,
  round1PackageToPostcard,
  round2PackageToPostcard,
  getSuite,
} from '../protocol/index.js';
import { UsageError, flag, stringOpt, type CommandSpec } from './args.js';
import { CommandError, readTextInput, runCommand, withDefaults, type CliIo } from './output.js';

export const EXPORT_FROST_RS_SPEC: CommandSpec = {
  name: 'export frost-rs',
  synopsis: 'FILE --out FILE [--frost-core 2|3] [--postcard] [--force]',
  summary:
    'Rewrites a frost-rs JSON package (key package, public key package, DKG round package) for the\n' +
    'frost-core generation a tool uses: 3 (default; what this app writes) or 2 (frost-core 2.x, e.g.\n' +
    "ZF frost-client: the public key package without min_signers). --postcard writes frost-rs's binary\n" +
    'encoding (what `serialize()` returns) instead of JSON. A key package stays SECRET (mode 0600).',
  options: {
    out: { type: 'string', required: true, valueName: 'FILE', description: 'where to write the package' },
    'frost-core': {
      type: 'string',
      valueName: '2|3',
      description: 'frost-core major version to write for (default 3)',
    },
    postcard: { type: 'boolean', description: 'write the binary (postcard) encoding instead of JSON' },
    force: { type: 'boolean', description: 'replace --out if it exists' },
  },
  positionals: { min: 1, max: 1, name: 'FILE' },
};

/** `--frost-core` value: 2 or 3 (default 3). */
export function frostCoreOption(value: string | undefined): 2 | 3 {
  if (value === undefined || value === '3') return 3;
  if (value === '2') return 2;
  throw new UsageError(`--frost-core must be 2 or 3, got ${JSON.stringify(value)}`);
}

/** The package re-encoded: text (JSON, newline-terminated) or bytes (postcard). */
export function encodePackage(doc: FrostJsonDocument, generation: 2 | 3, postcard: boolean): string | Uint8Array {
  switch (doc.kind) {
    case 'key-package':
      return postcard ? keyPackageToPostcard(doc.value) : `${keyPackageToJson(doc.value)}\n`;
    case 'public-key-package':
      return postcard
        ? publicKeyPackageToPostcard(doc.value, generation)
        : `${publicKeyPackageToJson(doc.value, generation)}\n`;
    case 'round1-package':
      return postcard
        ? round1PackageToPostcard(getSuite(doc.suite), doc.value)
        : `${round1PackageToJson(getSuite(doc.suite), doc.value)}\n`;
    case 'round2-package':
      return postcard
        ? round2PackageToPostcard(getSuite(doc.suite), doc.signingShare)
        : `${round2PackageToJson(getSuite(doc.suite), doc.signingShare)}\n`;
  }
}

/** Runs `export frost-rs`; returns the exit code. */
export async function exportFrostRsCommand(argv: string[], ioIn?: Partial<CliIo>): Promise<number> {
  const io = withDefaults(ioIn);
  return runCommand(EXPORT_FROST_RS_SPEC, argv, io, async (args) => {
    const path = args.positionals[0] as string;
    const out = stringOpt(args, 'out') as string;
    const generation = frostCoreOption(stringOpt(args, 'frost-core'));
    let doc: FrostJsonDocument;
    try {
      doc = parseFrostJson(await readTextInput(io, path, 'package'));
    } catch (e) {
      if (e instanceof FrostJsonError) throw new CommandError(`${path}: not a valid frost-rs package: ${e.message}`);
      throw e;
    }
    const secret = doc.kind === 'key-package' || doc.kind === 'round2-package';
    try {
      await io.writeFile(out, encodePackage(doc, generation, flag(args, 'postcard')), {
        mode: secret ? 0o600 : 0o644,
        overwrite: flag(args, 'force'),
      });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new CommandError(`${out} already exists; not replacing it (use --force to replace)`);
      throw new CommandError(`cannot write ${out}: ${code === 'ENOENT' ? 'no such directory' : (e as Error).message}`);
    }
    const form = flag(args, 'postcard') ? 'binary (postcard)' : 'JSON';
    const note =
      doc.kind === 'public-key-package' && generation === 2
        ? ' (no min_signers: frost-core 2.x does not record the threshold)'
        : doc.kind === 'public-key-package' && doc.value.minSigners === undefined
          ? ' (the threshold is not recorded in the input file)'
          : '';
    io.stdout(
      `Wrote ${out}: ${doc.kind.replace(/-/g, ' ')} for frost-core ${generation}.x, ${form}${note}${secret ? '. Keep this file secret.' : ''}\n`,
    );
  });
}
