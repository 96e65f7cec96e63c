/**
 * DKG outputs (spec Round 2 step 4, Share Recovery step 8) as frost-rs KeyPackage /
 * PublicKeyPackage:
 *   Y = Σ_j C_{j,0};  C_agg,k = Σ_j C_{j,k};  Y_m = Σ_k m^k·C_agg,k;  x_i = Σ_j s_{j,i}
 * For secp256k1-tr, frost-rs `post_dkg` follows: if Y has odd y, negate Y, every Y_m and x_i
 * (even-Y); then add t = int(TaggedHash("TapTweak", x(Y))) mod q: Y += t·B, Y_m += t·B, x_i += t
 * (BIP-341 key-path-only tweak). Scalars in the key package use frost-rs's encoding (57 bytes
 * for Ed448), not COCKTAIL's.
 */
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { getSuite, taggedHash, type GroupPoint } from '../suites.js';
import type { KeyPackage, PublicKeyPackage } from '../dkg/types.js';
import { evalCommitment } from '../dkg/group.js';
import { CocktailError } from './errors.js';
import { decodePoint, mulBase, type PointMemo } from './encoding.js';
import type { CocktailSuite } from './suites.js';

/** Group key and verification shares, before any post-processing (what the vectors publish). */
export interface RawOutputs {
  groupKey: GroupPoint;
  verificationShares: GroupPoint[];
}

/** Y and Y_1..Y_n from all n validated commitments (each exactly t points). */
export function rawOutputs(
  suite: CocktailSuite,
  commitments: readonly (readonly Uint8Array[])[],
  t: number,
  memo?: PointMemo,
): RawOutputs {
  const agg: GroupPoint[] = Array.from({ length: t }, () => suite.Point.ZERO);
  commitments.forEach((C, idx) => {
    if (C.length !== t)
      throw new CocktailError(
        'wrong-commitment-length',
        `participant ${idx + 1}'s commitment has ${C.length} points, not ${t}`,
        [idx + 1],
      );
    C.forEach((c, k) => {
      const p = decodePoint(suite, c, memo);
      if (!p)
        throw new CocktailError('malformed-msg1', `participant ${idx + 1}'s commitment point ${k} is invalid`, [
          idx + 1,
        ]);
      agg[k] = (agg[k] as GroupPoint).add(p);
    });
  });
  const n = commitments.length;
  return {
    groupKey: agg[0] as GroupPoint,
    verificationShares: Array.from({ length: n }, (_, m) => evalCommitment(agg, m + 1)),
  };
}

/** frost-rs key and public key packages for participant `index` with final share x_i. */
export function keyPackages(
  suite: CocktailSuite,
  index: number,
  secretShare: bigint,
  raw: RawOutputs,
  t: number,
): { keyPackage: KeyPackage; publicKeyPackage: PublicKeyPackage } {
  const q = suite.order;
  let x = secretShare;
  let Y = raw.groupKey;
  let shares = raw.verificationShares;
  if (suite.taproot) {
    if (Y.toBytes()[0] !== 0x02) {
      Y = Y.negate();
      shares = shares.map((p) => p.negate());
      x = (q - x) % q;
    }
    const tweak = bytesToNumberBE(taggedHash('TapTweak', Y.toBytes().subarray(1)));
    // BIP-341 fails (never reduces) when the tweak is ≥ q (probability ~2^-128); as dkg/round3.
    if (tweak >= q) throw new CocktailError('self-check-failed', 'TapTweak out of range');
    const tw = tweak;
    const tG = mulBase(suite, tw);
    Y = Y.add(tG);
    shares = shares.map((p) => p.add(tG));
    x = (x + tw) % q;
  }
  const { Fn } = getSuite(suite.name).internals;
  const verifyingShares = shares.map((p, m) => ({ identifier: m + 1, verifyingShare: p.toBytes() }));
  return {
    keyPackage: {
      suite: suite.name,
      identifier: index,
      signingShare: Fn.toBytes(x),
      verifyingShare: (shares[index - 1] as GroupPoint).toBytes(),
      verifyingKey: Y.toBytes(),
      minSigners: t,
    },
    publicKeyPackage: { suite: suite.name, verifyingShares, verifyingKey: Y.toBytes(), minSigners: t },
  };
}

/**
 * The PublicKeyPackage alone (what anyone recomputes from T's commitments: a certificate
 * check), with the same post-processing as {@link keyPackages} (secp256k1-tr: even Y, TapTweak).
 * The public outputs do not depend on x_i, so a zero share stands in for it.
 */
export function publicKeyPackageOf(suite: CocktailSuite, raw: RawOutputs, t: number): PublicKeyPackage {
  return keyPackages(suite, 1, 0n, raw, t).publicKeyPackage;
}
