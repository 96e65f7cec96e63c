/**
 * Process-level test harness: the real `frost-ceremony` binary as child processes (server,
 * coordinator, participants), their `--json-events` progress parsed line by line, and waits
 * on events instead of sleeps. Every child is tracked so a test can kill them all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProgressEvent } from '../headlessReport';

const BIN = 'bin/frost-ceremony.mjs';

export interface Proc {
  readonly child: ChildProcess;
  readonly events: ProgressEvent[];
  /** Arrival time (ms) of each event, same index as `events`. */
  readonly times: number[];
  stderr(): string;
  /** Resolves with the first event matching `pred` (past or future); rejects if the process exits first. */
  waitFor<T extends ProgressEvent = ProgressEvent>(pred: (e: ProgressEvent) => boolean, what: string): Promise<T>;
  /** Resolves once stderr contains `text`. */
  waitForStderr(text: string): Promise<void>;
  /** Resolves with the exit code (or signal name). */
  readonly exited: Promise<number | string>;
  answer(line: string): void;
}

/** Tracks every child of a test file; `killAll` in afterAll/afterEach. */
export function createProcs() {
  const all = new Set<ChildProcess>();

  function track(child: ChildProcess): Promise<number | string> {
    all.add(child);
    return new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        all.delete(child);
        resolve(code ?? signal ?? 'unknown');
      }),
    );
  }

  function participant(args: string[]): Proc {
    const child = spawn(process.execPath, [BIN, ...args, '--json-events'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = track(child);
    const events: ProgressEvent[] = [];
    const times: number[] = [];
    let err = '';
    let buf = '';
    const waiters: { pred: (e: ProgressEvent) => boolean; resolve: (e: ProgressEvent) => void }[] = [];
    const errWaiters: { text: string; resolve: () => void }[] = [];
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (!line.trim()) continue;
        const e = JSON.parse(line) as ProgressEvent;
        events.push(e);
        times.push(Date.now());
        for (const w of [...waiters]) {
          if (w.pred(e)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(e);
          }
        }
      }
    });
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      for (const w of [...errWaiters]) {
        if (err.includes(w.text)) {
          errWaiters.splice(errWaiters.indexOf(w), 1);
          w.resolve();
        }
      }
    });
    return {
      child,
      events,
      times,
      stderr: () => err,
      exited,
      waitFor<T extends ProgressEvent>(pred: (e: ProgressEvent) => boolean, what: string): Promise<T> {
        const found = events.find(pred);
        if (found) return Promise.resolve(found as T);
        return new Promise<T>((resolve, reject) => {
          waiters.push({ pred, resolve: resolve as (e: ProgressEvent) => void });
          void exited.then((code) => reject(new Error(`process exited (${code}) before ${what}\n${err.slice(-3000)}`)));
        });
      },
      waitForStderr(text) {
        if (err.includes(text)) return Promise.resolve();
        return new Promise((resolve, reject) => {
          errWaiters.push({ text, resolve });
          void exited.then((code) =>
            reject(new Error(`process exited (${code}) before printing ${JSON.stringify(text)}\n${err.slice(-3000)}`)),
          );
        });
      },
      answer(line) {
        child.stdin?.write(`${line}\n`);
      },
    };
  }

  /** `frost-ceremony serve` on `port` (0 = any); resolves once it listens. */
  function server(
    port = 0,
  ): Promise<{ url: string; port: number; child: ChildProcess; exited: Promise<number | string> }> {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--static', '/nonexistent'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = track(child);
    let err = '';
    return new Promise((resolve, reject) => {
      child.stderr?.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /open (http:\/\/[^\s/]+)\//.exec(err);
        if (m?.[1]) resolve({ url: m[1], port: Number(new URL(m[1]).port), child, exited });
      });
      void exited.then((code) => reject(new Error(`server exited (${code}) before listening: ${err}`)));
    });
  }

  async function killAll(): Promise<void> {
    const waits = [...all].map(
      (c) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r()))),
    );
    for (const c of all) c.kill('SIGKILL');
    await Promise.all(waits);
  }

  return { participant, server, killAll };
}

export const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), `frost-${prefix}-`));

/** Waits for the invite event of a coordinator. */
export async function inviteOf(coordinator: Proc): Promise<string> {
  const e = await coordinator.waitFor<Extract<ProgressEvent, { t: 'invite' }>>(
    (x) => x.t === 'invite',
    'the invite link',
  );
  return e.url;
}

export type SuccessEvent = Extract<ProgressEvent, { t: 'success' }>;
export const isSuccess = (e: ProgressEvent): boolean => e.t === 'success';

export function readJson<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/**
 * A WebSocket proxy in front of the signalling server that records every frame a client sends
 * (i.e. everything the server receives), byte for byte.
 */
export async function recordingProxy(
  targetWsUrl: string,
): Promise<{ url: string; frames: Buffer[]; close(): Promise<void> }> {
  const { WebSocketServer, WebSocket } = await import('ws');
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/ws' });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const frames: Buffer[] = [];
  const sockets = new Set<InstanceType<typeof WebSocket>>();
  wss.on('connection', (client) => {
    const upstream = new WebSocket(targetWsUrl);
    sockets.add(client);
    sockets.add(upstream);
    const pending: [Buffer, boolean][] = [];
    client.on('error', () => {});
    upstream.on('error', () => {});
    client.on('message', (data, isBinary) => {
      const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      frames.push(buf);
      if (upstream.readyState === WebSocket.OPEN) upstream.send(buf, { binary: isBinary });
      else pending.push([buf, isBinary]);
    });
    upstream.on('open', () => {
      for (const [b, bin] of pending.splice(0)) upstream.send(b, { binary: bin });
    });
    upstream.on('message', (data, isBinary) => {
      if (client.readyState === WebSocket.OPEN) client.send(data as Buffer, { binary: isBinary });
    });
    client.on('close', () => upstream.close());
    upstream.on('close', () => client.close());
  });
  const port = (wss.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    frames,
    async close() {
      for (const s of sockets) s.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
}
