/**
 * Repair, part 1 (frost-rs `repair_share_part1`; Repairable Threshold Scheme, Laing–Stinson,
 * eprint 2017/1155): helper j, one of a set H of at least t helpers, splits ζ_j·s_j — its share
 * weighted by its Lagrange coefficient for H evaluated at the lost identifier r — into |H| random
 * deltas that add up to it, one for each helper (itself included). Σ_{j∈H} ζ_j·s_j = f(r) = s_r.
 * Draw order as frost-rs: |H|−1 random scalars for the first helpers (sorted), the last gets the rest.
 *
 * Our addition (not in frost-rs): helper j also broadcasts D_{j→k} = δ_{j→k}·G for every k. They
 * let anyone check Σ_k D_{j→k} = ζ_j·Y_j against the public key package, let helper k check
 * each δ it receives, and let the recovering custodian check each σ_k — so a helper who sends
 * a wrong value is named (repairPart2/3), where plain RTS can only say "the result is wrong".
 * They reveal nothing the scalars' discrete logarithms do not (their total is Y_r, already public).
 */
import { decodeScalar, encodeScalar, equalBytes, isValidIdentifier } from '../dkg/group.js';
import { randomScalar } from '../dkg/round1.js';
import type { KeyPackage, PublicKeyPackage, Rng } from '../dkg/types.js';
import { getSuite, isSuiteName } from '../suites.js';
import { LifecycleError } from './errors.js';
import { baseTimes, identifierSet, lagrangeAt } from './math.js';

/** What helper j sends: δ_{j→k} to helper k confidentially, and the commitments to all helpers and to r. */
export interface RepairPart1Output {
  /** SECRET per recipient: δ_{j→k} (frost-rs `Delta` serialisation: one scalar), keyed by helper k. */
  deltas: Map<number, Uint8Array>;
  /** Public broadcast: D_{j→k} = δ_{j→k}·G, keyed by helper k. */
  commitments: Map<number, Uint8Array>;
}

/** Checks the helper set for repairing r with a t-of-n key; returns it sorted. */
export function repairHelpers(pkp: PublicKeyPackage, helpers: readonly number[], participant: number): number[] {
  const H = identifierSet(helpers, 'helpers');
  // frost-rs IncorrectNumberOfIdentifiers: fewer than t helpers cannot interpolate f(r).
  if (H.length < pkp.minSigners)
    throw new LifecycleError('bad-input', `repair needs at least ${pkp.minSigners} helpers, got ${H.length}`);
  if (!isValidIdentifier(participant) || H.includes(participant))
    throw new LifecycleError('bad-input', 'the custodian being repaired cannot be a helper');
  if (!pkp.verifyingShares.some((v) => v.identifier === participant))
    throw new LifecycleError('bad-input', `identifier ${participant} holds no share of this key`);
  const unknown = H.filter((h) => !pkp.verifyingShares.some((v) => v.identifier === h));
  if (unknown.length > 0)
    throw new LifecycleError('bad-input', `helpers ${unknown.join(', ')} hold no share of this key`);
  return H;
}

/** Part 1 for the helper holding `keyPackage`. */
export function repairPart1(
  pkp: PublicKeyPackage,
  helpers: readonly number[],
  keyPackage: KeyPackage,
  participant: number,
  rng: Rng,
): RepairPart1Output {
  if (!isSuiteName(pkp?.suite) || keyPackage?.suite !== pkp.suite)
    throw new LifecycleError('bad-input', 'suite mismatch');
  const suite = getSuite(pkp.suite);
  const { Fn } = suite.internals;
  const H = repairHelpers(pkp, helpers, participant);
  const j = keyPackage.identifier;
  if (!H.includes(j)) throw new LifecycleError('bad-input', 'this helper is not in the helper set'); // frost-rs UnknownIdentifier
  const s = decodeScalar(suite, keyPackage.signingShare);
  const mine = pkp.verifyingShares.find((v) => v.identifier === j)?.verifyingShare;
  if (s === undefined || !mine || !equalBytes(baseTimes(suite, s).toBytes(), mine))
    throw new LifecycleError('bad-input', 'key package does not belong to the public key package');
  const zeta = lagrangeAt(suite, H, j, participant);
  const lhs = Fn.mul(zeta, s);
  const values: bigint[] = [];
  for (let k = 0; k < H.length - 1; k++) values.push(randomScalar(suite, rng));
  values.push(
    Fn.sub(
      lhs,
      values.reduce((a, b) => Fn.add(a, b), Fn.ZERO),
    ),
  );
  const deltas = new Map<number, Uint8Array>();
  const commitments = new Map<number, Uint8Array>();
  H.forEach((k, idx) => {
    const d = values[idx] as bigint;
    // δ = 0 only for the computed last value, with probability ~2^-250; its commitment would be the unencodable identity.
    if (d === 0n) throw new LifecycleError('bad-input', 'a delta is zero: draw again');
    deltas.set(k, encodeScalar(suite, d));
    commitments.set(k, baseTimes(suite, d).toBytes());
  });
  return { deltas, commitments };
}
