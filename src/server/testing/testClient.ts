/** Test helper: a raw WebSocket client that records server frames and waits for them. */
import { WebSocket } from 'ws';
import type { ServerFrame } from '../../wire/index';

export interface RawClient {
  readonly ws: WebSocket;
  /** Every frame received so far, in order. */
  readonly frames: ServerFrame[];
  /** Sends a frame (objects are JSON-encoded; strings and buffers go as they are). */
  send(frame: unknown): void;
  /** Resolves with the first not-yet-consumed frame matching `pred` (waits for it if needed). */
  next<T extends ServerFrame = ServerFrame>(pred?: (f: ServerFrame) => boolean): Promise<T>;
  /** Resolves when the socket closes, with the close code. */
  closed: Promise<number>;
  close(): void;
}

/** Connects, waits for `welcome`, and returns the client. */
export async function connectRaw(
  wsUrl: string,
  options: { autoPong?: boolean; headers?: Record<string, string> } = {},
): Promise<RawClient> {
  const ws = new WebSocket(wsUrl, {
    autoPong: options.autoPong ?? true,
    ...(options.headers ? { headers: options.headers } : {}),
  });
  const frames: ServerFrame[] = [];
  const consumed = new Set<number>();
  const waiters: { pred: (f: ServerFrame) => boolean; resolve: (f: ServerFrame) => void }[] = [];
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  ws.on('error', () => {});
  ws.on('message', (data) => {
    const f = JSON.parse(String(data)) as ServerFrame;
    const i = frames.push(f) - 1;
    const w = waiters.findIndex((x) => x.pred(f));
    if (w >= 0) {
      consumed.add(i);
      const [waiter] = waiters.splice(w, 1);
      waiter?.resolve(f);
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const client: RawClient = {
    ws,
    frames,
    send(frame) {
      ws.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame));
    },
    next<T extends ServerFrame>(pred: (f: ServerFrame) => boolean = () => true): Promise<T> {
      for (let i = 0; i < frames.length; i++) {
        const f = frames[i];
        if (f !== undefined && !consumed.has(i) && pred(f)) {
          consumed.add(i);
          return Promise.resolve(f as T);
        }
      }
      return new Promise<T>((resolve) => waiters.push({ pred, resolve: resolve as (f: ServerFrame) => void }));
    },
    closed,
    close() {
      ws.close();
    },
  };
  await client.next((f) => f.t === 'welcome');
  return client;
}

/** Connects and joins `room` as `peer`; resolves after `joined`. */
export async function joinRaw(wsUrl: string, room: string, peer: string): Promise<RawClient> {
  const c = await connectRaw(wsUrl);
  c.send({ t: 'join', room, peer });
  await c.next((f) => f.t === 'joined');
  return c;
}
