/**
 * The six FROST ciphersuites, described by ONE table. Everything suite-specific that the DKG,
 * the frost-rs JSON codec and test signing need lives in a row of that table; the code that
 * uses it is generic.
 */
import { createFROST } from '@noble/curves/abstract/frost.js';
import { ed25519, ed25519_FROST, ristretto255, ristretto255_FROST } from '@noble/curves/ed25519.js';
import { ed448, ed448_FROST } from '@noble/curves/ed448.js';
import { p256, p256_FROST, p256_hasher } from '@noble/curves/nist.js';
import { secp256k1, secp256k1_FROST, secp256k1_hasher, schnorr_FROST } from '@noble/curves/secp256k1.js';
import type { IField } from '@noble/curves/abstract/modular.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { ed448InPrimeOrderSubgroup } from './dkg/ed448Subgroup.js';
import { shake256 } from '@noble/hashes/sha3.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { bytesToNumberLE } from '@noble/curves/utils.js';

/** Names of the supported ciphersuites (frost-rs crate names without the `frost-` prefix). */
export type SuiteName = 'ed25519' | 'ristretto255' | 'ed448' | 'p256' | 'secp256k1' | 'secp256k1-tr';

/** All suite names, in a stable display order. */
export const SUITE_NAMES: readonly SuiteName[] = Object.freeze([
  'ed25519',
  'ristretto255',
  'ed448',
  'p256',
  'secp256k1',
  'secp256k1-tr',
]);

/**
 * The subset of a noble curve point that this code uses. noble's concrete point classes
 * (Edwards, Ristretto, Weierstrass) all implement it.
 */
export interface GroupPoint {
  add(other: GroupPoint): GroupPoint;
  subtract(other: GroupPoint): GroupPoint;
  negate(): GroupPoint;
  double(): GroupPoint;
  /** Constant-time multiplication (secret scalars). Rejects 0. */
  multiply(scalar: bigint): GroupPoint;
  /** Variable-time multiplication (public scalars only). */
  multiplyUnsafe(scalar: bigint): GroupPoint;
  equals(other: GroupPoint): boolean;
  is0(): boolean;
  toBytes(): Uint8Array;
  assertValidity(): void;
  isTorsionFree(): boolean;
}

/** The static side of a noble point class. */
export interface GroupPointConstructor {
  readonly BASE: GroupPoint;
  readonly ZERO: GroupPoint;
  fromBytes(bytes: Uint8Array): GroupPoint;
}

/** The noble FROST object of a suite (only what signing uses). */
export type NobleFrost = typeof ed25519_FROST;

/** Internal handles: curve arithmetic and hashes of one suite. Not part of the wire format. */
export interface SuiteInternals {
  readonly Point: GroupPointConstructor;
  /** Scalar field (for ed448 the 57-byte field that frost-rs serialises). */
  readonly Fn: IField<bigint>;
  /** noble's FROST object for this suite (used for signing and signature verification). */
  readonly frost: NobleFrost;
  /** RFC 9591 hash-to-scalar with a domain-separation prefix (as frost-rs `hash_to_scalar`). */
  readonly hashToScalar: (msg: Uint8Array, dst: Uint8Array) => bigint;
  /** HDKG prefix: ciphersuite context string + "dkg" (frost-rs `HDKG`). */
  readonly dkgDst: Uint8Array;
  /**
   * Prime-order subgroup membership of a decoded on-curve point (exactly `isTorsionFree()`;
   * constant true for the prime-order groups; a faster proof-carrying test for ed448).
   */
  readonly inPrimeOrderSubgroup: (p: GroupPoint) => boolean;
  /**
   * Taproot (BIP-340) rules of frost-secp256k1-tr: x-only R in signatures, even-y nonces, and
   * the post-DKG tweak. Absent for every other suite.
   */
  readonly taproot: boolean;
}

