/**
 * Reshare, final step for new participant j: check each dealer's sub-share against its
 * commitment (G·g_i(j) = Σ_k E_i,k·j^k), then
 *   s'_j = Σ_{i∈S} g_i(j)                       (new signing share)
 *   Y'_m = Σ_{i∈S} Σ_k E_i,k·m^k  for every new m  (new verifying shares)
 *   Y' = Y (unchanged, = Σ E_i,0), min_signers = t'
 * For secp256k1-tr the stored key is kept as stored (already even-y-normalised and tweaked by the
 * first DKG's frost-rs post_dkg): no second tweak, or the key would change.
 */
import { decodeScalar, encodeScalar, evalCommitment, equalBytes } from '../dkg/group.js';
import type { KeyPackage, PublicKeyPackage } from '../dkg/types.js';
import type { GroupPoint } from '../suites.js';
import { LifecycleError } from './errors.js';
import { baseTimes } from './math.js';
import { checkReshareCommitments } from './reshareCheck.js';
import type { ReshareCommitment } from './reshareDeal.js';
import { checkReshareParams, type ReshareParams } from './reshareParams.js';
import { assertSenders } from './senders.js';
import type { BadShareEvidence } from './shareEvidence.js';

/** The new public key package every participant computes alike from the checked commitments. */
export function resharePublicKeyPackage(
  params: ReshareParams,
  commitments: ReadonlyMap<number, ReshareCommitment>,
): PublicKeyPackage {
  const p = checkReshareParams(params);
  const E = checkReshareCommitments(p, commitments);
  const verifyingShares = p.newParticipants.map((m) => {
    let Y: GroupPoint = p.suite.internals.Point.ZERO;
    for (const C of E.values()) Y = Y.add(evalCommitment(C, m));
    if (Y.is0()) throw new LifecycleError('bad-input', `new verifying share ${m} is the identity: reshare again`);
    return { identifier: m, verifyingShare: Y.toBytes() };
  });
  return {
    suite: p.suite.name,
    verifyingShares,
    verifyingKey: p.oldPublicKeyPackage.verifyingKey,
    minSigners: p.newMinSigners,
  };
}

/** New participant `me`'s key package and the new public key package; throws naming the culprits. */
export function reshareFinish(
  params: ReshareParams,
  me: number,
  commitments: ReadonlyMap<number, ReshareCommitment>,
  shares: ReadonlyMap<number, Uint8Array>,
): { keyPackage: KeyPackage; publicKeyPackage: PublicKeyPackage } {
  const p = checkReshareParams(params);
  const { suite } = p;
  const { Fn } = suite.internals;
  if (!p.newParticipants.includes(me)) throw new LifecycleError('bad-input', `${me} is not in the new committee`);
  const E = checkReshareCommitments(p, commitments);
  assertSenders(p.dealers, shares, 'reshare sub-share');
  const malformed: number[] = [];
  const bad: BadShareEvidence[] = [];
  let s = Fn.ZERO;
  for (const i of p.dealers) {
    const bytes = shares.get(i);
    const v = decodeScalar(suite, bytes);
    if (v === undefined) {
      malformed.push(i);
      continue;
    }
    if (!baseTimes(suite, v).equals(evalCommitment(E.get(i)!, me))) {
      bad.push({
        suite: suite.name,
        dealer: i,
        recipient: me,
        share: bytes!,
        commitment: commitments.get(i)!.commitment,
        zeroConstant: false,
      });
      continue;
    }
    s = Fn.add(s, v);
  }
  if (malformed.length > 0)
    throw new LifecycleError(
      'malformed',
      `reshare sub-share(s) from ${malformed.join(', ')} are not canonical scalars`,
      malformed,
    );
  if (bad.length > 0)
    throw new LifecycleError(
      'bad-share',
      `reshare sub-share(s) from ${bad.map((b) => b.dealer).join(', ')} do not match their commitments`,
      bad.map((b) => b.dealer),
      bad,
    );
  const publicKeyPackage = resharePublicKeyPackage(p, commitments);
  const mine = publicKeyPackage.verifyingShares.find((v) => v.identifier === me)!.verifyingShare;
  if (s === 0n || !equalBytes(baseTimes(suite, s).toBytes(), mine))
    throw new LifecycleError('bad-input', 'new share does not match its verifying share');
  return {
    keyPackage: {
      suite: suite.name,
      identifier: me,
      signingShare: encodeScalar(suite, s),
      verifyingShare: mine,
      verifyingKey: publicKeyPackage.verifyingKey,
      minSigners: p.newMinSigners,
    },
    publicKeyPackage,
  };
}
