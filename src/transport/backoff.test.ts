import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles from the base, caps at max, and jitters within [ceiling/2, ceiling]', () => {
    const lo = { baseMs: 100, maxMs: 1000, rng: () => 0 };
    const hi = { baseMs: 100, maxMs: 1000, rng: () => 0.999999 };
    expect([1, 2, 3, 4, 5, 50].map((a) => backoffDelay(a, lo))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([1, 2, 3, 4, 5, 50].map((a) => backoffDelay(a, hi))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
});
