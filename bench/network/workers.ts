/**
 * The orchestrator's side of the bench worker processes (worker.ts): spawns them with an IPC
 * channel, keeps what each reported, and kills exactly the processes it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { JoinSpec, NetKind } from './participant.js';

export type ToWorker =
  | { t: 'join'; spec: JoinSpec }
  | { t: 'release' }
  | { t: 'end' }
  | {
      t: 'rtt';
      role: 'echo' | 'ping';
      serverUrl: string;
      kind: NetKind;
      roomId: string;
      self: string;
      peer: string;
      trips: number;
    };

export type FromWorker =
  | { t: 'ready' }
  | { t: 'asked'; at: number }
  | { t: 'linksUp'; at: number }
  | { t: 'status'; direct: number; present: number }
  | { t: 'round1'; at: number }
  /** cpuMs: CPU of this process from entering round 1 to success: its protocol work in the ceremony. */
  | { t: 'success'; at: number; cpuMs: number }
  | { t: 'problem'; text: string }
  | { t: 'done'; exitCode: number; message: string }
  | { t: 'ended'; maxFds: number; serverErrors: Record<string, number>; maxRssKiB: number }
  | { t: 'rttResult'; ms: number }
  | { t: 'error'; message: string };

type Latest = { [K in FromWorker['t']]?: Extract<FromWorker, { t: K }> };

export interface BenchWorker {
  readonly pid: number;
  readonly label: string;
  send(m: ToWorker): void;
  /** The latest message of each kind. */
  readonly got: Latest;
  readonly problems: string[];
  /** Why the process is gone, if it is (exit code or signal, and the tail of its stderr). */
  gone(): string | undefined;
  readonly exited: Promise<void>;
  kill(): void;
}

const TSX = fileURLToPath(new URL('../../bin/tsx.mjs', import.meta.url));
const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));

/** How to start a worker: node's arguments. */
export interface WorkerEntry {
  readonly argv: readonly string[];
  /** 'bundle': one prebuilt file (~0.15 s to start); 'tsx': compiled on load (~0.55 s). */
  readonly how: 'bundle' | 'tsx';
  dispose(): void;
}

/** Through tsx, as the CLI runs: no preparation, slower to start. */
export const TSX_ENTRY: WorkerEntry = { argv: [TSX, WORKER], how: 'tsx', dispose() {} };

/**
 * Bundles worker.ts into one file with esbuild (already installed as tsx's compiler), so each
 * of the ~230 participant processes of a full run starts in about a third of the time; falls back
 * to tsx if esbuild is unavailable. The bundle lives under node_modules/.cache so that the
 * external packages (@roamhq/wrtc is native) resolve from the project.
 */
export async function bundledWorkerEntry(log: (s: string) => void = () => {}): Promise<WorkerEntry> {
  const dir = fileURLToPath(new URL('../../node_modules/.cache/frost-bench/', import.meta.url));
  const outfile = `${dir}worker-${process.pid}.mjs`;
  try {
    const { build } = (await import('esbuild')) as typeof import('esbuild');
    mkdirSync(dir, { recursive: true });
    await build({
      entryPoints: [WORKER],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      external: ['@roamhq/wrtc', 'ws'],
      // As under tsx: the test-only fault switch is off.
      define: { __TEST_FAULTS__: 'false' },
      banner: {
        js: "import { createRequire as __frostBenchRequire } from 'node:module'; const require = __frostBenchRequire(import.meta.url);",
      },
      logLevel: 'error',
    });
    return { argv: [outfile], how: 'bundle', dispose: () => rmSync(outfile, { force: true }) };
  } catch (e) {
    log(
      `network: could not bundle the worker (${e instanceof Error ? e.message : String(e)}); starting workers through tsx`,
    );
    return TSX_ENTRY;
  }
}

function spawnWorker(kind: NetKind, label: string, entry: WorkerEntry): BenchWorker {
  const child: ChildProcess = spawn(process.execPath, [...entry.argv], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, FROST_BENCH_KIND: kind },
  });
  const got: Latest = {};
  const problems: string[] = [];
  let err = '';
  let goneWhy: string | undefined;
  child.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-4000);
  });
  child.on('message', (raw) => {
    const m = raw as FromWorker;
    (got as Record<string, FromWorker>)[m.t] = m;
    if (m.t === 'problem') problems.push(m.text);
    if (m.t === 'error') problems.push(`${label}: ${m.message}`);
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      goneWhy = `${label} (pid ${child.pid}) exited with ${code ?? signal}${err.trim() ? `: ${err.trim().slice(-800)}` : ''}`;
      resolve();
    }),
  );
  child.once('error', (e) => {
    goneWhy = `${label}: could not start: ${e.message}`;
  });
  return {
    pid: child.pid ?? -1,
    label,
    send(m) {
      if (child.connected) child.send(m);
    },
    got,
    problems,
    gone: () => goneWhy,
    exited,
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `cond` until it holds; throws naming `what()` after `limitMs`, or as soon as one of
 * `watch` is gone (unless `goneIsFine`).
 */
export async function waitUntil(
  cond: () => boolean,
  what: () => string,
  limitMs: number,
  watch: readonly BenchWorker[] = [],
): Promise<void> {
  const giveUp = Date.now() + limitMs;
  while (!cond()) {
    const dead = watch.find((w) => w.gone() !== undefined);
    if (dead) throw new Error(`network bench: ${dead.gone()} while waiting for ${what()}`);
    if (Date.now() > giveUp) throw new Error(`network bench: still waiting after ${limitMs / 1000} s for ${what()}`);
    await sleep(5);
  }
}

/** Starts `count` workers and waits until each has loaded its modules. */
export async function spawnWorkers(
  count: number,
  kind: NetKind,
  labelPrefix = 'worker',
  entry: WorkerEntry = TSX_ENTRY,
): Promise<BenchWorker[]> {
  const ws = Array.from({ length: count }, (_, i) => spawnWorker(kind, `${labelPrefix} ${i + 1}`, entry));
  try {
    await waitUntil(
      () => ws.every((w) => w.got.ready !== undefined),
      () => `${ws.filter((w) => !w.got.ready).length}/${count} workers to start`,
      60_000 + count * 5_000,
      ws,
    );
  } catch (e) {
    await killWorkers(ws);
    throw e;
  }
  return ws;
}

/** SIGKILLs the given workers (only those) and waits until they are gone. */
export async function killWorkers(ws: readonly BenchWorker[]): Promise<void> {
  for (const w of ws) w.kill();
  await Promise.all(ws.map((w) => w.exited));
}

/**
 * Asks every worker to report and leave; resolves with each one's 'ended' report, or undefined for
 * a worker that died first (wrtc can crash on teardown). Whatever lingers is killed.
 */
export async function endWorkers(
  ws: readonly BenchWorker[],
  limitMs = 10_000,
): Promise<(Extract<FromWorker, { t: 'ended' }> | undefined)[]> {
  for (const w of ws) w.send({ t: 'end' });
  const giveUp = Date.now() + limitMs;
  while (Date.now() < giveUp && !ws.every((w) => w.got.ended !== undefined || w.gone() !== undefined)) await sleep(5);
  await Promise.race([Promise.all(ws.map((w) => w.exited)), sleep(2_000)]);
  await killWorkers(ws);
  return ws.map((w) => w.got.ended);
}
