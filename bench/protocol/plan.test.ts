import { describe, expect, it } from 'vitest';
import { protocolUnits, shardUnits, unitCost } from './plan';

describe('protocol bench plan', () => {
  it('full: every suite at n = 3…50, ed25519 also at 100 with one baseline run; no warm-up from n = 50', () => {
    const units = protocolUnits(false);
    expect(units).toHaveLength(6 * 5 + 1);
    expect(units.find((u) => u.n === 100)).toEqual({
      suite: 'ed25519',
      n: 100,
      reps: 3,
      baselineReps: 1,
      warmUp: false,
    });
    expect(units.filter((u) => u.n === 50).every((u) => u.reps === 3 && !u.warmUp)).toBe(true);
    expect(units.filter((u) => u.n <= 20).every((u) => u.reps === 5 && u.warmUp)).toBe(true);
    expect(protocolUnits(true).map((u) => u.n)).toEqual(Array.from({ length: 6 }, () => [3, 10]).flat());
  });

  it('shards hold every unit once, are balanced by estimated cost, and run small n before large within a suite', () => {
    const units = protocolUnits(false);
    const shards = shardUnits(units, 2);
    expect(shards).toHaveLength(2);
    expect(
      shards
        .flat()
        .map((u) => `${u.suite}:${u.n}`)
        .sort(),
    ).toEqual(units.map((u) => `${u.suite}:${u.n}`).sort());
    const loads = shards.map((s) => s.reduce((a, u) => a + unitCost(u), 0));
    expect(Math.max(...loads) / Math.min(...loads)).toBeLessThan(1.2);
    for (const s of shards)
      for (let i = 1; i < s.length; i++)
        if (s[i]!.suite === s[i - 1]!.suite) expect(s[i]!.n).toBeGreaterThan(s[i - 1]!.n);
    expect(shardUnits(units.slice(0, 1), 4)).toHaveLength(1);
  });
});
