import {
  type IceServer,
  CLOSE_CODES,
  DEFAULT_MAX_PEERS_PER_ROOM,
  MAX_ENVELOPE_BYTES,
  WIRE_VERSION,
  type ClientFrame,
  type ErrorCode,
  type ServerFrame,
  type ServerLimits,
} from '../wire/index';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { silentLogger, type Logger } from './logger';
import { createMemoryRegistry } from './memoryRegistry';
import { parseClientFrame } from './parseFrame';
import { after, createJobQueue, type JobQueue } from './jobQueue';
import type { Awaitable, ReplaySource, RoomMember, RoomRegistry } from './roomRegistry';
import { addressKey } from './clientAddress';
import { createStaticHandler, securityHeaders } from './staticFiles';
import { createTokenBucket, type TokenBucket } from './tokenBucket';
import { createByteBudget, type ByteBudget } from './byteBudget';

/** Default limits: generous for a ceremony of a few dozen custodians, small for an abuser. */
export const DEFAULT_LIMITS: ServerLimits = {
  // Envelopes up to MAX_ENVELOPE_BYTES (192 KiB, see src/wire/limits.ts). Frames carry them
  // base64-encoded (4/3) plus a little JSON.
  maxFrameBytes: 320 * 1024,
  maxEnvelopeBytes: MAX_ENVELOPE_BYTES,
  // The protocol allows rosters of up to MAX_PARTICIPANTS (100), plus a few onlookers.
  maxPeersPerRoom: DEFAULT_MAX_PEERS_PER_ROOM,
  maxRooms: 1000,
  ratePerSec: 100,
  burst: 400,
  maxLogEntries: 2000,
  maxLogBytes: 16 * 1024 * 1024,
  // One peer id's share of a room log: a participant of a 100-member ceremony logs ~110
  // envelopes per generation, and a coordinator a few Restarts of at most MAX_ENVELOPE_BYTES.
  maxLogEntriesPerPeer: 500,
  maxLogBytesPerPeer: 2 * 1024 * 1024,
};

/**
 * Per-client-address defaults (SECURITY.md "One address takes every connection slot", "One
 * socket fills the room table"). They apply to remote addresses only: a loopback client is this
 * machine (a reverse proxy without `trustProxy`, tests), see {@link SignalServerOptions.limitLoopback}.
 */
export const DEFAULT_PER_ADDRESS = {
  /** Open WebSocket connections per address (a ceremony needs one per custodian). */
  maxConnectionsPerIp: 64,
  /** Open TCP connections per address, WebSockets included (idle HTTP sockets hold descriptors). */
  maxSocketsPerIp: 128,
  /** Rooms created from one address held at once (expired or dropped rooms free their slot). */
  maxRoomsPerIp: 20,
} as const;

/** Rooms one connection may create in its lifetime (a client joins one room per connection). */
export const DEFAULT_MAX_ROOMS_PER_CONNECTION = 4;

/**
 * A connection that completes no message for this long is closed (4003). Clients ping every 20 s
 * (a background tab's timers may slow to once a minute). An unfinished fragmented message
 * completes nothing, so this also bounds how long one can hold server memory.
 */
export const DEFAULT_MESSAGE_IDLE_MS = 120_000;

/**
 * Fragments one WebSocket message may arrive in (`ws`'s `maxFragments`). Chromium splits a
 * message into frames of 131 000 bytes (measured: a 320 KiB message came as 3), `ws` (the CLI)
 * sends one; 32 leaves a wide margin for other browsers, and tiny fragments only serve to make
 * the server hold many buffers.
 */
export const MAX_FRAGMENTS = 32;

/**
 * Bytes a connection may send that complete no message (SECURITY.md §3.4, item 3; `byteBudget.ts`):
 * frame headers, control frames and a message not yet finished. `bytes` holds one unfinished
 * message at the hard cap (400 KiB) plus 64 KiB; `perSec` refills 64 KiB/s. A real client
 * spends a few bytes of headers per message (Chromium: ≤ 14 bytes × 4 fragments; `ws`: one
 * frame) and a pong every 30 s: at the message rate limit (100/s) that is under 6 KiB/s,
 * whatever the ceremony's size, since a large message (a round-1 broadcast at n = 100, a
 * Restart) gives its payload back when it completes. Beyond it: close 4004.
 */
