/**
 * Scalar and point helpers shared by the lifecycle steps: Lagrange coefficients at any point,
 * strict identifier sets, and commitment decoding with the frost-rs deserialisation rules
 * (exact length, canonical, on the curve, not the identity, prime-order subgroup).
 */
import { decodePoint, decodeScalar, evalCommitment, isValidIdentifier, mulSmall } from '../dkg/group.js';
import type { GroupPoint, Suite } from '../suites.js';
import { LifecycleError } from './errors.js';

/**
 * λ_i(x) = Π_{j∈S, j≠i} (x − j)/(i − j) over the scalar field: the Lagrange coefficient of i in the
 * set S, evaluated at x (x = 0 for the secret; x = r for repair's ζ, frost-rs
 * `compute_lagrange_coefficient(S, Some(r), i)`). S must hold distinct identifiers and i ∈ S.
 */
export function lagrangeAt(suite: Suite, set: readonly number[], i: number, x = 0): bigint {
  const { Fn } = suite.internals;
  if (!set.includes(i)) throw new LifecycleError('bad-input', `identifier ${i} is not in the set`);
  let num = Fn.ONE;
  let den = Fn.ONE;
  const X = Fn.create(BigInt(x));
  for (const j of set) {
    if (j === i) continue;
    num = Fn.mul(num, Fn.sub(X, Fn.create(BigInt(j))));
    den = Fn.mul(den, Fn.sub(Fn.create(BigInt(i)), Fn.create(BigInt(j))));
  }
  return Fn.div(num, den);
}

/** A sorted copy of distinct valid identifiers; 'bad-input' (naming `what`) otherwise. */
export function identifierSet(ids: readonly number[], what: string): number[] {
  if (!Array.isArray(ids)) throw new LifecycleError('bad-input', `${what} must be an array`);
  const seen = new Set<number>();
  for (const id of ids) {
    if (!isValidIdentifier(id)) throw new LifecycleError('bad-input', `${what}: invalid identifier`);
    if (seen.has(id)) throw new LifecycleError('bad-input', `${what}: identifier ${id} appears twice`);
    seen.add(id);
  }
  return [...seen].sort((a, b) => a - b);
}

/** Decodes a participant's list of points; 'malformed' naming `sender` if any is not a valid element. */
export function decodePoints(suite: Suite, bytes: unknown, sender: number, what: string): GroupPoint[] {
  if (!Array.isArray(bytes)) throw new LifecycleError('malformed', `${what} from ${sender} is not a list`, [sender]);
  return bytes.map((b, k) => {
    const p = decodePoint(suite, b);
    if (typeof p === 'string')
      throw new LifecycleError('malformed', `${what} from ${sender}: element ${k} is ${p}`, [sender]);
    return p;
  });
}

/** Decodes a participant's scalar; 'malformed' naming `sender` when not canonical. */
export function decodeScalarFrom(suite: Suite, bytes: unknown, sender: number, what: string): bigint {
  const s = decodeScalar(suite, bytes);
  if (s === undefined)
    throw new LifecycleError('malformed', `${what} from ${sender} is not a canonical scalar`, [sender]);
  return s;
}

/** Σ_k C_k·x^k for a commitment whose constant term is the identity and is NOT sent (frost-rs refresh). */
export function evalZeroConstantCommitment(suite: Suite, rest: readonly GroupPoint[], x: number): GroupPoint {
  // Σ_{k≥1} C_k·x^k = x·(Σ_{k≥1} C_k·x^{k−1}).
  if (rest.length === 0) return suite.internals.Point.ZERO;
  return mulSmall(evalCommitment(rest, x), x);
}

/** G·s for a scalar that may be 0 (noble's constant-time multiply rejects 0). */
export function baseTimes(suite: Suite, s: bigint): GroupPoint {
  const { Point } = suite.internals;
  return s === 0n ? Point.ZERO : Point.BASE.multiply(s);
}

/** P·s for a public scalar that may be 0. */
export function pointTimes(suite: Suite, P: GroupPoint, s: bigint): GroupPoint {
  return s === 0n ? suite.internals.Point.ZERO : P.multiplyUnsafe(s);
}

/**
 * Y_i from a public key package the local caller supplied (a file): decoded with the full
 * element checks. A missing or invalid share is the file's fault, 'bad-input', never a peer's.
 */
export function verifyingSharePoint(
  suite: Suite,
  pkp: { verifyingShares: { identifier: number; verifyingShare: Uint8Array }[] },
  id: number,
): GroupPoint {
  const bytes = pkp.verifyingShares.find((v) => v.identifier === id)?.verifyingShare;
  const p = decodePoint(suite, bytes);
  if (typeof p === 'string')
    throw new LifecycleError('bad-input', `the public key package has no valid verifying share for ${id}`);
  return p;
}
