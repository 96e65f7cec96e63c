import { describe, expect, it } from 'vitest';
import { runSimulation } from './simulation.js';

describe('simulation smoke', () => {
  it('2-of-3 ed25519 succeeds', async () => {
    const r = await runSimulation({ suite: 'ed25519', minSigners: 2, maxSigners: 3, seed: 'smoke' });
    for (const v of r.views) {
      expect(v.phase, JSON.stringify(v.errors)).toBe('success');
    }
    const keys = new Set(r.views.map((v) => v.groupKey.hex));
    expect(keys.size).toBe(1);
  });
});
