import { backoffDelay, type BackoffOptions } from './backoff';
import { type ClientFrame, type ErrorCode, type ServerFrame, type ServerLimits } from '../wire/index';

/** Connection state of the signalling client. */
export type SignalState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'replaced' | 'stopped';

/** Status reported to the UI: state, reconnect attempt (0 when open), last server error. */
export interface SignalStatus {
  readonly state: SignalState;
  readonly attempt: number;
  readonly lastError?: ErrorCode;
}

/** The subset of the WebSocket API used here (browser WebSocket and `ws` both fit). */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
/** A WebSocket constructor. */
export type WebSocketCtor = new (url: string) => WebSocketLike;

/** Options of {@link createSignalClient}. */
export interface SignalClientOptions {
  /** WebSocket URL of the server's `/ws` endpoint, or several (tried in turn on each reconnect). */
  readonly url: string | readonly string[];
  readonly room: string;
  readonly peer: string;
  /** Defaults to the global WebSocket (browser, Node ≥ 22). */
  readonly WebSocketImpl?: WebSocketCtor;
  readonly backoff?: BackoffOptions;
  /** Keepalive ping interval (ms); the socket is recycled after 2 intervals of silence. 0 disables. Default 20 000. */
  readonly keepaliveMs?: number;
  /** Frames queued for pacing at most; beyond that the newest are dropped (anti-entropy resends). Default 5000. */
  readonly maxQueued?: number;
}

/** Frames the transport sends once joined (the room is filled in). */
export type RoomFrame = { t: 'signal'; to: string; data: unknown } | { t: 'send'; data: string; to?: string };

/** A signalling connection to one room that reconnects and re-joins by itself. */
export interface SignalClient {
  start(): void;
  stop(): void;
  /** Queues a frame for the room; dropped (false) when not joined. Paced to the server's rate limit. */
  send(frame: RoomFrame): boolean;
  /** Every server frame after `welcome` (joined, presence, signal, env, error). */
  onFrame(cb: (f: ServerFrame) => void): () => void;
  onStatus(cb: (s: SignalStatus) => void): () => void;
  status(): SignalStatus;
  /** Limits from the server's `welcome`, once connected. */
  limits(): ServerLimits | undefined;
  /** True between `joined` and the socket closing. */
  joined(): boolean;
}

const OPEN = 1;