/** One ciphersuite. */
export interface Suite {
  /** Our short name. */
  readonly name: SuiteName;
  /** frost-rs / RFC 9591 context string, e.g. 'FROST-ED25519-SHA512-v1' (the JSON header's `ciphersuite`). */
  readonly ciphersuiteId: string;
  /** Byte order of serialised scalars (and thus identifiers). */
  readonly identifierByteOrder: 'le' | 'be';
  /** Length of a serialised scalar. */
  readonly scalarBytes: number;
  /** Length of a serialised group element. */
  readonly elementBytes: number;
  /** Length of a serialised Schnorr signature (also the proof of knowledge). */
  readonly signatureBytes: number;
  /** Curve and hash handles. */
  readonly internals: SuiteInternals;
}

// RFC 9591 default hash_to_scalar for the Edwards suites: H(DST || msg) read little-endian, mod n.
const wideReduceLE =
  (hash: (msg: Uint8Array) => Uint8Array, Fn: IField<bigint>) =>
  (msg: Uint8Array, dst: Uint8Array): bigint =>
    Fn.create(bytesToNumberLE(hash(concatBytes(dst, msg))));

// RFC 9380 hash_to_field, as frost-p256 / frost-secp256k1 use.
const hashToField =
  (hasher: { hashToScalar(msg: Uint8Array, opts?: { DST: Uint8Array }): bigint }) =>
  (msg: Uint8Array, dst: Uint8Array): bigint =>
    hasher.hashToScalar(msg, { DST: dst });

const shake256_114 = (msg: Uint8Array): Uint8Array => shake256(msg, { dkLen: 114 });

interface Row {
  name: SuiteName;
  ciphersuiteId: string;
  order: 'le' | 'be';
  scalarBytes: number;
  elementBytes: number;
  signatureBytes: number;
  Point: unknown;
  frost: unknown;
  hash: 'sha512' | 'shake256' | 'p256' | 'secp256k1';
  /** Subgroup test after decoding an on-curve point. */
  subgroup: (p: GroupPoint) => boolean;
  taproot: boolean;
}

// Prime-order groups need no subgroup test; edwards25519 uses noble's [ℓ]·P test; edwards448 a
// faster test with the same verdict (dkg/ed448Subgroup.ts).
const PRIME_ORDER = (): boolean => true;
const TORSION_FREE = (p: GroupPoint): boolean => p.isTorsionFree();

// ed25519_FROST minus its validatePoint hook, which only repeats the on-curve and torsion
// checks createFROST already makes (halving ed25519 point-decoding time). Same name, hash and
// undecorated H2, so the same signatures: the frost-rs signing vectors test this object.
const ed25519Frost = createFROST({ name: 'FROST-ED25519-SHA512-v1', Point: ed25519.Point, hash: sha512, H2: '' });

// THE table. Lengths are checked against noble at construction (see buildSuite).
const ROWS: readonly Row[] = [
  {
    name: 'ed25519',
    ciphersuiteId: 'FROST-ED25519-SHA512-v1',
    order: 'le',
    scalarBytes: 32,
    elementBytes: 32,
    signatureBytes: 64,
    Point: ed25519.Point,
    frost: ed25519Frost,
    hash: 'sha512',
    subgroup: TORSION_FREE,
    taproot: false,
  },
  {
    name: 'ristretto255',
    ciphersuiteId: 'FROST-RISTRETTO255-SHA512-v1',
    order: 'le',
    scalarBytes: 32,
    elementBytes: 32,
    signatureBytes: 64,
    Point: ristretto255.Point,
    frost: ristretto255_FROST,
    hash: 'sha512',
    subgroup: PRIME_ORDER,
    taproot: false,
  },
  {
    name: 'ed448',
    ciphersuiteId: 'FROST-ED448-SHAKE256-v1',
    order: 'le',
    scalarBytes: 57,
    elementBytes: 57,
    signatureBytes: 114,
    Point: ed448.Point,
    frost: ed448_FROST,
    hash: 'shake256',
    subgroup: ed448InPrimeOrderSubgroup,
    taproot: false,
  },
  {
    name: 'p256',
    ciphersuiteId: 'FROST-P256-SHA256-v1',
    order: 'be',
    scalarBytes: 32,
    elementBytes: 33,
    signatureBytes: 65,
    Point: p256.Point,
    frost: p256_FROST,
    hash: 'p256',
    subgroup: PRIME_ORDER,
    taproot: false,
  },
  {
    name: 'secp256k1',
    ciphersuiteId: 'FROST-secp256k1-SHA256-v1',
    order: 'be',
    scalarBytes: 32,
    elementBytes: 33,
    signatureBytes: 65,
    Point: secp256k1.Point,
    frost: secp256k1_FROST,
    hash: 'secp256k1',
    subgroup: PRIME_ORDER,
    taproot: false,
  },
  {
    name: 'secp256k1-tr',
    ciphersuiteId: 'FROST-secp256k1-SHA256-TR-v1',
    order: 'be',
    scalarBytes: 32,
    elementBytes: 33,
    signatureBytes: 64,
    Point: secp256k1.Point,
    frost: schnorr_FROST,
    hash: 'secp256k1',
    subgroup: PRIME_ORDER,
    taproot: true,
  },
];

