/**
 * Example: the life of a 2-of-3 Taproot key held by Alice (1), Bob (2) and Carol (3), told with
 * the lifecycle API. Each step shows what the ceremony's messages carry and who computes what;
 * the shell (later) moves these values in signed envelopes, shares sealed to their recipient.
 */
import { describe, expect, it } from 'vitest';
import { schnorr } from '@noble/curves/secp256k1.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { keyPackageToJson } from '../frostJson/index.js';
import { testSign } from '../signing.js';
import { getSuite } from '../suites.js';
import { proveHolding, verifyHolding } from './proofOfHolding.js';
import { refreshRound1 } from './refreshRound1.js';
import { refreshRound2Shares } from './refreshRound2.js';
import { refreshShares } from './refreshShares.js';
import { repairPart1 } from './repairPart1.js';
import { repairPart2 } from './repairPart2.js';
import { repairPart3 } from './repairPart3.js';
import { reshareDeal } from './reshareDeal.js';
import { reshareFinish } from './reshareFinish.js';
import { makeKey, seededRng } from './testing/testKeys.js';

describe('example: a key’s life', () => {
  it('Carol loses her laptop and is repaired, Bob’s share leaks and all refresh, then Dave joins as 3 of 4', () => {
    const rng = seededRng('example');
    const suite = getSuite('secp256k1-tr');
    const key = makeKey('secp256k1-tr', 2, 3, rng); // the first ceremony's output
    const groupKey = key.publicKeyPackage.verifyingKey;
    const [alice, bob, carol] = [1, 2, 3].map((i) => key.keyPackages.get(i)!);

    // 1. Repair: Alice and Bob (t = 2 helpers) rebuild Carol's share. First each proves they hold theirs.
    const repairSession = { sessionId: new Uint8Array(32).fill(1), purpose: 'repair' as const };
    for (const kp of [alice!, bob!])
      verifyHolding(
        key.publicKeyPackage,
        repairSession,
        kp.identifier,
        proveHolding(kp, key.publicKeyPackage, repairSession, rng),
      );
    const helpers = [1, 2];
    const part1 = new Map(
      helpers.map((j) => [j, repairPart1(key.publicKeyPackage, helpers, key.keyPackages.get(j)!, 3, rng)]),
    );
    const deltaCommitments = new Map(helpers.map((j) => [j, part1.get(j)!.commitments])); // broadcast
    const sigmas = new Map(
      helpers.map((k) => [
        k,
        repairPart2(
          key.publicKeyPackage,
          helpers,
          3,
          k,
          deltaCommitments,
          new Map(helpers.map((j) => [j, part1.get(j)!.deltas.get(k)!])),
        ),
      ]),
    ); // each sealed to Carol
    const carolAgain = repairPart3(key.publicKeyPackage, helpers, 3, deltaCommitments, sigmas);
    expect(keyPackageToJson(carolAgain)).toBe(keyPackageToJson(carol!)); // byte for byte

    // 2. Refresh: all three deal a sharing of zero; same key, same 2 of 3, new shares.
    const all = [1, 2, 3];
    const round1 = new Map(all.map((i) => [i, refreshRound1(suite, i, all, 2, rng)]));
    const round2 = new Map(all.map((i) => [i, refreshRound2Shares(round1.get(i)!.secret)]));
    const refreshed = new Map(
      all.map((i) => {
        const others = all.filter((l) => l !== i);
        return [
          i,
          refreshShares({
            secret: round1.get(i)!.secret,
            packages: new Map(others.map((l) => [l, round1.get(l)!.package])),
            shares: new Map(others.map((l) => [l, round2.get(l)!.get(i)!])),
            oldKeyPackage: i === 3 ? carolAgain : key.keyPackages.get(i)!,
            oldPublicKeyPackage: key.publicKeyPackage,
          }),
        ];
      }),
    );
    const pkp2 = refreshed.get(1)!.publicKeyPackage;
    expect(pkp2.verifyingKey).toEqual(groupKey);

    // 3. Reshare to 3 of 4: Alice and Carol deal (t of the current holders); Dave is new holder 4.
    const params = { oldPublicKeyPackage: pkp2, dealers: [1, 3], newMinSigners: 3, newParticipants: [1, 2, 3, 4] };
    const dealings = new Map(params.dealers.map((i) => [i, reshareDeal(params, refreshed.get(i)!.keyPackage, rng)]));
    const commitments = new Map([...dealings].map(([i, d]) => [i, d.package])); // broadcast
    const newKeys = params.newParticipants.map((j) =>
      reshareFinish(params, j, commitments, new Map([...dealings].map(([i, d]) => [i, d.shares.get(j)!]))),
    );
    const pkp3 = newKeys[0]!.publicKeyPackage;
    expect(pkp3.minSigners).toBe(3);

    // Bob, Carol and Dave sign; the BIP-340 signature verifies under the key from the first ceremony.
    const message = utf8ToBytes('still the same key');
    const signature = testSign(
      [newKeys[1]!.keyPackage, newKeys[2]!.keyPackage, newKeys[3]!.keyPackage],
      pkp3,
      message,
      rng,
    );
    expect(schnorr.verify(signature, message, groupKey.subarray(1))).toBe(true);
  });
});
