/**
 * The six COCKTAIL-DKG ciphersuites as one table (spec "Ciphersuites", "Ciphersuite Definitions",
 * "Schnorr Prefix Strings", "Schnorr Hash-to-Scalar Reduction", "ECDH Shared-Secret Encoding").
 * Everything suite-specific lives in a row; every round is generic code over {@link CocktailSuite}.
 *
 * secp256k1-tr runs COCKTAIL(secp256k1, SHA-256) unchanged and differs only in its output step
 * (`taproot: true`: even-Y and the BIP-341 TapTweak, as frost-rs `post_dkg`; see keyPackage.ts).
 */
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { shake256 } from '@noble/hashes/sha3.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { bytesToNumberBE, bytesToNumberLE, numberToBytesBE, numberToBytesLE } from '@noble/curves/utils.js';
import { getSuite, taggedHash, type GroupPoint, type GroupPointConstructor, type SuiteName } from '../suites.js';
import { u64le } from './encoding.js';
import { xaes256gcmDecrypt, xaes256gcmEncrypt, xchachaDecrypt, xchachaEncrypt } from './aead.js';

/** A COCKTAIL-DKG ciphersuite (spec "Ciphersuite Definitions"). */
export interface CocktailSuite {
  /** Our suite name (frost-rs crate name without `frost-`). */
  readonly name: SuiteName;
  /** The canonical `ciphersuite_id` byte string, verbatim from the spec's table. */
  readonly id: string;
  /** noble point class of the group. */
  readonly Point: GroupPointConstructor;
  /** Group order q. */
  readonly order: bigint;
  /**
   * Length of the COCKTAIL scalar encoding. 56 for Ed448: the published vectors (CCTV and
   * frost-rs, two implementations) use bare 56-byte scalars, not RFC 9591's 57.
   */
  readonly scalarBytes: number;
  /** Scalar byte order ("Primitive Types"). */
  readonly scalarOrder: 'le' | 'be';
  /** Length of a compressed point. */
  readonly elementBytes: number;
  /** Length of a Schnorr signature R ‖ z. */
  readonly signatureBytes: number;
  /** The ciphersuite hash H (context, transcript hash, payload extension). */
  readonly hash: (msg: Uint8Array) => Uint8Array;
  /** HashToScalar of "Schnorr Hash-to-Scalar Reduction" (secp256k1: SHA-256 mod q, untagged). */
  readonly hashToScalar: (input: Uint8Array) => bigint;
  /** Schnorr nonce k = HashToScalar(prefix_nonce ‖ encode(sk) ‖ m) (secp256k1: tagged hash). */
  readonly nonceScalar: (skBytes: Uint8Array, msg: Uint8Array) => { input: Uint8Array; k: bigint };
  /** Schnorr challenge c = HashToScalar(prefix_H7 ‖ R ‖ pk ‖ m) (secp256k1: tagged hash). */
  readonly challengeScalar: (R: Uint8Array, pk: Uint8Array, msg: Uint8Array) => { input: Uint8Array; c: bigint };
  /** H6(x, E, P_s, P_r, extra). */
  readonly h6: (x: Uint8Array, E: Uint8Array, Ps: Uint8Array, Pr: Uint8Array, extra: Uint8Array) => Uint8Array;
  /** True when H6's output is at least 56 bytes (one call gives key ‖ nonce). */
  readonly wideH6: boolean;
  /** AEAD Enc/Dec with a 32-byte key and 24-byte nonce; decrypt returns null on failure. */
  readonly aead: {
    readonly name: 'XChaCha20-Poly1305' | 'XAES-256-GCM';
    encrypt(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Uint8Array;
    decrypt(key: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array): Uint8Array | null;
  };
  /** Prime-order subgroup test of a decoded, on-curve point. */
  readonly inPrimeOrderSubgroup: (p: GroupPoint) => boolean;
  /**
   * Draws a uniform scalar from the injected rng exactly as frost-rs `Field::random` does for
   * this group (wide reduction or rejection), so a seeded stream reproduces the vectors.
   */
  readonly randomScalar: (rng: (n: number) => Uint8Array) => bigint;
  /** Apply frost-rs secp256k1-tr's post-DKG Taproot step to the outputs. */
  readonly taproot: boolean;
}

/** AEAD authentication tag size of both AEADs (spec: minimum ciphertext = scalar + tag). */
export const AEAD_TAG_BYTES = 16;

const tagged = (tag: string, ...msgs: Uint8Array[]): Uint8Array => taggedHash(tag, ...msgs);
// Module-level values are marked pure (they are: no global state is touched) so that a bundle that
// reaches this module only through the protocol's entry, without using it, leaves it out (12 kB of
// AES-GCM among it); the browser app does not run COCKTAIL's suites today.
// BIP-340 tag hashes SHA256(tag) of the secp256k1 Schnorr nonce and challenge.
const TAG_NONCE = /* @__PURE__ */ sha256(/* @__PURE__ */ utf8ToBytes('COCKTAIL-DKG/NONCE'));
const TAG_H7 = /* @__PURE__ */ sha256(/* @__PURE__ */ utf8ToBytes('COCKTAIL-DKG/H7'));
const shake =
  (n: number) =>
  (m: Uint8Array): Uint8Array =>
    shake256(m, { dkLen: n });

interface Row {
  name: SuiteName;
  id: string;
  prefix: string;
  scalarBytes: number;
  hash: (m: Uint8Array) => Uint8Array;
  /** HashToScalar per "Schnorr Hash-to-Scalar Reduction". */
  h2s: 'sha512' | 'shake256' | 'p256' | 'secp256k1';
  aead: 'xchacha' | 'xaes';
  random: 'wide64' | 'wide114' | 'reject32be';
  taproot: boolean;
}

// THE table. Prefixes from "Schnorr Prefix Strings" and the per-suite H6 prefixes.
const ROWS: readonly Row[] = [
  {
    name: 'ed25519',
    id: 'COCKTAIL(Ed25519, SHA-512)',
    prefix: 'COCKTAIL-DKG-Ed25519-SHA512',
    scalarBytes: 32,
    hash: sha512,
    h2s: 'sha512',
    aead: 'xchacha',
    random: 'wide64',
    taproot: false,
  },
  {
    name: 'ristretto255',
    id: 'COCKTAIL(Ristretto255, SHA-512)',
    prefix: 'COCKTAIL-DKG-Ristretto255-SHA512',
    scalarBytes: 32,
    hash: sha512,
    h2s: 'sha512',
    aead: 'xchacha',
    random: 'wide64',
    taproot: false,
  },
  // H for Ed448 is SHAKE256 at 64 bytes: what both published implementations use for the
  // context, the transcript hash and the payload extension (the spec does not fix a length).
  {
    name: 'ed448',
    id: 'COCKTAIL(Ed448, SHAKE256)',
    prefix: 'COCKTAIL-DKG-Ed448-SHAKE256',
    scalarBytes: 56,
    hash: shake(64),
    h2s: 'shake256',
    aead: 'xchacha',
    random: 'wide114',
    taproot: false,
  },
  {
    name: 'p256',
    id: 'COCKTAIL(P-256, SHA-256)',
    prefix: 'COCKTAIL-DKG-P256-SHA256',
    scalarBytes: 32,
    hash: sha256,
    h2s: 'p256',
    aead: 'xaes',
    random: 'reject32be',
    taproot: false,
  },
  {
    name: 'secp256k1',
    id: 'COCKTAIL(secp256k1, SHA-256)',
    prefix: '',
    scalarBytes: 32,
    hash: sha256,
    h2s: 'secp256k1',
    aead: 'xaes',
    random: 'reject32be',
    taproot: false,
  },
  {
    name: 'secp256k1-tr',
    id: 'COCKTAIL(secp256k1, SHA-256)',
    prefix: '',
    scalarBytes: 32,
    hash: sha256,
    h2s: 'secp256k1',
    aead: 'xaes',
    random: 'reject32be',
    taproot: true,
  },
];

function buildSuite(row: Row): CocktailSuite {
  const base = getSuite(row.name);
  const { Point, Fn, inPrimeOrderSubgroup } = base.internals;
  const q = Fn.ORDER;
  const le = Fn.isLE;
  const h2s = (input: Uint8Array): bigint => {
    switch (row.h2s) {
      case 'sha512':
        return bytesToNumberLE(sha512(input)) % q;
      case 'shake256':
        return bytesToNumberLE(shake256(input, { dkLen: 114 })) % q;
      case 'p256':
        // OS2IP(SHA256(0x01 ‖ in) ‖ SHA256(0x02 ‖ in)[0:16]) mod q (48-byte expansion).
        return (
          bytesToNumberBE(
            concatBytes(
              sha256(concatBytes(Uint8Array.of(1), input)),
              sha256(concatBytes(Uint8Array.of(2), input)).subarray(0, 16),
            ),
          ) % q
        );
      case 'secp256k1':
        return bytesToNumberBE(sha256(input)) % q;
    }
  };
  const bip340 = row.h2s === 'secp256k1';
  const nonceScalar = (sk: Uint8Array, m: Uint8Array) => {
    if (bip340) {
      // The published intermediates show the whole tagged-hash input SHA256(tag)‖SHA256(tag)‖sk‖m.
      const input = concatBytes(TAG_NONCE, TAG_NONCE, sk, m);
      return { input, k: bytesToNumberBE(sha256(input)) % q };
    }
    const input = concatBytes(utf8ToBytes(row.prefix + '-NONCE'), sk, m);
    return { input, k: h2s(input) };
  };
  const challengeScalar = (R: Uint8Array, pk: Uint8Array, m: Uint8Array) => {
    if (bip340) {
      const input = concatBytes(TAG_H7, TAG_H7, R, pk, m);
      return { input, c: bytesToNumberBE(sha256(input)) % q };
    }
    const input = concatBytes(utf8ToBytes(row.prefix + '-H7'), R, pk, m);
    return { input, c: h2s(input) };
  };
  const h6Prefix = utf8ToBytes(row.prefix + '-H6');
  const h6 = (x: Uint8Array, E: Uint8Array, Ps: Uint8Array, Pr: Uint8Array, extra: Uint8Array): Uint8Array => {
    // secp256k1: BIP-340 tagged hash, and len(extra) is omitted (spec, COCKTAIL(secp256k1)).
    if (bip340) return tagged('COCKTAIL-DKG/H6', x, E, Ps, Pr, extra);
    const pre = concatBytes(h6Prefix, x, E, Ps, Pr, u64le(extra.length), extra);
    if (row.h2s === 'shake256') return shake256(pre, { dkLen: 56 });
    return row.h2s === 'sha512' ? sha512(pre) : sha256(pre);
  };
  const randomScalar = (rng: (n: number) => Uint8Array): bigint => {
    for (;;) {
      if (row.random === 'reject32be') {
        const x = bytesToNumberBE(take(rng, 32));
        if (x < q) return x;
        continue;
      }
      return bytesToNumberLE(take(rng, row.random === 'wide64' ? 64 : 114)) % q;
    }
  };
  const suite: CocktailSuite = {
    name: row.name,
    id: row.id,
    Point,
    order: q,
    scalarBytes: row.scalarBytes,
    scalarOrder: le ? 'le' : 'be',
    elementBytes: base.elementBytes,
    signatureBytes: base.elementBytes + row.scalarBytes,
    hash: row.hash,
    hashToScalar: h2s,
    nonceScalar,
    challengeScalar,
    h6,
    wideH6: row.h2s === 'sha512' || row.h2s === 'shake256',
    aead:
      row.aead === 'xchacha'
        ? { name: 'XChaCha20-Poly1305', encrypt: xchachaEncrypt, decrypt: xchachaDecrypt }
        : { name: 'XAES-256-GCM', encrypt: xaes256gcmEncrypt, decrypt: xaes256gcmDecrypt },
    inPrimeOrderSubgroup,
    randomScalar,
    taproot: row.taproot,
  };
  // Encoders must round-trip at the declared widths (guards the table against library drift).
  if ((le ? numberToBytesLE(1n, row.scalarBytes) : numberToBytesBE(1n, row.scalarBytes)).length !== row.scalarBytes)
    throw new Error(`cocktail suite table out of date for ${row.name}`);
  return Object.freeze(suite);
}

function take(rng: (n: number) => Uint8Array, n: number): Uint8Array {
  const b = rng(n);
  if (!(b instanceof Uint8Array) || b.length !== n)
    throw new RangeError(`rng returned the wrong number of bytes (wanted ${n})`);
  return b;
}

const SUITES: ReadonlyMap<SuiteName, CocktailSuite> = /* @__PURE__ */ new Map(
  /* @__PURE__ */ ROWS.map((r) => [r.name, buildSuite(r)]),
);

/** The COCKTAIL suite for one of our six suite names. */
export function getCocktailSuite(name: SuiteName): CocktailSuite {
  const s = SUITES.get(name);
  if (!s) throw new TypeError(`unknown suite: ${String(name)}`);
  return s;
}

/** Suites whose `ciphersuite_id` is `id` (secp256k1 and secp256k1-tr share one). */
export function cocktailSuitesById(id: string): CocktailSuite[] {
  return [...SUITES.values()].filter((s) => s.id === id);
}
