/**
 * The `frost-ceremony` command line: a table from sub-command to the module that runs it.
 * Modules are imported lazily so `frost-ceremony serve` does not load WebRTC or the DKG.
 */
type Command = { summary: string; run: (argv: string[]) => Promise<number> };

const commands: Record<string, Command> = {
  serve: {
    summary:
      'serve the app and the signalling server  [--port P] [--host H] [--static DIR] [--redis URL] [--max-conn-per-ip N] [--trust-proxy]',
    run: async (argv) => (await import('../server/index')).serveCommand(argv),
  },
  join: {
    summary:
      'join a ceremony as a headless participant  INVITE_URL --name NAME [--state FILE] [--out DIR] [--yes] [--answer-test-signing] [--relay-only]',
    run: async (argv) => (await import('./join')).joinCommand(argv),
  },
  create: {
    summary:
      'create a ceremony room and take part as coordinator  --suite S --min-signers T --max-signers N --label L --server URL | sign --public-key-package PKP (--message-file F | --message-hex HEX | --psbt F --network N) --key-package KP --server URL',
    run: async (argv) => (await import('./create')).createCommand(argv),
  },
  simulate: {
    summary:
      'run a whole ceremony in this process, faults included  --suite S --min-signers T --max-signers N --out DIR [--fault KIND:P]…',
    run: async (argv) => (await import('./simulate')).simulateCommand(argv),
  },
  verify: {
    summary:
      'check a success certificate (and a lifecycle chain) offline  CERTIFICATE [LIFECYCLE-CERTIFICATE…] [--json]',
    run: async (argv) => (await import('./verify')).verifyCommand(argv),
  },
  inspect: {
    summary: 'read and strictly validate a frost-rs JSON package or certificate  FILE [--json]',
    run: async (argv) => (await import('./inspect')).inspectCommand(argv),
  },
  sign: {
    summary: 'test-sign a message with t key packages  --message HEX KEY_PACKAGE… --public-key-package FILE',
    run: async (argv) => (await import('./sign')).signCommand(argv),
  },
  'sign-local': {
    summary:
      'rehearse a signing session in this process  (--message-hex HEX | --message-file F | --psbt F --network N) --public-key-package FILE KEY_PACKAGE… --out DIR [--faulty ID] [--refuse ID]',
    run: async (argv) => (await import('./signLocal')).signLocalCommand(argv),
  },
  'verify-signing': {
    summary: 'check a signing record offline  RECORD --public-key-package FILE [--identity HEX]… [--allow-unsigned]',
    run: async (argv) => (await import('./verifySigning')).verifySigningCommand(argv),
  },
  wallet: {
    summary:
      'Taproot address and descriptors, or Solana address, of a group key  PUBLIC_KEY_PACKAGE [--network N] [--certificate CERT] [--json]',
    run: async (argv) => (await import('./wallet')).walletCommand(argv),
  },
  export: {
    summary: 'hand the key to another tool  frost-rs FILE --out F [--frost-core 2|3] [--postcard] | frost-client …',
    run: async (argv) => (await import('./exportCommand')).exportCommand(argv),
  },
  backup: {
    summary: 'encrypt a key package into an age backup  KEY_PACKAGE (--recipient R… | --passphrase-file F) --out FILE',
    run: async (argv) => (await import('./backupCommand')).backupCommand(argv),
  },
  vectors: {
    summary:
      'check COCKTAIL-DKG test vector files against this program  check FILE… | generate --suite S --min-signers T --max-signers N --out FILE',
    run: async (argv) => (await import('./vectors')).vectorsCommand(argv),
  },
  restore: {
    summary:
      'decrypt an age backup and validate the key package inside  BACKUP (--identity F | --passphrase-file F) --out FILE',
    run: async (argv) => (await import('./restore')).restoreCommand(argv),
  },
  recover: {
    summary:
      'recover a lost key package from the certificate and your master key  --certificate CERT (--master-key F | --backup F (--backup-passphrase-file F | --backup-identity-file F)) --out FILE',
    run: async (argv) => (await import('./recover')).recoverCommand(argv),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return (
    `usage: frost-ceremony <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun "frost-ceremony <command> --help" for a command's options.\n\n` +
    'exit codes: 0 success; 1 a reported failure (ceremony failed or aborted, invalid or damaged file); 2 usage mistake;\n' +
    '            130 stopped by SIGINT, 143 stopped by SIGTERM (with --state FILE: run again to resume)\n'
  );
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`frost-ceremony: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return command.run(rest);
}
