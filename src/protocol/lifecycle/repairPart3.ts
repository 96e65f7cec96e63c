/**
 * Repair, part 3 (frost-rs `repair_share_part3`): the recovering custodian r adds the sigmas of
 * all helpers, s_r = Σ_k σ_k, and rebuilds its key package from the public key package. Each σ_k
 * is first checked against the delta commitments addressed to k (σ_k·G = Σ_j D_{j→k}), which
 * names a helper who sent a wrong sigma; the result is then checked against Y_r in the public
 * key package, so a wrong share is never handed over as if it were the lost one.
 */
import { decodeScalar, equalBytes } from '../dkg/group.js';
import type { KeyPackage, PublicKeyPackage } from '../dkg/types.js';
import { getSuite, type GroupPoint } from '../suites.js';
import { LifecycleError } from './errors.js';
import { baseTimes, decodeScalarFrom } from './math.js';
import { checkDeltaCommitments, sumScalars } from './repairPart2.js';
import { assertSenders } from './senders.js';
import type { BadSigmaEvidence } from './repairEvidence.js';

/**
 * The key package of `identifier` from Σ sigmas (frost-rs part 3, no checks): the maths the
 * frost-rs vectors pin. Needs min_signers in the public key package (frost-rs InvalidMinSigners).
 */
export function keyPackageFromSigmas(
  sigmas: readonly Uint8Array[],
  identifier: number,
  pkp: PublicKeyPackage,
): KeyPackage {
  const suite = getSuite(pkp.suite);
  const signingShare = sumScalars(suite, sigmas);
  const s = decodeScalar(suite, signingShare)!;
  if (s === 0n) throw new LifecycleError('repaired-share-mismatch', 'the sigmas add up to zero', []);
  if (!Number.isInteger(pkp.minSigners) || pkp.minSigners < 1)
    throw new LifecycleError('bad-input', 'public key package has no min_signers');
  return {
    suite: suite.name,
    identifier,
    signingShare,
    verifyingShare: baseTimes(suite, s).toBytes(),
    verifyingKey: pkp.verifyingKey,
    minSigners: pkp.minSigners,
  };
}

/** Part 3 with every check. `sigmas` is keyed by the sending helper. Throws naming the culprits. */
export function repairPart3(
  pkp: PublicKeyPackage,
  helpers: readonly number[],
  participant: number,
  commitments: ReadonlyMap<number, ReadonlyMap<number, Uint8Array>>,
  sigmas: ReadonlyMap<number, Uint8Array>,
): KeyPackage {
  const suite = getSuite(pkp.suite);
  const D = checkDeltaCommitments(pkp, helpers, participant, commitments);
  const H = [...D.keys()];
  assertSenders(H, sigmas, 'repair sigma');
  const bad: number[] = [];
  for (const k of H) {
    const sigma = decodeScalarFrom(suite, sigmas.get(k), k, 'repair sigma');
    const expected = H.map((j) => D.get(j)!.get(k)!).reduce((a: GroupPoint, b) => a.add(b));
    if (!baseTimes(suite, sigma).equals(expected)) bad.push(k);
  }
  if (bad.length > 0)
    throw new LifecycleError(
      'bad-sigma',
      `sigma(s) from helper(s) ${bad.join(', ')} do not match the delta commitments addressed to them`,
      bad,
      bad.map((k): BadSigmaEvidence => ({
        suite: suite.name,
        helper: k,
        sigma: sigmas.get(k)!,
        commitments: H.map((j) => commitments.get(j)!.get(k)!),
      })),
    );
  const kp = keyPackageFromSigmas(
    H.map((k) => sigmas.get(k)!),
    participant,
    pkp,
  );
  const expected = pkp.verifyingShares.find((v) => v.identifier === participant)!.verifyingShare;
  // With every sigma matching commitments that add up to Σ_j ζ_j·Y_j, this fails only if the
  // public key package itself is inconsistent (its Y_j are not on one polynomial of degree t−1).
  if (!equalBytes(kp.verifyingShare, expected))
    throw new LifecycleError(
      'repaired-share-mismatch',
      `the repaired share does not match verifying share ${participant} in the public key package`,
      [],
    );
  return kp;
}
