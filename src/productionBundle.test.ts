/**
 * The app's production bundle (`vite build`, what `npm start` serves) contains no test code: no
 * module from a `testing/` folder, no `*.test.*` file, no fixture screens, nothing from
 * src/cli or src/server, and no Node built-in (`node:*`). Built here with the project's own
 * vite.config.ts into a temporary directory; the modules come from Rollup's own chunk records.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build, type Plugin } from 'vite';

const repo = resolve(import.meta.dirname, '..');
const out = mkdtempSync(join(tmpdir(), 'frost-bundle-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** What may not be in the app: each problem names the module or file and why. */
function bundleProblems(modules: readonly string[], files: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  for (const m of modules) {
    if (/(^|\/)testing\//.test(m)) problems.push(`${m}: test-only helper (testing/)`);
    if (/\.test\.tsx?$/.test(m)) problems.push(`${m}: a test`);
    if (/^src\/(cli|server)\//.test(m)) problems.push(`${m}: Node-only part`);
    if (/^(\0)?node:/.test(m) || m.startsWith('__vite-browser-external')) problems.push(`${m}: Node built-in`);
  }
  for (const [name, text] of files) {
    const node = /["'`]node:[a-z_/]+["'`]/.exec(text);
    if (node) problems.push(`${name}: mentions ${node[0]}`);
  }
  return problems;
}

describe('the production bundle', () => {
  it('flags test helpers, tests, Node-only parts and node:* imports', () => {
    expect(
      bundleProblems(
        [
          'src/ui/App.tsx',
          'src/ui/testing/fixtures.ts',
          'src/store/store.test.ts',
          'src/server/signalServer.ts',
          'node:crypto',
        ],
        new Map([
          ['assets/index.js', 'import("node:fs")'],
          ['assets/ok.js', 'const note = "node: 1";'],
        ]),
      ),
    ).toEqual([
      'src/ui/testing/fixtures.ts: test-only helper (testing/)',
      'src/store/store.test.ts: a test',
      'src/server/signalServer.ts: Node-only part',
      'node:crypto: Node built-in',
      'assets/index.js: mentions "node:fs"',
    ]);
  });

  it('contains none of them', async () => {
    const modules: string[] = [];
    const record: Plugin = {
      name: 'record-modules',
      generateBundle(_options, bundle) {
        for (const chunk of Object.values(bundle))
          if (chunk.type === 'chunk')
            for (const id of Object.keys(chunk.modules)) modules.push(id.startsWith(repo) ? relative(repo, id) : id);
      },
    };
    // A production build, as `npm run build` makes it: vitest runs with NODE_ENV=test, which would
    // make vite compile the dev-only branches (import.meta.env.DEV) in.
    const before = { faults: process.env.FROST_TEST_FAULTS, nodeEnv: process.env.NODE_ENV };
    delete process.env.FROST_TEST_FAULTS;
    process.env.NODE_ENV = 'production';
    try {
      await build({
        root: repo,
        configFile: join(repo, 'vite.config.ts'),
        mode: 'production',
        logLevel: 'silent',
        plugins: [record],
        build: { outDir: out, emptyOutDir: true },
      });
    } finally {
      if (before.faults !== undefined) process.env.FROST_TEST_FAULTS = before.faults;
      process.env.NODE_ENV = before.nodeEnv;
    }
    const files = new Map<string, string>();
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(js|mjs|html)$/.test(e.name)) files.set(relative(out, p), readFileSync(p, 'utf8'));
      }
    };
    walk(out);
    // The build really ran: the app's own modules are there.
    expect(modules).toContain('src/ui/main.tsx');
    expect(modules).toContain('src/browser/liveController.ts');
    expect(bundleProblems(modules, files)).toEqual([]);
  });
});
