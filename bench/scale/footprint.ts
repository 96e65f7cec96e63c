/**
 * What a ceremony asks of the server's room log and of the envelope size limit, counted from the
 * envelopes the participants' `step()` emits (a `simulate` run's `onStep`), and the largest room
 * those limits allow. Pure: no I/O; the numbers in README.md's scale section come from here and
 * `footprint.test.ts` checks the formula against simulations of other sizes.
 */
import { createHash } from 'node:crypto';
import { createNodeIdentityCrypto } from '../../src/platform/node.js';
import { runSimulation } from '../../src/protocol/simulation.js';
import type { SuiteName } from '../../src/protocol/suites.js';
import { DEFAULT_LIMITS } from '../../src/server/index.js';
import { MAX_ENVELOPE_BYTES } from '../../src/wire/index.js';

/** What the room log would keep for one ceremony relayed entirely through the server. */
export interface LogFootprint {
  n: number;
  /** Distinct (audience, envelope) pairs: the server keeps each once (a resend is a duplicate). */
  entries: number;
  /** Their decoded bytes (what `maxLogBytes` counts). */
  bytes: number;
  /** The most entries and bytes one sender has in the log (what the per-peer share counts). */
  maxEntriesPerSender: number;
  maxBytesPerSender: number;
  /** The largest envelope any participant sealed. */
  largestEnvelope: number;
}

/** Counts the room-log footprint of a `simulate` ceremony: feed it every step's effects. */
export function createFootprintCounter(n: number) {
  const seen = new Set<string>();
  const perSender = new Map<number, { entries: number; bytes: number }>();
  let entries = 0;
  let bytes = 0;
  let largestEnvelope = 0;
  return {
    add(sender: number, audience: string, envelope: Uint8Array): void {
      largestEnvelope = Math.max(largestEnvelope, envelope.length);
      const key = `${audience}/${createHash('sha256').update(envelope).digest('hex')}`;
      if (seen.has(key)) return;
      seen.add(key);
      entries++;
      bytes += envelope.length;
      const s = perSender.get(sender) ?? { entries: 0, bytes: 0 };
      s.entries++;
      s.bytes += envelope.length;
      perSender.set(sender, s);
    },
    result(): LogFootprint {
      const senders = [...perSender.values()];
      return {
        n,
        entries,
        bytes,
        maxEntriesPerSender: Math.max(0, ...senders.map((s) => s.entries)),
        maxBytesPerSender: Math.max(0, ...senders.map((s) => s.bytes)),
        largestEnvelope,
      };
    },
  };
}

/** The sizes the room limits are fitted from: cheap, and deterministic (seeded simulations). */
export const FIT_SIZES = [3, 4, 5] as const;

/** t of the benches: ⌊2n/3⌋ + 1. */
export const scaleThreshold = (n: number): number => Math.floor((2 * n) / 3) + 1;

/**
 * One ceremony of n in one process (no faults, no shuffling, no duplicates: the clean run), with
 * its log footprint. Throws unless it succeeds in one generation.
 */
export async function simulateFootprint(suite: SuiteName, n: number, seed = 'scale'): Promise<LogFootprint> {
  const counter = createFootprintCounter(n);
  const sim = await runSimulation({
    suite,
    minSigners: scaleThreshold(n),
    maxSigners: n,
    seed,
    shuffle: false,
    duplicates: false,
    maxGenerations: 1,
    crypto: createNodeIdentityCrypto(),
    onStep: (index, _event, effects) => {
      for (const e of effects) {
        if (e.type === 'broadcast') counter.add(index, '*', e.bytes);
        if (e.type === 'send') counter.add(index, e.to, e.bytes);
      }
    },
  });
  if (sim.publicKeyPackage === null || sim.keyPackages.length !== n)
    throw new Error(`${suite} n=${n}: simulate did not succeed (${JSON.stringify(sim.generations)})`);
  return counter.result();
}

/**
 * Growth of a room-wide figure with n: `a·n(n − 1) + b·n + c` — a for what each participant
 * addresses to every other one (shares, and broadcasts whose size grows with n), b for what each
 * sends regardless of n, c for what only the coordinator sends. Fitted exactly through three
 * measured sizes. (t = ⌊2n/3⌋ + 1 is not linear in n, so the byte figure is only close.)
 */
export interface Growth {
  a: number;
  b: number;
  c: number;
}

