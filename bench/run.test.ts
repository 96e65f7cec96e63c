import { describe, expect, it } from 'vitest';
import type { DkgBenchRow } from './protocol/dkgBench';
import type { CeremonyBenchRow, StepBenchRow } from './protocol/stepBench';
import { fmtSeconds, growthExponent, networkPlan, parseArgs, protocolGoals, stepGoals } from './run';

const row = (suite: DkgBenchRow['suite'], n: number, oursMs: number, nobleMs: number): DkgBenchRow => ({
  suite,
  n,
  t: Math.floor((2 * n) / 3) + 1,
  oursMs,
  nobleMs,
  ratio: oursMs / nobleMs,
  reps: 3,
});

describe('bench orchestrator', () => {
  it('parses --quick, --only (comma list) and --out, and names a bad argument', () => {
    expect(parseArgs([])).toEqual({
      quick: false,
      only: ['protocol', 'network', 'browser', 'server'],
      out: 'bench/results/latest.json',
    });
    expect(parseArgs(['--quick', '--only', 'server,protocol', '--out', 'x.json'])).toEqual({
      quick: true,
      only: ['server', 'protocol'],
      out: 'x.json',
    });
    // A quick run keeps its results apart from the full ones the README is made from.
    expect(parseArgs(['--quick']).out).toBe('bench/results/quick.json');
    expect(() => parseArgs(['--only', 'gpu'])).toThrow(/--only takes protocol\|network\|browser\|server\|scale.*"gpu"/);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown argument "--fast"/);
  });

  it('judges the §1 goals from the rows: worst suite per n, the ed25519/ed448 bar, n=100 in absolute time', () => {
    const goals = protocolGoals([
      row('p256', 10, 50, 40),
      row('ed25519', 10, 70, 320),
      row('ed25519', 20, 300, 1000),
      row('ed448', 20, 400, 2000),
      row('ed25519', 100, 7000, 35000),
    ]);
    expect(goals.map((g) => g.pass)).toEqual([false, true, false, true, true]);
    expect(goals[0]!.value).toBe('worst p256 1.25×');
    expect(goals[2]!.value).toBe('0.30×');
  });

  it('reports goals it could not check as not measured rather than passed', () => {
    const goals = protocolGoals([row('ed25519', 3, 10, 40)]);
    expect(goals.every((g) => g.pass === null && g.value === 'not measured')).toBe(true);
  });

  it('judges the issue 18 goals from the step() and simulate rows; the n=100 goal is not measured without its row', () => {
    const st = (suite: StepBenchRow['suite'], n: number, stepMs: number, nobleMs: number) => ({
      suite,
      n,
      t: 1,
      stepMs,
      nobleMs,
      ratio: stepMs / nobleMs,
      libMs: 1,
      libRatio: 1 / nobleMs,
      persistMs: 0,
      reps: 1,
      events: 1,
      bytesIn: 1,
      bytesOut: 1,
    });
    const ce = (suite: CeremonyBenchRow['suite'], n: number, ratio: number): CeremonyBenchRow => ({
      suite,
      n,
      t: 1,
      simulateMs: ratio,
      bareMs: 1,
      ratio,
      reps: 1,
    });
    const goals = stepGoals(
      [st('ed25519', 10, 60, 100), st('p256', 10, 500, 100), st('ed25519', 20, 90, 100)],
      [ce('ed25519', 20, 0.9), ce('ed448', 10, 5)],
    );
    expect(goals.map((g) => g.pass)).toEqual([false, true, null, true]);
    expect(goals[0]!.value).toBe('worst p256 5.00× (2 suites)');
    expect(stepGoals([], []).every((g) => g.pass === null)).toBe(true);
  });

  it('fits the growth exponent of ms ∝ n^k', () => {
    expect(growthExponent([3, 5, 10, 20].map((n) => ({ n, ms: 2 * n * n })))).toBeCloseTo(2, 10);
    expect(growthExponent([3, 10].map((n) => ({ n, ms: 7 * n })))).toBeCloseTo(1, 10);
  });

  it('network plan: n = 3, 5, 10, 20 with a median of 3 in full mode; n = 3 and 5 once in quick mode', () => {
    const full = networkPlan(false);
    expect(full.ns).toEqual([3, 5, 10, 20]);
    expect(full.ns.map(full.reps)).toEqual([3, 3, 3, 3]);
    const quick = networkPlan(true);
    expect(quick.ns).toEqual([3]);
    expect(quick.ns.map(quick.reps)).toEqual([1]);
  });

  it('prints part times in seconds, and in minutes from one minute up', () => {
    expect([fmtSeconds(9.4), fmtSeconds(59.6), fmtSeconds(61), fmtSeconds(905)]).toEqual([
      '9 s',
      '60 s',
      '1 min 01 s',
      '15 min 05 s',
    ]);
  });
});
