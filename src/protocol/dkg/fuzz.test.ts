// Property tests: garbage into every checker gives a typed verdict (culprits / false), never an
// exception, and never blames an honest sender.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getSuite, type SuiteName } from '../suites.js';
import {
  checkRound1Packages,
  createPointCache,
  DkgInputError,
  dkgRound1,
  dkgRound2Shares,
  dkgRound3,
  verifyShare,
  type Round1Package,
  type Round1Secret,
} from './index.js';
import { equalBytes } from './group.js';
import { runDkg, seededRng } from './testing/testHelpers.js';

const SUITES: SuiteName[] = ['ristretto255', 'p256', 'secp256k1-tr', 'ed25519'];

describe.each(SUITES)('fuzz: %s', (name) => {
  const suite = getSuite(name);
  const t = 2;
  const n = 4;
  const honest = runDkg(suite, t, n, seededRng(`fuzz-${name}`));

  // Byte strings that are often the right length, sometimes valid encodings.
  const G = suite.internals.Point.BASE.toBytes();
  const bytes = (len: number) =>
    fc.oneof(
      fc.uint8Array({ minLength: len, maxLength: len }),
      fc.uint8Array({ maxLength: len + 2 }),
      fc.constant(G),
      fc.constant(new Uint8Array(len)),
    );
  const garbagePackage = fc.oneof(
    fc.record({
      commitment: fc.array(bytes(suite.elementBytes), { maxLength: 3 }),
      proofOfKnowledge: bytes(suite.signatureBytes),
    }),
    fc.anything(),
  );

  it('checkRound1Packages: garbage senders named, honest never, no throw', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: n }), garbagePackage), { maxLength: n }), (garbage) => {
        const m = new Map<number, Round1Package>(honest.round1);
        const replaced = new Set<number>();
        for (const [id, pkg] of garbage) {
          m.set(id, pkg as Round1Package);
          replaced.add(id);
        }
        const r = checkRound1Packages(suite, m, t, createPointCache(suite));
        const named = r.ok ? [] : r.culprits.map((c) => c.identifier);
        for (const id of named) expect(replaced.has(id)).toBe(true);
        // A garbage package is never a valid one (random bytes cannot forge a proof).
        for (const id of replaced) expect(named).toContain(id);
      }),
      { numRuns: 60 },
    );
  });

  it('local inputs (secret, parameters, maps): garbage → DkgInputError, never another exception', () => {
    const secret = honest.secrets.get(1)!;
    const garbageSecret = fc.oneof(
      fc.anything(),
      fc.record({
        suite: fc.constantFrom(name, 'p256'),
        identifier: fc.integer({ min: -1, max: 5 }),
        minSigners: fc.integer({ min: 0, max: 5 }),
        maxSigners: fc.integer({ min: 0, max: 5 }),
        coefficients: fc.array(bytes(suite.scalarBytes), { maxLength: 3 }),
      }),
      fc.constant(secret),
    );
    const only = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        if (!(e instanceof DkgInputError)) throw e;
      }
    };
    fc.assert(
      fc.property(garbageSecret, fc.anything(), fc.anything(), fc.integer({ min: -1, max: 5 }), (sec, a, b, k) => {
        only(() => dkgRound2Shares(suite, sec as Round1Secret, a as number[]));
        only(() =>
          dkgRound3(suite, sec as Round1Secret, a as Map<number, Round1Package>, b as Map<number, Uint8Array>),
        );
        only(() => dkgRound3(suite, sec as Round1Secret, honest.round1, b as Map<number, Uint8Array>));
        only(() => dkgRound1(suite, k, a as number, k, seededRng('x')));
        only(() => checkRound1Packages(suite, a as Map<number, Round1Package>, k));
      }),
      { numRuns: 150 },
    );
  });

  it('verifyShare: false on garbage, never throws', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), (c, r, s) => {
        expect(verifyShare(suite, c as Uint8Array[], r as number, s as Uint8Array)).toBe(false);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(
        fc.array(bytes(suite.elementBytes), { maxLength: 3 }),
        fc.integer({ min: -2, max: 70000 }),
        bytes(suite.scalarBytes),
        (c, r, s) => {
          expect(typeof verifyShare(suite, c, r, s)).toBe('boolean');
        },
      ),
      { numRuns: 100 },
    );
  });

  it('dkgRound3: garbage shares → exactly those senders in badShares', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 2, max: n }),
            fc.option(fc.oneof(bytes(suite.scalarBytes), fc.anything() as fc.Arbitrary<Uint8Array>)),
          ),
          { maxLength: 3 },
        ),
        (garbage) => {
          const inbox = new Map(honest.sharesTo.get(1)!);
          for (const [j, s] of garbage) {
            if (s === null) inbox.delete(j);
            else inbox.set(j, s);
          }
          const changed = [2, 3, 4].filter((j) => {
            const now = inbox.get(j);
            return !(now instanceof Uint8Array) || !equalBytes(now, honest.sharesTo.get(1)!.get(j)!);
          });
          const r = dkgRound3(suite, honest.secrets.get(1)!, honest.round1, inbox);
          if (changed.length === 0) expect(r).toEqual(honest.results.get(1));
          else expect(r).toEqual({ ok: false, badShares: changed });
        },
      ),
      { numRuns: 40 },
    );
  });
});
