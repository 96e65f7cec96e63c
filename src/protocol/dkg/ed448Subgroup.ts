/**
 * Prime-order-subgroup test for edwards448 by explicit point halving, about twice as fast as
 * the [ℓ]·P multiplication of `isTorsionFree()` (which dominates ed448 DKG time).
 *
 * E(F_p) ≅ Z/4 × Z/ℓ, so the prime-order subgroup is exactly 4·E(F_p). We halve P twice to get
 * R and then CHECK that R is a valid curve point with 4·R == P: a success is a proof of
 * membership, whatever the halving code did. If halving fails for any reason, the exact
 * `isTorsionFree()` decides. So the verdict always equals `isTorsionFree()`; only time differs.
 *
 * Halving on x² + y² = 1 + d·x²y² (a = 1): with s = y_Q² for Q = (x_Q, y_Q), 2Q = P = (x, y):
 *   x_Q² = (1 − s)/(1 − d·s),  d(y+1)·s² − 2(d·y + 1)·s + (y+1) = 0,
 *   x_Q = x·(x_Q² + s)/(2·y_Q)        (from x = 2·x_Q·y_Q/(x_Q² + y_Q²)).
 * The two roots multiply to 1/d, a non-square, so exactly one is a square. p ≡ 3 (mod 4), so
 * v^((p+1)/4) is √v when v is a square and √(−v) when it is not; then √(s₂) = √(−1/d)/√(−s₁).
 * Two exponentiations per halving, against ≈446 point doublings for [ℓ]·P.
 */
import { ed448 } from '@noble/curves/ed448.js';
import { pow2 } from '@noble/curves/abstract/modular.js';
import type { GroupPoint } from '../suites.js';

const Point = ed448.Point;
const Fp = Point.Fp;
const P = Fp.ORDER;
const D = Fp.create(Point.CURVE().d);

/** v^((p−3)/4) by an addition chain (p = 2^448 − 2^224 − 1): 445 squarings, 11 multiplications. */
function powPm3d4(x: bigint): bigint {
  const b2 = (x * x * x) % P;
  const b3 = (b2 * b2 * x) % P;
  const b6 = (pow2(b3, 3n, P) * b3) % P;
  const b9 = (pow2(b6, 3n, P) * b3) % P;
  const b11 = (pow2(b9, 2n, P) * b2) % P;
  const b22 = (pow2(b11, 11n, P) * b11) % P;
  const b44 = (pow2(b22, 22n, P) * b22) % P;
  const b88 = (pow2(b44, 44n, P) * b44) % P;
  const b176 = (pow2(b88, 88n, P) * b88) % P;
  const b220 = (pow2(b176, 44n, P) * b44) % P;
  const b222 = (pow2(b220, 2n, P) * b2) % P;
  const b223 = (pow2(b222, 1n, P) * x) % P;
  return (pow2(b223, 223n, P) * b222) % P;
}

/** v^((p+1)/4): √v if v is a square, √(−v) otherwise. */
const pow14 = (v: bigint): bigint => (v * powPm3d4(v)) % P;

// √(−1/d), a constant; −1/d is a square because 1/d and −1 both are not.
const K = (() => {
  const v = Fp.neg(Fp.inv(D));
  const k = pow14(v);
  return Fp.eql(Fp.sqr(k), v) ? k : undefined;
})();

type Affine = { x: bigint; y: bigint };

/** A rational half of P, or undefined (then the caller falls back to the exact test). */
function half({ x, y }: Affine): Affine | undefined {
  if (K === undefined) return undefined;
  const y1 = Fp.add(y, 1n);
  if (Fp.is0(y1)) return undefined; // (0, −1), the 2-torsion point
  const b = Fp.add(Fp.mul(D, y), 1n);
  const disc = Fp.sub(Fp.sqr(b), Fp.mul(D, Fp.sqr(y1)));
  const r = pow14(disc);
  if (!Fp.eql(Fp.sqr(r), disc)) return undefined; // P is not a double
  const s1 = Fp.mul(Fp.add(b, r), Fp.inv(Fp.mul(D, y1)));
  if (Fp.is0(s1)) return undefined;
  const c1 = pow14(s1);
  const c1sq = Fp.sqr(c1);
  let s: bigint;
  let yq: bigint;
  if (Fp.eql(c1sq, s1)) {
    s = s1;
    yq = c1;
  } else if (Fp.eql(c1sq, Fp.neg(s1))) {
    s = Fp.mul(Fp.inv(D), Fp.inv(s1)); // the other root: s1·s2 = 1/d
    yq = Fp.mul(K, Fp.inv(c1));
  } else return undefined;
  const den = Fp.sub(1n, Fp.mul(D, s));
  if (Fp.is0(den) || Fp.is0(yq)) return undefined;
  const xq2 = Fp.mul(Fp.sub(1n, s), Fp.inv(den));
  const xq = Fp.mul(Fp.mul(x, Fp.add(xq2, s)), Fp.inv(Fp.add(yq, yq)));
  return Fp.eql(Fp.sqr(xq), xq2) ? { x: xq, y: yq } : undefined;
}

/** True only with a proof: a valid R with 4·R == P was found. False means "no proof found". */
export function ed448ProvenInSubgroup(p: GroupPoint): boolean {
  try {
    const q = half((p as unknown as { toAffine(): Affine }).toAffine());
    const r = q && half(q);
    if (!r) return false;
    const R = Point.fromAffine(r);
    R.assertValidity();
    return (R.double().double() as unknown as GroupPoint).equals(p);
  } catch {
    return false;
  }
}

/** Exact subgroup membership for an ed448 point (equal to `p.isTorsionFree()`), usually fast. */
export function ed448InPrimeOrderSubgroup(p: GroupPoint): boolean {
  return ed448ProvenInSubgroup(p) || p.isTorsionFree();
}
