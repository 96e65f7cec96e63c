/** Test helpers (Node only): a server in a child process, and transports wired with wrtc + ws. */
import wrtc from '@roamhq/wrtc';
import { spawn, type ChildProcess } from 'node:child_process';
import { WebSocket } from 'ws';
import { createTransport, type DeliveryPath, type Transport, type TransportOptions } from '../transport';

/** A signalling server running as its own process (`node bin/tsx.mjs src/server/main.ts`). */
export interface ServerProcess {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or the signal name). */
  readonly exited: Promise<number | string>;
  stderr(): string;
}

/** Starts the standalone server; resolves once it printed the URL to open. */
export function spawnServer(args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['bin/tsx.mjs', 'src/server/main.ts', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let err = '';
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  child.stdout?.resume();
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /open (http:\/\/[^\s/]+)\//.exec(err);
      if (m?.[1] !== undefined) {
        const url = m[1];
        resolve({ url, port: Number(new URL(url).port), child, exited, stderr: () => err });
      }
    });
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening: ${err}`)));
  });
}

/** One transport plus everything it delivered, for assertions. */
export interface TestPeer {
  readonly id: string;
  readonly t: Transport;
  /** Delivered envelopes as [text, from, path]. */
  readonly got: [string, string, DeliveryPath][];
  /** onBadPeerData reports as [from, reason]. */
  readonly bad: [string, string][];
}

/** Creates and starts a transport for `id` in `room` (WebRTC via @roamhq/wrtc, WebSocket via ws). */
export function makePeer(
  serverUrl: string | readonly string[],
  room: string,
  id: string,
  extra: Partial<TransportOptions> = {},
): TestPeer {
  const t = createTransport({
    serverUrl,
    roomId: room,
    selfId: id,
    wrtc,
    WebSocketImpl: WebSocket as unknown as TransportOptions['WebSocketImpl'],
    backoff: { baseMs: 50, maxMs: 400 },
    ...extra,
  });
  const peer: TestPeer = { id, t, got: [], bad: [] };
  t.onEnvelope((bytes, from, path) => {
    peer.got.push([new TextDecoder().decode(bytes), from, path]);
  });
  t.onBadPeerData((from, reason) => peer.bad.push([from, reason]));
  t.start();
  return peer;
}

/**
 * Polls `cond` until it holds. Not a timed assertion: the limit only turns a hang into a
 * failure that says what was still awaited (`what`), before the test runner's own timeout.
 */
export async function until(cond: () => boolean, stepMs = 10, what?: () => unknown): Promise<void> {
  const giveUp = Date.now() + 45_000;
  while (!cond()) {
    if (Date.now() > giveUp) throw new Error(`still waiting after 45 s: ${JSON.stringify(what?.() ?? null)}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** Texts delivered to a peer, sorted (order across paths is not guaranteed). */
export function texts(p: TestPeer): string[] {
  return p.got.map(([s]) => s).sort();
}

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
