/**
 * DKG round 1 (RFC 9591 Appendix C / frost-rs `keys::dkg::part1` and the checks of `part2`):
 * a secret polynomial, commitments to its coefficients, and a Schnorr proof of knowledge of
 * the constant term; then validation of everyone's round-1 packages that names every bad sender.
 */
import { mulAddUnsafe } from '@noble/curves/abstract/curve.js';
import type { CurvePointCons } from '@noble/curves/abstract/curve.js';
import { getMinHashLength, mapHashToField } from '@noble/curves/abstract/modular.js';
import { bytesToNumberBE, bytesToNumberLE } from '@noble/curves/utils.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import type { GroupPoint, Suite } from '../suites.js';
import {
  assertCache,
  decodePoint,
  show,
  decodeScalar,
  encodeScalar,
  isValidIdentifier,
  mulBase,
  primePointCache,
  type PointCache,
} from './group.js';
import {
  DkgInputError,
  MAX_PARTICIPANTS,
  type Rng,
  type Round1Fault,
  type Round1Package,
  type Round1Secret,
} from './types.js';

/** Checks 1 ≤ minSigners ≤ maxSigners ≤ 65535 (frost-rs also requires minSigners ≥ 2; we allow a 1-of-n key). */
export function assertSigners(minSigners: unknown, maxSigners: unknown): void {
  const ok = (x: unknown): x is number =>
    typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= MAX_PARTICIPANTS;
  if (!ok(minSigners) || !ok(maxSigners) || minSigners > maxSigners)
    throw new DkgInputError('bad-parameters', `invalid thresholds: min=${show(minSigners)} max=${show(maxSigners)}`);
}

/**
 * A uniformly random non-zero scalar from the injected rng, derived exactly as noble's
 * `randomScalar` (so a noble DKG and ours agree byte-for-byte on the same rng stream).
 */
export function randomScalar(suite: Suite, rng: Rng): bigint {
  const { Fn } = suite.internals;
  const len = getMinHashLength(Fn.ORDER);
  const bytes = rng(len);
  if (!(bytes instanceof Uint8Array) || bytes.length !== len)
    throw new DkgInputError(
      'bad-parameters',
      `rng returned ${show(bytes instanceof Uint8Array ? bytes.length : bytes)} bytes, wanted ${len}`,
    );
  const t = mapHashToField(bytes, Fn.ORDER, Fn.isLE);
  return Fn.isLE ? bytesToNumberLE(t) : bytesToNumberBE(t);
}

/** Even-y test on a compressed SEC1 encoding (secp256k1-tr only). */
export const hasEvenY = (p: GroupPoint): boolean => p.toBytes()[0] === 0x02;

/** HDKG(ser(id) ‖ ser(φ) ‖ ser(R)): the proof-of-knowledge challenge (frost-rs `challenge` in dkg.rs). */
function pokChallenge(suite: Suite, id: number, phiBytes: Uint8Array, rBytes: Uint8Array): bigint {
  const { hashToScalar, dkgDst } = suite.internals;
  return hashToScalar(concatBytes(encodeScalar(suite, BigInt(id)), phiBytes, rBytes), dkgDst);
}

/** Encodes R ‖ z; secp256k1-tr drops R's (always 0x02) prefix byte, as BIP-340 does. */
function encodeSignature(suite: Suite, r: Uint8Array, z: bigint): Uint8Array {
  return concatBytes(suite.internals.taproot ? r.subarray(1) : r, encodeScalar(suite, z));
}

/** R, its compressed encoding (with the 0x02 prefix restored for secp256k1-tr), and z. */
type DecodedProof = { R: GroupPoint; rBytes: Uint8Array; z: bigint };

/** Splits and validates a signature encoding. `malformed` = wrong length; `bad` = invalid R or z. */
export function decodeSignature(suite: Suite, sig: Uint8Array, cache?: PointCache): DecodedProof | 'malformed' | 'bad' {
  if (sig.length !== suite.signatureBytes) return 'malformed';
  const rLen = suite.signatureBytes - suite.scalarBytes;
  const rBytes = suite.internals.taproot
    ? concatBytes(Uint8Array.of(0x02), sig.subarray(0, rLen))
    : sig.subarray(0, rLen);
  const R = decodePoint(suite, rBytes, cache);
  const z = decodeScalar(suite, sig.subarray(rLen));
  if (typeof R === 'string' || z === undefined) return 'bad';
  return { R, rBytes, z };
}

/**
 * Round 1 for participant `identifier`: secret polynomial of degree minSigners−1, commitment,
 * proof. With the DKG's `cache`, our own points are recorded as already validated (they are
 * multiples of G by non-zero scalars), so checking our own package later costs no decoding.
 */
