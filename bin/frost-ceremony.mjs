#!/usr/bin/env node
// Entry point of the `frost-ceremony` command. It runs the build in dist-cli/ (scripts/build-cli.mjs, made by
// `npm install` and `npm start`) when that build is newer than every source file that went into it; otherwise
// (no build yet, or a source edited since) it compiles the TypeScript on the fly with tsx, so that what runs
// is always the code in src/.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const buildDir = new URL('../dist-cli/', import.meta.url);

/** Whether dist-cli/ holds a build of the current sources (checked by modification time, ~150 files). */
function buildIsCurrent() {
  try {
    const { builtAt, inputs } = JSON.parse(readFileSync(new URL('inputs.json', buildDir), 'utf8'));
    return inputs.length > 0 && inputs.every((p) => statSync(p).mtimeMs <= builtAt);
  } catch {
    return false; // no build, or a source it was built from is gone
  }
}

let load;
if (buildIsCurrent()) {
  load = (name) => import(new URL(`${name}.js`, buildDir).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  load = (name) => import(`../src/cli/${name}.ts`);
}

const args = process.argv.slice(2);
if (args[0] === 'serve') {
  // The server runs with tuned V8 flags (src/server/nodeFlags.ts); without them, start again with them.
  const { relaunchWithServerFlags, exitWithLauncher } = await load('relaunch');
  const code = await relaunchWithServerFlags(fileURLToPath(import.meta.url), args);
  if (code !== undefined) process.exit(code);
  exitWithLauncher();
}
const { main } = await load('main');
process.exitCode = await main(args);
