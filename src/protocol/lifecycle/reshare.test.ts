import { describe, expect, it } from 'vitest';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { SUITE_NAMES, getSuite, type Suite, type SuiteName } from '../suites.js';
import { decodeScalar, encodeScalar, evalPolynomial } from '../dkg/group.js';
import type { KeyPackage, PublicKeyPackage, Rng } from '../dkg/types.js';
import { keyPackageToJson } from '../frostJson/index.js';
import { testSign, SigningError } from '../signing.js';
import { LifecycleError } from './errors.js';
import { lagrangeAt } from './math.js';
import { reshareDeal, type ReshareDealing } from './reshareDeal.js';
import { subSharingEvidenceHolds, type BadSubSharingEvidence } from './reshareCheck.js';
import { reshareFinish } from './reshareFinish.js';
import type { ReshareParams } from './reshareParams.js';
import { badShareEvidenceHolds, type BadShareEvidence } from './shareEvidence.js';
import { makeKey, seededRng, type TestKey } from './testing/testKeys.js';

function subsets<T>(xs: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  if (xs.length < k) return [];
  const [h, ...rest] = xs as [T, ...T[]];
  return [...subsets(rest, k - 1).map((s) => [h, ...s]), ...subsets(rest, k)];
}

function runReshare(key: TestKey, params: ReshareParams, rng: Rng, hook?: (d: Map<number, ReshareDealing>) => void) {
  const dealings = new Map(params.dealers.map((i) => [i, reshareDeal(params, key.keyPackages.get(i)!, rng)]));
  hook?.(dealings);
  const commitments = new Map([...dealings].map(([i, d]) => [i, d.package]));
  const results = new Map<number, { keyPackage: KeyPackage; publicKeyPackage: PublicKeyPackage } | LifecycleError>();
  for (const j of params.newParticipants) {
    const shares = new Map([...dealings].filter(([, d]) => d.shares.has(j)).map(([i, d]) => [i, d.shares.get(j)!]));
    try {
      results.set(j, reshareFinish(params, j, commitments, shares));
    } catch (e) {
      if (!(e instanceof LifecycleError)) throw e;
      results.set(j, e);
    }
  }
  return { results, dealings };
}

const ok = <T>(r: T | LifecycleError | undefined): T => {
  if (r instanceof LifecycleError || r === undefined) throw r ?? new Error('no result');
  return r;
};
const codeOf = (e: unknown) => [(e as LifecycleError).code, [...(e as LifecycleError).culprits]];

/** Σ λ_j·s_j over `ids` (Lagrange at 0). */
function interpolate(suite: Suite, points: [number, bigint][]): bigint {
  const { Fn } = suite.internals;
  const ids = points.map(([i]) => i);
  return points.reduce((acc, [i, s]) => Fn.add(acc, Fn.mul(lagrangeAt(suite, ids, i), s)), Fn.ZERO);
}

const msg = utf8ToBytes('reshare test message');

