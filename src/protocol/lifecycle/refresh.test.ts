import { describe, expect, it } from 'vitest';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { SUITE_NAMES, getSuite, type SuiteName } from '../suites.js';
import { decodeScalar, encodeScalar } from '../dkg/group.js';
import type { KeyPackage, PublicKeyPackage, Rng } from '../dkg/types.js';
import { testSign, SigningError } from '../signing.js';
import { LifecycleError } from './errors.js';
import { refreshRound1, type RefreshPackage, type RefreshSecret } from './refreshRound1.js';
import { refreshRound2Shares } from './refreshRound2.js';
import { refreshShares } from './refreshShares.js';
import { badShareEvidenceHolds, type BadShareEvidence } from './shareEvidence.js';
import { makeKey, seededRng, type TestKey } from './testing/testKeys.js';

interface Hooks {
  packages?: (p: Map<number, RefreshPackage>, secrets: Map<number, RefreshSecret>) => void;
  /** sharesTo.get(i).get(l) = share l sent to i. */
  shares?: (s: Map<number, Map<number, Uint8Array>>) => void;
}

/** Every participant runs round 1, round 2 and the final step; returns each result (or its error). */
function runRefresh(name: SuiteName, key: TestKey, participants: number[], rng: Rng, hooks: Hooks = {}) {
  const suite = getSuite(name);
  const t = key.publicKeyPackage.minSigners;
  const secrets = new Map<number, RefreshSecret>();
  const packages = new Map<number, RefreshPackage>();
  for (const i of participants) {
    const r = refreshRound1(suite, i, participants, t, rng);
    secrets.set(i, r.secret);
    packages.set(i, r.package);
  }
  hooks.packages?.(packages, secrets);
  const sharesTo = new Map<number, Map<number, Uint8Array>>(participants.map((i) => [i, new Map()]));
  for (const l of participants) for (const [i, s] of refreshRound2Shares(secrets.get(l)!)) sharesTo.get(i)!.set(l, s);
  hooks.shares?.(sharesTo);
  const results = new Map<number, { keyPackage: KeyPackage; publicKeyPackage: PublicKeyPackage } | LifecycleError>();
  for (const i of participants) {
    const others = new Map([...packages].filter(([l]) => l !== i));
    try {
      results.set(
        i,
        refreshShares({
          secret: secrets.get(i)!,
          packages: others,
          shares: sharesTo.get(i)!,
          oldKeyPackage: key.keyPackages.get(i)!,
          oldPublicKeyPackage: key.publicKeyPackage,
        }),
      );
    } catch (e) {
      if (!(e instanceof LifecycleError)) throw e;
      results.set(i, e);
    }
  }
  return { results, packages, secrets, sharesTo };
}

function ok<T>(r: T | LifecycleError): T {
  if (r instanceof LifecycleError) throw r;
  return r;
}

const msg = utf8ToBytes('refresh test message');

