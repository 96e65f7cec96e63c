/**
 * Bounded load test of the signalling server on loopback, against a bare `ws` broadcast relay
 * in the same run: many sockets in many rooms relaying envelopes to their room.
 * Reports deliveries per second, p50/p99 relay latency, memory per room, and memory after the
 * rooms closed (to show it returns to baseline).
 *
 *   node bin/tsx.mjs bench/server/serverLoad.ts [--rooms 50] [--peers 5] [--messages 20] [--bytes 1024] [--interval 50] [--flood 0]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { WebSocket } from 'ws';
import { SERVER_NODE_FLAGS } from '../../src/server/nodeFlags';

/** Load shape. */
export interface LoadOptions {
  readonly rooms: number;
  readonly peersPerRoom: number;
  readonly messagesPerPeer: number;
  readonly payloadBytes: number;
  /** Pause between one client's messages (ms). */
  readonly intervalMs: number;
  /** Give up waiting for deliveries after this long (ms); the result then says how many arrived. */
  readonly maxWaitMs?: number;
  /** Messages per client sent (with the same pacing) before measuring; default 5. */
  readonly warmupMessages?: number;
  /** Frames one extra client fires at once, in a room of its own, while the load runs (0: none). */
  readonly flood?: number;
}

/** Figures for one relay. */
export interface LoadResult {
  readonly kind: 'frost' | 'bare';
  readonly expected: number;
  readonly delivered: number;
  readonly errors: number;
  readonly seconds: number;
  readonly deliveriesPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /**
   * Server CPU time (user + system) per delivered envelope, µs. Unlike wall-clock throughput it
   * hardly depends on what else the machine runs, so it shows the relay's own cost.
   */
  readonly serverCpuUsPerDelivery: number;
  /** The kernel's share of it (system time): mostly the socket writes. */
  readonly serverSysUsPerDelivery: number;
  /**
   * The load generator's own CPU time per delivery, µs (all clients live in this one process).
   * Together with the server's: whichever is near 1e6 / (deliveries/s) is the bottleneck.
   */
  readonly generatorCpuUsPerDelivery: number;
  /** Server heap+external growth per room once every member joined, before anything was sent (bytes; sockets included). */
  readonly bytesPerRoomIdle: number;
  /** Server heap+external growth per room after the load, logs full, members still in (bytes). */
  readonly bytesPerRoom: number;
  /** Server heap+external after every client left and rooms expired, minus before (bytes). */
  readonly bytesLeftAfterClose: number;
  /** Rooms the server expired after everyone left (frost only). */
  readonly roomsExpired: number;
  /** Flood frames sent, and how many the server accepted (answered) — the rest hit the rate limit. */
  readonly floodSent: number;
  readonly floodAccepted: number;
  /** `rate_limited` error frames the flooder got (at most one per second). */
  readonly floodRateErrors: number;
}

/** Warm-up messages per client when {@link LoadOptions.warmupMessages} is not given. */
export const DEFAULT_WARMUP_MESSAGES = 5;

interface Child {
  readonly proc: ChildProcess;
  request<T>(msg: unknown): Promise<T>;
}

function startChild(): Child {
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean); // e.g. --cpu-prof
  // Both relays run with the flags `frost-ceremony serve` runs with (src/server/nodeFlags.ts);
  // BENCH_SERVER_NO_FLAGS=1 leaves them out, to measure what they change.
  const flags = process.env.BENCH_SERVER_NO_FLAGS === '1' ? [] : SERVER_NODE_FLAGS;
  const proc = spawn(
    process.execPath,
    ['--expose-gc', ...flags, ...extra, 'bin/tsx.mjs', 'bench/server/benchServer.ts'],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  return {
    proc,
    request<T>(msg: unknown) {
      return new Promise<T>((resolve) => {
        proc.once('message', (m) => resolve(m as T));
        proc.send(msg as object);
      });
    },
  };
}

/** A frame to send again and again with a fresh send time: its bytes, and how to stamp them. */
interface Template {
  readonly bytes: Buffer;
  stamp(ms: number): void;
}

/** Bare relay: the payload itself, send time in its first 8 bytes. */
function bareTemplate(payloadBytes: number, i: number): Template {
  const bytes = Buffer.alloc(payloadBytes, i & 0xff);
  return { bytes, stamp: (ms) => bytes.writeDoubleLE(ms, 0) };
}

