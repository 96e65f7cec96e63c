/**
 * The one signed spelling of a payload: the JSON Canonicalization Scheme (RFC 8785, "JCS").
 * An envelope's signature covers the canonical bytes of its payload, not the text as sent
 * (envelope.ts), so two spellings of the same content (`{}` and `{ }`, reordered keys, `\u0061`
 * for `a`, `1.0` for `1`) are one message: same signed bytes, same content hash, same place in
 * echoes, transcripts and certificates. Different content is a different message, and two of a
 * one-per-session kind from one sender are equivocation (blame.ts).
 *
 * RFC 8785 §3.2: no whitespace; object members sorted by their names' UTF-16 code units
 * (§3.2.3, JavaScript's default sort); strings and numbers serialised as ECMAScript's
 * JSON.stringify does (§3.2.2.2, §3.2.2.3). Inputs that have no single meaning are refused
 * (§3.1, I-JSON, RFC 7493): duplicate member names (JSON.parse keeps the last silently) and
 * lone surrogates (UTF-8 would turn every one of them into the same U+FFFD, so two different
 * strings would sign the same bytes).
 */
import { findDuplicateKey } from './frostJson/duplicates.js';

const ANY_SURROGATE = /[\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when `s` holds a lone surrogate (not well-formed Unicode). */
export function hasLoneSurrogate(s: string): boolean {
  // The plain class scan is fast; the look-around one runs only on text with surrogates at all.
  return ANY_SURROGATE.test(s) && LONE_SURROGATE.test(s);
}

/** Thrown for a value or text that has no canonical form. */
export class NonCanonicalJsonError extends Error {}

/** RFC 8785 serialisation of a JSON value (plain objects, arrays, strings, finite numbers, booleans, null). */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new NonCanonicalJsonError('not a finite number');
      return JSON.stringify(value);
    case 'string':
      return canonicalString(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v: unknown) => canonicalJson(v)).join(',')}]`;
      const o = value as Record<string, unknown>;
      // Like JSON.stringify, members whose value is undefined are left out (optional fields).
      const keys = Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${canonicalString(k)}:${canonicalJson(o[k])}`).join(',')}}`;
    }
    default:
      throw new NonCanonicalJsonError(`a ${typeof value} is not JSON`);
  }
}

function canonicalString(s: string): string {
  if (hasLoneSurrogate(s)) throw new NonCanonicalJsonError('string with a lone surrogate');
  return JSON.stringify(s);
}

/**
 * The canonical spelling of JSON `text` (throws NonCanonicalJsonError or SyntaxError when it has
 * none). Honest senders send canonical text, which costs one parse and one comparison here.
 */
export function canonicalizeJsonText(text: string): string {
  const canonical = canonicalJson(JSON.parse(text) as unknown);
  if (canonical !== text) {
    // Only text that is not canonical can hide a duplicate member (a canonical one has none).
    const dup = findDuplicateKey(text);
    if (dup !== undefined) throw new NonCanonicalJsonError(`duplicate member ${dup}`);
  }
  return canonical;
}