describe.each(SUITE_NAMES)('reshare (%s)', (name: SuiteName) => {
  const suite = getSuite(name);
  const G = suite.internals.Point.BASE;

  it('2-of-3 → 3-of-4 (old 1 and 3 deal): same group key, min_signers 3, any 3 new shares sign, any 2 do not determine the key', () => {
    const rng = seededRng(`reshare-${name}`);
    const key = makeKey(name, 2, 3, rng);
    const params: ReshareParams = {
      oldPublicKeyPackage: key.publicKeyPackage,
      dealers: [1, 3],
      newMinSigners: 3,
      newParticipants: [1, 2, 3, 4],
    };
    const { results, dealings } = runReshare(key, params, rng);
    const out = [1, 2, 3, 4].map((j) => ok(results.get(j)));
    // the joint polynomial Σ g_i has full degree t'−1 = 2 (its x² commitment is not the identity):
    // with a lower degree, t'−1 shares would determine the key
    const top = [...dealings.values()]
      .map((d) => suite.internals.Point.fromBytes(d.package.commitment[2]!))
      .reduce((a, b) => a.add(b));
    expect(top.is0()).toBe(false);
    const pkp = out[0]!.publicKeyPackage;
    for (const o of out) expect(o.publicKeyPackage).toEqual(pkp);
    expect(pkp.verifyingKey).toEqual(key.publicKeyPackage.verifyingKey); // as stored (for -tr: the tweaked key frost-rs stores)
    expect(pkp.minSigners).toBe(3);
    for (const o of out) expect(o.keyPackage.minSigners).toBe(3);
    const Y = key.publicKeyPackage.verifyingKey;
    const shares = new Map(out.map((o) => [o.keyPackage.identifier, decodeScalar(suite, o.keyPackage.signingShare)!]));
    // any t' = 3 new shares sign, and the signature verifies under the unchanged key
    for (const set of subsets([1, 2, 3, 4], 3)) {
      const sig = testSign(
        set.map((j) => out[j - 1]!.keyPackage),
        pkp,
        msg,
        rng,
      );
      expect(suite.internals.frost.verify(sig, msg, Y)).toBe(true);
      expect(
        G.multiply(
          interpolate(
            suite,
            set.map((j) => [j, shares.get(j)!]),
          ),
        ).toBytes(),
      ).toEqual(Y);
    }
    // any t'−1 = 2 do not: interpolating them gives another scalar, and every candidate secret x
    // is consistent with them (a degree-2 polynomial through (0,x) and both shares exists, with a
    // non-zero x² term unless x is the one value a degree-1 fit would give)
    const F = suite.internals.Fn;
    for (const [a, b] of subsets([1, 2, 3, 4], 2) as [number, number][]) {
      const guess = interpolate(suite, [
        [a, shares.get(a)!],
        [b, shares.get(b)!],
      ]);
      expect(G.multiply(guess).toBytes()).not.toEqual(Y);
      for (const x of [1n, 12345n, F.neg(7n), guess]) {
        const pts: [number, bigint][] = [
          [a, shares.get(a)!],
          [b, shares.get(b)!],
        ];
        // the unique polynomial through (0,x),(a,s_a),(b,s_b) reproduces both shares: x is consistent
        const poly = (t: bigint) =>
          [[0, x] as [number, bigint], ...pts].reduce(
            (acc, [i, s]) =>
              F.add(
                acc,
                F.mul(
                  s,
                  [0, a, b]
                    .filter((k) => k !== i)
                    .reduce((l, k) => F.mul(l, F.div(F.sub(t, BigInt(k)), F.sub(BigInt(i), BigInt(k)))), F.ONE),
                ),
              ),
            F.ZERO,
          );
        expect(poly(BigInt(a))).toBe(shares.get(a));
        expect(poly(BigInt(b))).toBe(shares.get(b));
        expect(poly(0n)).toBe(x);
      }
    }
  });

  it('old shares cannot be combined with new ones', () => {
    const rng = seededRng(`reshare-mix-${name}`);
    const key = makeKey(name, 2, 3, rng);
    const params: ReshareParams = {
      oldPublicKeyPackage: key.publicKeyPackage,
      dealers: [1, 2],
      newMinSigners: 2,
      newParticipants: [4, 5, 6],
    };
    const n4 = ok(runReshare(key, params, rng).results.get(4));
    const pkp = n4.publicKeyPackage;
    const old3 = key.keyPackages.get(3)!;
    const mixedPkp: PublicKeyPackage = {
      ...pkp,
      verifyingShares: [key.publicKeyPackage.verifyingShares[2]!, ...pkp.verifyingShares],
    };
    expect(() => testSign([old3, n4.keyPackage], mixedPkp, msg, rng)).toThrow(SigningError);
    const x = interpolate(suite, [
      [3, decodeScalar(suite, old3.signingShare)!],
      [4, decodeScalar(suite, n4.keyPackage.signingShare)!],
    ]);
    expect(G.multiply(x).toBytes()).not.toEqual(key.publicKeyPackage.verifyingKey);
  });

  it('3-of-5 → 2-of-2 with a larger dealer set (4 of 5 deal) and the new keys sign', () => {
    const rng = seededRng(`reshare-35-${name}`);
    const key = makeKey(name, 3, 5, rng);
    const params: ReshareParams = {
      oldPublicKeyPackage: key.publicKeyPackage,
      dealers: [2, 3, 4, 5],
      newMinSigners: 2,
      newParticipants: [1, 2],
    };
    const { results } = runReshare(key, params, rng);
    const a = ok(results.get(1));
    const b = ok(results.get(2));
    const sig = testSign([a.keyPackage, b.keyPackage], a.publicKeyPackage, msg, rng);
    expect(suite.internals.frost.verify(sig, msg, key.publicKeyPackage.verifyingKey)).toBe(true);
    expect(keyPackageToJson(a.keyPackage)).toContain('"min_signers":2');
  });

  it('blames a dealer whose constant term is not λ_i·Y_i, with evidence anyone can re-check', () => {
    const rng = seededRng(`reshare-bad-${name}`);
    const key = makeKey(name, 2, 3, rng);
    const params: ReshareParams = {
      oldPublicKeyPackage: key.publicKeyPackage,
      dealers: [1, 3],
      newMinSigners: 3,
      newParticipants: [1, 2, 3, 4],
    };
    const { results, dealings } = runReshare(key, params, rng, (d) => {
      // dealer 3 deals λ_3·s_3 + 1, with a consistent commitment and shares: a different key
      const F = suite.internals.Fn;
      const s3 = decodeScalar(suite, key.keyPackages.get(3)!.signingShare)!;
      const g = [F.add(F.mul(lagrangeAt(suite, [1, 3], 3), s3), 1n), 5n, 6n];
      d.set(3, {
        package: { commitment: g.map((c) => G.multiply(c).toBytes()) },
        shares: new Map([1, 2, 3, 4].map((j) => [j, encodeScalar(suite, evalPolynomial(suite, g, BigInt(j)))])),
      });
    });
    for (const j of [1, 2, 3, 4]) expect(codeOf(results.get(j))).toEqual(['bad-sub-sharing', [3]]);
    const ev = ((results.get(1) as LifecycleError).evidence as BadSubSharingEvidence[])[0]!;
    expect(subSharingEvidenceHolds(key.publicKeyPackage, ev)).toBe(true);
    // the honest dealer cannot be framed with the same check
    expect(
      subSharingEvidenceHolds(key.publicKeyPackage, {
        dealer: 1,
        dealers: [1, 3],
        constantTerm: dealings.get(1)!.package.commitment[0]!,
      }),
    ).toBe(false);
  });

  it('blames a dealer whose sub-share does not match its commitment, with re-checkable evidence', () => {
    const rng = seededRng(`reshare-bs-${name}`);
    const key = makeKey(name, 2, 3, rng);
    const params: ReshareParams = {
      oldPublicKeyPackage: key.publicKeyPackage,
      dealers: [1, 2],
      newMinSigners: 2,
      newParticipants: [1, 2, 3],
    };
    const { results } = runReshare(key, params, rng, (d) => {
      const sh = d.get(2)!.shares;
      sh.set(3, encodeScalar(suite, suite.internals.Fn.add(decodeScalar(suite, sh.get(3)!)!, 1n)));
    });
    expect(codeOf(results.get(3))).toEqual(['bad-share', [2]]);
    expect(badShareEvidenceHolds(((results.get(3) as LifecycleError).evidence as BadShareEvidence[])[0]!)).toBe(true);
    expect(ok(results.get(1)).publicKeyPackage.minSigners).toBe(2);
  });

  it('rejects missing, unexpected, huge, short, malformed, re-encoded and replayed dealings, naming the dealer', () => {
    const rng = seededRng(`reshare-adv-${name}`);
    const key = makeKey(name, 2, 3, rng);
    const params: ReshareParams = {
      oldPublicKeyPackage: key.publicKeyPackage,
      dealers: [1, 2],
      newMinSigners: 2,
      newParticipants: [1, 2, 3],
    };
    const at1 = (h: (d: Map<number, ReshareDealing>) => void) => codeOf(runReshare(key, params, rng, h).results.get(1));
    expect(at1((d) => void d.delete(2))).toEqual(['missing', [2]]);
    expect(at1((d) => void d.set(3, d.get(1)!))).toEqual(['unexpected-sender', [3]]);
    expect(
      at1(
        (d) =>
          void (d.get(2)!.package.commitment = Array.from({ length: 5000 }, () => d.get(2)!.package.commitment[1]!)),
      ),
    ).toEqual(['wrong-commitment-length', [2]]);
    expect(at1((d) => void (d.get(2)!.package.commitment = d.get(2)!.package.commitment.slice(0, 1)))).toEqual([
      'wrong-commitment-length',
      [2],
    ]);
    expect(at1((d) => void (d.get(2)!.package.commitment[1] = new Uint8Array(suite.elementBytes).fill(0xff)))).toEqual([
      'malformed',
      [2],
    ]);
    expect(at1((d) => void d.get(2)!.shares.set(1, new Uint8Array(suite.scalarBytes).fill(0xff)))).toEqual([
      'malformed',
      [2],
    ]);
    expect(at1((d) => void d.get(2)!.shares.set(1, new Uint8Array(1 << 16)))).toEqual(['malformed', [2]]);
    expect(at1((d) => void d.get(2)!.shares.delete(1))).toEqual(['missing', [2]]);
    if (suite.elementBytes === 33) {
      // the same point re-encoded uncompressed (SEC1, 65 bytes): one element, one encoding
      const P = suite.internals.Point.fromBytes(
        runReshare(key, params, rng).dealings.get(2)!.package.commitment[1]!,
      ) as unknown as { toBytes(c: boolean): Uint8Array };
      expect(at1((d) => void (d.get(2)!.package.commitment[1] = P.toBytes(false)))).toEqual(['malformed', [2]]);
    }
    // a corrupt old public key package (the caller's file) is a local fault, naming nobody
    const corrupt = {
      ...params,
      oldPublicKeyPackage: {
        ...key.publicKeyPackage,
        verifyingShares: key.publicKeyPackage.verifyingShares.map((v) =>
          v.identifier === 2 ? { ...v, verifyingShare: new Uint8Array(suite.elementBytes) } : v,
        ),
      },
    };
    const deal = new Map([1, 2].map((i) => [i, reshareDeal(params, key.keyPackages.get(i)!, rng)]));
    expect(() =>
      reshareFinish(
        corrupt,
        1,
        new Map([...deal].map(([i, x]) => [i, x.package])),
        new Map([...deal].map(([i, x]) => [i, x.shares.get(1)!])),
      ),
    ).toThrow(expect.objectContaining({ code: 'bad-input', culprits: [] }));
    // a sub-share replayed from an earlier reshare of the same key does not match this run's commitment
    const earlier = runReshare(key, params, rng).dealings.get(2)!.shares.get(1)!;
    expect(at1((d) => void d.get(2)!.shares.set(1, earlier))).toEqual(['bad-share', [2]]);
  });

  it('refuses bad parameters (too few dealers, dealer without a share, t′ out of range)', () => {
    const rng = seededRng(`reshare-params-${name}`);
    const key = makeKey(name, 2, 3, rng);
    const base: ReshareParams = {
      oldPublicKeyPackage: key.publicKeyPackage,
      dealers: [1, 2],
      newMinSigners: 2,
      newParticipants: [1, 2, 3],
    };
    const kp = key.keyPackages.get(1)!;
    for (const p of [
      { ...base, dealers: [1] },
      { ...base, dealers: [1, 7] },
      { ...base, dealers: [1, 1, 2] },
      { ...base, newMinSigners: 4 },
      { ...base, newMinSigners: 0 },
    ])
      expect(() => reshareDeal(p, kp, rng)).toThrow(expect.objectContaining({ code: 'bad-input' }));
    expect(() => reshareDeal(base, key.keyPackages.get(3)!, rng)).toThrow(
      expect.objectContaining({ code: 'bad-input' }),
    );
  });
});

