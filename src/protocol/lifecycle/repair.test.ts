import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SUITE_NAMES, getSuite, type SuiteName } from '../suites.js';
import { decodeScalar, encodeScalar } from '../dkg/group.js';
import { fromHex } from '../encoding.js';
import { keyPackageToJson } from '../frostJson/index.js';
import type { Rng } from '../dkg/types.js';
import { LifecycleError } from './errors.js';
import { repairPart1, type RepairPart1Output } from './repairPart1.js';
import { repairPart2, sumScalars } from './repairPart2.js';
import { keyPackageFromSigmas, repairPart3 } from './repairPart3.js';
import { makeKey, seededRng, type TestKey } from './testing/testKeys.js';
import {
  badDeltaEvidenceHolds,
  badSigmaEvidenceHolds,
  deltaCommitmentEvidenceHolds,
  type BadDeltaEvidence,
  type BadSigmaEvidence,
} from './repairEvidence.js';
import type { DeltaCommitmentEvidence } from './repairPart2.js';

const VECTOR_DIR = fileURLToPath(new URL('../../../../shared/vectors/frost-rs/', import.meta.url));
interface RepairVectors {
  scalar_generation: Record<'random_scalar_1' | 'random_scalar_2' | 'random_scalar_3' | 'random_scalar_sum', string>;
  sigma_generation: Record<'sigma_1' | 'sigma_2' | 'sigma_3' | 'sigma_4' | 'sigma_sum', string>;
}
const readVectors = (name: SuiteName): RepairVectors =>
  JSON.parse(readFileSync(`${VECTOR_DIR}frost-${name}/repair-share.json`, 'utf8')) as RepairVectors;

interface Hooks {
  part1?: (out: Map<number, RepairPart1Output>) => void;
  sigmas?: (s: Map<number, Uint8Array>) => void;
}

function runRepair(key: TestKey, helpers: number[], r: number, rng: Rng, hooks: Hooks = {}) {
  const pkp = key.publicKeyPackage;
  const p1 = new Map(helpers.map((j) => [j, repairPart1(pkp, helpers, key.keyPackages.get(j)!, r, rng)]));
  hooks.part1?.(p1);
  const commitments = new Map([...p1].map(([j, o]) => [j, o.commitments]));
  const sigmas = new Map<number, Uint8Array>();
  const errors = new Map<number, LifecycleError>();
  for (const k of helpers) {
    const received = new Map([...p1].map(([j, o]) => [j, o.deltas.get(k)!]));
    try {
      sigmas.set(k, repairPart2(pkp, helpers, r, k, commitments, received));
    } catch (e) {
      if (!(e instanceof LifecycleError)) throw e;
      errors.set(k, e);
    }
  }
  hooks.sigmas?.(sigmas);
  let result;
  try {
    result = repairPart3(pkp, helpers, r, commitments, sigmas);
  } catch (e) {
    if (!(e instanceof LifecycleError)) throw e;
    result = e;
  }
  return { errors, result, p1 };
}

const codeOf = (e: unknown) => [(e as LifecycleError).code, [...(e as LifecycleError).culprits]];

