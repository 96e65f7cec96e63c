import { ED25519_TORSION_SUBGROUP } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { getSuite, SUITE_NAMES, type Suite, type SuiteName } from '../suites.js';
import {
  checkKeyPackage,
  checkRound1Packages,
  checkRound1PackagesOneByOne,
  createPointCache,
  DkgInputError,
  dkgRound1,
  dkgRound2Shares,
  dkgRound3,
  tamperProof,
  tamperShare,
  verifyShare,
  type Round1Package,
} from './index.js';
import { runDkg, seededRng } from './testing/testHelpers.js';

// Example: a 2-of-3 DKG among three participants, all in one process.
describe('example: 2-of-3 ed25519 DKG', () => {
  it('ends with three key packages for one group key', () => {
    const suite = getSuite('ed25519');
    const rng = seededRng('example'); // in the app: crypto.getRandomValues, injected
    const ids = [1, 2, 3];
    // Round 1: everyone makes a secret (persist it!) and broadcasts a package.
    const r1 = ids.map((i) => dkgRound1(suite, i, 2, 3, rng));
    const round1 = new Map(ids.map((i, k) => [i, r1[k]!.package]));
    // Everyone checks all packages; a failure names the senders.
    expect(checkRound1Packages(suite, round1, 2)).toEqual({ ok: true });
    // Round 2: each sends f_i(j) to each other j, confidentially.
    const inbox = new Map(ids.map((i) => [i, new Map<number, Uint8Array>()]));
    ids.forEach((j, k) => {
      for (const [i, share] of dkgRound2Shares(
        suite,
        r1[k]!.secret,
        ids.filter((x) => x !== j),
      ))
        inbox.get(i)!.set(j, share);
    });
    // Round 3: each checks its shares and derives its key package.
    const results = ids.map((i, k) => dkgRound3(suite, r1[k]!.secret, round1, inbox.get(i)!));
    const keys = results.map((r) => (r.ok ? Buffer.from(r.keyPackage.verifyingKey).toString('hex') : 'failed'));
    expect(new Set(keys).size).toBe(1);
  });
});

/** noble's RNG type has an optional length. */
const nobleRng = (rng: (n: number) => Uint8Array) => (n?: number) => rng(n ?? 32) as Uint8Array<ArrayBuffer>;

const FAST_SUITES: SuiteName[] = ['ristretto255', 'secp256k1', 'secp256k1-tr'];

/** A valid point encoding that is not a valid element: off-curve / identity / small-order. */
function invalidPoint(suite: Suite): Uint8Array {
  const b = new Uint8Array(suite.elementBytes);
  if (suite.name === 'ed25519') return Uint8Array.from(Buffer.from(ED25519_TORSION_SUBGROUP[3]!, 'hex'));
  if (suite.name === 'ristretto255') return b; // identity
  if (suite.name === 'ed448') return b; // x=0,y=0: off-curve
  b[0] = 0x02;
  b.fill(0xff, 1); // x >= p: not a field element
  return b;
}

