/**
 * Re-checks of the repair blame evidence (repairPart2/3), runnable by anyone from public data:
 * the values come from the accused helper's signed envelopes (the shell checks those
 * signatures and embeds the envelopes); these functions check the maths. Each returns true iff
 * the evidence shows the fault, so an honest helper cannot be framed with its own values.
 */
import { decodePoint, decodeScalar, isValidIdentifier } from '../dkg/group.js';
import type { PublicKeyPackage } from '../dkg/types.js';
import { getSuite, isSuiteName, type GroupPoint, type SuiteName } from '../suites.js';
import { baseTimes, identifierSet, lagrangeAt, pointTimes } from './math.js';
import type { DeltaCommitmentEvidence } from './repairPart2.js';

/** Helper `helper` sent `recipient` the delta `delta`, but broadcast `commitment` for it. */
export interface BadDeltaEvidence {
  suite: SuiteName;
  helper: number;
  recipient: number;
  delta: Uint8Array;
  commitment: Uint8Array;
}

/** Helper `helper` sent σ = `sigma`; the delta commitments addressed to it (one per helper) are `commitments`. */
export interface BadSigmaEvidence {
  suite: SuiteName;
  helper: number;
  sigma: Uint8Array;
  commitments: Uint8Array[];
}

const points = (suiteName: SuiteName, bytes: readonly Uint8Array[]): GroupPoint[] | undefined => {
  const suite = getSuite(suiteName);
  const out: GroupPoint[] = [];
  for (const b of bytes) {
    const p = decodePoint(suite, b);
    if (typeof p === 'string') return undefined;
    out.push(p);
  }
  return out;
};

/** True iff δ is not a scalar or δ·G ≠ D. */
export function badDeltaEvidenceHolds(e: BadDeltaEvidence): boolean {
  if (!isSuiteName(e?.suite) || !isValidIdentifier(e.helper)) return false;
  const D = points(e.suite, [e.commitment]);
  if (!D) return false;
  const d = decodeScalar(getSuite(e.suite), e.delta);
  return d === undefined || !baseTimes(getSuite(e.suite), d).equals(D[0]!);
}

/** True iff σ is not a scalar or σ·G ≠ Σ_j D_{j→k}. */
export function badSigmaEvidenceHolds(e: BadSigmaEvidence): boolean {
  if (!isSuiteName(e?.suite) || !Array.isArray(e.commitments) || e.commitments.length === 0) return false;
  const D = points(e.suite, e.commitments);
  if (!D) return false;
  const s = decodeScalar(getSuite(e.suite), e.sigma);
  return s === undefined || !baseTimes(getSuite(e.suite), s).equals(D.reduce((a, b) => a.add(b)));
}

/** True iff, under `pkp`, helper j's broadcast commitments do not add up to ζ_j·Y_j. */
export function deltaCommitmentEvidenceHolds(pkp: PublicKeyPackage, e: DeltaCommitmentEvidence): boolean {
  if (!isSuiteName(pkp?.suite)) return false;
  const suite = getSuite(pkp.suite);
  let H: number[];
  try {
    H = identifierSet(e.helpers, 'helpers');
  } catch {
    return false;
  }
  const Y = pkp.verifyingShares.find((v) => v.identifier === e.helper)?.verifyingShare;
  if (
    !H.includes(e.helper) ||
    H.includes(e.participant) ||
    !Y ||
    !Array.isArray(e.commitments) ||
    e.commitments.length !== H.length
  )
    return false;
  if (e.commitments.some(([k], i) => k !== H[i])) return false;
  const D = points(
    suite.name,
    e.commitments.map(([, b]) => b),
  );
  const Yj = decodePoint(suite, Y);
  if (!D || typeof Yj === 'string') return false;
  return !D.reduce((a, b) => a.add(b)).equals(pointTimes(suite, Yj, lagrangeAt(suite, H, e.helper, e.participant)));
}
