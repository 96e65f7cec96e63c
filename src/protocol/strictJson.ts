/**
 * The one strict JSON reader for documents a custodian hands to the tools (certificates,
 * frost-rs packages): JSON.parse, plus refusal of an object that names a field twice.
 * JSON.parse silently keeps the last copy, so two readers could see two different documents
 * in one file (serde_json, which frost-rs uses, refuses it; RFC 8259 §4 leaves it undefined).
 */
import { findDuplicateKey } from './frostJson/duplicates.js';

/** Why text is not strict JSON; `path` is the JSON path of a duplicated field. */
export class StrictJsonError extends Error {
  override readonly name = 'StrictJsonError';
  constructor(
    readonly code: 'malformed-json' | 'duplicate-field',
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }
}

/** Parses `text`, refusing invalid JSON and any object with a repeated key. */
export function parseStrictJson(text: string): unknown {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new StrictJsonError('malformed-json', e instanceof Error ? e.message : 'invalid JSON');
  }
  const dup = findDuplicateKey(text);
  if (dup !== undefined)
    throw new StrictJsonError('duplicate-field', `field ${JSON.stringify(dup)} appears twice`, dup);
  return v;
}
