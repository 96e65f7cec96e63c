import { describe, expect, it } from 'vitest';
import { createByteBudget } from './byteBudget';

describe('byte budget (bytes that complete no message)', () => {
  it('a completed message gives its payload back; headers and unfinished bytes stay owed', () => {
    const b = createByteBudget(100, 10, () => 0);
    expect(b.received(90)).toBe(true); // a message of 84 bytes + 6 header bytes
    b.completed(84);
    expect(b.received(90)).toBe(true);
    b.completed(84); // owed: 12
    expect(b.received(88)).toBe(true); // 100: at the limit
    expect(b.received(1)).toBe(false);
  });

  it('the order of charge and give-back for the same bytes does not matter, and gives no extra credit', () => {
    const b = createByteBudget(10, 0, () => 0);
    b.completed(50); // reported before its bytes were charged
    expect(b.received(56)).toBe(true); // owed 6
    expect(b.received(4)).toBe(true); // owed 10
    expect(b.received(1)).toBe(false);
  });

  it('what is owed refills at the rate; a clock going backwards refills nothing', () => {
    let t = 1000;
    const b = createByteBudget(100, 1000, () => t);
    expect(b.received(100)).toBe(true);
    t = 1050; // 50 bytes forgiven
    expect(b.received(50)).toBe(true);
    expect(b.received(1)).toBe(false);
    t = 0;
    expect(b.received(0)).toBe(false);
  });
});
