/**
 * DKG round 2 (frost-rs `part2` output): the secret share f_i(j) for each other participant j,
 * and the one-share Feldman VSS check a recipient (or anyone judging a complaint) runs.
 */
import type { GroupPoint, Suite } from '../suites.js';
import {
  assertCache,
  decodePoint,
  decodeScalar,
  encodeScalar,
  evalCommitment,
  evalPolynomial,
  isValidIdentifier,
  mulBase,
  show,
  type PointCache,
} from './group.js';
import { parseSecret } from './round1.js';
import { DkgInputError, type Round1Secret } from './types.js';

/** f_i(j) for each recipient j, as serialised scalars (frost-rs `round2::Package` signing_share). */
export function dkgRound2Shares(
  suite: Suite,
  secret: Round1Secret,
  recipients: readonly number[],
): Map<number, Uint8Array> {
  const coeffs = parseSecret(suite, secret);
  if (!Array.isArray(recipients)) throw new DkgInputError('bad-parameters', 'recipients must be an array');
  const out = new Map<number, Uint8Array>();
  for (const j of recipients) {
    if (!isValidIdentifier(j)) throw new DkgInputError('bad-identifier', `invalid recipient ${show(j)}`);
    if (j === secret.identifier)
      throw new DkgInputError('bad-identifier', 'a participant does not send a share to itself', [j]);
    if (out.has(j)) throw new DkgInputError('bad-identifier', `duplicate recipient ${j}`, [j]);
    out.set(j, encodeScalar(suite, evalPolynomial(suite, coeffs, BigInt(j))));
  }
  return out;
}

/** share·G == Σ_k C_k·recipient^k over already decoded points. */
export function shareMatches(suite: Suite, C: readonly GroupPoint[], recipient: number, share: bigint): boolean {
  return mulBase(suite, share).equals(evalCommitment(C, recipient));
}

/**
 * One-by-one check: share·G == Σ_k commitment[k]·recipient^k. False on any malformed input
 * (bad encodings, empty commitment, invalid recipient); never throws.
 */
export function verifyShare(
  suite: Suite,
  senderCommitment: readonly Uint8Array[],
  recipient: number,
  share: Uint8Array,
  cache?: PointCache,
): boolean {
  assertCache(suite, cache); // a caller bug must not read as "bad share"
  try {
    if (!isValidIdentifier(recipient) || !Array.isArray(senderCommitment) || senderCommitment.length === 0)
      return false;
    const s = decodeScalar(suite, share);
    if (s === undefined) return false;
    const C: GroupPoint[] = [];
    for (const b of senderCommitment) {
      const p = decodePoint(suite, b, cache);
      if (typeof p === 'string') return false;
      C.push(p);
    }
    return shareMatches(suite, C, recipient, s);
  } catch {
    return false;
  }
}
