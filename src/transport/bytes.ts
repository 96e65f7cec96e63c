import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** Base64 of bytes (browser and Node; no Buffer). */
export function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

/** Bytes of a base64 string; throws on invalid input. */
export function base64ToBytes(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Length of a SHA-256 digest. */
export const HASH_BYTES = 32;

/** SHA-256 of an envelope: its identity for deduplication and inventories. */
export function envelopeHash(bytes: Uint8Array): Uint8Array {
  return sha256(bytes);
}

/** Lowercase hex (map keys). */
export function toHex(bytes: Uint8Array): string {
  return bytesToHex(bytes);
}
