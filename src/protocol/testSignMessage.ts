/**
 * The only bytes a live test signing ever signs: a domain-separated, structured message, so that
 * a test signature can never be a signature over a transaction, a sighash or anything else the
 * group key may one day be asked to sign (SECURITY.md, "Test signing is not a signing oracle").
 *
 * Layout (byte for byte; a known-answer test is in testSignMessage.test.ts):
 *
 *   "frost-ceremony test signature v1" 0x00   33 bytes, fixed (TEST_SIGN_PREFIX)
 *   session id                                32 bytes (the ceremony's session id, raw)
 *   L                                         1 byte, 1..MAX_TEST_TEXT_BYTES
 *   text                                      L bytes, UTF-8, printable (testTextProblem)
 *
 * So every test message is 67..66+MAX_TEST_TEXT_BYTES bytes long and starts with ASCII "frost-ce":
 * never 32 bytes (a BIP-340/341 sighash, an EVM hash), never a Bitcoin transaction (starts with
 * its 4-byte version, 0x01/0x02 00 00 00), never a valid Solana message (a first byte of 0x66 would
 * demand 102 signatures, more than a 1232-byte transaction can carry), never RLP, CBOR map or JSON.
 * The session id binds it to one ceremony; the wire carries only the text, and every signer builds
 * these bytes itself: there is no field through which anyone could ask for other bytes.
 */
import { concatBytes, fromHex, isHex, toHex, utf8 } from './encoding.js';

/** Fixed first 33 bytes of every test-signing message. */
export const TEST_SIGN_PREFIX: Uint8Array = utf8('frost-ceremony test signature v1\0');

/** Longest test text, in UTF-8 bytes. */
export const MAX_TEST_TEXT_BYTES = 140;

/** The text offered by default (and the only one the CLI's `--yes` approves). */
export const DEFAULT_TEST_TEXT = 'test signature';

// Printable: letters, marks, numbers, punctuation, symbols and the plain space (U+0020); no
// control, format (bidi overrides, zero-width), private-use, unassigned or surrogate code
// points, and no other spaces or line breaks (look-alikes of U+0020 and hidden lines).
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]+$/u;

/** Why `text` cannot be a test text, or null when it can. */
export function testTextProblem(text: string): string | null {
  if (typeof text !== 'string' || text.length === 0) return 'the test text is empty';
  const bytes = utf8(text).length;
  if (bytes > MAX_TEST_TEXT_BYTES) return `the test text is ${bytes} bytes; at most ${MAX_TEST_TEXT_BYTES}`;
  if (!PRINTABLE.test(text))
    return 'the test text may hold only printable characters and plain spaces (no control, invisible or formatting characters, no line breaks)';
  if (text.trim() !== text) return 'the test text may not start or end with a space';
  // One spelling per text: what the custodian reads is exactly what is signed.
  if (text.normalize('NFC') !== text) return 'the test text is not in Unicode normal form C';
  return null;
}

/** A typed refusal to build a test message. */
export class TestTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TestTextError';
  }
}

/** The bytes that are signed for `text` in session `sessionIdHex` (32 bytes, hex). Throws TestTextError. */
export function testSignMessage(sessionIdHex: string, text: string): Uint8Array {
  if (!isHex(sessionIdHex, 32)) throw new TestTextError('the session id must be 32 bytes of hex');
  const problem = testTextProblem(text);
  if (problem) throw new TestTextError(problem);
  const t = utf8(text);
  return concatBytes(TEST_SIGN_PREFIX, fromHex(sessionIdHex), Uint8Array.of(t.length), t);
}

/**
 * Reads a test-signing message back (e.g. to show what a test signature covers); null for any
 * byte string that is not exactly one well-formed test message.
 */
export function parseTestSignMessage(bytes: Uint8Array): { sessionId: string; text: string } | null {
  const p = TEST_SIGN_PREFIX.length;
  if (bytes.length < p + 33) return null;
  for (let i = 0; i < p; i++) if (bytes[i] !== TEST_SIGN_PREFIX[i]) return null;
  const len = bytes[p + 32] as number;
  if (bytes.length !== p + 33 + len) return null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(p + 33));
  } catch {
    return null;
  }
  if (testTextProblem(text) !== null) return null;
  return { sessionId: toHex(bytes.subarray(p, p + 32)), text };
}
