/**
 * Evidence that a dealer's share is bad, and its re-check. A share travels confidentially, but
 * inside an envelope its dealer signed, so the recipient can publish (share, commitment) and
 * anyone can re-check the verdict without trusting the accuser: G·share ≠ Σ_k C_k·j^k.
 * (Publishing the share exposes only that dealer's bad contribution; the ceremony is then
 * restarted without the dealer and fresh polynomials are drawn.)
 */
import { decodePoint, decodeScalar, evalCommitment, isValidIdentifier } from '../dkg/group.js';
import { getSuite, isSuiteName, type GroupPoint, type SuiteName } from '../suites.js';
import { baseTimes, evalZeroConstantCommitment } from './math.js';

/** Public evidence of a bad share (all fields as received, the share from the dealer's signed envelope). */
export interface BadShareEvidence {
  suite: SuiteName;
  dealer: number;
  recipient: number;
  share: Uint8Array;
  /** The dealer's commitment as broadcast (for refresh: without the implicit identity constant term). */
  commitment: Uint8Array[];
  /** True for refresh, whose commitment omits the constant term (it is the identity by construction). */
  zeroConstant: boolean;
}

/** True iff the evidence shows a share that does not match its commitment (or that is not a scalar). */
export function badShareEvidenceHolds(e: BadShareEvidence): boolean {
  if (!isSuiteName(e?.suite) || !isValidIdentifier(e.recipient) || !Array.isArray(e.commitment)) return false;
  const suite = getSuite(e.suite);
  const C: GroupPoint[] = [];
  for (const b of e.commitment) {
    const p = decodePoint(suite, b);
    if (typeof p === 'string') return false; // a malformed commitment is blamed on its own, not through this evidence
    C.push(p);
  }
  if (!e.zeroConstant && C.length === 0) return false;
  const s = decodeScalar(suite, e.share);
  if (s === undefined) return true; // the dealer signed bytes that are not a scalar
  const expected = e.zeroConstant ? evalZeroConstantCommitment(suite, C, e.recipient) : evalCommitment(C, e.recipient);
  return !baseTimes(suite, s).equals(expected);
}