export const DEFAULT_OVERHEAD_BUDGET = { bytes: 64 * 1024, perSec: 64 * 1024 } as const;

/** HTTP timeouts: a socket that sends no complete request head in time is closed. */
export const HTTP_TIMEOUTS = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  /** A socket with no traffic at all (before any request, or between them) for this long is closed. */
  idleSocketMs: 30_000,
} as const;

/** A replay pauses while the joiner's socket holds this many unsent bytes, and resumes on drain. */
const REPLAY_HIGH_WATER = 1024 * 1024;

/** How long an empty room (and its log) is kept by default: 10 minutes. */
export const DEFAULT_ROOM_TTL_MS = 10 * 60_000;

/** Options of {@link createSignalServer}; everything is optional. */
export interface SignalServerOptions {
  /**
   * STUN/TURN servers handed to browsers at GET /config.json, so participants behind NAT
   * can open direct data channels (default none: loopback/LAN, with the relay as fallback).
   */
  readonly iceServers?: readonly IceServer[];
  /** Port to listen on; 0 (default) picks a free one. */
  readonly port?: number;
  /** Interface to bind; default 127.0.0.1. */
  readonly host?: string;
  /** Directory of the Vite build; default 'dist'. */
  readonly staticDir?: string;
  /** Overrides of {@link DEFAULT_LIMITS}. */
  readonly limits?: Partial<ServerLimits>;
  /** An empty room and its log are dropped after this long (ms); default 10 minutes. */
  readonly roomTtlMs?: number;
  /** How often expired rooms are swept (ms); default 30 s; 0 disables the timer (call `sweep()`). */
  readonly sweepIntervalMs?: number;
  /** WebSocket ping interval (ms); a connection without a pong by the next ping is dropped. 0 disables. */
  readonly heartbeatMs?: number;
  /** A connection whose unsent output exceeds this many bytes is dropped (slow reader). */
  readonly maxBufferedBytes?: number;
  /** Structured log sink; default silent. */
  readonly logger?: Logger;
  /** Clock in ms (rate limits, expiry); default Date.now. */
  readonly now?: () => number;
  /** Envelope bytes kept across all room logs (in-memory registry); default 256 MiB. */
  readonly maxTotalLogBytes?: number;
  /** Room backend (e.g. {@link createRedisRegistry}); default an in-memory registry built from the limits. It is closed with the server. */
  readonly registry?: RoomRegistry;
  /** Open WebSocket connections at most (each costs memory); further upgrades get 503. Default 5000. */
  readonly maxConnections?: number;
  /** Open WebSocket connections per client address; further upgrades get 429. Default 64 (remote addresses). */
  readonly maxConnectionsPerIp?: number;
  /** Open TCP connections per peer address (HTTP and WebSocket); further ones are closed at once. Default 128. */
  readonly maxSocketsPerIp?: number;
  /** Rooms created from one client address held at once; further creations get `too_many_rooms`. Default 20. */
  readonly maxRoomsPerIp?: number;
  /** Rooms one connection may create; further creations get `too_many_rooms`. Default 4. */
  readonly maxRoomsPerConnection?: number;
  /**
   * Apply the per-address limits to loopback clients too. Default false: a loopback client is
   * this machine — a reverse proxy (then set `trustProxy` so limits see the real addresses),
   * a local test or benchmark — and capping it would cap everyone behind the proxy at once.
   */
  readonly limitLoopback?: boolean;
  /** Close a connection (4003) that completes no message for this long (ms); default 2 min. Checked on heartbeats. */
  readonly messageIdleMs?: number;
  /**
   * Include room, peer, log and connection counts in `/healthz`. Default false: they tell anyone
   * how busy the server is (how many ceremonies run); `/healthz` answers `{"ok":true}` only.
   */
  readonly healthDetails?: boolean;
  /**
   * Bytes that complete no message a connection may owe (on top of one message at the hard cap),
   * and how fast they are forgiven; default {@link DEFAULT_OVERHEAD_BUDGET}. Beyond it: close 4004.
   */
  readonly overheadBudget?: { readonly bytes: number; readonly perSec: number };
  /** Overrides of {@link HTTP_TIMEOUTS} (ms). */
  readonly httpTimeouts?: Partial<Record<keyof typeof HTTP_TIMEOUTS, number>>;
  /**
   * Take the client address from the last `X-Forwarded-For` entry (the one our own reverse proxy
   * appended). Only behind a proxy: otherwise any client could pick its address. Default false.
   */
  readonly trustProxy?: boolean;
  /**
   * Test and audit hooks. `inbound` sees every text frame a client sends (before any check);
   * `outbound` may rewrite every frame about to go to a connection: return replacement frames
   * (an empty list drops it) or undefined to send it as is. With them a test can record what
   * the server saw, or play a lying server (drop, duplicate, reorder, tamper, fake presence).
   */
  readonly inbound?: (text: string, conn: number) => void;
  readonly outbound?: (
    frame: ServerFrame,
    to: { conn: number; peer: string | undefined; room: string | undefined },
  ) => readonly ServerFrame[] | undefined;
  /**
   * When set, WebSocket upgrades whose `Origin` header is another origin get `403 Forbidden`
   * (body `origin not allowed`). Upgrades without an Origin (headless clients, not browsers)
   * are accepted: the check keeps other web sites' pages from using the server, nothing more.
   */
  readonly allowedOrigins?: readonly string[];
  /**
   * Send `Strict-Transport-Security` ({@link HSTS_HEADER}) on every HTTP response. Only
   * meaningful when browsers reach the server over https (behind a TLS proxy); browsers ignore
   * it on plain http.
   */
  readonly hsts?: boolean;
}

