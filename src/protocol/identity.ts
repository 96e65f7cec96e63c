/**
 * Identity keys (long-lived ed25519, one per custodian) and per-generation ephemeral X25519
 * keys for round-2 encryption. Signing goes through a small injected interface so a faster
 * native implementation (node:crypto / WebCrypto Ed25519) can replace noble later.
 */
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { verifyEd25519 } from './ed25519Verdict.js';
import { taggedHash, toHex, fromHex } from './encoding.js';

/** Randomness source: returns `length` fresh random bytes. Injected everywhere. */
export type Rng = (length: number) => Uint8Array;

/** The signature scheme used for identities (ed25519, 32-byte keys, 64-byte signatures). */
export interface IdentityCrypto {
  publicKey(secretKey: Uint8Array): Uint8Array;
  sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array;
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
}

/**
 * Default implementation on @noble/curves (pure JS, same in browser and Node). Its `verify` is
 * the verdict every other implementation must reproduce (ed25519Verdict.ts).
 */
export function createNobleIdentityCrypto(): IdentityCrypto {
  return {
    publicKey: (sk) => ed25519.getPublicKey(sk),
    sign: (msg, sk) => ed25519.sign(msg, sk),
    verify: (sig, msg, pk) => verifyEd25519(sig, msg, pk),
  };
}

/** A long-lived ed25519 identity. `secretKey` never leaves the participant. */
export interface IdentityKeyPair {
  /** 32-byte ed25519 seed. SECRET. */
  secretKey: Uint8Array;
  /** 32-byte ed25519 public key. */
  publicKey: Uint8Array;
}

export function generateIdentity(rng: Rng, crypto: IdentityCrypto = createNobleIdentityCrypto()): IdentityKeyPair {
  const secretKey = rng(32);
  if (secretKey.length !== 32) throw new Error('rng returned wrong length');
  return { secretKey, publicKey: crypto.publicKey(secretKey) };
}

export function identityFromSecret(
  secretKey: Uint8Array,
  crypto: IdentityCrypto = createNobleIdentityCrypto(),
): IdentityKeyPair {
  return { secretKey, publicKey: crypto.publicKey(secretKey) };
}

/**
 * Memo of fingerprint(): the view computes one per roster member and candidate on every
 * change, which profiling showed at ~3 % of a browser ceremony. Pure memoisation of a pure
 * function of public keys (bounded, no secrets): results are the same with or without it, so
 * it is not shared state in the sense that matters for running many participants in one process.
 */
const FINGERPRINTS = new Map<string, string>();
const MAX_FINGERPRINTS = 1024;

/**
 * Short human-readable fingerprint of an identity key: 16 hex digits in 4 groups
 * (64 bits of a domain-separated hash), e.g. `3fa2-91c0-7d11-e5b8`.
 */
export function fingerprint(identity: Uint8Array | string): string {
  const key = typeof identity === 'string' ? identity : toHex(identity);
  const known = FINGERPRINTS.get(key);
  if (known !== undefined) return known;
  const pk = typeof identity === 'string' ? fromHex(identity) : identity;
  const h = toHex(taggedHash('frost-ceremony/fingerprint/v1', [pk]).subarray(0, 8));
  const f = `${h.slice(0, 4)}-${h.slice(4, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}`;
  if (FINGERPRINTS.size >= MAX_FINGERPRINTS) FINGERPRINTS.clear();
  FINGERPRINTS.set(key, f);
  return f;
}

/** Per-generation X25519 key pair for HPKE (round-2 shares are sealed to `publicKey`). */
export interface EphemeralKeyPair {
  /** 32-byte X25519 secret. SECRET. */
  secretKey: Uint8Array;
  publicKey: Uint8Array;
}

export function generateEphemeral(rng: Rng): EphemeralKeyPair {
  const secretKey = rng(32);
  if (secretKey.length !== 32) throw new Error('rng returned wrong length');
  return { secretKey, publicKey: x25519.getPublicKey(secretKey) };
}

/**
 * False for X25519 public keys of small order (RFC 7748 §6.1): with them every shared secret
 * is zero, so sealing to them fails for everyone. After masking the top bit and reducing mod p,
 * the small-order u-coordinates are exactly 0, 1, p−1 and the two points of order 8.
 */
export function isUsableX25519PublicKey(publicKey: Uint8Array): boolean {
  if (publicKey.length !== 32) return false;
  let u = 0n;
  for (let i = 31; i >= 0; i--)
    u = (u << 8n) | BigInt(i === 31 ? (publicKey[i] as number) & 0x7f : (publicKey[i] as number));
  u %= P25519;
  return !SMALL_ORDER_U.includes(u);
}

const P25519 = 2n ** 255n - 19n;
const SMALL_ORDER_U: readonly bigint[] = [
  0n,
  1n,
  P25519 - 1n,
  325606250916557431795983626356110631294008115727848805560023387167927233504n,
  39382357235489614581723060781553021112529911719440698176882885853963445705823n,
];