export function dkgRound1(
  suite: Suite,
  identifier: number,
  minSigners: number,
  maxSigners: number,
  rng: Rng,
  cache?: PointCache,
): { secret: Round1Secret; package: Round1Package } {
  if (!isValidIdentifier(identifier))
    throw new DkgInputError('bad-identifier', `invalid identifier ${show(identifier)}`);
  assertSigners(minSigners, maxSigners);
  if (typeof rng !== 'function') throw new DkgInputError('bad-parameters', 'rng must be a function');
  assertCache(suite, cache);
  const { Fn, taproot } = suite.internals;
  // Same draw order as noble's DKG.round1: a_0, a_1..a_{t-1}, then the proof nonce.
  const coeffs: bigint[] = [];
  for (let k = 0; k < minSigners; k++) coeffs.push(randomScalar(suite, rng));
  const commitment = coeffs.map((a) => mulBase(suite, a));
  let k = randomScalar(suite, rng);
  let R = mulBase(suite, k);
  // BIP-340 nonces have even y (frost-secp256k1-tr), so that R serialises x-only.
  if (taproot && !hasEvenY(R)) {
    k = Fn.neg(k);
    R = R.negate();
  }
  const commitmentBytes = commitment.map((p) => p.toBytes());
  const rBytes = R.toBytes();
  const c = pokChallenge(suite, identifier, commitmentBytes[0] as Uint8Array, rBytes);
  const z = Fn.add(k, Fn.mul(coeffs[0] as bigint, c));
  if (cache) {
    commitment.forEach((p, i) => primePointCache(cache, commitmentBytes[i] as Uint8Array, p));
    primePointCache(cache, rBytes, R);
  }
  return {
    secret: {
      suite: suite.name,
      identifier,
      minSigners,
      maxSigners,
      coefficients: coeffs.map((a) => encodeScalar(suite, a)),
    },
    package: { commitment: commitmentBytes, proofOfKnowledge: encodeSignature(suite, rBytes, z) },
  };
}

/** A structurally valid package, decoded, awaiting its proof check. */
interface Decoded {
  id: number;
  C: GroupPoint[];
  proof: DecodedProof;
  c: bigint;
}

/** Decodes one package, or says why it is bad. */
function decodePackage(
  suite: Suite,
  id: number,
  pkg: unknown,
  minSigners: number,
  cache?: PointCache,
): Decoded | Round1Fault {
  if (typeof pkg !== 'object' || pkg === null) return 'malformed';
  const { commitment, proofOfKnowledge } = pkg as Partial<Round1Package>;
  if (!Array.isArray(commitment) || !(proofOfKnowledge instanceof Uint8Array)) return 'malformed';
  if (commitment.length !== minSigners) return 'wrong-length';
  const C: GroupPoint[] = [];
  for (const bytes of commitment) {
    const p = decodePoint(suite, bytes, cache);
    if (p === 'wrong-length') return 'malformed';
    if (p === 'invalid-point') return 'invalid-point';
    C.push(p);
  }
  const proof = decodeSignature(suite, proofOfKnowledge, cache);
  if (proof === 'malformed') return 'malformed';
  if (proof === 'bad') return 'bad-proof';
  // Encodings are canonical (checked in decodePoint), so the received bytes are ser(φ), ser(R).
  return { id, C, proof, c: pokChallenge(suite, id, commitment[0] as Uint8Array, proof.rBytes) };
}

/** R == z·G − c·φ (one proof). */
function verifyOne(suite: Suite, d: Decoded): boolean {
  const { Point } = suite.internals;
  const zG = d.proof.z === 0n ? Point.ZERO : Point.BASE.multiplyUnsafe(d.proof.z);
  const cPhi = d.c === 0n ? Point.ZERO : (d.C[0] as GroupPoint).multiplyUnsafe(d.c);
  return d.proof.R.equals(zG.subtract(cPhi));
}

/**
 * All proofs at once: Σ a_j·(z_j·G − c_j·φ_j − R_j) = 0 with 128-bit a_j derived by hashing
 * every package (so no sender can choose its errors after seeing the a_j). Every point is
 * already in the prime-order group, so a single bad proof can never cancel; several bad proofs
 * cancel only if the hash-derived a_j hit a linear relation, probability ≈ 2^-128.
 */