describe.each(SUITE_NAMES)('round-1 faults are named: %s', (name) => {
  const suite = getSuite(name);
  const rng = seededRng(`r1-${name}`);
  const t = 2;
  const n = 6;
  const base = new Map<number, Round1Package>();
  for (let i = 1; i <= n; i++) base.set(i, dkgRound1(suite, i, t, n, rng).package);
  const copy = (): Map<number, Round1Package> =>
    new Map(
      [...base].map(([k, p]) => [
        k,
        { commitment: p.commitment.map((c) => c.slice()), proofOfKnowledge: p.proofOfKnowledge.slice() },
      ]),
    );

  it('all honest: ok, with and without cache', () => {
    expect(checkRound1Packages(suite, base, t)).toEqual({ ok: true });
    const cache = createPointCache(suite);
    expect(checkRound1Packages(suite, base, t, cache)).toEqual({ ok: true });
    expect(cache.size).toBe(n * (t + 1)); // commitments + proof R, each decoded once
    expect(checkRound1Packages(suite, base, t, cache)).toEqual({ ok: true });
  });

  it('every fault kind at once: each sender named with its fault, honest ones never', () => {
    const m = copy();
    m.set(2, tamperProof(suite, m.get(2)!));
    m.get(3)!.commitment.push(m.get(3)!.commitment[0]!); // wrong-length
    m.get(4)!.commitment[1] = invalidPoint(suite);
    m.get(5)!.proofOfKnowledge = m.get(5)!.proofOfKnowledge.subarray(1); // malformed
    const expected = {
      ok: false,
      culprits: [
        { identifier: 2, fault: 'bad-proof' },
        { identifier: 3, fault: 'wrong-length' },
        { identifier: 4, fault: 'invalid-point' },
        { identifier: 5, fault: 'malformed' },
      ],
    };
    expect(checkRound1Packages(suite, m, t)).toEqual(expected);
    expect(checkRound1Packages(suite, m, t, createPointCache(suite))).toEqual(expected);
    expect(checkRound1PackagesOneByOne(suite, m, t)).toEqual(expected);
  });

  it.each([
    ['bad proof', (m: Map<number, Round1Package>) => m.set(4, tamperProof(suite, m.get(4)!)), 'bad-proof'],
    [
      'proof of another sender',
      (m: Map<number, Round1Package>) => m.set(4, { ...m.get(4)!, proofOfKnowledge: base.get(1)!.proofOfKnowledge }),
      'bad-proof',
    ],
    ['package replayed under another id', (m: Map<number, Round1Package>) => m.set(4, base.get(1)!), 'bad-proof'],
    ['short commitment', (m: Map<number, Round1Package>) => m.get(4)!.commitment.pop(), 'wrong-length'],
    [
      'invalid point',
      (m: Map<number, Round1Package>) => (m.get(4)!.commitment[0] = invalidPoint(suite)),
      'invalid-point',
    ],
    [
      'invalid proof R',
      (m: Map<number, Round1Package>) =>
        m.get(4)!.proofOfKnowledge.set(invalidPoint(suite).subarray(suite.internals.taproot ? 1 : 0)),
      'bad-proof',
    ],
    [
      'commitment bytes too short',
      (m: Map<number, Round1Package>) => (m.get(4)!.commitment[1] = new Uint8Array(3)),
      'malformed',
    ],
    ['not an object', (m: Map<number, Round1Package>) => m.set(4, null as unknown as Round1Package), 'malformed'],
  ] as const)('%s → sender 4 only', (_label, mutate, fault) => {
    const m = copy();
    mutate(m);
    const expected = { ok: false, culprits: [{ identifier: 4, fault }] };
    expect(checkRound1Packages(suite, m, t, createPointCache(suite))).toEqual(expected);
    expect(checkRound1PackagesOneByOne(suite, m, t)).toEqual(expected);
  });

  it('two bad proofs in one batch: both named', () => {
    const m = copy();
    m.set(1, tamperProof(suite, m.get(1)!));
    m.set(6, tamperProof(suite, m.get(6)!));
    expect(checkRound1Packages(suite, m, t)).toEqual({
      ok: false,
      culprits: [
        { identifier: 1, fault: 'bad-proof' },
        { identifier: 6, fault: 'bad-proof' },
      ],
    });
  });
});

describe.each(SUITE_NAMES)('round-3 share faults are named: %s', (name) => {
  const suite = getSuite(name);
  const t = 3;
  const n = 5;
  const honest = runDkg(suite, t, n, seededRng(`r3-${name}`));

  /** What a per-share check (the reference) says about participant i's inbox. */
  const oneByOne = (sharesTo: Map<number, Map<number, Uint8Array>>, i: number) =>
    [...honest.round1.keys()]
      .filter((j) => j !== i)
      .filter((j) => {
        const s = sharesTo.get(i)!.get(j);
        return s === undefined || !verifyShare(suite, honest.round1.get(j)!.commitment, i, s);
      });

  const faults: [string, (s: Map<number, Map<number, Uint8Array>>) => void, number[]][] = [
    ['tampered share 2→1', (s) => s.get(1)!.set(2, tamperShare(suite, s.get(1)!.get(2)!)), [2]],
    ['missing share 3→1', (s) => s.get(1)!.delete(3), [3]],
    ['share too short 4→1', (s) => s.get(1)!.set(4, new Uint8Array(5)), [4]],
    ['share not below the order 5→1', (s) => s.get(1)!.set(5, new Uint8Array(suite.scalarBytes).fill(0xff)), [5]],
    ['share meant for someone else 2→1', (s) => s.get(1)!.set(2, s.get(3)!.get(2)!), [2]],
    [
      'three senders tampered',
      (s) => [2, 4, 5].forEach((j) => s.get(1)!.set(j, tamperShare(suite, s.get(1)!.get(j)!))),
      [2, 4, 5],
    ],
    [
      'mixed missing and tampered',
      (s) => (s.get(1)!.delete(5), s.get(1)!.set(3, tamperShare(suite, s.get(1)!.get(3)!))),
      [3, 5],
    ],
  ];

  it.each(faults)('%s: exactly those senders, equal to the one-by-one check', (_label, mutate, expected) => {
    const sharesTo = new Map([...honest.sharesTo].map(([i, m]) => [i, new Map(m)]));
    mutate(sharesTo);
    const cache = createPointCache(suite);
    expect(checkRound1Packages(suite, honest.round1, t, cache).ok).toBe(true);
    const r = dkgRound3(suite, honest.secrets.get(1)!, honest.round1, sharesTo.get(1)!, cache);
    expect(r).toEqual({ ok: false, badShares: expected });
    expect(oneByOne(sharesTo, 1)).toEqual(expected);
    // Other recipients, whose inboxes are untouched, are unaffected.
    const r2 = dkgRound3(suite, honest.secrets.get(2)!, honest.round1, sharesTo.get(2)!);
    expect(r2).toEqual(honest.results.get(2));
  });

  it('offsetting errors from two colluders pass the aggregate check, and change nothing', () => {
    const { Fn } = suite.internals;
    const sharesTo = new Map([...honest.sharesTo].map(([i, m]) => [i, new Map(m)]));
    const inbox = sharesTo.get(1)!;
    const d = 12345n;
    inbox.set(2, Fn.toBytes(Fn.add(Fn.fromBytes(inbox.get(2)!), d)));
    inbox.set(3, Fn.toBytes(Fn.sub(Fn.fromBytes(inbox.get(3)!), d)));
    expect(oneByOne(sharesTo, 1)).toEqual([2, 3]); // RFC 9591 per-share checks would blame both...
    const r = dkgRound3(suite, honest.secrets.get(1)!, honest.round1, inbox);
    expect(r).toEqual(honest.results.get(1)); // ...the aggregate check yields the honest key package.
  });
});

