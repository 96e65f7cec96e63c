/** Test helpers: a deterministic rng and a whole in-memory DKG (no envelopes, no network). */
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Suite } from '../../suites.js';
import { createPointCache } from '../group.js';
import { checkRound1Packages } from '../round1.js';
import { dkgRound1 } from '../round1.js';
import { dkgRound2Shares } from '../round2.js';
import { dkgRound3, type Round3Result } from '../round3.js';
import type { Rng, Round1Package, Round1Secret } from '../types.js';

/** Deterministic byte stream: SHA-256(seed ‖ counter) blocks. For tests only. */
export function seededRng(seed: string): Rng {
  const s = utf8ToBytes(seed);
  let counter = 0;
  return (length: number) => {
    const out = new Uint8Array(length);
    for (let off = 0; off < length; off += 32) {
      const block = sha256(concatBytes(s, new Uint8Array(new Uint32Array([counter++]).buffer)));
      out.set(block.subarray(0, Math.min(32, length - off)), off);
    }
    return out;
  };
}

export interface SimulatedDkg {
  secrets: Map<number, Round1Secret>;
  round1: Map<number, Round1Package>;
  /** sharesTo.get(i).get(j) = the share i received from j. */
  sharesTo: Map<number, Map<number, Uint8Array>>;
  results: Map<number, Round3Result>;
}

/** Runs a full t-of-n DKG among identifiers 1..n; `mutate*` hooks inject faults. */
export function runDkg(
  suite: Suite,
  t: number,
  n: number,
  rng: Rng,
  hooks: {
    mutateRound1?: (round1: Map<number, Round1Package>) => void;
    mutateShares?: (sharesTo: Map<number, Map<number, Uint8Array>>) => void;
  } = {},
): SimulatedDkg {
  const ids = Array.from({ length: n }, (_, k) => k + 1);
  const secrets = new Map<number, Round1Secret>();
  const round1 = new Map<number, Round1Package>();
  const caches = new Map(ids.map((i) => [i, createPointCache(suite)]));
  for (const i of ids) {
    const r = dkgRound1(suite, i, t, n, rng, caches.get(i));
    secrets.set(i, r.secret);
    round1.set(i, r.package);
  }
  hooks.mutateRound1?.(round1);
  const sharesTo = new Map<number, Map<number, Uint8Array>>(ids.map((i) => [i, new Map()]));
  for (const j of ids) {
    const out = dkgRound2Shares(
      suite,
      secrets.get(j)!,
      ids.filter((i) => i !== j),
    );
    for (const [i, s] of out) sharesTo.get(i)!.set(j, s);
  }
  hooks.mutateShares?.(sharesTo);
  const results = new Map<number, Round3Result>();
  for (const i of ids) {
    const cache = caches.get(i)!;
    const check = checkRound1Packages(suite, round1, t, cache);
    if (!check.ok) throw new Error(`round 1 rejected: ${JSON.stringify(check.culprits)}`);
    results.set(i, dkgRound3(suite, secrets.get(i)!, round1, sharesTo.get(i)!, cache));
  }
  return { secrets, round1, sharesTo, results };
}