const ENV_PREFIX = Buffer.from('{"t":"env"');
const DATA_KEY = Buffer.from('"data":"');
/** Base64 characters that carry the first 9 payload bytes (8 of them the send time). */
const STAMP_CHARS = 12;

/**
 * Our server: a `send` frame whose payload starts with the send time. The payload's base64 is
 * computed once; each send rewrites only its first 12 characters (= the first 9 bytes, a whole
 * number of base64 groups, so the rest stays valid).
 */
function sendTemplate(room: string, payloadBytes: number, i: number): Template {
  const payload = Buffer.alloc(payloadBytes, i & 0xff);
  const bytes = Buffer.from(JSON.stringify({ t: 'send', room, data: payload.toString('base64') }));
  const at = bytes.indexOf(DATA_KEY) + DATA_KEY.length;
  const head = Buffer.alloc(9, i & 0xff);
  return {
    bytes,
    stamp(ms) {
      head.writeDoubleLE(ms, 0);
      bytes.write(head.toString('base64'), at, STAMP_CHARS, 'latin1');
    },
  };
}

/** Send time carried by a relayed `env` frame, or undefined for any other frame. */
export function envSentAt(frame: Buffer): number | undefined {
  if (frame.length < 64 || frame.compare(ENV_PREFIX, 0, ENV_PREFIX.length, 0, ENV_PREFIX.length) !== 0)
    return undefined;
  const at = frame.indexOf(DATA_KEY, ENV_PREFIX.length);
  if (at < 0) return undefined;
  // Decode the 8 bytes of the send time from the first 12 base64 characters, without allocating.
  let p = at + DATA_KEY.length;
  for (let i = 0; i < 9; i += 3) {
    const n =
      ((B64[frame[p] ?? 0] ?? 0) << 18) |
      ((B64[frame[p + 1] ?? 0] ?? 0) << 12) |
      ((B64[frame[p + 2] ?? 0] ?? 0) << 6) |
      (B64[frame[p + 3] ?? 0] ?? 0);
    STAMP[i] = n >> 16;
    STAMP[i + 1] = (n >> 8) & 0xff;
    STAMP[i + 2] = n & 0xff;
    p += 4;
  }
  return STAMP.readDoubleLE(0);
}

/** base64 character code → 6-bit value. */
const B64 = new Uint8Array(128);
for (const [i, ch] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].entries())
  B64[ch.charCodeAt(0)] = i;
const STAMP = Buffer.alloc(9);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

