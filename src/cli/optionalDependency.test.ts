/**
 * The optional dependencies (@roamhq/wrtc, redis; src/server/optionalDependency.ts) are really optional: the CLI build (scripts/build-cli.mjs)
 * copied to a folder with no node_modules anywhere above it runs, and there Node's own resolver cannot find
 * them. No mock: `serve` starts and answers its health check, while `serve --redis` and a WebRTC `join` stop
 * with the message that says which package to install (and, for join, the --relay-only alternative).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInvite } from '../ceremony/index';
import { importOptional, MissingOptionalDependencyError } from '../server/index';

let dir: string;

/** Runs the built CLI in `dir` (the build's main.js, as bin/frost-ceremony.mjs does) and collects its output. */
function cli(args: string[]): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [join(dir, 'run.mjs'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'frost-cli-without-optional-'));
  // The premise: nothing above the folder could supply a package.
  for (let d = dir; d !== parse(d).root; d = dirname(d)) expect(existsSync(join(d, 'node_modules'))).toBe(false);
  const build = spawnSync(process.execPath, ['scripts/build-cli.mjs', join(dir, 'cli')], { encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  writeFileSync(
    join(dir, 'run.mjs'),
    "const { main } = await import('./cli/main.js');\nprocess.exitCode = await main(process.argv.slice(2));\n",
  );
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('without the optional dependencies installed', () => {
  it('the server starts and answers its health check', async () => {
    const child = spawn(process.execPath, [join(dir, 'run.mjs'), 'serve', '--port', '0', '--static', dir], {
      cwd: dir,
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let err = '';
        child.stderr.on('data', (d: Buffer) => {
          err += d.toString();
          const m = /open (http:\/\/[^/\s]+)\//.exec(err);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${err}`)));
      });
      const res = await fetch(`${url}/healthz`);
      expect(res.ok).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('serve --redis says to install redis', () => {
    const r = cli(['serve', '--port', '0', '--static', dir, '--redis', 'redis://127.0.0.1:1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'serve --redis needs the package redis, which is not installed (it is an optional dependency). Install it with: npm install redis',
    );
  });

  it('a WebRTC join says to install @roamhq/wrtc or to join with --relay-only', () => {
    const invite = formatInvite({
      origin: 'http://127.0.0.1:1',
      roomId: 'optional-deps-room-0001',
      roomSecret: new Uint8Array(32).fill(1),
      coordinator: new Uint8Array(32).fill(2),
    });
    const r = cli([
      'join',
      invite,
      '--name',
      'Alice',
      '--yes',
      '--out',
      join(dir, 'out'),
      '--state',
      join(dir, 'alice.json'),
    ]);
    expect(r.stderr).toContain(
      'frost-ceremony join: A headless participant over WebRTC needs the package @roamhq/wrtc, which is not installed ' +
        '(it is an optional dependency). Install it with: npm install @roamhq/wrtc — or join with --relay-only',
    );
    expect(r.code).toBe(1);
  });
});

describe('importOptional', () => {
  it('passes other failures through: a package that is there but throws, or another missing package', async () => {
    const broken = new Error('native binding failed');
    await expect(importOptional('redis', 'x', undefined, () => Promise.reject(broken))).rejects.toBe(broken);
    // The resolver's failure for the real import of a package that does not exist, not named `redis`.
    const other = await import('not-a-package-of-this-project' as string).catch((e: unknown) => e);
    await expect(importOptional('redis', 'x', undefined, () => Promise.reject(other))).rejects.toBe(other);
    await expect(
      importOptional('not-a-package-of-this-project', 'x', undefined, () => Promise.reject(other)),
    ).rejects.toBeInstanceOf(MissingOptionalDependencyError);
  });
});
