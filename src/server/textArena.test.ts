import { describe, expect, it } from 'vitest';
import { createTextArena } from './textArena';

describe('text arena (room log storage)', () => {
  it('gives back every text exactly, across chunk boundaries and for texts larger than a chunk', () => {
    const arena = createTextArena();
    const texts = Array.from({ length: 3000 }, (_, i) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ+/='.repeat(1 + (i % 97)).slice(i % 7));
    texts.push('x'.repeat(3 * 1024 * 1024), '', 'tail');
    const refs = texts.map((t) => arena.add(t));
    refs.forEach((r, i) => expect(arena.get(r)).toBe(texts[i]));
    const total = texts.reduce((n, t) => n + t.length, 0);
    expect(arena.allocated).toBeGreaterThanOrEqual(total);
    // Few buffers, not one per text; less than half of the memory unused.
    expect(new Set(refs.map((r) => r.chunk)).size).toBeLessThan(20);
    expect(arena.allocated - total).toBeLessThan(arena.allocated / 2);
  });
});
