import { ed448, ED448_TORSION_SUBGROUP } from '@noble/curves/ed448.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GroupPoint } from '../suites.js';
import { ed448InPrimeOrderSubgroup, ed448ProvenInSubgroup } from './ed448Subgroup.js';

const Point = ed448.Point;
const torsion = ED448_TORSION_SUBGROUP.map((h) => Point.fromHex(h));
const asGroup = (p: unknown) => p as GroupPoint;

describe('ed448 subgroup test by halving', () => {
  it('has the four torsion points to test with', () => {
    expect(torsion.filter((t) => t.is0()).length).toBe(1);
    expect(torsion.length).toBe(4);
  });

  it('agrees with isTorsionFree on every coset, and proves membership for every subgroup point tried', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: Point.Fn.ORDER - 1n }), (k) => {
        const G = Point.BASE.multiply(k);
        for (const t of torsion) {
          const p = t.is0() ? G : G.add(t);
          const exact = p.isTorsionFree();
          expect(exact).toBe(t.is0());
          expect(ed448InPrimeOrderSubgroup(asGroup(p))).toBe(exact);
          // The fast path only ever answers "yes" with a proof, and finds one for honest points.
          expect(ed448ProvenInSubgroup(asGroup(p))).toBe(exact);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('small-order points themselves are rejected', () => {
    for (const t of torsion.filter((x) => !x.is0())) expect(ed448InPrimeOrderSubgroup(asGroup(t))).toBe(false);
  });
});
