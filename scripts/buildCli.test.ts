/**
 * bin/frost-ceremony.mjs runs the dist-cli/ build only while it is current. Checked with a copy of the launcher
 * beside a fresh build in a folder with no node_modules: there only the build can run (tsx cannot load), so
 * the command answering proves the build was used, and a failure to load tsx proves the fallback was chosen.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dir: string;
const inputsFile = () => join(dir, 'dist-cli', 'inputs.json');
const runHelp = () =>
  spawnSync(process.execPath, [join(dir, 'bin', 'frost-ceremony.mjs'), '--help'], { encoding: 'utf8' });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'frost-bin-'));
  mkdirSync(join(dir, 'bin'));
  copyFileSync('bin/frost-ceremony.mjs', join(dir, 'bin', 'frost-ceremony.mjs'));
  const build = spawnSync(process.execPath, ['scripts/build-cli.mjs', join(dir, 'dist-cli')], { encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('bin/frost-ceremony.mjs', () => {
  it('runs the build while it is newer than every source it was built from', () => {
    const r = runHelp();
    expect(r.stdout).toContain('usage: frost-ceremony <command>');
    expect(r.status).toBe(0);
  });

  it('falls back to tsx when a source is newer than the build', () => {
    const meta = JSON.parse(readFileSync(inputsFile(), 'utf8')) as { builtAt: number; inputs: string[] };
    expect(meta.inputs).toContain(join(process.cwd(), 'src/cli/main.ts'));
    writeFileSync(inputsFile(), JSON.stringify({ ...meta, builtAt: 0 }));
    const r = runHelp();
    expect(r.stderr).toMatch(/Cannot find (package|module) 'tsx'/);
    expect(r.status).not.toBe(0);
  });
});
