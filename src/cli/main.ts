/** The `frost-ceremony` command line: dispatches to one module per sub-command. */
export async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  switch (command) {
    default:
      process.stderr.write(`usage: frost-ceremony <command> …\n`);
      return command === undefined || command === '--help' ? 0 : 2;
  }
}
