import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { missingServerFlags, SERVER_NODE_FLAGS } from '../server/index';

describe('server V8 flags', () => {
  it('names the flags a process lacks, none when it has them all', () => {
    expect(missingServerFlags([])).toEqual([...SERVER_NODE_FLAGS]);
    expect(missingServerFlags(['--inspect', ...SERVER_NODE_FLAGS])).toEqual([]);
  });
});

/** Command lines (argv) of the processes whose arguments contain `marker`. */
function processesWith(marker: string): { pid: number; argv: string[] }[] {
  const out: { pid: number; argv: string[] }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (argv.some((a) => a.includes(marker))) out.push({ pid: Number(entry), argv });
    } catch {
      // The process ended meanwhile.
    }
  }
  return out;
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

async function until(what: string, cond: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const started: ChildProcess[] = [];
afterEach(() => {
  for (const c of started) c.kill('SIGKILL');
  started.length = 0;
});

/** `frost-ceremony serve` as a user starts it: plain `node`, no flags. */
async function serve(): Promise<{
  launcher: ChildProcess;
  port: number;
  marker: string;
  stderr: () => string;
  exited: Promise<number | null>;
}> {
  // A static directory name nobody else uses tells this test's processes apart from others.
  const marker = `/nonexistent-relaunch-${randomBytes(6).toString('hex')}`;
  // Its own process group, as a shell puts each job: so a test can send "Ctrl-C" to the group.
  const launcher = spawn(process.execPath, ['bin/frost-ceremony.mjs', 'serve', '--port', '0', '--static', marker], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  started.push(launcher);
  let err = '';
  launcher.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  // 'close', not 'exit': the exit can be reported before the last stderr lines are read.
  const exited = new Promise<number | null>((r) => launcher.once('close', (code) => r(code)));
  await until('the server to listen', () => /open http:\/\/127\.0\.0\.1:\d+\//.test(err), 30_000);
  const port = Number(/open http:\/\/127\.0\.0\.1:(\d+)\//.exec(err)?.[1]);
  return { launcher, port, marker, stderr: () => err, exited };
}

describe('frost-ceremony serve relaunches itself with the server flags', () => {
  it('the process that serves has the flags; SIGTERM to the launcher closes it cleanly (exit 0)', async () => {
    const s = await serve();
    const procs = processesWith(s.marker);
    const server = procs.find((p) => p.pid !== s.launcher.pid);
    expect(server?.argv, 'a second process runs the server').toEqual(expect.arrayContaining([...SERVER_NODE_FLAGS]));
    const res = await fetch(`http://127.0.0.1:${s.port}/healthz`);
    expect(res.status).toBe(200);
    s.launcher.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(s.stderr()).toContain('shutting down');
    expect(await portOpen(s.port)).toBe(false);
    expect(processesWith(s.marker)).toEqual([]);
  });

  it('Ctrl-C (SIGINT to the foreground process group, as a terminal sends it) shuts down cleanly', async () => {
    const s = await serve();
    process.kill(-(s.launcher.pid as number), 'SIGINT');
    expect(await s.exited).toBe(0);
    expect(s.stderr()).toContain('shutting down');
    expect(processesWith(s.marker)).toEqual([]);
  });

  it('a launcher killed outright (SIGKILL) does not leave the server holding the port', async () => {
    const s = await serve();
    s.launcher.kill('SIGKILL');
    await s.exited;
    await until('the orphaned server to close its port', async () => !(await portOpen(s.port)));
    await until('the server process to end', () => processesWith(s.marker).length === 0);
  });
});
