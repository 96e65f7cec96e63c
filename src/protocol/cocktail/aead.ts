/**
 * The two COCKTAIL-DKG AEADs, pure (noble ciphers; no WebCrypto): XChaCha20-Poly1305 for the
 * SHA-512/SHAKE256 suites and XAES-256-GCM (C2SP XAES-256-GCM) for the SHA-256 suites. Keys are
 * 32 bytes and nonces 24 bytes, both derived by H6, never sampled (spec "Ciphersuites").
 */
import { ecb, gcm } from '@noble/ciphers/aes.js';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';

function check(key: Uint8Array, nonce: Uint8Array): void {
  if (key.length !== 32 || nonce.length !== 24) throw new RangeError('AEAD key must be 32 bytes and nonce 24 bytes');
}

/** XChaCha20-Poly1305 encryption, empty associated data. */
export function xchachaEncrypt(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Uint8Array {
  check(key, nonce);
  return xchacha20poly1305(key, nonce).encrypt(plaintext);
}

/** XChaCha20-Poly1305 decryption; null when the tag does not verify. */
export function xchachaDecrypt(key: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array): Uint8Array | null {
  check(key, nonce);
  try {
    return xchacha20poly1305(key, nonce).decrypt(ciphertext);
  } catch {
    return null;
  }
}

/**
 * XAES-256-GCM key/nonce derivation (C2SP XAES-256-GCM): L = AES-256_K(0¹²⁸), K1 = CMAC subkey
 * of L; Kx = AES_K(K1 ⊕ [0,1,'X',0,N[:12]]) ‖ AES_K(K1 ⊕ [0,2,'X',0,N[:12]]); nonce N[12:24].
 */
function xaesDerive(key: Uint8Array, nonce: Uint8Array): { kx: Uint8Array; nx: Uint8Array } {
  // noble cipher instances are single-use: one for L, one for both derived-key blocks.
  const L = ecb(key, { disablePadding: true }).encrypt(new Uint8Array(16));
  const k1 = new Uint8Array(16);
  const msb = (L[0] as number) >> 7;
  for (let i = 0; i < 16; i++) k1[i] = (((L[i] as number) << 1) | ((L[i + 1] ?? 0) >> 7)) & 0xff;
  if (msb) k1[15] = (k1[15] as number) ^ 0x87;
  const blocks = new Uint8Array(32);
  for (const c of [1, 2]) {
    const m = blocks.subarray(16 * (c - 1), 16 * c);
    m.set([0, c, 0x58, 0]);
    m.set(nonce.subarray(0, 12), 4);
    for (let i = 0; i < 16; i++) m[i] = (m[i] as number) ^ (k1[i] as number);
  }
  const kx = ecb(key, { disablePadding: true }).encrypt(blocks);
  return { kx, nx: nonce.slice(12, 24) };
}

/** XAES-256-GCM encryption, empty associated data. */
export function xaes256gcmEncrypt(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Uint8Array {
  check(key, nonce);
  const { kx, nx } = xaesDerive(key, nonce);
  return gcm(kx, nx).encrypt(plaintext);
}

/** XAES-256-GCM decryption; null when the tag does not verify. */
export function xaes256gcmDecrypt(key: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array): Uint8Array | null {
  check(key, nonce);
  const { kx, nx } = xaesDerive(key, nonce);
  try {
    return gcm(kx, nx).decrypt(ciphertext);
  } catch {
    return null;
  }
}
