import { describe, expect, it } from 'vitest';
import { SUITE_NAMES, getSuite } from '../suites.js';
import { canonicalJson } from '../canonicalJson.js';
import { LifecycleError } from './errors.js';
import {
  decodeCommitment,
  decodeDelta,
  decodeDeltaCommitments,
  decodeHolding,
  decodeShare,
  decodeSigma,
  encodeCommitment,
  encodeDelta,
  encodeDeltaCommitments,
  encodeHolding,
  encodeShare,
  encodeSigma,
} from './messages.js';
import { proveHolding, verifyHolding } from './proofOfHolding.js';
import { repairPart1 } from './repairPart1.js';
import { repairPart2 } from './repairPart2.js';
import { repairPart3 } from './repairPart3.js';
import { reshareDeal } from './reshareDeal.js';
import { reshareFinish } from './reshareFinish.js';
import { makeKey, seededRng } from './testing/testKeys.js';

/** Through the wire: canonical JSON text and back. */
const wire = (payload: unknown): unknown => JSON.parse(canonicalJson(payload));

const malformed = (f: () => unknown, sender = 7) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(LifecycleError);
    expect((e as LifecycleError).code).toBe('malformed');
    expect((e as LifecycleError).culprits).toEqual([sender]);
    return;
  }
  throw new Error('accepted');
};

describe.each(SUITE_NAMES)('lifecycle messages through the wire (%s)', (name) => {
  const rng = seededRng(`msg-${name}`);
  const key = makeKey(name, 2, 3, rng);
  const pkp = key.publicKeyPackage;

  it('proof of holding, repair and reshare run end to end on decoded payloads', () => {
    const ctx = { sessionId: new Uint8Array(32).fill(3), purpose: 'repair' as const };
    const proof = decodeHolding(wire(encodeHolding(proveHolding(key.keyPackages.get(1)!, pkp, ctx, rng))), 1);
    expect(() => verifyHolding(pkp, ctx, 1, proof)).not.toThrow();

    const H = [1, 3];
    const p1 = new Map(H.map((j) => [j, repairPart1(pkp, H, key.keyPackages.get(j)!, 2, rng)]));
    const D = new Map(
      H.map((j) => [j, decodeDeltaCommitments(wire(encodeDeltaCommitments(p1.get(j)!.commitments)), j)]),
    );
    const sigmas = new Map(
      H.map((k) => [
        k,
        decodeSigma(
          wire(
            encodeSigma(
              repairPart2(
                pkp,
                H,
                2,
                k,
                D,
                new Map(H.map((j) => [j, decodeDelta(wire(encodeDelta(p1.get(j)!.deltas.get(k)!)), j)])),
              ),
            ),
          ),
          k,
        ),
      ]),
    );
    expect(repairPart3(pkp, H, 2, D, sigmas).signingShare).toEqual(key.keyPackages.get(2)!.signingShare);

    const params = { oldPublicKeyPackage: pkp, dealers: [2, 3], newMinSigners: 2, newParticipants: [1, 2] };
    const deal = new Map([2, 3].map((i) => [i, reshareDeal(params, key.keyPackages.get(i)!, rng)]));
    const C = new Map([2, 3].map((i) => [i, decodeCommitment(wire(encodeCommitment(deal.get(i)!.package)), i)]));
    const S = new Map([2, 3].map((i) => [i, decodeShare(wire(encodeShare(deal.get(i)!.shares.get(1)!)), i)]));
    expect(reshareFinish(params, 1, C, S).publicKeyPackage.verifyingKey).toEqual(pkp.verifyingKey);
  });

  it('rejects re-encoded, odd, oversized, extra-field, missing-field and non-object payloads, naming the sender', () => {
    const s = getSuite(name);
    const share = 'ab'.repeat(s.scalarBytes);
    malformed(() => decodeShare({ share: share.toUpperCase() }, 7));
    malformed(() => decodeShare({ share: share + 'a' }, 7));
    malformed(() => decodeShare({ share: 'ab'.repeat(58) }, 7));
    malformed(() => decodeShare({ share, extra: 1 }, 7));
    malformed(() => decodeShare({}, 7));
    malformed(() => decodeShare(null, 7));
    malformed(() => decodeShare('x'.repeat(1 << 20), 7));
    malformed(() => decodeSigma({ sigma: '' }, 7));
    malformed(() => decodeDelta({ delta: 1 }, 7));
    malformed(() => decodeHolding({ identifier: 0, signature: 'ab' }, 7));
    malformed(() => decodeHolding({ identifier: 1.5, signature: 'ab' }, 7));
    malformed(() => decodeCommitment({ commitment: Array.from({ length: 101 }, () => 'ab') }, 7));
    malformed(() => decodeCommitment({ commitment: 'ab' }, 7));
    malformed(() => decodeDeltaCommitments({ commitments: [] }, 7));
    malformed(() =>
      decodeDeltaCommitments(
        {
          commitments: [
            { helper: 1, point: 'ab' },
            { helper: 1, point: 'cd' },
          ],
        },
        7,
      ),
    );
  });
});
