/**
 * `frost-ceremony export TARGET …`: hands the ceremony's files to another tool.
 *   frost-rs      a package rewritten for frost-core 2.x or 3.x, as JSON or postcard
 *   frost-client  a credentials.toml for ZF frost-tools' frost-client (ed25519)
 */
import { withDefaults, type CliIo } from './output.js';

const TARGETS: Record<string, { summary: string; run: (argv: string[], io?: Partial<CliIo>) => Promise<number> }> = {
  'frost-rs': {
    summary: 'FILE --out FILE [--frost-core 2|3] [--postcard]   a package for frost-core 2.x or 3.x',
    run: async (argv, io) => (await import('./exportFrostRs.js')).exportFrostRsCommand(argv, io),
  },
  'frost-client': {
    summary:
      '--key-package KP --public-key-package PKP [--participant ID=CONTACT]… --out FILE   credentials.toml for ZF frost-client',
    run: async (argv, io) => (await import('./exportFrostClient.js')).exportFrostClientCommand(argv, io),
  },
};

function usage(): string {
  return `usage: frost-ceremony export TARGET …\n\ntargets:\n${Object.entries(TARGETS)
    .map(([n, t]) => `  ${n.padEnd(13)} ${t.summary}`)
    .join('\n')}\n\nRun "frost-ceremony export TARGET --help" for its options.\n`;
}

/** Runs `export`; returns the exit code. */
export async function exportCommand(argv: string[], ioIn?: Partial<CliIo>): Promise<number> {
  const io = withDefaults(ioIn);
  const [target, ...rest] = argv;
  if (target === '--help' || target === '-h') {
    io.stdout(usage());
    return 0;
  }
  const t = target === undefined ? undefined : TARGETS[target];
  if (!t) {
    io.stderr(
      `frost-ceremony export: ${target === undefined ? 'missing TARGET' : `unknown target ${JSON.stringify(target)}`}\n${usage()}`,
    );
    return 2;
  }
  return t.run(rest, ioIn);
}