/** Creates a signalling client; call `start()` to connect. */
export function createSignalClient(opts: SignalClientOptions): SignalClient {
  const Impl = opts.WebSocketImpl ?? (globalThis as { WebSocket?: WebSocketCtor }).WebSocket;
  if (Impl === undefined)
    throw new Error('no WebSocket implementation: pass WebSocketImpl (e.g. the `ws` package) in Node');
  const keepaliveMs = opts.keepaliveMs ?? 20_000;
  const maxQueued = opts.maxQueued ?? 5000;
  const frameCbs = new Set<(f: ServerFrame) => void>();
  const statusCbs = new Set<(s: SignalStatus) => void>();
  let status: SignalStatus = { state: 'idle', attempt: 0 };
  let ws: WebSocketLike | undefined;
  let serverLimits: ServerLimits | undefined;
  let isJoined = false;
  let attempt = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let keepaliveTimer: ReturnType<typeof setInterval> | undefined;
  let drainTimer: ReturnType<typeof setTimeout> | undefined;
  let lastHeard = 0;
  const urls = typeof opts.url === 'string' ? [opts.url] : [...opts.url];
  if (urls.length === 0) throw new Error('no signalling URL');
  let urlIndex = 0;
  // Client-side token bucket, a little below the server's, so that bursts (anti-entropy) are paced.
  const queue: string[] = [];
  let tokens = 0;
  let lastRefill = 0;

  function setStatus(s: SignalStatus): void {
    status = s;
    for (const cb of statusCbs) cb(s);
  }

  function unref(t: unknown): void {
    (t as { unref?: () => void }).unref?.();
  }

  function clearTimers(): void {
    if (reconnectTimer !== undefined) clearTimeout(reconnectTimer);
    if (keepaliveTimer !== undefined) clearInterval(keepaliveTimer);
    if (drainTimer !== undefined) clearTimeout(drainTimer);
    reconnectTimer = keepaliveTimer = drainTimer = undefined;
  }

  function rawSend(frame: ClientFrame): void {
    if (ws?.readyState === OPEN) ws.send(JSON.stringify(frame));
  }

  function drain(): void {
    drainTimer = undefined;
    if (!isJoined || ws?.readyState !== OPEN || serverLimits === undefined) {
      queue.length = 0;
      return;
    }
    const rate = Math.max(1, serverLimits.ratePerSec * 0.8);
    const cap = Math.max(1, Math.floor(serverLimits.burst * 0.8));
    const now = Date.now();
    tokens = Math.min(cap, tokens + ((now - lastRefill) * rate) / 1000);
    lastRefill = now;
    while (queue.length > 0 && tokens >= 1) {
      tokens -= 1;
      ws.send(queue.shift() as string);
    }
    if (queue.length > 0) {
      drainTimer = setTimeout(drain, Math.ceil(((1 - tokens) * 1000) / rate));
      unref(drainTimer);
    }
  }

  function connect(): void {
    reconnectTimer = undefined;
    setStatus({ state: attempt === 0 ? 'connecting' : 'reconnecting', attempt, lastError: status.lastError });
    const sock = new Impl!(urls[urlIndex % urls.length] as string);
    ws = sock;
    sock.onopen = () => {
      lastHeard = Date.now();
      if (keepaliveMs > 0) {
        keepaliveTimer = setInterval(() => {
          if (Date.now() - lastHeard > 2 * keepaliveMs) sock.close(4000, 'keepalive timeout');
          else rawSend({ t: 'ping' });
        }, keepaliveMs);
        unref(keepaliveTimer);
      }
    };
    sock.onmessage = (ev) => {
      if (ws !== sock) return;
      lastHeard = Date.now();
      if (typeof ev.data !== 'string') return;
      let f: ServerFrame;
      try {
        f = JSON.parse(ev.data) as ServerFrame;
      } catch {
        return;
      }
      if (typeof f !== 'object' || f === null) return;
      switch (f.t) {
        case 'welcome':
          serverLimits = f.limits;
          tokens = Math.floor(f.limits.burst * 0.8);
          lastRefill = Date.now();
          rawSend({ t: 'join', room: opts.room, peer: opts.peer });
          return;
        case 'joined':
          isJoined = true;
          attempt = 0;
          setStatus({ state: 'open', attempt: 0 });
          break;
        case 'pong':
          return;
        case 'error':
          if (f.code === 'replaced') {
            // Another tab/process took our peer id: reconnecting would kick it in turn, forever.
            stopped = true;
            setStatus({ state: 'replaced', attempt: 0, lastError: 'replaced' });
          } else {
            status = { ...status, lastError: f.code };
            // A refused join (room full, too many rooms) is retried with backoff on a new socket.
            if (f.ref === 'join' && !isJoined) sock.close(4000, 'join refused');
          }
          break;
      }
      for (const cb of frameCbs) cb(f);
    };
    sock.onerror = () => {};
    sock.onclose = () => {
      if (ws !== sock) return;
      ws = undefined;
      isJoined = false;
      queue.length = 0;
      clearTimers();
      if (stopped) {
        if (status.state !== 'replaced') setStatus({ state: 'stopped', attempt: 0 });
        return;
      }
      attempt++;
      // With several servers (scale-out behind Redis), the next attempt goes to the next one.
      urlIndex++;
      setStatus({ state: 'reconnecting', attempt, lastError: status.lastError });
      reconnectTimer = setTimeout(connect, backoffDelay(attempt, opts.backoff));
    };
  }

  let stopped = true;

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      attempt = 0;
      connect();
    },
    stop() {
      stopped = true;
      clearTimers();
      isJoined = false;
      queue.length = 0;
      const sock = ws;
      ws = undefined;
      sock?.close(1000, 'bye');
      if (status.state !== 'replaced') setStatus({ state: 'stopped', attempt: 0 });
    },
    send(frame) {
      if (!isJoined || ws?.readyState !== OPEN) return false;
      if (queue.length >= maxQueued) return false;
      queue.push(JSON.stringify({ ...frame, room: opts.room }));
      if (drainTimer === undefined) drain();
      return true;
    },
    onFrame(cb) {
      frameCbs.add(cb);
      return () => frameCbs.delete(cb);
    },
    onStatus(cb) {
      statusCbs.add(cb);
      return () => statusCbs.delete(cb);
    },
    status: () => status,
    limits: () => serverLimits,
    joined: () => isJoined,
  };
}