/** The Strict-Transport-Security value sent with `hsts`: one year, this host only. */
export const HSTS_HEADER = 'max-age=31536000';

/** A running server. */
export interface SignalServer {
  /** Base URL, e.g. http://127.0.0.1:8790 (the WebSocket endpoint is `${url}/ws` with ws:). */
  readonly url: string;
  /** WebSocket URL of the signalling endpoint. */
  readonly wsUrl: string;
  /** Bound port. */
  readonly port: number;
  /** Effective limits. */
  readonly limits: ServerLimits;
  /** Drops expired rooms now; returns their ids. */
  sweep(): Promise<string[]>;
  /** Counts of rooms, peers, log entries and open connections. */
  stats(): { rooms: number; peers: number; logEntries: number; connections: number };
  /** Stops accepting, closes every socket with 1001 (going away), and resolves when done. */
  close(): Promise<void>;
}

interface Connection extends RoomMember {
  readonly ws: WebSocket;
  readonly bucket: TokenBucket;
  readonly budget: ByteBudget;
  /** Closed (4004) for overdrawing its byte budget; nothing more it sends is handled. */
  overdrawn: boolean;
  room: string | undefined;
  claimedPeer: string | undefined;
  alive: boolean;
  lastRateError: number;
  /** When this connection last completed a message (for the idle limit). */
  lastMessageAt: number;
  /** Rooms this connection created. */
  roomsCreated: number;
  /** Abandons a replay in progress and the live frames held behind it (leave, close, kick). */
  stopReplay(): void;
  /** Frames of one connection are handled in order, one at a time (the registry may be async). */
  readonly jobs: JobQueue;
}

