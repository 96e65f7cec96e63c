/**
 * Per-participant DKG CPU time (process.cpuUsage, so other load on the machine does not count) through src/protocol (round 1, checking all round-1 packages,
 * round-2 shares, round 3) versus the bare @noble/curves DKG (round1/round2/round3) for the same
 * suite, n and t, measured interleaved in the same process so the ratio is robust to the
 * machine's speed swings. Everything that other participants compute is prepared outside the
 * timer.
 */
import { ed25519_FROST, ristretto255_FROST } from '@noble/curves/ed25519.js';
import { ed448_FROST } from '@noble/curves/ed448.js';
import { p256_FROST } from '@noble/curves/nist.js';
import { schnorr_FROST, secp256k1_FROST } from '@noble/curves/secp256k1.js';
import {
  createPointCache,
  checkRound1Packages,
  dkgRound1,
  dkgRound2Shares,
  dkgRound3,
  type Round1Package,
} from '../../src/protocol/dkg/index.js';
import { seededRng } from '../../src/protocol/dkg/testing/testHelpers.js';
import { identifierToHex } from '../../src/protocol/frostJson/index.js';
import { getSuite, SUITE_NAMES, type SuiteName } from '../../src/protocol/suites.js';
import { median } from '../stats.js';

export interface DkgBenchRow {
  suite: SuiteName;
  n: number;
  t: number;
  /** Median ms per participant through src/protocol. */
  oursMs: number;
  /** Median ms per participant, bare noble DKG. */
  nobleMs: number;
  /** oursMs / nobleMs. */
  ratio: number;
  reps: number;
  /** Runs of the baseline when fewer than `reps`. */
  baselineReps?: number;
}

export interface DkgBenchOptions {
  suites?: readonly SuiteName[];
  ns?: readonly number[];
  reps?: number;
  /**
   * Repetitions of the bare-library baseline (default `reps`). At n = 100 the baseline alone is
   * ~35 s per run and no goal is a ratio there, so one run of it is enough to report the ratio.
   */
  baselineReps?: number;
  /**
   * Run both paths once untimed first (default true). At n ≥ 50 one run is seconds long and the
   * JIT is already warm from the smaller sizes, so the warm-up only costs time.
   */
  warmUp?: boolean;
  /** Called after each row (progress output). */
  onRow?: (row: DkgBenchRow) => void;
}

export const thresholdFor = (n: number): number => Math.floor((2 * n) / 3) + 1;

/** Process CPU time in ms (user + system): robust to other processes competing for the cores. */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** The library's own suite objects: the baseline is the bare library, not our table's objects. */
const BARE = {
  ed25519: ed25519_FROST,
  ristretto255: ristretto255_FROST,
  ed448: ed448_FROST,
  p256: p256_FROST,
  secp256k1: secp256k1_FROST,
  'secp256k1-tr': schnorr_FROST,
} as const;

const nobleRng = (rng: (n: number) => Uint8Array) => (len?: number) => rng(len ?? 32) as Uint8Array<ArrayBuffer>;

/**
 * One (suite, n): returns two closures that each run participant 1's whole DKG once: `ours` (the
 * library calls of src/protocol/dkg only) and `noble` (the bare @noble/curves DKG). Exported for
 * stepBench.ts, which times the same two next to the state machine.
 */
