import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { base64 } from '@scure/base';

/** Base64 of bytes (browser and Node; no Buffer), by @scure/base. */
export function bytesToBase64(bytes: Uint8Array): string {
  return base64.encode(bytes);
}

/**
 * Bytes of a base64 string; throws on invalid input: padded standard alphabet only, no
 * whitespace, canonical trailing bits (a re-spelled frame is refused, not decoded alike).
 */
export function base64ToBytes(b64: string): Uint8Array {
  return base64.decode(b64);
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