function verifyBatch(suite: Suite, items: readonly Decoded[], packages: ReadonlyMap<number, Round1Package>): boolean {
  const { Fn, Point } = suite.internals;
  const parts: Uint8Array[] = [utf8ToBytes('frost-ceremony pok batch v1 '), utf8ToBytes(suite.ciphersuiteId)];
  for (const d of items) {
    const p = packages.get(d.id) as Round1Package;
    parts.push(encodeScalar(suite, BigInt(d.id)), ...p.commitment, p.proofOfKnowledge);
  }
  const seed = sha512(concatBytes(...parts));
  let zSum = Fn.ZERO;
  const points: GroupPoint[] = [];
  const scalars: bigint[] = [];
  items.forEach((d, j) => {
    const h = sha512(concatBytes(seed, encodeScalar(suite, BigInt(j))));
    const a = bytesToNumberBE(h.subarray(0, 16)) | 1n; // non-zero, < 2^128 < order
    zSum = Fn.add(zSum, Fn.mul(a, d.proof.z));
    points.push(d.C[0] as GroupPoint, d.proof.R);
    scalars.push(Fn.mul(a, d.c), a);
  });
  const rhs = mulAddUnsafe(
    Point as unknown as CurvePointCons<never>,
    points as never[],
    scalars,
  ) as unknown as GroupPoint;
  const lhs = zSum === 0n ? Point.ZERO : Point.BASE.multiplyUnsafe(zSum);
  return lhs.equals(rhs);
}

/**
 * Validates every round-1 package (frost-rs `part2` checks): encodings, commitment length =
 * minSigners, points valid and not the identity, proof of knowledge under the SENDER's
 * identifier (the map key, which the caller took from the authenticated channel). Names every
 * bad sender, in ascending identifier order. Pass the DKG's `cache` so that round 3 reuses the
 * decoded points.
 */
export function checkRound1Packages(
  suite: Suite,
  packages: ReadonlyMap<number, Round1Package>,
  minSigners: number,
  cache?: PointCache,
): { ok: true } | { ok: false; culprits: { identifier: number; fault: Round1Fault }[] } {
  assertSigners(minSigners, minSigners);
  assertCache(suite, cache);
  if (!(packages instanceof Map)) throw new DkgInputError('bad-parameters', 'packages must be a Map');
  const culprits: { identifier: number; fault: Round1Fault }[] = [];
  const good: Decoded[] = [];
  const ids = [...packages.keys()].sort((a, b) => a - b);
  for (const id of ids) {
    if (!isValidIdentifier(id)) throw new DkgInputError('bad-identifier', `invalid sender identifier ${show(id)}`);
    const d = decodePackage(suite, id, packages.get(id), minSigners, cache);
    if (typeof d === 'string') culprits.push({ identifier: id, fault: d });
    else good.push(d);
  }
  // Fast path: one batched check; only when it fails, check one by one to name the culprits.
  if (
    good.length > 0 &&
    !(good.length > 1 ? verifyBatch(suite, good, packages) : verifyOne(suite, good[0] as Decoded))
  ) {
    for (const d of good) if (!verifyOne(suite, d)) culprits.push({ identifier: d.id, fault: 'bad-proof' });
    culprits.sort((a, b) => a.identifier - b.identifier);
  }
  return culprits.length === 0 ? { ok: true } : { ok: false, culprits };
}

/** The per-package checks without batching (reference for tests; same culprits). */
export function checkRound1PackagesOneByOne(
  suite: Suite,
  packages: ReadonlyMap<number, Round1Package>,
  minSigners: number,
): { ok: true } | { ok: false; culprits: { identifier: number; fault: Round1Fault }[] } {
  assertSigners(minSigners, minSigners);
  const culprits: { identifier: number; fault: Round1Fault }[] = [];
  for (const id of [...packages.keys()].sort((a, b) => a - b)) {
    if (!isValidIdentifier(id)) throw new DkgInputError('bad-identifier', `invalid sender identifier ${show(id)}`);
    const d = decodePackage(suite, id, packages.get(id), minSigners);
    if (typeof d === 'string') culprits.push({ identifier: id, fault: d });
    else if (!verifyOne(suite, d)) culprits.push({ identifier: id, fault: 'bad-proof' });
  }
  return culprits.length === 0 ? { ok: true } : { ok: false, culprits };
}

/** Decodes and checks a Round1Secret (local data; a bad one is a caller error). */
export function parseSecret(suite: Suite, secret: Round1Secret): bigint[] {
  if (typeof secret !== 'object' || secret === null) throw new DkgInputError('bad-secret', 'secret must be an object');
  if (secret.suite !== suite.name)
    throw new DkgInputError('suite-mismatch', `secret is for ${show(secret.suite)}, not ${suite.name}`);
  if (!isValidIdentifier(secret.identifier)) throw new DkgInputError('bad-identifier', 'invalid identifier in secret');
  assertSigners(secret.minSigners, secret.maxSigners);
  if (!Array.isArray(secret.coefficients) || secret.coefficients.length !== secret.minSigners)
    throw new DkgInputError('bad-secret', 'secret has the wrong number of coefficients');
  return secret.coefficients.map((b) => {
    const s = decodeScalar(suite, b);
    if (s === undefined || s === 0n) throw new DkgInputError('bad-secret', 'secret has an invalid coefficient');
    return s;
  });
}
