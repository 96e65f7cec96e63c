/**
 * Repair, part 2 (frost-rs `repair_share_part2`): helper k adds the deltas it received from every
 * helper (itself included) into σ_k = Σ_j δ_{j→k} and sends it to the recovering custodian.
 * Before that it checks, for every helper j, the commitments j broadcast (they must add up to
 * ζ_j·Y_j, from the public key package) and the delta j sent it (δ_{j→k}·G = D_{j→k}).
 */
import { decodeScalar, encodeScalar } from '../dkg/group.js';
import type { PublicKeyPackage } from '../dkg/types.js';
import { getSuite, type Suite } from '../suites.js';
import { LifecycleError } from './errors.js';
import { baseTimes, decodePoints, decodeScalarFrom, lagrangeAt, pointTimes, verifyingSharePoint } from './math.js';
import { repairHelpers } from './repairPart1.js';
import { assertSenders } from './senders.js';
import type { BadDeltaEvidence } from './repairEvidence.js';

/** σ = Σ δ: the pure frost-rs part-2 sum (also part 3's Σ σ). Scalars in frost-rs serialisation. */
export function sumScalars(suite: Suite, values: readonly Uint8Array[]): Uint8Array {
  const { Fn } = suite.internals;
  let acc = Fn.ZERO;
  for (const v of values) {
    const s = decodeScalar(suite, v);
    if (s === undefined) throw new LifecycleError('bad-input', 'not a canonical scalar');
    acc = Fn.add(acc, s);
  }
  return encodeScalar(suite, acc);
}

/** Evidence that helper j's broadcast commitments do not add up to ζ_j·Y_j (anyone re-checks with the public key package). */
export interface DeltaCommitmentEvidence {
  helper: number;
  helpers: number[];
  participant: number;
  commitments: [number, Uint8Array][];
}

/**
 * Checks every helper's broadcast delta commitments (all helpers and the recovering custodian run
 * this): exactly one per helper, valid elements, Σ_k D_{j→k} = ζ_j·Y_j. Throws naming the helper(s).
 */
export function checkDeltaCommitments(
  pkp: PublicKeyPackage,
  helpers: readonly number[],
  participant: number,
  commitments: ReadonlyMap<number, ReadonlyMap<number, Uint8Array>>,
): Map<number, Map<number, ReturnType<typeof decodePoints>[number]>> {
  const suite = getSuite(pkp.suite);
  const H = repairHelpers(pkp, helpers, participant);
  assertSenders(H, commitments, 'repair delta commitments');
  const out = new Map<number, Map<number, ReturnType<typeof decodePoints>[number]>>();
  const bad: DeltaCommitmentEvidence[] = [];
  for (const j of H) {
    const Dj = commitments.get(j);
    if (!(Dj instanceof Map) || Dj.size !== H.length || H.some((k) => !Dj.has(k)))
      throw new LifecycleError('malformed', `helper ${j}'s delta commitments are not one per helper`, [j]);
    const points = decodePoints(
      suite,
      H.map((k) => Dj.get(k)),
      j,
      'delta commitment',
    );
    const Yj = verifyingSharePoint(suite, pkp, j);
    const total = points.reduce((a, b) => a.add(b));
    if (!total.equals(pointTimes(suite, Yj, lagrangeAt(suite, H, j, participant))))
      bad.push({ helper: j, helpers: H, participant, commitments: H.map((k) => [k, Dj.get(k) as Uint8Array]) });
    out.set(j, new Map(H.map((k, i) => [k, points[i]!])));
  }
  if (bad.length > 0)
    throw new LifecycleError(
      'bad-delta-commitments',
      `delta commitments of helper(s) ${bad.map((b) => b.helper).join(', ')} do not add up to their weighted verifying share`,
      bad.map((b) => b.helper),
      bad,
    );
  return out;
}

/**
 * Part 2 for helper `me`: checks the commitments and the deltas received (keyed by the sending
 * helper, own delta included) and returns σ_me (frost-rs `Sigma` serialisation).
 */
export function repairPart2(
  pkp: PublicKeyPackage,
  helpers: readonly number[],
  participant: number,
  me: number,
  commitments: ReadonlyMap<number, ReadonlyMap<number, Uint8Array>>,
  deltas: ReadonlyMap<number, Uint8Array>,
): Uint8Array {
  const suite = getSuite(pkp.suite);
  const D = checkDeltaCommitments(pkp, helpers, participant, commitments);
  if (!D.has(me)) throw new LifecycleError('bad-input', 'this helper is not in the helper set');
  assertSenders([...D.keys()], deltas, 'repair delta');
  const bad: number[] = [];
  const values: Uint8Array[] = [];
  for (const [j, bytes] of deltas) {
    const d = decodeScalarFrom(suite, bytes, j, 'repair delta');
    if (!baseTimes(suite, d).equals(D.get(j)!.get(me)!)) bad.push(j);
    values.push(bytes);
  }
  if (bad.length > 0)
    throw new LifecycleError(
      'bad-delta',
      `delta(s) from helper(s) ${bad.join(', ')} do not match their commitments`,
      bad,
      bad.map((j): BadDeltaEvidence => ({
        suite: suite.name,
        helper: j,
        recipient: me,
        delta: deltas.get(j)!,
        commitment: commitments.get(j)!.get(me)!,
      })),
    );
  return sumScalars(suite, values);
}