export function prepareDkgUnit(name: SuiteName, n: number) {
  const suite = getSuite(name);
  const frost = BARE[name];
  const t = thresholdFor(n);
  const ids = Array.from({ length: n }, (_, k) => k + 1);
  const seed = (i: number) => `bench-${name}-${n}-${i}`;
  const r1 = ids.map((i) => dkgRound1(suite, i, t, n, seededRng(seed(i))));
  const round1 = new Map<number, Round1Package>(ids.map((i, k) => [i, r1[k]!.package]));
  const inbox = new Map(ids.slice(1).map((j) => [j, dkgRound2Shares(suite, r1[j - 1]!.secret, [1]).get(1)!]));
  const idHex = (i: number) => identifierToHex(suite, i);
  const othersPublic = ids.slice(1).map((j) => ({
    identifier: idHex(j),
    commitment: round1.get(j)!.commitment,
    proofOfKnowledge: round1.get(j)!.proofOfKnowledge,
  }));
  const round2ToMe = ids.slice(1).map((j) => ({ identifier: idHex(j), signingShare: inbox.get(j)! }));

  const ours = () => {
    const cache = createPointCache(suite);
    const { secret } = dkgRound1(suite, 1, t, n, seededRng(seed(1)), cache);
    if (!checkRound1Packages(suite, round1, t, cache).ok) throw new Error('round 1 rejected');
    dkgRound2Shares(suite, secret, ids.slice(1));
    const r = dkgRound3(suite, secret, round1, inbox, cache);
    if (!r.ok) throw new Error('round 3 failed');
    return r.keyPackage.verifyingKey;
  };
  const noble = () => {
    const { secret } = frost.DKG.round1(idHex(1), { min: t, max: n }, undefined, nobleRng(seededRng(seed(1))));
    frost.DKG.round2(secret, othersPublic);
    const key = frost.DKG.round3(secret, othersPublic, round2ToMe);
    return key.public.commitments[0]!;
  };
  return { t, ours, noble };
}

/**
 * The bare noble DKG alone: participant 1's `DKG.round1/2/3` CPU (ms), median of `reps` after one
 * untimed warm-up. The networked bench's limit is built from it (× n), in the same run.
 */
export function bareDkgParticipantMs(name: SuiteName, n: number, reps: number): number {
  const { noble } = prepareDkgUnit(name, n);
  noble();
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = cpuMs();
    noble();
    times.push(cpuMs() - t0);
  }
  return median(times);
}

/** Runs the comparison; rows in suite order, then n. */
export function runDkgBench(opts: DkgBenchOptions = {}): DkgBenchRow[] {
  const suites = opts.suites ?? SUITE_NAMES;
  const ns = opts.ns ?? [3, 5, 10, 20];
  const reps = opts.reps ?? 5;
  const rows: DkgBenchRow[] = [];
  for (const name of suites) {
    for (const n of ns) {
      const { t, ours, noble } = prepareDkgUnit(name, n);
      const baselineReps = Math.min(reps, opts.baselineReps ?? reps);
      const o: number[] = [];
      const l: number[] = [];
      const keys: { ours?: Uint8Array; noble?: Uint8Array } = {};
      const timed = (which: 'ours' | 'noble') => {
        const t0 = cpuMs();
        const key = which === 'ours' ? ours() : noble();
        (which === 'ours' ? o : l).push(cpuMs() - t0);
        keys[which] ??= key;
      };
      if (opts.warmUp ?? true) {
        keys.ours = ours();
        keys.noble = noble();
      }
      for (let r = 0; r < reps; r++) {
        // Alternate the order so drifts in machine speed hit both sides alike.
        const both: ('ours' | 'noble')[] = r % 2 === 0 ? ['ours', 'noble'] : ['noble', 'ours'];
        for (const which of both) if (which === 'ours' || r < baselineReps) timed(which);
      }
      // Both paths must agree on the group key, or the comparison means nothing.
      if (Buffer.compare(Buffer.from(keys.ours!), Buffer.from(keys.noble!)) !== 0)
        throw new Error(`${name} n=${n}: group keys differ`);
      const row: DkgBenchRow = {
        suite: name,
        n,
        t,
        oursMs: median(o),
        nobleMs: median(l),
        ratio: median(o) / median(l),
        reps,
        ...(baselineReps < reps ? { baselineReps } : {}),
      };
      rows.push(row);
      opts.onRow?.(row);
    }
  }
  return rows;
}

/** Plain-text table. */
export function formatDkgBench(rows: readonly DkgBenchRow[]): string {
  const head = 'suite          n    t    ours ms    noble ms   ratio';
  const lines = rows.map(
    (r) =>
      `${r.suite.padEnd(14)}${String(r.n).padStart(3)}${String(r.t).padStart(5)}${r.oursMs.toFixed(1).padStart(11)}${r.nobleMs.toFixed(1).padStart(12)}${r.ratio.toFixed(2).padStart(8)}`,
  );
  return [head, ...lines].join('\n');
}
