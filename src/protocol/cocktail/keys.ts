/**
 * Static and ephemeral keys and the pairwise AEAD key/nonce (spec Round 1 step 5.2, Round 2
 * step 3.1, "ECDH Shared-Secret Encoding"):
 *   S^e = e_i·P_j (= d_j·E_i),  S^d = d_i·P_j (= d_j·P_i),  x = ecdh_encode(S^e) ‖ ecdh_encode(S^d)
 *   wide hash:   tmp = H6(x, E_s, P_s, P_r, context);  key = tmp[0:32], nonce = tmp[32:56]
 *   SHA-256:     key = H6(x, …, derive_extra(context,"key")), nonce = H6(x, …, derive_extra(context,"nonce"))[0:24]
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { shake256 } from '@noble/hashes/sha3.js';
import { bytesToNumberLE } from '@noble/curves/utils.js';
import type { GroupPoint } from '../suites.js';
import { CocktailError } from './errors.js';
import { concat, decodeScalar, encodePoint, hex, mulBase, u64le, type PointMemo } from './encoding.js';
import type { CocktailSuite } from './suites.js';

/** SECRET: a static key pair (d, P = d·B). */
export interface StaticKeyPair {
  readonly secret: bigint;
  readonly publicKey: Uint8Array;
}

/** The static key pair of a secret scalar in the COCKTAIL scalar encoding (canonical, non-zero). */
export function staticKeyFromBytes(suite: CocktailSuite, secretBytes: Uint8Array): StaticKeyPair {
  const d = decodeScalar(suite, secretBytes);
  if (d === undefined || d === 0n)
    throw new CocktailError('bad-parameters', `static secret key is not a canonical non-zero ${suite.name} scalar`);
  return { secret: d, publicKey: encodePoint(mulBase(suite, d)) };
}

/** Domain tag of {@link deriveStaticKey} (our construction; not part of the COCKTAIL spec). */
export const STATIC_KEY_TAG = 'frost-ceremony/cocktail-static-key/v1';

/**
 * A custodian's static key for one suite, derived from their one master secret (≥ 32 bytes), so
 * that a single backup restores every suite's static key and therefore, with the public
 * recovery data, every key package (spec "Backup Requirements": d_i is the only secret).
 *   d = OS2IP_le(SHAKE256(u64le(len(tag)) ‖ tag ‖ u64le(len(name)) ‖ name ‖ master, 114 bytes)) mod q
 * 114 bytes ≥ ⌈log2 q⌉ + 128 bits for every suite (bias ≤ 2^-128). The suite NAME (not the
 * ciphersuite_id) is bound, so secp256k1 and secp256k1-tr get different keys.
 */
export function deriveStaticKey(suite: CocktailSuite, master: Uint8Array): StaticKeyPair {
  if (!(master instanceof Uint8Array) || master.length < 32)
    throw new CocktailError('bad-parameters', 'master secret must be at least 32 bytes');
  const tag = utf8ToBytes(STATIC_KEY_TAG);
  const name = utf8ToBytes(suite.name);
  const wide = shake256(concat(u64le(tag.length), tag, u64le(name.length), name, master), { dkLen: 114 });
  const d = bytesToNumberLE(wide) % suite.order;
  if (d === 0n)
    throw new CocktailError(
      'bad-parameters',
      'derived static key is zero (probability 2^-250): use another master secret',
    );
  return { secret: d, publicKey: encodePoint(mulBase(suite, d)) };
}

/** A fresh non-zero scalar from the injected rng (resampled on 0, Round 1 steps 1 and 3). */
export function randomNonZeroScalar(suite: CocktailSuite, rng: (n: number) => Uint8Array): bigint {
  for (;;) {
    const s = suite.randomScalar(rng);
    if (s !== 0n) return s;
  }
}

/**
 * derive_extra(context, label) = u64le(len(context)) ‖ context ‖ u64le(len(label)) ‖ label.
 */
function deriveExtra(context: Uint8Array, label: string): Uint8Array {
  const l = utf8ToBytes(label);
  return concat(u64le(context.length), context, u64le(l.length), l);
}

/** The AEAD key and nonce for one (sender → recipient) ciphertext. */
export interface PairwiseKey {
  key: Uint8Array;
  nonce: Uint8Array;
}

/**
 * Key and nonce from the two ECDH points (already computed by whichever side holds a secret).
 * `ephemeral`, `sender`, `recipient` are the encodings of E_s, P_s, P_r.
 */
export function deriveKeyAndNonce(
  suite: CocktailSuite,
  sharedEphemeral: GroupPoint,
  sharedStatic: GroupPoint,
  ephemeral: Uint8Array,
  sender: Uint8Array,
  recipient: Uint8Array,
  context: Uint8Array,
): PairwiseKey {
  const x = concat(encodePoint(sharedEphemeral), encodePoint(sharedStatic));
  if (suite.wideH6) {
    const tmp = suite.h6(x, ephemeral, sender, recipient, context);
    return { key: tmp.slice(0, 32), nonce: tmp.slice(32, 56) };
  }
  return {
    key: suite.h6(x, ephemeral, sender, recipient, deriveExtra(context, 'key')).slice(0, 32),
    nonce: suite.h6(x, ephemeral, sender, recipient, deriveExtra(context, 'nonce')).slice(0, 24),
  };
}

/**
 * SECRET. Per-participant, per-session working memory shared by Rounds 1–3 (create one with
 * {@link createCocktailCache}; never share it between participants or sessions): decoded points
 * by encoding, and the static-static points S^d = d_i·P_j, which are the same for both
 * directions (d_i·P_j = d_j·P_i), so Round 2 reuses what Round 1 computed.
 */
export interface CocktailCache {
  /** Validated points by encoding. */
  readonly points: PointMemo;
  /** hex(P_j) → d_i·P_j for the owner's d_i. */
  readonly staticShared: Map<string, GroupPoint>;
  /** hex(P_i) of the owner, fixed at first use: a cache used with another key is refused. */
  owner?: string;
}

/** A fresh, empty cache for one participant of one session. */
export function createCocktailCache(): CocktailCache {
  return { points: new Map(), staticShared: new Map() };
}

/** d_i·P_j through the cache (refuses a cache that belongs to another static key). */
export function staticShared(
  cache: CocktailCache | undefined,
  ownKey: Uint8Array,
  d: bigint,
  Pj: GroupPoint,
  PjBytes: Uint8Array,
): GroupPoint {
  if (!cache) return Pj.multiply(d);
  const owner = hex(ownKey);
  if (cache.owner === undefined) cache.owner = owner;
  else if (cache.owner !== owner)
    throw new CocktailError('bad-parameters', 'this COCKTAIL cache belongs to another static key');
  const k = hex(PjBytes);
  let S = cache.staticShared.get(k);
  if (!S) {
    S = Pj.multiply(d);
    cache.staticShared.set(k, S);
  }
  return S;
}
