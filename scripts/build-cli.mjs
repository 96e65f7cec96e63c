#!/usr/bin/env node
// Builds the `frost-ceremony` command (src/cli, and the server it serves with) into dist-cli/ with esbuild, so
// that `frost-ceremony` starts from JavaScript instead of compiling TypeScript with tsx at every start.
// Run by `npm install` (prepare), `npm start` and `npm run build:cli`. bin/frost-ceremony.mjs uses the build
// while it is newer than every source file that went into it (dist-cli/inputs.json), and tsx otherwise.
//
// Everything is bundled except the optional dependencies (@roamhq/wrtc, redis: loaded only by the headless
// WebRTC participant and `serve --redis`, which say what to install when they are missing) and ws's own
// optional native helpers. Sub-commands stay lazily loaded chunks (code splitting), as in src/cli/main.ts.
// Not dist/: `vite build` empties that folder.
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const outdir = process.argv[2] ?? 'dist-cli'; // another folder for tests (src/cli/optionalDependency.test.ts)
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const result = await build({
  entryPoints: { main: 'src/cli/main.ts', relaunch: 'src/cli/relaunch.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Test-only fault switches (src/globals.d.ts) are compiled out, as in the production web build.
  define: { __TEST_FAULTS__: 'false' },
  external: ['@roamhq/wrtc', 'redis', 'bufferutil', 'utf-8-validate'],
  // Bundled CommonJS packages call require() for Node's built-ins; an ES module has none of its own.
  banner: {
    js: "import { createRequire as __frostCreateRequire } from 'node:module'; const require = __frostCreateRequire(import.meta.url);",
  },
  metafile: true,
  logLevel: 'warning',
});
// The project's own sources in the build, for bin/frost-ceremony.mjs's freshness check.
const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.includes('node_modules/'));
writeFileSync(`${outdir}/inputs.json`, JSON.stringify({ builtAt: Date.now(), inputs: inputs.map((p) => resolve(p)) }));
console.log(`frost-ceremony CLI built into ${outdir}/ (${inputs.length} source files)`);
