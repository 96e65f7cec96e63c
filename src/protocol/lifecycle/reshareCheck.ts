/**
 * Reshare, public check of the dealings (run by every dealer and every new participant, and by
 * anyone later from the transcript): each dealer of S sent exactly t' valid elements, and its
 * constant term is its Lagrange-weighted old verifying share, E_i,0 = λ_i·Y_i. Then
 * Σ_i E_i,0 = Σ λ_i·Y_i = Y, so the new sharing is of the same secret; a dealer cannot shift the
 * key, nor (its shares being checked against E_i) hand out shares of anything else.
 */
import type { PublicKeyPackage } from '../dkg/types.js';
import { decodePoint } from '../dkg/group.js';
import { getSuite, isSuiteName, type GroupPoint } from '../suites.js';
import { LifecycleError } from './errors.js';
import { decodePoints, identifierSet, lagrangeAt, pointTimes, verifyingSharePoint } from './math.js';
import { checkReshareParams, type ReshareParams } from './reshareParams.js';
import type { ReshareCommitment } from './reshareDeal.js';
import { assertSenders } from './senders.js';

/** Public evidence that dealer `dealer`'s constant term is not λ_i·Y_i; re-check with {@link subSharingEvidenceHolds}. */
export interface BadSubSharingEvidence {
  dealer: number;
  dealers: number[];
  /** The dealer's broadcast constant term E_i,0 (from its signed envelope). */
  constantTerm: Uint8Array;
}

/** True iff, under `oldPkp`, the evidence shows a constant term other than λ_i·Y_i (anyone can run this). */
export function subSharingEvidenceHolds(oldPkp: PublicKeyPackage, e: BadSubSharingEvidence): boolean {
  if (!isSuiteName(oldPkp?.suite)) return false;
  const suite = getSuite(oldPkp.suite);
  let S: number[];
  try {
    S = identifierSet(e.dealers, 'dealers');
  } catch {
    return false;
  }
  const Y = oldPkp.verifyingShares.find((v) => v.identifier === e.dealer)?.verifyingShare;
  if (!S.includes(e.dealer) || !Y) return false;
  const Yi = decodePoint(suite, Y);
  if (typeof Yi === 'string') return false;
  const E0 = decodePoint(suite, e.constantTerm);
  if (typeof E0 === 'string') return true; // it signed bytes that are not an element
  return !E0.equals(pointTimes(suite, Yi, lagrangeAt(suite, S, e.dealer)));
}

/**
 * Checks all dealings' public parts; returns the decoded commitments keyed by dealer. Throws
 * 'missing' / 'unexpected-sender' / 'wrong-commitment-length' / 'malformed' /
 * 'bad-sub-sharing' (with {@link BadSubSharingEvidence}) naming the dealers at fault, and
 * 'inconsistent-public-key-package' (nobody) if the old package does not add up to its key.
 */
export function checkReshareCommitments(
  params: ReshareParams,
  commitments: ReadonlyMap<number, ReshareCommitment>,
): Map<number, GroupPoint[]> {
  const p = checkReshareParams(params);
  const { suite } = p;
  const pkp = p.oldPublicKeyPackage;
  assertSenders(p.dealers, commitments, 'reshare commitment');
  const wrong = p.dealers.filter((i) => {
    const c = commitments.get(i)?.commitment;
    return !Array.isArray(c) || c.length !== p.newMinSigners;
  });
  if (wrong.length > 0)
    throw new LifecycleError(
      'wrong-commitment-length',
      `reshare commitment(s) from ${wrong.join(', ')} do not have ${p.newMinSigners} elements`,
      wrong,
    );
  const decoded = new Map<number, GroupPoint[]>();
  for (const i of p.dealers)
    decoded.set(i, decodePoints(suite, commitments.get(i)!.commitment, i, 'reshare commitment'));
  const bad: BadSubSharingEvidence[] = [];
  let sum = suite.internals.Point.ZERO;
  for (const i of p.dealers) {
    const Yi = verifyingSharePoint(suite, pkp, i);
    const E0 = decoded.get(i)![0]!;
    if (!E0.equals(pointTimes(suite, Yi, lagrangeAt(suite, p.dealers, i))))
      bad.push({ dealer: i, dealers: p.dealers, constantTerm: commitments.get(i)!.commitment[0]! });
    sum = sum.add(E0);
  }
  if (bad.length > 0)
    throw new LifecycleError(
      'bad-sub-sharing',
      `dealer(s) ${bad.map((b) => b.dealer).join(', ')} did not deal their Lagrange-weighted share λ_i·s_i (constant term ≠ λ_i·Y_i)`,
      bad.map((b) => b.dealer),
      bad,
    );
  // Every E_i,0 = λ_i·Y_i; their sum is Y unless the old package's verifying shares are not on one
  // polynomial of degree t−1 with constant term Y (a corrupt file, nobody's fault here).
  const Y = decodePoint(suite, pkp.verifyingKey);
  if (typeof Y === 'string' || !sum.equals(Y))
    throw new LifecycleError(
      'inconsistent-public-key-package',
      'the old public key package’s verifying shares do not interpolate to its group key',
      [],
    );
  return decoded;
}