describe('reshare keeps the secp256k1-tr key exactly as stored', () => {
  it('an odd-y stored (tweaked) key stays byte-identical and new holders make BIP-340 signatures under its x-only form', async () => {
    const { schnorr } = await import('@noble/curves/secp256k1.js');
    let key: TestKey | undefined;
    for (let k = 0; k < 40 && !key; k++) {
      const candidate = makeKey('secp256k1-tr', 2, 3, seededRng(`tr-odd-${k}`));
      if (candidate.publicKeyPackage.verifyingKey[0] === 0x03) key = candidate;
    }
    expect(key).toBeDefined();
    const rng = seededRng('tr-odd-run');
    const params: ReshareParams = {
      oldPublicKeyPackage: key!.publicKeyPackage,
      dealers: [2, 3],
      newMinSigners: 2,
      newParticipants: [1, 2, 3],
    };
    const { results } = runReshare(key!, params, rng);
    const a = ok(results.get(1));
    const c = ok(results.get(3));
    expect(a.publicKeyPackage.verifyingKey).toEqual(key!.publicKeyPackage.verifyingKey); // still 0x03…: not re-normalised, not re-tweaked
    const sig = testSign([a.keyPackage, c.keyPackage], a.publicKeyPackage, msg, rng);
    expect(schnorr.verify(sig, msg, key!.publicKeyPackage.verifyingKey.subarray(1))).toBe(true);
  });
});
