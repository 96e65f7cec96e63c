import { describe, expect, it } from 'vitest';
import { runDkgBench } from './dkgBench';

describe('protocol bench', () => {
  it('times ours `reps` times and the baseline `baselineReps` times, with or without a warm-up', () => {
    const [row] = runDkgBench({ suites: ['ristretto255'], ns: [3], reps: 3, baselineReps: 1, warmUp: false });
    expect(row).toMatchObject({ suite: 'ristretto255', n: 3, t: 3, reps: 3, baselineReps: 1 });
    expect(row!.oursMs).toBeGreaterThan(0);
    expect(row!.ratio).toBeCloseTo(row!.oursMs / row!.nobleMs, 12);
    const [plain] = runDkgBench({ suites: ['p256'], ns: [3], reps: 1 });
    expect(plain).not.toHaveProperty('baselineReps');
  });
});
