/**
 * What the protocol part of `npm run bench` measures, and how it is split over processes.
 * Each (suite, n) is an independent unit timed in CPU time (ours and the bare library interleaved
 * in the same process), so units can run in parallel processes, one per core, and the part's wall
 * time shrinks without changing what a ratio means.
 */
import { SUITE_NAMES, type SuiteName } from '../../src/protocol/suites.js';

export interface DkgUnit {
  suite: SuiteName;
  n: number;
  reps: number;
  /** Runs of the bare-library baseline, when fewer than `reps`. */
  baselineReps?: number;
  warmUp: boolean;
}

/**
 * Full: n = 3…20 median of 5 (with a warm-up); n = 50 median of 3; ed25519 at n = 100 median of
 * 3 for ours (the absolute 8 s goal) and one baseline run (~35 s each; no ratio goal at n = 100).
 * No warm-up at n ≥ 50: the JIT is warm from the smaller sizes and one run takes seconds.
 * Quick: n = 3 and 10, median of 3.
 */
export function protocolUnits(quick: boolean, suites: readonly SuiteName[] = SUITE_NAMES): DkgUnit[] {
  if (quick) return suites.flatMap((suite) => [3, 10].map((n) => ({ suite, n, reps: 3, warmUp: true })));
  return suites.flatMap((suite) => [
    ...[3, 5, 10, 20].map((n) => ({ suite, n, reps: 5, warmUp: true })),
    { suite, n: 50, reps: 3, warmUp: false },
    ...(suite === 'ed25519' ? [{ suite, n: 100, reps: 3, baselineReps: 1, warmUp: false }] : []),
  ]);
}

/** Bare-library ms per participant at n = 20 (issue 6's table): the relative weight of each suite. */
const NOBLE_MS_AT_20: Record<SuiteName, number> = {
  ed25519: 1259,
  ristretto255: 119,
  p256: 133,
  secp256k1: 115,
  'secp256k1-tr': 125,
  ed448: 1838,
};

/** Estimated CPU ms of a unit: ours ≈ 0.2 × bare, cost ∝ n^2 (the bare DKG measured from n = 20 to 100). */
export function unitCost(u: DkgUnit): number {
  const bare = NOBLE_MS_AT_20[u.suite] * (u.n / 20) ** 2;
  const runs = (u.warmUp ? 1 : 0) + u.reps;
  const bareRuns = (u.warmUp ? 1 : 0) + (u.baselineReps ?? u.reps);
  return bare * bareRuns + 0.2 * bare * runs;
}

/**
 * Splits units over `shards` processes, longest first onto the least loaded (LPT); each shard's
 * units are then ordered by suite and n, so the small sizes warm the JIT for the large ones.
 */
export function shardUnits(units: readonly DkgUnit[], shards: number): DkgUnit[][] {
  const k = Math.max(1, Math.min(shards, units.length));
  const out: DkgUnit[][] = Array.from({ length: k }, () => []);
  const load = new Array<number>(k).fill(0);
  for (const u of [...units].sort((a, b) => unitCost(b) - unitCost(a))) {
    const i = load.indexOf(Math.min(...load));
    out[i]!.push(u);
    load[i]! += unitCost(u);
  }
  const order = (u: DkgUnit) => SUITE_NAMES.indexOf(u.suite) * 1000 + u.n;
  return out.filter((s) => s.length > 0).map((s) => s.sort((a, b) => order(a) - order(b)));
}