/** Runs the load against one relay kind in a fresh child process. */
export async function runLoad(kind: 'frost' | 'bare', o: LoadOptions): Promise<LoadResult> {
  if (o.payloadBytes < 9) throw new Error(`payloadBytes must be at least 9 (send time + 1), got ${o.payloadBytes}`);
  const child = startChild();
  const { port } = await child.request<{ port: number }>({ cmd: 'start', kind });
  const mem0 = (await child.request<{ heapUsed: number }>({ cmd: 'mem' })).heapUsed;
  const latencies: number[] = [];
  let delivered = 0;
  let errors = 0;
  const sockets: WebSocket[] = [];
  const expected = o.rooms * o.peersPerRoom * o.messagesPerPeer * (o.peersPerRoom - 1);
  let onDelivered = () => {};

  let measureFrom = 0;
  function record(sentAt: number): void {
    // A late warm-up message must not count as a measured one.
    if (sentAt >= measureFrom) {
      latencies.push(performance.now() - sentAt);
      delivered++;
    }
    onDelivered();
  }

  // Connect and join everyone first, so that every message has its full audience.
  await Promise.all(
    Array.from({ length: o.rooms * o.peersPerRoom }, (_, i) => {
      const room = `room-${Math.floor(i / o.peersPerRoom)}`;
      const url = kind === 'frost' ? `ws://127.0.0.1:${port}/ws` : `ws://127.0.0.1:${port}/${room}`;
      // The generator is a measuring tool: it skips the UTF-8 check of received text frames
      // (the bare relay's binary frames have none) and offers no compression.
      const ws = new WebSocket(url, { skipUTF8Validation: true, perMessageDeflate: false });
      sockets.push(ws);
      ws.on('error', () => errors++);
      return new Promise<void>((ready) => {
        if (kind === 'bare') {
          ws.on('open', () => ready());
          ws.on('message', (d) => {
            const b = d as Buffer;
            if (b.length >= 8) record(b.readDoubleLE(0));
          });
          return;
        }
        ws.on('message', (d) => {
          const b = d as Buffer;
          // Relayed envelopes: read the send time from the first base64 characters, without
          // parsing the whole frame (the generator must not be what limits the measurement).
          const sentAt = envSentAt(b);
          if (sentAt !== undefined) return record(sentAt);
          const f = JSON.parse(String(b)) as { t: string; data?: string };
          if (f.t === 'env' && f.data !== undefined) record(Buffer.from(f.data, 'base64').readDoubleLE(0));
          else if (f.t === 'welcome') ws.send(JSON.stringify({ t: 'join', room, peer: `p${i}` }));
          else if (f.t === 'joined') ready();
          else if (f.t === 'error') errors++;
        });
      });
    }),
  );

  // Everyone is in their room and nothing was sent yet: what an idle room costs.
  const memIdle = (await child.request<{ heapUsed: number }>({ cmd: 'mem' })).heapUsed;

  // The flooder: pings as fast as it can (ours answers each accepted one with a pong).
  const flood = { sent: 0, accepted: 0, rateErrors: 0 };
  let flooder: WebSocket | undefined;
  if ((o.flood ?? 0) > 0) {
    const ws = new WebSocket(kind === 'frost' ? `ws://127.0.0.1:${port}/ws` : `ws://127.0.0.1:${port}/flood`);
    flooder = ws;
    ws.on('error', () => {});
    await new Promise<void>((r) => ws.once('open', () => r()));
    ws.on('message', (d) => {
      const text = String(d);
      if (text.includes('"pong"')) flood.accepted++;
      else if (text.includes('"rate_limited"')) flood.rateErrors++;
    });
  }

  const frames = sockets.map((_, i) => {
    const room = `room-${Math.floor(i / o.peersPerRoom)}`;
    return kind === 'bare' ? bareTemplate(o.payloadBytes, i) : sendTemplate(room, o.payloadBytes, i);
  });
  /** Every client sends `count` messages with the load's pacing; resolves when all arrived. */
  function phase(count: number): Promise<void> {
    const target = count * sockets.length * (o.peersPerRoom - 1);
    const done = new Promise<void>((resolve) => {
      onDelivered = () => {
        if (delivered >= target) resolve();
      };
      setTimeout(resolve, o.maxWaitMs ?? 60_000).unref();
    });
    sockets.forEach((ws, i) => {
      const frame = frames[i] as Template;
      let sent = 0;
      const tick = () => {
        // `ws` copies the bytes when it masks them, so one template per client can be reused.
        frame.stamp(performance.now());
        ws.send(frame.bytes, { binary: kind === 'bare' });
        if (++sent < count) setTimeout(tick, o.intervalMs);
      };
      // Spread the clients over one interval so that they do not fire in lockstep.
      setTimeout(tick, (i * o.intervalMs) / sockets.length);
    });
    return done;
  }

  // Warm-up, not measured: both relays (and the generator) get their code compiled and their
  // buffers grown before the clock starts, so the figures are of the sustained state.
  const warmup = o.warmupMessages ?? DEFAULT_WARMUP_MESSAGES;
  if (warmup > 0) await phase(warmup);

  const cpu0 = await child.request<{ cpuUs: number; sysUs: number }>({ cmd: 'cpu' });
  const genCpu0 = process.cpuUsage();
  const start = performance.now();
  measureFrom = start;
  delivered = 0;
  latencies.length = 0;
  if (flooder !== undefined) {
    for (let i = 0; i < (o.flood ?? 0); i++) flooder.send('{"t":"ping"}');
    flood.sent = o.flood ?? 0;
  }
  await phase(o.messagesPerPeer);
  const seconds = (performance.now() - start) / 1000;
  const genCpu = process.cpuUsage(genCpu0);
  const cpu1 = await child.request<{ cpuUs: number; sysUs: number }>({ cmd: 'cpu' });

  const memLive = (await child.request<{ heapUsed: number }>({ cmd: 'mem' })).heapUsed;
  flooder?.close();
  await Promise.all(
    sockets.map(
      (ws) =>
        new Promise<void>((r) => {
          ws.once('close', () => r());
          ws.close();
        }),
    ),
  );
  // Leaves are processed asynchronously by the server; sweep until every room has expired.
  let roomsExpired = 0;
  for (let i = 0; i < 50 && roomsExpired < o.rooms && kind === 'frost'; i++) {
    roomsExpired += (await child.request<{ expired: number }>({ cmd: 'sweep' })).expired;
    if (roomsExpired < o.rooms) await new Promise((r) => setTimeout(r, 20));
  }
  const memAfter = (await child.request<{ heapUsed: number }>({ cmd: 'mem' })).heapUsed;
  await child.request({ cmd: 'stop' });
  latencies.sort((a, b) => a - b);
  return {
    kind,
    expected,
    delivered,
    errors,
    seconds,
    deliveriesPerSec: delivered / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    serverCpuUsPerDelivery: delivered === 0 ? NaN : (cpu1.cpuUs - cpu0.cpuUs) / delivered,
    serverSysUsPerDelivery: delivered === 0 ? NaN : (cpu1.sysUs - cpu0.sysUs) / delivered,
    generatorCpuUsPerDelivery: delivered === 0 ? NaN : (genCpu.user + genCpu.system) / delivered,
    bytesPerRoomIdle: (memIdle - mem0) / o.rooms,
    bytesPerRoom: (memLive - mem0) / o.rooms,
    bytesLeftAfterClose: memAfter - mem0,
    roomsExpired,
    floodSent: flood.sent,
    floodAccepted: flood.accepted,
    floodRateErrors: flood.rateErrors,
  };
}

