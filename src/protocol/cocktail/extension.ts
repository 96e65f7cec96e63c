/**
 * The application-specific extension `ext` (spec "Application-Specific Extensions"), which the
 * transcript binds and every CertEq signature covers. Two constructions:
 *  - payloadExtension: the spec's "Deriving Extensions from Payloads" hash
 *      ext = H(u64le(n) ‖ u64le(len(payload_1)) ‖ payload_1 ‖ … ‖ u64le(len(payload_n)) ‖ payload_n)
 *  - applicationExtension: our "consensus on external state" encoding of labelled fields (label,
 *    room, generation, roster names and identity keys, verification-code commitments…): one
 *    unambiguous byte string, so a success certificate also proves the ceremony facts.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { CocktailError } from './errors.js';
import { concat, u64le } from './encoding.js';
import type { CocktailSuite } from './suites.js';

/** The spec's payload-derived extension (all recipients must see the same payload_j). */
export function payloadExtension(suite: CocktailSuite, payloads: readonly Uint8Array[]): Uint8Array {
  return suite.hash(concat(u64le(payloads.length), ...payloads.flatMap((p) => [u64le(p.length), p])));
}

/** Tag at the head of our application extension (versioned, so a later layout cannot be confused). */
export const APPLICATION_EXTENSION_TAG = 'frost-ceremony/cocktail-ext/v1';

/**
 * Encodes ordered (name, value) fields as u64le(len(tag)) ‖ tag ‖ u64le(count) ‖ for each field
 * u64le(len(name)) ‖ name ‖ u64le(len(value)) ‖ value. Names must be distinct and in the order
 * the application fixes; the encoding is injective, so equal ext ⇔ equal fields.
 */
export function applicationExtension(fields: readonly (readonly [string, Uint8Array])[]): Uint8Array {
  const names = new Set<string>();
  const parts: Uint8Array[] = [];
  for (const [name, value] of fields) {
    if (names.has(name)) throw new CocktailError('bad-parameters', `extension field ${name} given twice`);
    names.add(name);
    const nb = utf8ToBytes(name);
    parts.push(u64le(nb.length), nb, u64le(value.length), value);
  }
  const tag = utf8ToBytes(APPLICATION_EXTENSION_TAG);
  return concat(u64le(tag.length), tag, u64le(fields.length), ...parts);
}
