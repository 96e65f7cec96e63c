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
          void exited.then((code) => reject(new Error(`process exited (${code}) before printing ${JSON.stringify(text)}\n${err.slice(-3000)}`)));
        });
      },
      answer(line) {
        child.stdin?.write(`${line}\n`);
      },
    };
  }

  /** `frost-ceremony serve` on `port` (0 = any); resolves once it listens. */
  function server(port = 0): Promise<{ url: string; port: number; child: ChildProcess; exited: Promise<number | string> }> {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--static', '/nonexistent'], { stdio: ['ignore', 'ignore', 'pipe'] });
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
    const waits = [...all].map((c) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r()))));
    for (const c of all) c.kill('SIGKILL');
    await Promise.all(waits);
  }

  return { participant, server, killAll };
}

export const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), `frost-${prefix}-`));

/** Waits for the invite event of a coordinator. */
export async function inviteOf(coordinator: Proc): Promise<string> {
  const e = await coordinator.waitFor<Extract<ProgressEvent, { t: 'invite' }>>((x) => x.t === 'invite', 'the invite link');
  return e.url;
}

export type SuccessEvent = Extract<ProgressEvent, { t: 'success' }>;
export const isSuccess = (e: ProgressEvent): boolean => e.t === 'success';

export function readJson<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
