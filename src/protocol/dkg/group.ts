/**
 * Scalar and element encoding for the DKG, with the validation frost-rs applies on
 * deserialisation, plus the small-scalar arithmetic used for VSS evaluation.
 */
import { toHex } from '../encoding.js';
import { bytesToNumberBE, bytesToNumberLE } from '@noble/curves/utils.js';
import type { GroupPoint, Suite } from '../suites.js';
import { DkgInputError, MAX_PARTICIPANTS } from './types.js';

/** Why bytes are not a valid group element. */
export type PointFault = 'wrong-length' | 'invalid-point';

/**
 * Memo of decoded, fully validated points, keyed by their exact encoding. One per DKG
 * (create with {@link createPointCache}) so that each received point is decoded and
 * subgroup-checked once although round 1 checks and round 3 both need it. Only points that
 * passed every check are stored, so a hit is exactly as good as a fresh decode.
 */
export interface PointCache {
  readonly suite: Suite['name'];
  get(key: string): GroupPoint | undefined;
  set(key: string, point: GroupPoint): void;
  readonly size: number;
}

/** A fresh, empty point cache for one DKG run of `suite`. */
export function createPointCache(suite: Suite): PointCache {
  const map = new Map<string, GroupPoint>();
  return {
    suite: suite.name,
    get: (k) => map.get(k),
    set: (k, p) => void map.set(k, p),
    get size() {
      return map.size;
    },
  };
}

/** A short, never-throwing description of an untrusted value for error messages. */
export function show(x: unknown): string {
  if (typeof x === 'number' || typeof x === 'boolean' || typeof x === 'bigint' || x === null || x === undefined)
    return `${x}`;
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? x.slice(0, 40) + '…' : x);
  return typeof x;
}

/** A cache made for another suite is a caller bug; never let it look like a remote fault. */
export function assertCache(suite: Suite, cache: PointCache | undefined): void {
  if (cache !== undefined && cache.suite !== suite.name)
    throw new DkgInputError('suite-mismatch', `point cache is for ${show(cache.suite)}, not ${suite.name}`);
}

/** Lowercase hex (the protocol's one encoder, encoding.ts). */
export { toHex };

/**
 * Decodes a group element as frost-rs `Group::deserialize` does: exact length, canonical
 * encoding, on the curve, not the identity, in the prime-order subgroup.
 */
export function decodePoint(suite: Suite, bytes: unknown, cache?: PointCache): GroupPoint | PointFault {
  if (!(bytes instanceof Uint8Array)) return 'wrong-length';
  if (bytes.length !== suite.elementBytes) return 'wrong-length';
  assertCache(suite, cache);
  const key = cache ? toHex(bytes) : '';
  const hit = cache?.get(key);
  if (hit) return hit;
  const { Point, inPrimeOrderSubgroup } = suite.internals;
  let p: GroupPoint;
  try {
    p = Point.fromBytes(bytes);
    p.assertValidity();
    if (p.is0()) return 'invalid-point';
    if (!inPrimeOrderSubgroup(p)) return 'invalid-point';
    // Canonical encodings only (noble's decoders are strict; this makes it explicit and cheap
    // except for ristretto255, whose decoder is canonical by construction, RFC 9496 §4.3.1).
    if (suite.name !== 'ristretto255' && !equalBytes(p.toBytes(), bytes)) return 'invalid-point';
  } catch {
    return 'invalid-point';
  }
  cache?.set(key, p);
  return p;
}

/** Records a point we computed ourselves as k·G (k ≠ 0), hence valid, under its encoding. */
export function primePointCache(cache: PointCache, bytes: Uint8Array, p: GroupPoint): void {
  if (!p.is0()) cache.set(toHex(bytes), p);
}

/** Parses a canonical scalar (frost-rs `Field::deserialize`): exact length, value < group order. */
export function decodeScalar(suite: Suite, bytes: unknown): bigint | undefined {
  if (!(bytes instanceof Uint8Array) || bytes.length !== suite.scalarBytes) return undefined;
  const { Fn } = suite.internals;
  const n = suite.identifierByteOrder === 'le' ? bytesToNumberLE(bytes) : bytesToNumberBE(bytes);
  return n < Fn.ORDER ? n : undefined;
}

/** Serialises a scalar in the suite's byte order. */
export function encodeScalar(suite: Suite, s: bigint): Uint8Array {
  return suite.internals.Fn.toBytes(s);
}

/** True for identifiers we support: integers 1..65535 (frost-rs `Identifier::try_from(u16)`). */
export function isValidIdentifier(id: unknown): id is number {
  return typeof id === 'number' && Number.isInteger(id) && id >= 1 && id <= MAX_PARTICIPANTS;
}

/** k·P for a small public positive integer k (double-and-add; variable time, public data only). */
export function mulSmall(P: GroupPoint, k: number): GroupPoint {
  if (!Number.isInteger(k) || k < 1) throw new RangeError('mulSmall expects a positive integer');
  let acc = P;
  for (let bit = 31 - Math.clz32(k) - 1; bit >= 0; bit--) {
    acc = acc.double();
    if ((k >>> bit) & 1) acc = acc.add(P);
  }
  return acc;
}

/**
 * Σ_k C_k·x^k by Horner's rule for a small x: (t−1) multiplications by x (≈log2 x doublings
 * each) instead of a multi-scalar multiplication with ever larger powers of x.
 */
export function evalCommitment(C: readonly GroupPoint[], x: number): GroupPoint {
  const last = C[C.length - 1];
  if (!last) throw new RangeError('empty commitment');
  let acc = last;
  for (let k = C.length - 2; k >= 0; k--) acc = mulSmall(acc, x).add(C[k] as GroupPoint);
  return acc;
}

/** f(x) = Σ a_k·x^k over the scalar field (Horner). */
export function evalPolynomial(suite: Suite, coeffs: readonly bigint[], x: bigint): bigint {
  const { Fn } = suite.internals;
  let acc = Fn.ZERO;
  for (let k = coeffs.length - 1; k >= 0; k--) acc = Fn.add(Fn.mul(acc, x), coeffs[k] as bigint);
  return acc;
}

/** Constant-length byte comparison (inputs here are public). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= (a[i] as number) ^ (b[i] as number);
  return d === 0;
}

/** G·s, allowing s = 0 (noble's constant-time multiply rejects 0). */
export function mulBase(suite: Suite, s: bigint): GroupPoint {
  const { Point } = suite.internals;
  return s === 0n ? Point.ZERO : Point.BASE.multiply(s);
}