function buildSuite(row: Row): Suite {
  const frost = row.frost as NobleFrost;
  const Fn = frost.utils.Fn;
  const hashToScalar =
    row.hash === 'sha512'
      ? wideReduceLE(sha512, Fn)
      : row.hash === 'shake256'
        ? wideReduceLE(shake256_114, Fn)
        : row.hash === 'p256'
          ? hashToField(p256_hasher)
          : hashToField(secp256k1_hasher);
  if (Fn.BYTES !== row.scalarBytes || (Fn.isLE ? 'le' : 'be') !== row.order)
    throw new Error(`suite table out of date for ${row.name}`);
  const suite: Suite = {
    name: row.name,
    ciphersuiteId: row.ciphersuiteId,
    identifierByteOrder: row.order,
    scalarBytes: row.scalarBytes,
    elementBytes: row.elementBytes,
    signatureBytes: row.signatureBytes,
    internals: Object.freeze({
      Point: row.Point as GroupPointConstructor,
      Fn,
      frost,
      hashToScalar,
      dkgDst: utf8ToBytes(row.ciphersuiteId + 'dkg'),
      inPrimeOrderSubgroup: row.subgroup,
      taproot: row.taproot,
    }),
  };
  if (suite.internals.Point.BASE.toBytes().length !== row.elementBytes)
    throw new Error(`suite table out of date for ${row.name}`);
  return Object.freeze(suite);
}

// Built once at import; immutable afterwards (frozen), so it is a constant, not shared state.
const SUITES: ReadonlyMap<SuiteName, Suite> = new Map(ROWS.map((r) => [r.name, buildSuite(r)]));
const BY_ID: ReadonlyMap<string, Suite> = new Map([...SUITES.values()].map((s) => [s.ciphersuiteId, s]));

/** True when `x` is one of the six suite names. */
export function isSuiteName(x: unknown): x is SuiteName {
  return typeof x === 'string' && SUITES.has(x as SuiteName);
}

/** The suite with this name. Throws on an unknown name (a programming error; check with isSuiteName). */
export function getSuite(name: SuiteName): Suite {
  const s = SUITES.get(name);
  if (!s) throw new TypeError(`unknown suite: ${typeof name === 'string' ? name : typeof name}`);
  return s;
}

/** The suite whose frost-rs ciphersuite ID is `id` (exact, case-sensitive), if any. */
export function suiteByCiphersuiteId(id: string): Suite | undefined {
  return BY_ID.get(id);
}

// Used by the Taproot post-processing (BIP-340 tagged hash, SHA-256).
export const taggedHash = (tag: string, ...msgs: Uint8Array[]): Uint8Array => {
  const t = sha256(utf8ToBytes(tag));
  return sha256(concatBytes(t, t, ...msgs));
};
