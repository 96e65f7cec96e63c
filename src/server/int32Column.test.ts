import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInt32Column } from './int32Column';

describe('int32 column', () => {
  it('keeps every pushed value in order as it grows past its first capacity', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 8 }),
        (values, cap) => {
          const col = createInt32Column(cap);
          for (const v of values) col.push(v);
          expect(col.length).toBe(values.length);
          expect(values.map((_, i) => col.at(i))).toEqual(values);
        },
      ),
    );
  });

  it('refuses to read past its end instead of returning a stale or zero value', () => {
    const col = createInt32Column(4);
    col.push(7);
    expect(() => col.at(1)).toThrow(RangeError);
    expect(() => col.at(-1)).toThrow(RangeError);
  });
});
