/**
 * The structure checks of `npm test` (README "Architecture") must be able to fail. Each test here
 * builds a small tree of bad imports in a temporary directory and runs the real checker on it with
 * the project's own configuration (.dependency-cruiser.cjs, tsconfig.protocol.json), expecting each
 * rule to fire on its bad file, and not on the allowed look-alikes next to it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '..');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'frost-structure-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** Runs dependency-cruiser's command line with the project's configuration on `dir`. */
function depcruise(dir: string): Violation[] {
  const bin = join(repo, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
  const r = spawnSync(
    process.execPath,
    [bin, 'src', 'e2e', '--config', join(repo, '.dependency-cruiser.cjs'), '--output-type', 'json'],
    {
      cwd: dir,
      encoding: 'utf8',
    },
  );
  if (r.stdout === '') throw new Error(`depcruise produced nothing: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

const entry = 'export const x = 1;\nexport type T = number;\n';

describe('dependency rules (.dependency-cruiser.cjs)', () => {
  it('each rule fires on its bad import, and not on the allowed ones', () => {
    const dir = tree({
      'tsconfig.json': JSON.stringify({
        compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', jsx: 'react-jsx' },
      }),
      'node_modules/ws/package.json': JSON.stringify({ name: 'ws', version: '1.0.0', main: 'index.js' }),
      'node_modules/ws/index.js': 'export default 1;\n',
      ...Object.fromEntries(
        ['protocol', 'wire', 'platform', 'transport', 'ceremony', 'browser', 'store', 'server', 'cli'].map((p) => [
          `src/${p}/index.ts`,
          entry,
        ]),
      ),
      'src/protocol/envelope.ts': entry,
      'src/browser/liveController.ts': entry,
      'src/ceremony/testing/helper.ts': entry,
      'src/ui/App.tsx': entry,
      'src/ui/testing/mountFixture.ts': entry,
      // Bad imports, one per rule.
      'src/ceremony/cycleA.ts': "import { b } from './cycleB';\nexport const a = b;\n",
      'src/ceremony/cycleB.ts': "import { a } from './cycleA';\nexport const b = () => a;\n",
      'src/protocol/shell.ts': "import { x } from '../transport/index';\nexport const y = x;\n",
      'src/protocol/shell.test.ts': "import { x } from '../ceremony/index';\nexport const y = x;\n",
      'src/protocol/node.ts': "import { randomBytes } from 'node:crypto';\nexport const y = randomBytes;\n",
      'src/protocol/io.ts': "import ws from 'ws';\nexport const y = ws;\n",
      'src/wire/up.ts': "import { x } from '../protocol/index';\nexport const y = x;\n",
      'src/server/transport.ts': "import { x } from '../transport/index';\nexport const y = x;\n",
      'src/server/cli.ts': "import { x } from '../cli/index';\nexport const y = x;\n",
      'src/transport/server.ts': "import { x } from '../server/index';\nexport const y = x;\n",
      'src/ceremony/browser.ts': "import { x } from '../browser/index';\nexport const y = x;\n",
      'src/store/transport.ts': "import { x } from '../transport/index';\nexport const y = x;\n",
      'src/store/ceremonyValue.ts': "import { x } from '../ceremony/index';\nexport const y = x;\n",
      'src/browser/ui.ts': "import { x } from '../ui/App';\nexport const y = x;\n",
      'src/ui/Protocol.tsx': "import { x } from '../protocol/index';\nexport const y = x;\n",
      'src/ceremony/internal.ts': "import { x } from '../protocol/envelope';\nexport const y = x;\n",
      'e2e/internal.spec.ts': "import { x } from '../src/browser/liveController';\nexport const y = x;\n",
      'src/ceremony/node.ts': "import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n",
      'src/browser/nodeCrypto.ts': "import { x } from '../platform/node';\nexport const y = x;\n",
      'src/platform/node.ts': entry,
      'src/cli/nodeCrypto.ts':
        "import { x } from '../platform/node';\nimport { readFileSync } from 'node:fs';\nexport const y = [x, readFileSync];\n",
      'src/ceremony/usesTesting.ts': "import { x } from './testing/helper';\nexport const y = x;\n",
      'src/ui/dynamic.tsx': "export const load = () => import('./testing/mountFixture');\n",
      'src/ui/main.tsx': "import { x } from './testing/mountFixture';\nexport const y = x;\n",
      // Allowed look-alikes.
      'src/protocol/typeCycleA.ts':
        "import type { B } from './typeCycleB';\nexport type A = B | 1;\nexport const a = 1;\n",
      'src/protocol/typeCycleB.ts': "import { a } from './typeCycleA';\nexport type B = 2;\nexport const b = a;\n",
      'src/protocol/limits.ts': "import { x } from '../wire/index';\nexport const y = x;\n",
      'src/store/ceremonyType.ts': "import type { T } from '../ceremony/index';\nexport type U = T;\n",
      'src/ui/Store.tsx': "import { x } from '../store/index';\nexport const y = x;\n",
      'src/cli/serve.ts': "import { x } from '../server/index';\nexport const y = x;\n",
      'src/server/wire.ts': "import { x } from '../wire/index';\nexport const y = x;\n",
      'src/ceremony/helper.test.ts':
        "import { x } from '../ceremony/testing/helper';\nimport { x as c } from '../cli/index';\nexport const y = [x, c];\n",
    });
    const found = depcruise(dir).map((v) => `${v.rule.name}: ${v.from}`);
    const expected = [
      'no-circular: src/ceremony/cycleA.ts',
      'protocol-imports-no-shell: src/protocol/shell.ts',
      'protocol-tests-import-no-shell: src/protocol/shell.test.ts',
      'protocol-no-node-or-platform: src/protocol/node.ts',
      'protocol-no-io-packages: src/protocol/io.ts',
      'wire-imports-nothing-of-ours: src/wire/up.ts',
      'server-imports-only-wire: src/server/transport.ts',
      'server-imports-only-wire: src/server/cli.ts',
      'nothing-imports-the-cli: src/server/cli.ts',
      'transport-imports-only-wire: src/transport/server.ts',
      'ceremony-below-browser-and-cli: src/ceremony/browser.ts',
      'store-holds-plain-data: src/store/transport.ts',
      'store-uses-only-ceremony-types: src/store/ceremonyValue.ts',
      'browser-below-ui: src/browser/ui.ts',
      'only-public-entries-across-parts: src/browser/ui.ts',
      'ui-imports-only-store-and-browser-entry: src/ui/Protocol.tsx',
      'only-public-entries-across-parts: src/ceremony/internal.ts',
      'e2e-only-public-entries: e2e/internal.spec.ts',
      'browser-side-imports-no-node: src/ceremony/node.ts',
      'browser-side-not-the-node-platform: src/browser/nodeCrypto.ts',
      'production-imports-no-test-code: src/ceremony/usesTesting.ts',
      'production-imports-no-test-code: src/ui/dynamic.tsx',
      'fixture-mode-only-through-the-dev-switch: src/ui/main.tsx',
    ];
    for (const e of expected) expect(found).toContain(e);
    for (const allowed of [
      'src/protocol/typeCycleA.ts',
      'src/protocol/typeCycleB.ts',
      'src/protocol/limits.ts',
      'src/store/ceremonyType.ts',
      'src/ui/Store.tsx',
      'src/cli/serve.ts',
      'src/cli/nodeCrypto.ts',
      'src/server/wire.ts',
      'src/ceremony/helper.test.ts',
    ])
      expect(found.filter((f) => f.endsWith(` ${allowed}`))).toEqual([]);
  });

  it('main.tsx may load the fixture screens only by the dynamic import behind the dev switch', () => {
    const dir = tree({
      'tsconfig.json': JSON.stringify({
        compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', jsx: 'react-jsx' },
      }),
      'src/ui/testing/mountFixture.ts': entry,
      'src/ui/main.tsx': "if (__TEST_FAULTS__) void import('./testing/mountFixture');\n",
      'e2e/empty.spec.ts': '',
    });
    expect(depcruise(dir)).toEqual([]);
  });
});

describe('the protocol compiles without DOM or Node types (tsconfig.protocol.json)', () => {
  function tscProtocol(code: string): { status: number | null; out: string } {
    const dir = tree({ 'src/protocol/probe.ts': code });
    symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: join(repo, 'tsconfig.protocol.json'),
        include: [],
        files: [join(dir, 'src/protocol/probe.ts'), join(repo, 'types/protocolRuntime.d.ts')],
      }),
    );
    const r = spawnSync(
      process.execPath,
      [join(repo, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')],
      { encoding: 'utf8' },
    );
    return { status: r.status, out: r.stdout + r.stderr };
  }

  it('refuses DOM and Node APIs, accepts the pure runtime globals it declares', () => {
    expect(tscProtocol('export const t = document.title;\n').out).toMatch(/Cannot find name 'document'/);
    expect(tscProtocol('export const e = process.env;\n').out).toMatch(/Cannot find name 'process'/);
    expect(tscProtocol('export const c = crypto.getRandomValues(new Uint8Array(1));\n').out).toMatch(
      /Cannot find name 'crypto'/,
    );
    const ok = tscProtocol(
      "export const b = new TextEncoder().encode('x');\nexport const c = structuredClone({ a: 1 });\n",
    );
    expect(ok).toEqual({ status: 0, out: '' });
  });
});

/**
 * Reads of the clock and timers in TypeScript source, by token (comments and strings are not
 * code): `Date.now`, `new Date`, `performance.now`, `setTimeout`, `setInterval`, `setImmediate`.
 * The protocol is (state, input) -> (state, output); time reaches it only as input.
 */
function clockUses(code: string): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, code);
  const tokens: string[] = [];
  for (let k = scanner.scan(); k !== ts.SyntaxKind.EndOfFileToken; k = scanner.scan())
    tokens.push(scanner.getTokenText());
  const found: string[] = [];
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    const after = tokens[i + 2];
    if (t === 'Date' && next === '.' && after === 'now') found.push('Date.now');
    else if (t === 'new' && next === 'Date') found.push('new Date');
    else if (t === 'performance' && next === '.' && after === 'now') found.push('performance.now');
    else if (t === 'setTimeout' || t === 'setInterval' || t === 'setImmediate') found.push(t);
  });
  return found;
}

/** Node's globals used as such (not as a property name): browsers have none of them. */
function nodeGlobalUses(code: string): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.JSX, code);
  const found: string[] = [];
  let previous = '';
  for (let k = scanner.scan(); k !== ts.SyntaxKind.EndOfFileToken; k = scanner.scan()) {
    const t = scanner.getTokenText();
    // By text, not kind: `require` and `global` scan as contextual keywords. Strings keep their quotes.
    if (previous !== '.' && ['Buffer', 'process', 'require', '__dirname', '__filename', 'global'].includes(t))
      found.push(t);
    previous = t;
  }
  return found;
}

/** Production files of a folder (no tests, no testing/ helpers). */
function productionFiles(...paths: string[]): string[] {
  return spawnSync('git', ['ls-files', '-co', '--exclude-standard', ...paths], { cwd: repo, encoding: 'utf8' })
    .stdout.split('\n')
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$|\/testing\//.test(f) && !f.endsWith('.d.ts'));
}

describe('what browsers run uses no Node globals', () => {
  it('finds Buffer, process, require, __dirname as globals (not as property names), and the browser-side parts have none', () => {
    expect(
      nodeGlobalUses("const b = Buffer.from('x'); process.exit(1); require('fs'); x.process; // Buffer\n"),
    ).toEqual(['Buffer', 'process', 'require']);
    const files = productionFiles(
      'src/wire',
      'src/transport',
      'src/ceremony',
      'src/browser',
      'src/store',
      'src/ui',
      'src/platform/index.ts',
      'src/platform/identityBrowser.ts',
    );
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.flatMap((f) =>
      nodeGlobalUses(readFileSync(join(repo, f), 'utf8')).map((u) => `${f}: ${u}`),
    );
    expect(offenders).toEqual([]);
  });
});

describe('the protocol reads no clock', () => {
  it('finds Date.now, new Date, performance.now and timers, and src/protocol has none', () => {
    expect(
      clockUses(
        'const t = Date.now();\nconst d = new Date();\nperformance.now();\nsetTimeout(f, 1);\nsetInterval(f, 1);\n',
      ),
    ).toEqual(['Date.now', 'new Date', 'performance.now', 'setTimeout', 'setInterval']);
    // A word in a comment or string is not a use.
    expect(clockUses('// no Date.now here\nconst s = "setTimeout";\n')).toEqual([]);
    const offenders: string[] = [];
    const files = spawnSync('git', ['ls-files', '-co', '--exclude-standard', 'src/protocol'], {
      cwd: repo,
      encoding: 'utf8',
    })
      .stdout.split('\n')
      .filter((f) => /\.ts$/.test(f) && !/\.test\.ts$|\/testing\//.test(f));
    expect(files.length).toBeGreaterThan(50);
    for (const f of files) for (const u of clockUses(readFileSync(join(repo, f), 'utf8'))) offenders.push(`${f}: ${u}`);
    expect(offenders).toEqual([]);
  });
});