describe.each(SUITE_NAMES)('refresh (%s)', (name) => {
  const suite = getSuite(name);

  it('2-of-3: same group key and threshold, new consistent shares; t new shares sign; old+new do not', () => {
    const rng = seededRng(`refresh-${name}`);
    const key = makeKey(name, 2, 3, rng);
    const { results } = runRefresh(name, key, [1, 2, 3], rng);
    const out = [1, 2, 3].map((i) => ok(results.get(i)!));
    const pkp = out[0]!.publicKeyPackage;
    for (const o of out) expect(o.publicKeyPackage).toEqual(pkp); // everyone computed the same package
    expect(pkp.verifyingKey).toEqual(key.publicKeyPackage.verifyingKey);
    expect(pkp.minSigners).toBe(2);
    for (const o of out) {
      const s = decodeScalar(suite, o.keyPackage.signingShare)!;
      expect(suite.internals.Point.BASE.multiply(s).toBytes()).toEqual(o.keyPackage.verifyingShare);
      expect(pkp.verifyingShares.find((v) => v.identifier === o.keyPackage.identifier)!.verifyingShare).toEqual(
        o.keyPackage.verifyingShare,
      );
      expect(o.keyPackage.signingShare).not.toEqual(key.keyPackages.get(o.keyPackage.identifier)!.signingShare);
      expect(o.keyPackage.minSigners).toBe(2);
    }
    // t new shares sign under the unchanged group key
    const sig = testSign([out[0]!.keyPackage, out[2]!.keyPackage], pkp, msg, rng);
    expect(suite.internals.frost.verify(sig, msg, key.publicKeyPackage.verifyingKey)).toBe(true);
    // old share 1 + new share 2, with a package listing exactly their verifying shares
    const mixedPkp: PublicKeyPackage = {
      ...pkp,
      verifyingShares: [key.publicKeyPackage.verifyingShares[0]!, pkp.verifyingShares[1]!, pkp.verifyingShares[2]!],
    };
    expect(() => testSign([key.keyPackages.get(1)!, out[1]!.keyPackage], mixedPkp, msg, rng)).toThrow(SigningError);
    // and at the scalar level: interpolating old s_1 with new s'_2 does not give the key
    const F = suite.internals.Fn;
    const s1 = decodeScalar(suite, key.keyPackages.get(1)!.signingShare)!;
    const s2 = decodeScalar(suite, out[1]!.keyPackage.signingShare)!;
    const x = F.add(F.mul(s1, 2n), F.mul(s2, F.neg(1n))); // λ_1 = 2, λ_2 = −1 on {1,2}
    expect(suite.internals.Point.BASE.multiply(x).toBytes()).not.toEqual(key.publicKeyPackage.verifyingKey);
  });

  it('3-of-5 refreshed by 4 holders: holder 5 is removed, the rest still sign', () => {
    const rng = seededRng(`refresh35-${name}`);
    const key = makeKey(name, 3, 5, rng);
    const { results } = runRefresh(name, key, [1, 2, 3, 4], rng);
    const out = [1, 2, 3, 4].map((i) => ok(results.get(i)!));
    const pkp = out[0]!.publicKeyPackage;
    expect(pkp.verifyingShares.map((v) => v.identifier)).toEqual([1, 2, 3, 4]);
    expect(pkp.minSigners).toBe(3);
    const sig = testSign([out[1]!.keyPackage, out[2]!.keyPackage, out[3]!.keyPackage], pkp, msg, rng);
    expect(suite.internals.frost.verify(sig, msg, key.publicKeyPackage.verifyingKey)).toBe(true);
  });

  it('blames a dealer who commits to a constant term of its own (not a sharing of zero)', () => {
    const rng = seededRng(`refresh-nz-${name}`);
    const key = makeKey(name, 2, 3, rng);
    const { results } = runRefresh(name, key, [1, 2, 3], rng, {
      packages: (p) => {
        // dealer 2 puts a constant term c·G in front of its commitment
        p.set(2, { commitment: [suite.internals.Point.BASE.multiply(5n).toBytes(), ...p.get(2)!.commitment] });
      },
    });
    for (const i of [1, 3]) {
      const e = results.get(i) as LifecycleError;
      expect(e.code).toBe('nonzero-constant-term');
      expect(e.culprits).toEqual([2]);
      expect((e.evidence as { dealer: number }[])[0]!.dealer).toBe(2);
    }
  });

  it('blames a dealer whose shares deal a non-zero value, with evidence anyone can re-check', () => {
    const rng = seededRng(`refresh-bad-${name}`);
    const key = makeKey(name, 2, 3, rng);
    const { results, packages, secrets } = runRefresh(name, key, [1, 2, 3], rng, {
      shares: (s) => {
        // dealer 3 adds 1 to the share it sends 1: as if f_3(0) = 1 (a sharing of one, not zero)
        const b = s.get(1)!.get(3)!;
        s.get(1)!.set(3, encodeScalar(suite, suite.internals.Fn.add(decodeScalar(suite, b)!, 1n)));
      },
    });
    const e = results.get(1) as LifecycleError;
    expect(e.code).toBe('bad-share');
    expect(e.culprits).toEqual([3]);
    const ev = (e.evidence as BadShareEvidence[])[0]!;
    expect(badShareEvidenceHolds(ev)).toBe(true);
    // the same evidence with the honest share does not hold: no honest dealer can be framed
    const honest = refreshRound2Shares(secrets.get(3)!).get(1)!;
    expect(ev.commitment).toEqual(packages.get(3)!.commitment);
    expect(badShareEvidenceHolds({ ...ev, share: honest })).toBe(false);
    expect(ok(results.get(2)!)).toBeTruthy(); // 2 got good shares
  });

  it('rejects missing, unexpected, huge, malformed and re-encoded messages, naming the sender', () => {
    const rng = seededRng(`refresh-adv-${name}`);
    const key = makeKey(name, 2, 3, rng);
    const code = (h: Hooks, at = 1) => {
      const e = runRefresh(name, key, [1, 2, 3], rng, h).results.get(at);
      expect(e).toBeInstanceOf(LifecycleError);
      return [(e as LifecycleError).code, (e as LifecycleError).culprits];
    };
    expect(code({ packages: (p) => void p.delete(2) })).toEqual(['missing', [2]]);
    expect(code({ shares: (s) => void s.get(1)!.delete(3) })).toEqual(['missing', [3]]);
    expect(code({ shares: (s) => void s.get(1)!.set(9, new Uint8Array(suite.scalarBytes)) })).toEqual([
      'unexpected-sender',
      [9],
    ]);
    expect(
      code({
        packages: (p) => void p.set(2, { commitment: Array.from({ length: 10_000 }, () => p.get(2)!.commitment[0]!) }),
      }),
    ).toEqual(['wrong-commitment-length', [2]]);
    expect(code({ packages: (p) => void p.set(2, { commitment: [] }) })).toEqual(['wrong-commitment-length', [2]]);
    expect(code({ packages: (p) => void p.set(2, {} as RefreshPackage) })).toEqual(['wrong-commitment-length', [2]]);
    expect(
      code({ packages: (p) => void p.set(2, { commitment: [new Uint8Array(suite.elementBytes).fill(0xff)] }) }),
    ).toEqual(['malformed', [2]]);
    expect(code({ shares: (s) => void s.get(1)!.set(3, new Uint8Array(suite.scalarBytes).fill(0xff)) })).toEqual([
      'malformed',
      [3],
    ]);
    expect(code({ shares: (s) => void s.get(1)!.set(3, new Uint8Array(1 << 16)) })).toEqual(['malformed', [3]]);
  });

  it('a package duplicated under another sender (2 sends 3’s commitment) is caught by 2’s shares', () => {
    const rng = seededRng(`refresh-dup-${name}`);
    const key = makeKey(name, 2, 3, rng);
    const r = runRefresh(name, key, [1, 2, 3], rng, { packages: (p) => void p.set(2, p.get(3)!) });
    expect((r.results.get(1) as LifecycleError).code).toBe('bad-share');
    expect((r.results.get(1) as LifecycleError).culprits).toEqual([2]);
  });

  it('a package replayed from another refresh by the same dealer does not match the new shares', () => {
    const rng = seededRng(`refresh-replay-${name}`);
    const key = makeKey(name, 2, 3, rng);
    const earlier = runRefresh(name, key, [1, 2, 3], rng).packages;
    const r = runRefresh(name, key, [1, 2, 3], rng, { packages: (p) => void p.set(2, earlier.get(2)!) });
    expect((r.results.get(1) as LifecycleError).code).toBe('bad-share');
    expect((r.results.get(1) as LifecycleError).culprits).toEqual([2]);
  });

  it('refuses to change the threshold and rejects t = 1', () => {
    const rng = seededRng(`refresh-t-${name}`);
    const key = makeKey(name, 2, 3, rng);
    const r = refreshRound1(suite, 1, [1, 2, 3], 3, rng);
    expect(() =>
      refreshShares({
        secret: r.secret,
        packages: new Map(),
        shares: new Map(),
        oldKeyPackage: key.keyPackages.get(1)!,
        oldPublicKeyPackage: key.publicKeyPackage,
      }),
    ).toThrow(expect.objectContaining({ code: 'bad-input' }));
    expect(() => refreshRound1(suite, 1, [1, 2, 3], 1, rng)).toThrow(expect.objectContaining({ code: 'bad-input' }));
  });
});
