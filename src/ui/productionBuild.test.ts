import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The production bundle must not contain the test-only fault switch (`?fault=…` makes a
 * browser misbehave in e2e tests) nor the sample-data fixture screens. Vite replaces
 * `__TEST_FAULTS__` with false there, and the bundler must drop the guarded code.
 */
/** How the minified bundle reads the `?fault=` query parameter (any quote style). */
const FAULT_SWITCH = /\.get\(["'`]fault["'`]\)/;

describe('production build', () => {
  const out = mkdtempSync(join(tmpdir(), 'frost-prod-build-'));
  let bundle = '';

  beforeAll(() => {
    // vitest runs with NODE_ENV=test, which would make Vite build a development bundle.
    const env: NodeJS.ProcessEnv = { ...process.env, FROST_OUT_DIR: out, NODE_ENV: 'production' };
    delete env.FROST_TEST_FAULTS;
    execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { env, stdio: 'pipe' });
    const assets = join(out, 'assets');
    bundle = readdirSync(assets)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(assets, f), 'utf8'))
      .join('\n');
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('contains the app', () => {
    expect(bundle).toContain('Codes match');
  });

  it('contains no test-only fault switch and no fixture screens', () => {
    expect(bundle).not.toMatch(FAULT_SWITCH);
    expect(bundle).not.toContain('__TEST_FAULTS__');
    expect(bundle).not.toContain('mountFixture');
    expect(readdirSync(join(out, 'assets')).some((f) => /fixture/i.test(f))).toBe(false);
  });

  it('a test build does contain the switch (so the check above can fail)', () => {
    const testOut = mkdtempSync(join(tmpdir(), 'frost-test-build-'));
    try {
      execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], {
        env: { ...process.env, FROST_OUT_DIR: testOut, FROST_TEST_FAULTS: '1', NODE_ENV: 'production' },
        stdio: 'pipe',
      });
      const js = readdirSync(join(testOut, 'assets'))
        .filter((f) => f.endsWith('.js'))
        .map((f) => readFileSync(join(testOut, 'assets', f), 'utf8'))
        .join('\n');
      expect(js).toMatch(FAULT_SWITCH);
    } finally {
      rmSync(testOut, { recursive: true, force: true });
    }
  }, 120_000);
});
