/**
 * What the step-level protocol bench of `npm run bench` measures (issue 18 "Measure the right
 * thing"): one participant through step() per suite at n = 3, 5, 10, 20 (quick: 3, 5), and the
 * whole ceremony (simulate vs the bare DKG of all n) per suite at n = 10 and 20 (quick: 5).
 * Units are independent and timed in CPU time with both sides alternating in one process, so
 * they are split over processes like the library-only units (plan.ts).
 */
import { SUITE_NAMES, type SuiteName } from '../../src/protocol/suites.js';

export interface StepUnit {
  kind: 'step' | 'ceremony';
  suite: SuiteName;
  n: number;
  reps: number;
}

export function stepUnits(quick: boolean, suites: readonly SuiteName[] = SUITE_NAMES): StepUnit[] {
  const step = suites.flatMap((suite) =>
    (quick ? [3, 5] : [3, 5, 10, 20]).map((n) => ({ kind: 'step' as const, suite, n, reps: quick ? 3 : 5 })),
  );
  const ceremony = suites.flatMap((suite) =>
    (quick ? [5] : [10, 20]).map((n) => ({ kind: 'ceremony' as const, suite, n, reps: quick ? 1 : 3 })),
  );
  return [...step, ...ceremony];
}

/** Bare noble ms per participant at n = 20 on this machine (issue 6's table): relative weight of each suite. */
const NOBLE_MS_AT_20: Record<SuiteName, number> = {
  ed25519: 1259,
  ristretto255: 119,
  p256: 133,
  secp256k1: 115,
  'secp256k1-tr': 125,
  ed448: 1838,
};

/**
 * Estimated CPU ms: step units ≈ record (a whole simulate) + (reps + 1) × (step() ≈ 3× bare + bare);
 * ceremony units ≈ reps × (simulate ≈ 2× bare + bare) × n. Cost ∝ n².
 */
export function stepUnitCost(u: StepUnit): number {
  const bare = NOBLE_MS_AT_20[u.suite] * (u.n / 20) ** 2;
  return u.kind === 'step' ? 2 * bare * u.n + (u.reps + 1) * 4 * bare : u.reps * 3 * bare * u.n;
}

/** Longest first onto the least loaded process; each process then runs its units by suite and n. */
export function shardStepUnits(units: readonly StepUnit[], shards: number): StepUnit[][] {
  const k = Math.max(1, Math.min(shards, units.length));
  const out: StepUnit[][] = Array.from({ length: k }, () => []);
  const load = new Array<number>(k).fill(0);
  for (const u of [...units].sort((a, b) => stepUnitCost(b) - stepUnitCost(a))) {
    const i = load.indexOf(Math.min(...load));
    out[i]!.push(u);
    load[i]! += stepUnitCost(u);
  }
  const order = (u: StepUnit) => (u.kind === 'step' ? 0 : 100_000) + SUITE_NAMES.indexOf(u.suite) * 1000 + u.n;
  return out.filter((s) => s.length > 0).map((s) => s.sort((a, b) => order(a) - order(b)));
}