export function fitRoom(points: readonly (readonly [number, number])[]): Growth {
  const [[n1, y1], [n2, y2], [n3, y3]] = points as [[number, number], [number, number], [number, number]];
  // Solve for a, b, c in y = a·n(n−1) + b·n + c (Cramer's rule on the 3×3 system).
  const rows = [
    [n1 * (n1 - 1), n1, 1, y1],
    [n2 * (n2 - 1), n2, 1, y2],
    [n3 * (n3 - 1), n3, 1, y3],
  ] as const;
  const det = (m: readonly (readonly number[])[]): number =>
    m[0]![0]! * (m[1]![1]! * m[2]![2]! - m[1]![2]! * m[2]![1]!) -
    m[0]![1]! * (m[1]![0]! * m[2]![2]! - m[1]![2]! * m[2]![0]!) +
    m[0]![2]! * (m[1]![0]! * m[2]![1]! - m[1]![1]! * m[2]![0]!);
  const col = (k: number) => rows.map((r) => r.map((v, j) => (j === k ? r[3] : v)).slice(0, 3));
  const d = det(rows.map((r) => r.slice(0, 3)));
  return { a: det(col(0)) / d, b: det(col(1)) / d, c: det(col(2)) / d };
}

/** a·n(n − 1) + b·n + c: the room's total at n. */
export const roomTotal = (g: Growth, n: number): number => g.a * n * (n - 1) + g.b * n + g.c;

/** The largest n with `f(n) ≤ limit` (f increasing), searched up to `cap`. */
export function largestN(f: (n: number) => number, limit: number, cap = 10_000): number {
  let n = 1;
  while (n < cap && f(n + 1) <= limit) n++;
  return n;
}

/** Linear growth of the largest envelope: `c + d·n`, through two measured sizes. */
export function fitLinear(n1: number, y1: number, n2: number, y2: number): { c: number; d: number } {
  const d = (y2 - y1) / (n2 - n1);
  return { c: y1 - d * n1, d };
}

/** Which server limit a room of growing n meets first, and at which n (from three measured sizes). */
export interface RoomLimits {
  entries: Growth;
  bytes: Growth;
  envelope: { c: number; d: number };
  /** Largest n whose whole ceremony fits the room log's entry limit (`maxLogEntries`). */
  nByLogEntries: number;
  /** … its byte limit (`maxLogBytes`). */
  nByLogBytes: number;
  /** … one sender's share (`maxLogEntriesPerPeer`, `maxLogBytesPerPeer`). */
  nByPeerShare: number;
  /** Largest n whose largest envelope fits `MAX_ENVELOPE_BYTES`. */
  nByEnvelope: number;
}

export function roomLimits(fp: readonly LogFootprint[], limits = DEFAULT_LIMITS): RoomLimits {
  const first = fp[0] as LogFootprint;
  const last = fp[fp.length - 1] as LogFootprint;
  const entries = fitRoom(fp.map((f) => [f.n, f.entries] as const));
  const bytes = fitRoom(fp.map((f) => [f.n, f.bytes] as const));
  // One sender's share and the largest envelope grow linearly (every sender sends alike).
  const line = (pick: (f: LogFootprint) => number) => fitLinear(first.n, pick(first), last.n, pick(last));
  const peerEntries = line((f) => f.maxEntriesPerSender);
  const peerBytes = line((f) => f.maxBytesPerSender);
  const envelope = line((f) => f.largestEnvelope);
  return {
    entries,
    bytes,
    envelope,
    nByLogEntries: largestN((n) => roomTotal(entries, n), limits.maxLogEntries),
    nByLogBytes: largestN((n) => roomTotal(bytes, n), limits.maxLogBytes),
    nByPeerShare: Math.min(
      largestN((n) => peerEntries.c + peerEntries.d * n, limits.maxLogEntriesPerPeer),
      largestN((n) => peerBytes.c + peerBytes.d * n, limits.maxLogBytesPerPeer),
    ),
    nByEnvelope: largestN((n) => envelope.c + envelope.d * n, MAX_ENVELOPE_BYTES),
  };
}

/**
 * Descriptors one WebRTC participant process needs at n: `perPeer·(n − 1) + base`, fitted through
 * two measured sizes; and the largest n under a given `ulimit -n`.
 */
export function fdGrowth(n1: number, fds1: number, n2: number, fds2: number): { perPeer: number; base: number } {
  const perPeer = (fds2 - fds1) / (n2 - n1);
  return { perPeer, base: fds1 - perPeer * (n1 - 1) };
}

export const nByFds = (g: { perPeer: number; base: number }, ulimit: number): number =>
  largestN((n) => g.perPeer * (n - 1) + g.base, ulimit);
