/**
 * frost-core's serialisation `Header` in binary form: `version: u8` (only 0), then the
 * ciphersuite as the 4 bytes `crc32(C::ID).to_be_bytes()` (frost-core/src/serialization.rs,
 * `short_id`; the JSON form carries the ID string instead).
 */
import { getSuite, SUITE_NAMES, type Suite } from '../suites.js';
import type { PostcardReader, PostcardWriter } from './bytes.js';
import { crc32 } from './crc32.js';
import { FrostPostcardError } from './errors.js';

const encoder = new TextEncoder();

/** The 4-byte binary ciphersuite tag of `suite`. */
export function shortId(suite: Suite): Uint8Array {
  const c = crc32(encoder.encode(suite.ciphersuiteId));
  return Uint8Array.of(c >>> 24, (c >>> 16) & 0xff, (c >>> 8) & 0xff, c & 0xff);
}

const BY_SHORT_ID: ReadonlyMap<string, Suite> = new Map(
  SUITE_NAMES.map((n) => getSuite(n)).map((s) => [shortId(s).join(','), s] as const),
);

export function writeHeader(w: PostcardWriter, suite: Suite): void {
  w.u8(0).raw(shortId(suite));
}

/** Reads the header; the suite it names decides how every later field is read. */
export function readHeader(r: PostcardReader): Suite {
  const at = r.offset;
  const version = r.u8('header.version');
  if (version !== 0)
    throw new FrostPostcardError(
      'bad-header',
      `only format version 0 is supported, got ${version}`,
      'header.version',
      at,
    );
  const tagAt = r.offset;
  const tag = r.raw(4, 'header.ciphersuite');
  const suite = BY_SHORT_ID.get(tag.join(','));
  if (!suite)
    throw new FrostPostcardError(
      'unknown-ciphersuite',
      'not one of the six frost-rs ciphersuites',
      'header.ciphersuite',
      tagAt,
    );
  return suite;
}