describe('inputs the local caller controls throw DkgInputError', () => {
  const suite = getSuite('secp256k1');
  const honest = runDkg(suite, 2, 3, seededRng('inputs'));
  const secret = honest.secrets.get(1)!;
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(DkgInputError);
      return (e as DkgInputError).code;
    }
    return 'no error';
  };

  it('bad parameters', () => {
    const rng = seededRng('x');
    expect(code(() => dkgRound1(suite, 0, 2, 3, rng))).toBe('bad-identifier');
    expect(code(() => dkgRound1(suite, 1.5, 2, 3, rng))).toBe('bad-identifier');
    expect(code(() => dkgRound1(suite, 1, 4, 3, rng))).toBe('bad-parameters');
    expect(code(() => dkgRound1(suite, 1, 0, 3, rng))).toBe('bad-parameters');
    expect(code(() => dkgRound1(suite, 1, 2, 3, () => new Uint8Array(1)))).toBe('bad-parameters');
    expect(code(() => dkgRound2Shares(suite, secret, [1]))).toBe('bad-identifier');
    expect(code(() => dkgRound2Shares(suite, secret, [2, 2]))).toBe('bad-identifier');
    expect(code(() => dkgRound2Shares(getSuite('p256'), secret, [2]))).toBe('suite-mismatch');
    expect(code(() => dkgRound2Shares(suite, { ...secret, coefficients: [secret.coefficients[0]!] }, [2]))).toBe(
      'bad-secret',
    );
  });

  it('round 3: own package missing or different, incomplete roster, unknown senders, unvalidated packages', () => {
    const shares = honest.sharesTo.get(1)!;
    const without = (id: number) => new Map([...honest.round1].filter(([k]) => k !== id));
    expect(code(() => dkgRound3(suite, secret, without(1), shares))).toBe('missing-package');
    expect(code(() => dkgRound3(suite, secret, without(3), shares))).toBe('missing-package');
    const swapped = new Map(honest.round1);
    swapped.set(1, honest.round1.get(2)!);
    expect(code(() => dkgRound3(suite, secret, swapped, shares))).toBe('own-package-mismatch');
    expect(code(() => dkgRound3(suite, secret, honest.round1, new Map([...shares, [9, shares.get(2)!]])))).toBe(
      'unexpected-package',
    );
    const zero = new Map(without(3));
    zero.set(0, honest.round1.get(3)!);
    expect(code(() => dkgRound3(suite, secret, zero, shares))).toBe('bad-identifier');
    const broken = new Map(honest.round1);
    broken.set(3, { ...honest.round1.get(3)!, commitment: [new Uint8Array(33)] });
    expect(code(() => dkgRound3(suite, secret, broken, shares))).toBe('round1-not-validated');
  });
});

