/**
 * `node bin/tsx.mjs bench/protocol/cocktail.ts [--n 5,10,20] [--suites ed25519,p256] [--reps 3]`
 *
 * Per-participant CPU (process.cpuUsage) of a whole COCKTAIL-DKG through src/protocol/cocktail
 * for participant 1 — cocktailRound1 (polynomial, PoP, n encryptions), parseMsg1 of all n
 * messages, cocktailRound2 (n PoP checks, n decryptions + VSS checks, outputs, transcript,
 * CertEq signature) and cocktailRound3 (n CertEq signature checks, key packages) — against the
 * bare @noble/curves FROST DKG (DKG.round1/2/3) for the same suite and n in the same process,
 * alternating, medians. t = ⌊2n/3⌋ + 1. The two are different protocols (COCKTAIL adds ECDH,
 * AEAD, PoP over the ephemeral key and the CertEq round), so the ratio is the cost of COCKTAIL's
 * extra guarantees, not an apples-to-apples speed comparison.
 */
import { randomBytes } from '@noble/hashes/utils.js';
import { ed25519_FROST, ristretto255_FROST } from '@noble/curves/ed25519.js';
import { ed448_FROST } from '@noble/curves/ed448.js';
import { p256_FROST } from '@noble/curves/nist.js';
import { schnorr_FROST, secp256k1_FROST } from '@noble/curves/secp256k1.js';
import { seededRng } from '../../src/protocol/dkg/testing/testHelpers.js';
import { dkgRound1, dkgRound2Shares } from '../../src/protocol/dkg/index.js';
import { identifierToHex } from '../../src/protocol/frostJson/index.js';
import { getSuite, isSuiteName, SUITE_NAMES, type SuiteName } from '../../src/protocol/suites.js';
import {
  buildContext,
  createCocktailCache,
  cocktailRound1,
  cocktailRound2,
  cocktailRound3,
  getCocktailSuite,
  parseMsg1,
  staticKeyFromBytes,
} from '../../src/protocol/cocktail/index.js';
import { encodeScalar } from '../../src/protocol/cocktail/encoding.js';
import { median } from '../stats.js';

const BARE = {
  ed25519: ed25519_FROST,
  ristretto255: ristretto255_FROST,
  ed448: ed448_FROST,
  p256: p256_FROST,
  secp256k1: secp256k1_FROST,
  'secp256k1-tr': schnorr_FROST,
} as const;
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function prepare(name: SuiteName, n: number) {
  const t = Math.floor((2 * n) / 3) + 1;
  // COCKTAIL: everyone's msg1 precomputed; participant 1 redoes its whole part.
  const cs = getCocktailSuite(name);
  const keys = Array.from({ length: n }, (_, k) => staticKeyFromBytes(cs, encodeScalar(cs, BigInt(1000 + k))));
  const P = keys.map((k) => k.publicKey);
  const session = { suite: cs, t, staticPublicKeys: P, context: buildContext(cs, randomBytes(32), P) };
  // Participant 1's rng is seeded, so its timed re-run produces the same msg1 everyone signed over.
  const rngOf = (idx: number) => (idx === 0 ? seededRng(`c-${name}-${n}`) : randomBytes);
  const wire = keys.map(
    (k, idx) => cocktailRound1({ session, index: idx + 1, staticSecret: k.secret, rng: rngOf(idx) }).bytes,
  );
  const msgs = wire.map((b, idx) => parseMsg1(cs, t, n, idx + 1, b));
  const others = keys.map(
    (k, idx) =>
      cocktailRound2({ session, index: idx + 1, staticSecret: k.secret, msgs, extension: new Uint8Array() }).signature,
  );
  const cocktail = () => {
    const cache = createCocktailCache();
    const mine = cocktailRound1({
      session,
      index: 1,
      staticSecret: keys[0]!.secret,
      rng: seededRng(`c-${name}-${n}`),
      cache,
    }).bytes;
    const all = [mine, ...wire.slice(1)].map((b, idx) => parseMsg1(cs, t, n, idx + 1, b, cache.points));
    const r2 = cocktailRound2({
      session,
      index: 1,
      staticSecret: keys[0]!.secret,
      msgs: all,
      extension: new Uint8Array(),
      cache,
    });
    return cocktailRound3(session, 1, r2, [r2.signature, ...others.slice(1)], cache).keyPackage.verifyingKey;
  };
  // Bare noble DKG, participant 1.
  const suite = getSuite(name);
  const frost = BARE[name];
  const ids = Array.from({ length: n }, (_, k) => k + 1);
  const r1 = ids.map((i) => dkgRound1(suite, i, t, n, seededRng(`n-${name}-${n}-${i}`)));
  const idHex = (i: number) => identifierToHex(suite, i);
  const othersPublic = ids.slice(1).map((j) => ({
    identifier: idHex(j),
    commitment: r1[j - 1]!.package.commitment,
    proofOfKnowledge: r1[j - 1]!.package.proofOfKnowledge,
  }));
  const round2ToMe = ids
    .slice(1)
    .map((j) => ({ identifier: idHex(j), signingShare: dkgRound2Shares(suite, r1[j - 1]!.secret, [1]).get(1)! }));
  const noble = () => {
    const rng = seededRng(`n-${name}-${n}-1`);
    const { secret } = frost.DKG.round1(
      idHex(1),
      { min: t, max: n },
      undefined,
      (len?: number) => rng(len ?? 32) as Uint8Array<ArrayBuffer>,
    );
    frost.DKG.round2(secret, othersPublic);
    return frost.DKG.round3(secret, othersPublic, round2ToMe).public.commitments[0]!;
  };
  return { t, cocktail, noble };
}

const args = process.argv.slice(2);
const opt = (k: string): string | undefined => (args.includes(k) ? args[args.indexOf(k) + 1] : undefined);
const ns = (opt('--n') ?? '5,10,20').split(',').map(Number);
const suites = (opt('--suites')?.split(',') ?? SUITE_NAMES).filter((s): s is SuiteName => isSuiteName(s));
const reps = Number(opt('--reps') ?? 3);
console.log(`COCKTAIL-DKG vs bare noble DKG, participant 1, CPU ms, median of ${reps}, t = floor(2n/3)+1`);
console.log('suite          n    t  cocktail ms    noble ms   ratio');
for (const name of suites)
  for (const n of ns) {
    const { t, cocktail, noble } = prepare(name, n);
    cocktail();
    noble();
    const c: number[] = [];
    const b: number[] = [];
    for (let r = 0; r < reps; r++)
      for (const which of r % 2 ? ['noble', 'cocktail'] : ['cocktail', 'noble']) {
        const s = cpuMs();
        if (which === 'cocktail') cocktail();
        else noble();
        (which === 'cocktail' ? c : b).push(cpuMs() - s);
      }
    const cm = median(c);
    const bm = median(b);
    console.log(
      `${name.padEnd(14)}${String(n).padStart(3)}${String(t).padStart(5)}${cm.toFixed(1).padStart(13)}${bm.toFixed(1).padStart(12)}${(cm / bm).toFixed(2).padStart(8)}`,
    );
  }