/** Starts a signalling server + static file server; resolves once it is listening. */
export async function createSignalServer(opts: SignalServerOptions = {}): Promise<SignalServer> {
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const now = opts.now ?? Date.now;
  const log = opts.logger ?? silentLogger;
  const maxBuffered = opts.maxBufferedBytes ?? 8 * 1024 * 1024;
  const maxConnectionsPerIp = opts.maxConnectionsPerIp ?? DEFAULT_PER_ADDRESS.maxConnectionsPerIp;
  const maxSocketsPerIp = opts.maxSocketsPerIp ?? DEFAULT_PER_ADDRESS.maxSocketsPerIp;
  const maxRoomsPerConnection = opts.maxRoomsPerConnection ?? DEFAULT_MAX_ROOMS_PER_CONNECTION;
  const messageIdleMs = opts.messageIdleMs ?? DEFAULT_MESSAGE_IDLE_MS;
  const registry =
    opts.registry ??
    createMemoryRegistry({
      maxRooms: limits.maxRooms,
      maxPeersPerRoom: limits.maxPeersPerRoom,
      maxLogEntries: limits.maxLogEntries,
      maxLogBytes: limits.maxLogBytes,
      maxLogEntriesPerPeer: limits.maxLogEntriesPerPeer,
      maxLogBytesPerPeer: limits.maxLogBytesPerPeer,
      maxRoomsPerAddress: opts.maxRoomsPerIp ?? DEFAULT_PER_ADDRESS.maxRoomsPerIp,
      roomTtlMs: opts.roomTtlMs ?? DEFAULT_ROOM_TTL_MS,
      ...(opts.maxTotalLogBytes === undefined ? {} : { maxTotalLogBytes: opts.maxTotalLogBytes }),
      now,
    });
  const serveStatic = createStaticHandler(opts.staticDir ?? 'dist');
  const conns = new Set<Connection>();
  const perIp = new Map<string, number>();
  const upgraded = new WeakSet<Duplex>();
  let nextConn = 1;
  let closing = false;

  const timeouts = { ...HTTP_TIMEOUTS, ...opts.httpTimeouts };
  const http = createServer(
    {
      headersTimeout: timeouts.headersTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    },
    (req, res) => void handleHttp(req, res),
  );
  // Idle sockets (connected, silent) are closed; `ws` turns this off for upgraded sockets.
  http.setTimeout(timeouts.idleSocketMs);
  // Every open socket holds a file descriptor: WebSockets plus a margin for plain HTTP.
  http.maxConnections = (opts.maxConnections ?? 5000) + 1000;
  // Frames between maxFrameBytes and this hard cap get an error frame; beyond it `ws` closes
  // (1009). It is also what an unfinished fragmented message can hold (it was 4 × maxFrameBytes).
  // No per-message deflate: envelopes are random-looking bytes, and compression costs CPU and
  // memory per socket (and invites compression-oracle attacks).
  const maxPayload = limits.maxFrameBytes + Math.max(1024, Math.floor(limits.maxFrameBytes / 4));
  const overhead = { ...DEFAULT_OVERHEAD_BUDGET, ...opts.overheadBudget };
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload,
    maxFragments: MAX_FRAGMENTS,
    perMessageDeflate: false,
  });

  const socketsPerIp = new Map<string, number>();
  http.on('connection', (socket: Socket) => {
    const a = addressKey(socket.remoteAddress ?? 'unknown');
    if (a.loopback && opts.limitLoopback !== true) return;
    const n = (socketsPerIp.get(a.key) ?? 0) + 1;
    if (n > maxSocketsPerIp) {
      log({ event: 'limit', level: 'warn', code: 'too_many_sockets_per_address' });
      socket.destroy();
      return;
    }
    socketsPerIp.set(a.key, n);
    socket.once('close', () => {
      const left = (socketsPerIp.get(a.key) ?? 1) - 1;
      if (left <= 0) socketsPerIp.delete(a.key);
      else socketsPerIp.set(a.key, left);
    });
  });

  /** Answers a method other than GET/HEAD on a fixed resource: 405 with the methods it allows. */
  function onlyGetOrHead(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method === 'GET' || req.method === 'HEAD') return true;
    res.writeHead(405, {
      Allow: 'GET, HEAD',
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
    });
    res.end('method not allowed\n');
    return false;
  }

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [k, v] of Object.entries(securityHeaders(req.headers.host))) res.setHeader(k, v);
    if (opts.hsts === true) res.setHeader('Strict-Transport-Security', HSTS_HEADER);
    try {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/healthz') {
        if (!onlyGetOrHead(req, res)) return;
        // Counts only when the operator asked for them: they tell anyone how busy the server is.
        const body = JSON.stringify(opts.healthDetails === true ? { ok: !closing, ...stats() } : { ok: !closing });
        res.writeHead(closing ? 503 : 200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : body);
        return;
      }
      if (path === '/config.json') {
        if (!onlyGetOrHead(req, res)) return;
        res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : JSON.stringify({ iceServers: opts.iceServers ?? [] }));
        return;
      }
      if (path === '/ws') {
        res.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8', Upgrade: 'websocket' });
        res.end('WebSocket upgrade required\n');
        return;
      }
      await serveStatic(req, res);
    } catch (err) {
      log({ event: 'error', level: 'error', code: 'internal', detail: String(err) });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  }

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '').split('?')[0];
    const origin = req.headers.origin;
    const originOk = opts.allowedOrigins === undefined || origin === undefined || opts.allowedOrigins.includes(origin);
    const full = conns.size >= (opts.maxConnections ?? 5000);
    const address = clientAddress(req);
    const ip = address?.key ?? '';
    if (address !== undefined && (perIp.get(ip) ?? 0) >= maxConnectionsPerIp && !closing && !full) {
      log({ event: 'limit', level: 'warn', code: 'too_many_connections_per_address' });
      socket.end('HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (closing || full || path !== '/ws') {
      const status = closing || full ? '503 Service Unavailable' : '404 Not Found';
      if (full) log({ event: 'limit', level: 'warn', code: 'too_many_connections' });
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    if (!originOk) {
      log({ event: 'limit', level: 'warn', code: 'origin_not_allowed', detail: String(origin).slice(0, 200) });
      const body = 'origin not allowed\n';
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
          `Content-Length: ${body.length}\r\n\r\n${body}`,
      );
      return;
    }
    if (address === undefined) {
      wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, socket, undefined));
      return;
    }
    perIp.set(ip, (perIp.get(ip) ?? 0) + 1);
    wss.handleUpgrade(req, socket, head, (ws) => {
      upgraded.add(socket);
      ws.once('close', () => release(ip));
      onConnection(ws, socket, ip);
    });
    // An upgrade that never completes must not hold its slot.
    socket.once('close', () => {
      if (!upgraded.has(socket)) release(ip);
    });
  });

  function release(ip: string): void {
    const n = (perIp.get(ip) ?? 1) - 1;
    if (n <= 0) perIp.delete(ip);
    else perIp.set(ip, n);
  }

  /** The client's address as the per-address limits count it, or undefined when they do not apply (loopback). */
  function clientAddress(req: IncomingMessage): { key: string } | undefined {
    let raw = req.socket.remoteAddress ?? 'unknown';
    if (opts.trustProxy === true) {
      const xff = req.headers['x-forwarded-for'];
      const last = (Array.isArray(xff) ? xff.join(',') : (xff ?? '')).split(',').pop()?.trim();
      if (last) raw = last;
    }
    const a = addressKey(raw);
    return a.loopback && opts.limitLoopback !== true ? undefined : a;
  }

  function send(c: Connection, frame: ServerFrame): void {
    if (opts.outbound !== undefined) {
      const replaced = opts.outbound(frame, { conn: c.conn, peer: c.claimedPeer, room: c.room });
      if (replaced !== undefined) {
        for (const f of replaced) write(c, f);
        return;
      }
    }
    write(c, frame);
  }

  // A frame relayed to a room is one object handed to every member: it is serialised once. Only
  // the last frame is remembered, and only without an outbound hook (which may rewrite frames).
  let lastFrame: ServerFrame | undefined;
  let lastText = Buffer.alloc(0);

  /** Sends through `ws`'s public API only (`send`, `bufferedAmount`); `ws` frames and writes it. */
  function write(c: Connection, frame: ServerFrame): void {
    if (c.ws.readyState !== c.ws.OPEN) return;
    if (c.ws.bufferedAmount > maxBuffered) {
      // A reader that does not keep up must not make the server hold unbounded memory.
      log({ event: 'limit', level: 'warn', conn: c.conn, room: c.room, peer: c.claimedPeer, code: 'slow_reader' });
      c.ws.terminate();
      return;
    }
    if (frame !== lastFrame || opts.outbound !== undefined) {
      lastText = Buffer.from(JSON.stringify(frame), 'utf8');
      lastFrame = frame;
    }
    c.ws.send(lastText, { binary: false });
  }

  function sendError(c: Connection, code: ErrorCode, message: string, ref?: string): void {
    const level = code === 'internal' ? 'error' : 'warn';
    const event =
      code === 'rate_limited' ||
      code === 'room_full' ||
      code === 'too_many_rooms' ||
      code === 'log_full' ||
      code === 'frame_too_large' ||
      code === 'envelope_too_large'
        ? 'limit'
        : 'error';
    log({ event, level, conn: c.conn, room: c.room, peer: c.claimedPeer, code, ...(ref === undefined ? {} : { ref }) });
    send(c, ref === undefined ? { t: 'error', code, message } : { t: 'error', code, message, ref });
  }

  /**
   * One WebSocket connection. A class defined once per server rather than an object literal per
   * connection: a literal's own getter and methods gave each of the 1000 connections its own
   * hidden class, which made every property load and call on the relay's path megamorphic.
   */
  class Conn implements Connection {
    readonly conn = nextConn++;
    readonly bucket = createTokenBucket(limits.burst, limits.ratePerSec, now);
    readonly budget = createByteBudget(maxPayload + overhead.bytes, overhead.perSec, now);
    room: string | undefined = undefined;
    claimedPeer: string | undefined = undefined;
    alive = true;
    lastRateError = -Infinity;
    lastMessageAt = now();
    roomsCreated = 0;
    /** Closed (4004) for overdrawing its byte budget. */
    overdrawn = false;
    readonly jobs: JobQueue;
    /** The replay being written at the pace the socket drains, and live frames held behind it. */
    replaying: ReplaySource | undefined = undefined;
    held: ServerFrame[] = [];
    heldBytes = 0;

    constructor(
      readonly ws: WebSocket,
      readonly socket: Duplex,
      readonly address: string | undefined,
    ) {
      this.jobs = createJobQueue((err) => {
        sendError(this, 'internal', 'internal error; frame dropped');
        log({ event: 'error', level: 'error', conn: this.conn, code: 'internal', detail: String(err) });
      });
    }

    get peer(): string {
      return this.claimedPeer ?? '';
    }

    get mayCreateRoom(): boolean {
      return this.roomsCreated < maxRoomsPerConnection;
    }

    deliver(frame: ServerFrame): void {
      if (this.replaying === undefined) return send(this, frame);
      // Behind the replay; what waits here counts against the slow-reader limit like unsent output.
      this.held.push(frame);
      this.heldBytes += frame.t === 'env' ? frame.data.length + 256 : JSON.stringify(frame).length;
      if (this.heldBytes + this.ws.bufferedAmount > maxBuffered) {
        log({
          event: 'limit',
          level: 'warn',
          conn: this.conn,
          room: this.room,
          peer: this.claimedPeer,
          code: 'slow_reader',
        });
        this.stopReplay();
        this.ws.terminate();
      }
    }

    replay(source: ReplaySource): void {
      this.stopReplay();
      this.replaying = source;
      this.pump();
    }

    /**
     * Writes replayed entries while the socket holds less than {@link REPLAY_HIGH_WATER} unsent
     * bytes, then waits for it to drain. The replay therefore never counts against the
     * slow-reader limit, however large the log: a joiner that reads gets all of it (the replay
     * bomb). A joiner that does not read stops the replay (its heartbeat then fails), not the server.
     */
    pump(): void {
      const source = this.replaying;
      if (source === undefined) return;
      while (this.ws.readyState === this.ws.OPEN) {
        if (this.ws.bufferedAmount >= Math.min(REPLAY_HIGH_WATER, maxBuffered / 4)) {
          this.socket.once('drain', () => {
            if (this.replaying === source) this.pump();
          });
          return;
        }
        const frame = source.next();
        if (frame === undefined) break;
        send(this, frame);
      }
      this.replaying = undefined;
      const held = this.held;
      this.stopReplay();
      for (const f of held) send(this, f);
    }

    stopReplay(): void {
      this.replaying = undefined;
      this.held = [];
      this.heldBytes = 0;
    }

    kick(): void {
      // Acceptable because envelopes are signed end to end: at worst a denial of service by
      // someone who knows the room id and the peer id.
      log({ event: 'replaced', level: 'warn', conn: this.conn, room: this.room, peer: this.claimedPeer });
      this.room = undefined;
      this.stopReplay();
      sendError(this, 'replaced', `peer id ${this.claimedPeer ?? ''} was claimed by another connection`);
      this.ws.close(CLOSE_CODES.replaced, 'replaced');
    }
  }

  function onConnection(ws: WebSocket, socket: Duplex, address: string | undefined): void {
    const c = new Conn(ws, socket, address);
    // The error handler goes first: a socket error must never become an uncaught exception.
    ws.on('error', (err) => log({ event: 'error', level: 'warn', conn: c.conn, code: 'socket', detail: err.message }));
    conns.add(c);
    log({ event: 'connect', conn: c.conn });
    ws.on('pong', () => {
      c.alive = true;
    });
    ws.on('message', (data: RawData, isBinary: boolean) => onMessage(c, data, isBinary));
    // Every byte the peer sends is charged; complete messages give their payload back
    // (`onMessage`). A public 'data' listener beside `ws`'s own: no frame parsing here.
    socket.on('data', (chunk: Buffer) => {
      if (c.overdrawn) {
        // `ws` resumes a socket its parser paused once the parser drains: pause it again.
        socket.pause();
        return;
      }
      if (c.budget.received(chunk.length)) return;
      c.overdrawn = true;
      log({ event: 'limit', level: 'warn', conn: c.conn, room: c.room, peer: c.claimedPeer, code: 'overhead' });
      c.ws.close(CLOSE_CODES.overhead, 'too many bytes that complete no message');
      // Read nothing more from it (destroying now would drop the close frame unsent); `ws`
      // destroys the socket when the peer answers the close or after its 30 s close timeout.
      socket.pause();
    });
    ws.on('close', () => {
      conns.delete(c);
      c.stopReplay();
      log({ event: 'disconnect', conn: c.conn, room: c.room, peer: c.claimedPeer });
      enqueue(c, () => leaveRoom(c));
    });
    send(c, { t: 'welcome', v: WIRE_VERSION, limits });
  }

  function enqueue(c: Connection, job: () => Awaitable<void>): void {
    c.jobs.push(job);
  }

  function onMessage(c: Connection, data: RawData, isBinary: boolean): void {
    c.lastMessageAt = now();
    c.budget.completed(
      Buffer.isBuffer(data)
        ? data.length
        : Array.isArray(data)
          ? data.reduce((n, b) => n + b.length, 0)
          : data.byteLength,
    );
    // Closed for overdrawing its budget: what `ws` still parses from the last chunk is not handled.
    if (c.overdrawn) return;
    if (!c.bucket.take()) {
      // One error per second at most: a flooder must not turn the server into an amplifier.
      const t = now();
      if (t - c.lastRateError >= 1000) {
        c.lastRateError = t;
        const msg = `more than ${limits.ratePerSec} frames/s (burst ${limits.burst}); frame dropped`;
        enqueue(c, () => sendError(c, 'rate_limited', msg));
      }
      return;
    }
    // Errors go through the same queue as answers, so replies keep the order of the frames.
    if (isBinary)
      return enqueue(c, () => sendError(c, 'binary_frame', 'binary frames are not accepted; send JSON text'));
    // `ws` hands text frames over as one Buffer; no copy.
    const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    opts.inbound?.(buf.toString('utf8'), c.conn);
    const parsed =
      buf.length > limits.maxFrameBytes
        ? parseClientFrame('', buf.length, limits)
        : parseClientFrame(buf.toString('utf8'), buf.length, limits);
    if (!parsed.ok) {
      const e = parsed.error;
      return enqueue(c, () => sendError(c, e.code, e.message, e.ref));
    }
    const frame = parsed.frame;
    enqueue(c, () => handle(c, frame));
  }

  function leaveRoom(c: Connection): Awaitable<void> {
    const room = c.room;
    if (room === undefined) return;
    c.room = undefined;
    c.stopReplay();
    return after(registry.leave(room, c), () => log({ event: 'leave', conn: c.conn, room, peer: c.claimedPeer }));
  }

  // Not async: with the in-memory registry a frame is handled without a promise (see jobQueue).
  function handle(c: Connection, f: ClientFrame): Awaitable<void> {
    if (f.t === 'ping') return send(c, { t: 'pong' });
    if (f.t === 'join') {
      if (c.room !== undefined) return sendError(c, 'already_joined', `already in room ${c.room}; leave first`, 'join');
      if (c.ws.readyState !== c.ws.OPEN) return;
      c.claimedPeer = f.peer;
      return after(registry.join(f.room, c), (r) => {
        if (!r.ok) {
          c.claimedPeer = undefined;
          return sendError(c, r.code, r.message, 'join');
        }
        c.room = f.room;
        if (r.created) c.roomsCreated++;
        log({
          event: 'join',
          conn: c.conn,
          room: f.room,
          peer: f.peer,
          peers: r.peers.length,
          replay: r.replayed,
          replaced: r.replaced,
        });
      });
    }
    if (c.room === undefined) return sendError(c, 'not_joined', 'join a room first', f.t);
    if (f.room !== c.room) return sendError(c, 'wrong_room', `this connection is in another room`, f.t);
    switch (f.t) {
      case 'leave':
        return after(leaveRoom(c), () => {
          c.claimedPeer = undefined;
        });
      case 'signal': {
        if (f.to === c.claimedPeer) return sendError(c, 'unknown_peer', `peer ${f.to} is not in the room`, 'signal');
        const to = f.to;
        return after(registry.signal(c.room, c, to, f.data), (ok) => {
          if (!ok) sendError(c, 'unknown_peer', `peer ${to} is not in the room`, 'signal');
        });
      }
      case 'send': {
        return after(registry.relay(c.room, c, f.data, f.to), (outcome) => {
          if (outcome === 'full')
            sendError(c, 'log_full', 'room log is full; envelope relayed live but not kept', 'send');
          if (outcome === 'sender_full') {
            const share = `${limits.maxLogEntriesPerPeer} envelopes / ${limits.maxLogBytesPerPeer} bytes`;
            sendError(
              c,
              'log_full',
              `your share of the room log (${share} per peer) is full; envelope relayed live but not kept`,
              'send',
            );
          }
        });
      }
    }
  }

  function stats() {
    return { ...registry.stats(), connections: conns.size };
  }

  await new Promise<void>((resolveListen, rejectListen) => {
    http.once('error', rejectListen);
    http.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      http.off('error', rejectListen);
      resolveListen();
    });
  });
  http.on('error', (err) => log({ event: 'error', level: 'error', code: 'http', detail: err.message }));
  const addr = http.address() as AddressInfo;
  const hostForUrl = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const url = `http://${hostForUrl}:${addr.port}`;
  log({ event: 'listen', url });

  const heartbeatMs = opts.heartbeatMs ?? 30_000;
  const heartbeat =
    heartbeatMs > 0
      ? setInterval(() => {
          const t = now();
          for (const c of conns) {
            if (!c.alive) {
              log({
                event: 'error',
                level: 'warn',
                conn: c.conn,
                room: c.room,
                peer: c.claimedPeer,
                code: 'heartbeat',
              });
              c.ws.terminate();
              continue;
            }
            if (t - c.lastMessageAt > messageIdleMs) {
              // Silent for too long, or stuck in an unfinished fragmented message (it completes nothing).
              log({ event: 'limit', level: 'warn', conn: c.conn, room: c.room, peer: c.claimedPeer, code: 'idle' });
              c.ws.close(CLOSE_CODES.idle, 'no message for too long');
              continue;
            }
            c.alive = false;
            c.ws.ping();
          }
        }, heartbeatMs)
      : undefined;
  heartbeat?.unref();

  async function sweep(): Promise<string[]> {
    const expired = await registry.sweep();
    for (const room of expired) log({ event: 'room_expired', room });
    return expired;
  }
  const sweepMs = opts.sweepIntervalMs ?? 30_000;
  const sweeper = sweepMs > 0 ? setInterval(() => void sweep().catch(() => {}), sweepMs) : undefined;
  sweeper?.unref();

  let closed: Promise<void> | undefined;
  async function close(): Promise<void> {
    closing = true;
    if (heartbeat) clearInterval(heartbeat);
    if (sweeper) clearInterval(sweeper);
    const httpClosed = new Promise<void>((r) => http.close(() => r()));
    const open = [...conns];
    const sockets = open.map(
      (c) =>
        new Promise<void>((r) => {
          if (c.ws.readyState === c.ws.CLOSED) return r();
          c.ws.once('close', () => r());
          c.ws.close(CLOSE_CODES.goingAway, 'server shutting down');
          // A peer that never answers the close handshake is cut off.
          setTimeout(() => {
            c.ws.terminate();
            r();
          }, 1000).unref();
        }),
    );
    await Promise.all(sockets);
    // Let every connection's pending work (its leave) reach the registry before closing it.
    await Promise.all(open.map((c) => c.jobs.idle()));
    http.closeAllConnections();
    await httpClosed;
    await registry.close();
    log({ event: 'shutdown' });
  }

  return {
    url,
    wsUrl: url.replace(/^http/, 'ws') + '/ws',
    port: addr.port,
    limits,
    sweep,
    stats,
    close: () => (closed ??= close()),
  };
}