/** Runs the baseline, then our server, with the same load. */
export async function runServerBench(o: LoadOptions): Promise<LoadResult[]> {
  return [await runLoad('bare', o), await runLoad('frost', o)];
}

/** Formats results as a small table. */
export function formatResults(o: LoadOptions, rs: readonly LoadResult[]): string {
  const lines = [
    `server load: ${o.rooms} rooms × ${o.peersPerRoom} peers, ${o.messagesPerPeer} msgs/peer of ${o.payloadBytes} B every ${o.intervalMs} ms`,
    'relay   delivered/expected  deliveries/s   p50 ms   p99 ms   CPU µs/delivery server (of it kernel) / generator   KiB/room idle/live   KiB left after close   errors   flood sent/accepted/rate errors',
  ];
  for (const r of rs) {
    lines.push(
      [
        r.kind.padEnd(7),
        `${r.delivered}/${r.expected}`.padStart(18),
        r.deliveriesPerSec.toFixed(0).padStart(13),
        r.p50Ms.toFixed(2).padStart(8),
        r.p99Ms.toFixed(2).padStart(8),
        `${r.serverCpuUsPerDelivery.toFixed(2)} (${r.serverSysUsPerDelivery.toFixed(2)}) / ${r.generatorCpuUsPerDelivery.toFixed(2)}`.padStart(
          51,
        ),
        `${(r.bytesPerRoomIdle / 1024).toFixed(1)}/${(r.bytesPerRoom / 1024).toFixed(1)}`.padStart(20),
        (r.bytesLeftAfterClose / 1024).toFixed(1).padStart(22),
        String(r.errors).padStart(8),
        `   ${r.floodSent}/${r.kind === 'frost' ? r.floodAccepted : '-'}/${r.kind === 'frost' ? r.floodRateErrors : '-'}`,
      ].join(' '),
    );
  }
  return lines.join('\n');
}

function arg(argv: string[], name: string, dflt: number): number {
  const i = argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(argv[i + 1]) : dflt;
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} needs a number`);
  return v;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const argv = process.argv.slice(2);
  const o: LoadOptions = {
    rooms: arg(argv, 'rooms', 50),
    peersPerRoom: arg(argv, 'peers', 5),
    messagesPerPeer: arg(argv, 'messages', 20),
    payloadBytes: Math.max(9, arg(argv, 'bytes', 1024)),
    intervalMs: arg(argv, 'interval', 50),
    flood: arg(argv, 'flood', 0),
  };
  console.log(formatResults(o, await runServerBench(o)));
}