describe.each(SUITE_NAMES)('repair (%s)', (name) => {
  const suite = getSuite(name);

  it('reproduces the frost-rs repair-share.json vectors (part 2 and part 3 sums)', () => {
    const v = readVectors(name);
    const g = v.scalar_generation;
    const sum = sumScalars(suite, [fromHex(g.random_scalar_1), fromHex(g.random_scalar_2), fromHex(g.random_scalar_3)]);
    expect(sum).toEqual(fromHex(g.random_scalar_sum));
    const s = v.sigma_generation;
    const key = makeKey(name, 3, 5, seededRng(`repair-vec-${name}`));
    const kp = keyPackageFromSigmas(
      [fromHex(s.sigma_1), fromHex(s.sigma_2), fromHex(s.sigma_3), fromHex(s.sigma_4)],
      2,
      key.publicKeyPackage,
    );
    expect(kp.signingShare).toEqual(fromHex(s.sigma_sum));
    expect(kp.identifier).toBe(2);
    expect(kp.minSigners).toBe(3);
  });

  it('3-of-5: helpers 1, 4, 5 restore custodian 2’s key package byte for byte', () => {
    const rng = seededRng(`repair-${name}`);
    const key = makeKey(name, 3, 5, rng);
    const { errors, result } = runRepair(key, [1, 4, 5], 2, rng);
    expect(errors.size).toBe(0);
    expect(result).not.toBeInstanceOf(LifecycleError);
    expect(keyPackageToJson(result as never)).toBe(keyPackageToJson(key.keyPackages.get(2)!));
  });

  it('part 1 deltas add up to ζ_j·s_j (frost-rs check_repair_share_part1)', () => {
    const rng = seededRng(`repair-p1-${name}`);
    const key = makeKey(name, 3, 5, rng);
    const out = repairPart1(key.publicKeyPackage, [1, 4, 5], key.keyPackages.get(4)!, 2, rng);
    const F = suite.internals.Fn;
    const total = [...out.deltas.values()].reduce((a, d) => F.add(a, decodeScalar(suite, d)!), F.ZERO);
    // ζ_4 for H = {1,4,5} at x = 2: (2−1)(2−5)/((4−1)(4−5)) = −3/−3 = 1
    expect(total).toBe(decodeScalar(suite, key.keyPackages.get(4)!.signingShare));
  });

  it('blames a helper who sends a delta that does not match its commitment', () => {
    const rng = seededRng(`repair-bd-${name}`);
    const key = makeKey(name, 3, 5, rng);
    let p1Of5!: RepairPart1Output;
    const { errors } = runRepair(key, [1, 4, 5], 2, rng, {
      part1: (p) => {
        p1Of5 = p.get(5)!;
        const d = p.get(5)!.deltas;
        d.set(1, encodeScalar(suite, suite.internals.Fn.add(decodeScalar(suite, d.get(1)!)!, 1n)));
      },
    });
    expect(codeOf(errors.get(1))).toEqual(['bad-delta', [5]]);
    expect(errors.has(4)).toBe(false);
    const ev = (errors.get(1)!.evidence as BadDeltaEvidence[])[0]!;
    expect(badDeltaEvidenceHolds(ev)).toBe(true);
    // 5's honest delta to 4 against its commitment: no fault shown
    expect(
      badDeltaEvidenceHolds({
        ...ev,
        recipient: 4,
        delta: p1Of5.deltas.get(4)!,
        commitment: p1Of5.commitments.get(4)!,
      }),
    ).toBe(false);
  });

  it('blames a helper whose deltas split something other than its weighted share (consistent commitments)', () => {
    const rng = seededRng(`repair-bc-${name}`);
    const key = makeKey(name, 3, 5, rng);
    const kp4 = key.keyPackages.get(4)!;
    const { errors, result } = runRepair(key, [1, 4, 5], 2, rng, {
      part1: (p) => {
        // helper 4 splits (s_4 + 1)·ζ_4 with matching commitments: only the sum check can catch it
        const F = suite.internals.Fn;
        const s = F.add(decodeScalar(suite, kp4.signingShare)!, 1n);
        const values = [...p.get(4)!.deltas.values()].map((d) => decodeScalar(suite, d)!);
        values[2] = F.sub(s, values[0]! + values[1]!);
        const ids = [1, 4, 5];
        p.set(4, {
          deltas: new Map(ids.map((k, i) => [k, encodeScalar(suite, F.create(values[i]!))])),
          commitments: new Map(
            ids.map((k, i) => [k, suite.internals.Point.BASE.multiply(F.create(values[i]!)).toBytes()]),
          ),
        });
      },
    });
    for (const k of [1, 4, 5]) expect(codeOf(errors.get(k))).toEqual(['bad-delta-commitments', [4]]);
    expect(codeOf(result)).toEqual(['bad-delta-commitments', [4]]);
    const ev = ((result as LifecycleError).evidence as DeltaCommitmentEvidence[])[0]!;
    expect(deltaCommitmentEvidenceHolds(key.publicKeyPackage, ev)).toBe(true);
    const honest = repairPart1(key.publicKeyPackage, [1, 4, 5], key.keyPackages.get(1)!, 2, rng);
    expect(
      deltaCommitmentEvidenceHolds(key.publicKeyPackage, {
        helper: 1,
        helpers: [1, 4, 5],
        participant: 2,
        commitments: [...honest.commitments],
      }),
    ).toBe(false);
  });

  it('blames a helper who sends a wrong sigma; rejects missing, unexpected and malformed sigmas', () => {
    const rng = seededRng(`repair-bs-${name}`);
    const key = makeKey(name, 3, 5, rng);
    const plus1 = (b: Uint8Array) => encodeScalar(suite, suite.internals.Fn.add(decodeScalar(suite, b)!, 1n));
    const wrongSigma = runRepair(key, [1, 4, 5], 2, rng, { sigmas: (s) => void s.set(4, plus1(s.get(4)!)) })
      .result as LifecycleError;
    expect(codeOf(wrongSigma)).toEqual(['bad-sigma', [4]]);
    const ev = (wrongSigma.evidence as BadSigmaEvidence[])[0]!;
    expect(badSigmaEvidenceHolds(ev)).toBe(true);
    expect(
      badSigmaEvidenceHolds({
        ...ev,
        sigma: encodeScalar(suite, suite.internals.Fn.sub(decodeScalar(suite, ev.sigma)!, 1n)),
      }),
    ).toBe(false);
    expect(codeOf(runRepair(key, [1, 4, 5], 2, rng, { sigmas: (s) => void s.delete(5) }).result)).toEqual([
      'missing',
      [5],
    ]);
    expect(codeOf(runRepair(key, [1, 4, 5], 2, rng, { sigmas: (s) => void s.set(3, s.get(1)!) }).result)).toEqual([
      'unexpected-sender',
      [3],
    ]);
    expect(
      codeOf(
        runRepair(key, [1, 4, 5], 2, rng, {
          sigmas: (s) => void s.set(1, new Uint8Array(suite.scalarBytes).fill(0xff)),
        }).result,
      ),
    ).toEqual(['malformed', [1]]);
    expect(
      codeOf(runRepair(key, [1, 4, 5], 2, rng, { sigmas: (s) => void s.set(1, new Uint8Array(1 << 16)) }).result),
    ).toEqual(['malformed', [1]]);
    // a sigma replayed from an earlier repair of the same custodian does not match this run's commitments
    const earlier = runRepair(key, [1, 4, 5], 2, rng);
    const earlierSigma = repairPart2(
      key.publicKeyPackage,
      [1, 4, 5],
      2,
      4,
      new Map([...earlier.p1].map(([j, o]) => [j, o.commitments])),
      new Map([...earlier.p1].map(([j, o]) => [j, o.deltas.get(4)!])),
    );
    expect(codeOf(runRepair(key, [1, 4, 5], 2, rng, { sigmas: (s) => void s.set(4, earlierSigma) }).result)).toEqual([
      'bad-sigma',
      [4],
    ]);
  });

  it('rejects malformed or huge delta commitments naming the helper, and bad helper sets', () => {
    const rng = seededRng(`repair-bm-${name}`);
    const key = makeKey(name, 3, 5, rng);
    expect(
      codeOf(
        runRepair(key, [1, 4, 5], 2, rng, {
          part1: (p) => void p.get(5)!.commitments.set(1, new Uint8Array(suite.elementBytes).fill(0xff)),
        }).result,
      ),
    ).toEqual(['malformed', [5]]);
    expect(
      codeOf(
        runRepair(key, [1, 4, 5], 2, rng, {
          part1: (p) => void p.get(5)!.commitments.set(9, p.get(5)!.commitments.get(1)!),
        }).result,
      ),
    ).toEqual(['malformed', [5]]);
    expect(
      codeOf(runRepair(key, [1, 4, 5], 2, rng, { part1: (p) => void p.get(5)!.commitments.delete(1) }).result),
    ).toEqual(['malformed', [5]]);
    expect(() => repairPart1(key.publicKeyPackage, [1, 4], key.keyPackages.get(1)!, 2, rng)).toThrow(
      expect.objectContaining({ code: 'bad-input' }),
    );
    expect(() => repairPart1(key.publicKeyPackage, [1, 2, 4], key.keyPackages.get(1)!, 2, rng)).toThrow(
      expect.objectContaining({ code: 'bad-input' }),
    );
    expect(() => repairPart1(key.publicKeyPackage, [1, 4, 4, 5], key.keyPackages.get(1)!, 2, rng)).toThrow(
      expect.objectContaining({ code: 'bad-input' }),
    );
    expect(() => repairPart1(key.publicKeyPackage, [3, 4, 5], key.keyPackages.get(1)!, 2, rng)).toThrow(
      expect.objectContaining({ code: 'bad-input' }),
    );
  });
});
