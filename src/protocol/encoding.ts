/**
 * Byte helpers and the canonical, unambiguous encoding used for everything that is hashed
 * or signed: each field is tagged with its kind and length-prefixed, so no two different
 * field lists encode to the same bytes.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { base64 } from '@scure/base';

const te = new TextEncoder();
const td = new TextDecoder('utf-8', { fatal: true });

export function utf8(s: string): Uint8Array {
  return te.encode(s);
}

/** Strict UTF-8 decode (throws on invalid sequences). */
export function fromUtf8(b: Uint8Array): string {
  return td.decode(b);
}

const HEX_RE = /^(?:[0-9a-f]{2})*$/;

/** Lowercase hex, by @noble/hashes (the one hex encoder of the project). */
export function toHex(b: Uint8Array): string {
  return bytesToHex(b);
}

/**
 * Lowercase hex only; throws `invalid hex` on anything else. The library decoder also takes
 * uppercase, so the one spelling is enforced here first: a re-cased id or key is not the same text.
 */
export function fromHex(h: string): Uint8Array {
  if (!HEX_RE.test(h)) throw new Error('invalid hex');
  return hexToBytes(h);
}

export function isHex(h: unknown, bytes?: number): h is string {
  return typeof h === 'string' && HEX_RE.test(h) && (bytes === undefined || h.length === 2 * bytes);
}

/** Standard base64 with padding (RFC 4648 §4), by @scure/base. */
export function toBase64(b: Uint8Array): string {
  return base64.encode(b);
}

/**
 * Strict base64 (RFC 4648 §4): padded, standard alphabet, no whitespace, and canonical (non-zero
 * padding bits, e.g. `QR==` for `QQ==`, are refused, so one byte string has one spelling).
 * Throws `invalid base64` on anything else, as callers expect.
 */
export function fromBase64(s: string): Uint8Array {
  try {
    return base64.decode(s);
  } catch {
    throw new Error('invalid base64');
  }
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= (a[i] as number) ^ (b[i] as number);
  return d === 0;
}

function u32be(n: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0 || n > 0xffffffff) throw new Error('u32 out of range');
  return new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
}

/** A field in a canonical encoding: bytes, a UTF-8 string, or an unsigned 32-bit integer. */
export type Field = Uint8Array | string | number;

/**
 * Canonical encoding: for each field a kind byte (0 bytes, 1 string, 2 u32), a 4-byte
 * big-endian length and the content.
 */
export function encodeFields(fields: readonly Field[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const f of fields) {
    if (typeof f === 'number') parts.push(new Uint8Array([2]), u32be(4), u32be(f));
    else {
      const b = typeof f === 'string' ? utf8(f) : f;
      parts.push(new Uint8Array([typeof f === 'string' ? 1 : 0]), u32be(b.length), b);
    }
  }
  return concatBytes(...parts);
}

/** Domain-separated SHA-256 over the canonical encoding of (tag, ...fields). */
export function taggedHash(tag: string, fields: readonly Field[]): Uint8Array {
  return sha256(encodeFields([tag, ...fields]));
}

export { sha256 };
