/**
 * Unpadded base64url (RFC 4648 §5), strict, by @scure/base: refuses other alphabets, padding,
 * whitespace, impossible lengths and non-canonical trailing bits (one spelling per byte string).
 */
import { base64urlnopad } from '@scure/base';

export function toBase64Url(bytes: Uint8Array): string {
  return base64urlnopad.encode(bytes);
}

export function fromBase64Url(s: string): Uint8Array {
  try {
    return base64urlnopad.decode(s);
  } catch {
    throw new Error('not base64url');
  }
}