describe('checkKeyPackage (re-import check)', () => {
  const suite = getSuite('p256');
  const d = runDkg(suite, 2, 3, seededRng('consistency'));
  const ok = [...d.results.values()].map((r) => (r.ok ? r : undefined)!);
  const kp = ok[0]!.keyPackage;
  const pkp = ok[0]!.publicKeyPackage;
  it('accepts DKG output', () => {
    for (const r of ok) expect(checkKeyPackage(r.keyPackage, pkp)).toEqual({ ok: true });
    expect(checkKeyPackage(kp)).toEqual({ ok: true });
  });
  it.each([
    ['bad-signing-share', { ...kp, signingShare: new Uint8Array(32) }, pkp],
    ['verifying-share-mismatch', { ...kp, signingShare: ok[1]!.keyPackage.signingShare }, pkp],
    ['not-in-public-package', { ...kp, identifier: 2 }, pkp],
    ['verifying-key-mismatch', kp, { ...pkp, verifyingKey: ok[1]!.keyPackage.verifyingShare }],
    ['min-signers-mismatch', kp, { ...pkp, minSigners: 3 }],
    ['suite-mismatch', kp, { ...pkp, suite: 'secp256k1' as const }],
  ] as const)('%s', (reason, k, p) => {
    expect(checkKeyPackage(k, p)).toEqual({ ok: false, reason });
  });
});

describe('point cache', () => {
  const suite = getSuite('ed25519');
  it('round 1 records our own points, so checking them decodes nothing', () => {
    const rng = seededRng('cache');
    const cache = createPointCache(suite);
    const mine = dkgRound1(suite, 1, 3, 3, rng, cache);
    expect(cache.size).toBe(4); // 3 commitments + R
    const round1 = new Map([
      [1, mine.package],
      [2, dkgRound1(suite, 2, 3, 3, rng).package],
      [3, dkgRound1(suite, 3, 3, 3, rng).package],
    ]);
    expect(checkRound1Packages(suite, round1, 3, cache)).toEqual({ ok: true });
    expect(cache.size).toBe(12);
  });
  it('a cache of another suite is a caller error, never a culprit', () => {
    const other = createPointCache(getSuite('ristretto255'));
    const rng = seededRng('cache2');
    const { package: pkg } = dkgRound1(suite, 1, 2, 2, rng);
    const isMismatch = (f: () => unknown) => expect(f).toThrow(expect.objectContaining({ code: 'suite-mismatch' }));
    isMismatch(() => dkgRound1(suite, 1, 2, 2, rng, other));
    isMismatch(() => checkRound1Packages(suite, new Map([[1, pkg]]), 2, other));
    isMismatch(() => verifyShare(suite, pkg.commitment, 2, new Uint8Array(32), other));
  });
});

describe('agrees with noble DKG.round1/2/3 on the same rng stream', () => {
  it.each(FAST_SUITES.concat(['ed25519']))('%s, 3-of-4', (name) => {
    const suite = getSuite(name);
    const frost = suite.internals.frost;
    const n = 4;
    const t = 3;
    const ids = [1, 2, 3, 4];
    const ours = ids.map((i) => dkgRound1(suite, i, t, n, seededRng(`noble-${i}`)));
    const theirs = ids.map((i) =>
      frost.DKG.round1(
        frost.Identifier.fromNumber(i),
        { min: t, max: n },
        undefined,
        nobleRng(seededRng(`noble-${i}`)),
      ),
    );
    ids.forEach((_, k) => {
      expect(ours[k]!.package.commitment).toEqual(theirs[k]!.public.commitment);
      expect(ours[k]!.package.proofOfKnowledge).toEqual(theirs[k]!.public.proofOfKnowledge);
    });
    const round1 = new Map(ids.map((i, k) => [i, ours[k]!.package]));
    const r2 = ids.map((_, k) =>
      frost.DKG.round2(
        theirs[k]!.secret,
        theirs.filter((_, q) => q !== k).map((x) => x.public),
      ),
    );
    ids.forEach((i, k) => {
      const mine = dkgRound2Shares(
        suite,
        ours[k]!.secret,
        ids.filter((x) => x !== i),
      );
      for (const [j, s] of mine) expect(s).toEqual(r2[k]![frost.Identifier.fromNumber(j)]!.signingShare);
    });
    ids.forEach((i, k) => {
      const inbox = new Map(
        ids.filter((j) => j !== i).map((j) => [j, dkgRound2Shares(suite, ours[j - 1]!.secret, [i]).get(i)!]),
      );
      const r = dkgRound3(suite, ours[k]!.secret, round1, inbox);
      const nobleR2 = ids.filter((j) => j !== i).map((j) => r2[j - 1]![frost.Identifier.fromNumber(i)]!);
      const key = frost.DKG.round3(
        theirs[k]!.secret,
        theirs.filter((_, q) => q !== k).map((x) => x.public),
        nobleR2,
      );
      if (!r.ok) throw new Error('failed');
      expect(r.keyPackage.signingShare).toEqual(key.secret.signingShare);
      expect(r.publicKeyPackage.verifyingKey).toEqual(key.public.commitments[0]);
      for (const v of r.publicKeyPackage.verifyingShares)
        expect(v.verifyingShare).toEqual(key.public.verifyingShares[frost.Identifier.fromNumber(v.identifier)]);
    });
  });
});
