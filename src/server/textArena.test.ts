import { describe, expect, it } from 'vitest';
import { createTextArena } from './textArena';

describe('text arena (room log storage)', () => {
  it('gives back every text exactly, across chunk boundaries and for texts larger than a chunk', () => {
    const arena = createTextArena();
    const texts = Array.from({ length: 3000 }, (_, i) =>
      'ABCDEFGHIJKLMNOPQRSTUVWXYZ+/='.repeat(1 + (i % 97)).slice(i % 7),
    );
    texts.push('x'.repeat(3 * 1024 * 1024), '', 'tail');
    const ids = texts.map((t) => arena.add(t));
    expect(ids).toEqual(texts.map((_, i) => i));
    expect(arena.count).toBe(texts.length);
    texts.forEach((t, i) => expect(arena.get(i)).toBe(t));
    const total = texts.reduce((n, t) => n + t.length, 0);
    expect(arena.allocated).toBeGreaterThanOrEqual(total);
    // Few buffers, not one per text; less than half of the memory unused.
    expect(arena.buffers).toBeLessThan(20);
    expect(arena.allocated - total).toBeLessThan(arena.allocated / 2);
  });

  it('equals compares the whole text: same length but one character different is not equal', () => {
    const arena = createTextArena();
    const a = 'QUJD'.repeat(400);
    arena.add(a);
    expect(arena.equals(0, a)).toBe(true);
    expect(arena.equals(0, `${a.slice(0, -1)}E`)).toBe(false);
    expect(arena.equals(0, a.slice(1))).toBe(false);
    expect(arena.equals(0, '')).toBe(false);
  });
});
