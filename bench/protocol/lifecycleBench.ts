/**
 * `node bin/tsx.mjs bench/protocol/lifecycleBench.ts`: CPU time of the lifecycle ceremonies' maths (every
 * participant's work, one after the other, in one process; no network, no envelopes), for n = 3
 * and n = 10, all six suites. Each row is the median of 3 runs. A live ceremony adds the
 * transport and envelope work the DKG bench measures; per participant, the maths is about 1/n
 * of the figure (participants compute in parallel on their own machines).
 */
import { performance } from 'node:perf_hooks';
import { SUITE_NAMES, getSuite, type SuiteName } from '../../src/protocol/suites.js';
import { proveHolding, verifyHolding } from '../../src/protocol/lifecycle/proofOfHolding.js';
import { refreshRound1 } from '../../src/protocol/lifecycle/refreshRound1.js';
import { refreshRound2Shares } from '../../src/protocol/lifecycle/refreshRound2.js';
import { refreshShares } from '../../src/protocol/lifecycle/refreshShares.js';
import { repairPart1 } from '../../src/protocol/lifecycle/repairPart1.js';
import { repairPart2 } from '../../src/protocol/lifecycle/repairPart2.js';
import { repairPart3 } from '../../src/protocol/lifecycle/repairPart3.js';
import { reshareDeal } from '../../src/protocol/lifecycle/reshareDeal.js';
import { reshareFinish } from '../../src/protocol/lifecycle/reshareFinish.js';
import { makeKey, seededRng, type TestKey } from '../../src/protocol/lifecycle/testing/testKeys.js';
import { median } from '../stats.js';

const ids = (n: number) => Array.from({ length: n }, (_, k) => k + 1);

function refresh(name: SuiteName, key: TestKey, n: number, rng: ReturnType<typeof seededRng>): void {
  const suite = getSuite(name);
  const P = ids(n);
  const t = key.publicKeyPackage.minSigners;
  const ctx = { sessionId: new Uint8Array(32).fill(1), purpose: 'refresh' as const };
  const proofs = P.map((i) => proveHolding(key.keyPackages.get(i)!, key.publicKeyPackage, ctx, rng));
  for (const _ of P) proofs.forEach((p, k) => verifyHolding(key.publicKeyPackage, ctx, k + 1, p));
  const r1 = P.map((i) => refreshRound1(suite, i, P, t, rng));
  const r2 = r1.map((r) => refreshRound2Shares(r.secret));
  for (const i of P) {
    const others = P.filter((l) => l !== i);
    refreshShares({
      secret: r1[i - 1]!.secret,
      packages: new Map(others.map((l) => [l, r1[l - 1]!.package])),
      shares: new Map(others.map((l) => [l, r2[l - 1]!.get(i)!])),
      oldKeyPackage: key.keyPackages.get(i)!,
      oldPublicKeyPackage: key.publicKeyPackage,
    });
  }
}

function repair(key: TestKey, rng: ReturnType<typeof seededRng>): void {
  const pkp = key.publicKeyPackage;
  const H = ids(pkp.minSigners).map((i) => i + 1); // 2..t+1 help 1
  const ctx = { sessionId: new Uint8Array(32).fill(2), purpose: 'repair' as const };
  const proofs = H.map((j) => proveHolding(key.keyPackages.get(j)!, pkp, ctx, rng));
  for (const _ of H) proofs.forEach((p, k) => verifyHolding(pkp, ctx, H[k]!, p));
  const p1 = new Map(H.map((j) => [j, repairPart1(pkp, H, key.keyPackages.get(j)!, 1, rng)]));
  const D = new Map(H.map((j) => [j, p1.get(j)!.commitments]));
  const sigmas = new Map(
    H.map((k) => [k, repairPart2(pkp, H, 1, k, D, new Map(H.map((j) => [j, p1.get(j)!.deltas.get(k)!])))]),
  );
  repairPart3(pkp, H, 1, D, sigmas);
}

function reshare(key: TestKey, n: number, rng: ReturnType<typeof seededRng>): void {
  const pkp = key.publicKeyPackage;
  const S = ids(pkp.minSigners);
  const N = ids(n + 1);
  const params = { oldPublicKeyPackage: pkp, dealers: S, newMinSigners: pkp.minSigners + 1, newParticipants: N };
  const ctx = { sessionId: new Uint8Array(32).fill(3), purpose: 'reshare' as const };
  const proofs = S.map((i) => proveHolding(key.keyPackages.get(i)!, pkp, ctx, rng));
  for (const _ of N) proofs.forEach((p, k) => verifyHolding(pkp, ctx, S[k]!, p));
  const deal = new Map(S.map((i) => [i, reshareDeal(params, key.keyPackages.get(i)!, rng)]));
  const C = new Map(S.map((i) => [i, deal.get(i)!.package]));
  for (const j of N) reshareFinish(params, j, C, new Map(S.map((i) => [i, deal.get(i)!.shares.get(j)!])));
}

const time = (f: () => void): number => {
  const runs: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    f();
    runs.push(performance.now() - t0);
  }
  return median(runs);
};

console.log('suite          n  t | refresh ms | repair ms | reshare (t→t+1, n→n+1) ms');
for (const name of SUITE_NAMES) {
  for (const [n, t] of [
    [3, 2],
    [10, 7],
  ] as const) {
    const rng = seededRng(`bench-${name}-${n}`);
    const key = makeKey(name, t, n, rng);
    const a = time(() => refresh(name, key, n, rng));
    const b = time(() => repair(key, rng));
    const c = time(() => reshare(key, n, rng));
    console.log(
      `${name.padEnd(13)} ${String(n).padStart(2)} ${String(t).padStart(2)} | ${a.toFixed(0).padStart(10)} | ${b.toFixed(0).padStart(9)} | ${c.toFixed(0).padStart(9)}`,
    );
  }
}
