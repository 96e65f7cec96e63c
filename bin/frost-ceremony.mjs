#!/usr/bin/env node
// Entry point of the `frost-ceremony` command. The CLI is written in TypeScript; tsx's
// loader compiles it on the fly so that no build step is needed after `npm install`.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
const args = process.argv.slice(2);
if (args[0] === 'serve') {
  // The server runs with tuned V8 flags (src/server/nodeFlags.ts); without them, start again with them.
  const { relaunchWithServerFlags, exitWithLauncher } = await import('../src/cli/relaunch.ts');
  const code = await relaunchWithServerFlags(fileURLToPath(import.meta.url), args);
  if (code !== undefined) process.exit(code);
  exitWithLauncher();
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(args);
