/**
 * The canonical transcript T (spec Round 3 step 1) and its exact parser (Share Recovery step 1):
 *   u64le(len(id)) ‖ id ‖ u64le(len(context)) ‖ context ‖ u32le(n) ‖ u32le(t)
 *   ‖ P_1..P_n ‖ C_1..C_n ‖ PoP_1..PoP_n ‖ E_1..E_n ‖ u64le(len(ext)) ‖ ext
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { CocktailError } from './errors.js';
import { Reader, bytesEqual, concat, decodePoint, u32le, u64le } from './encoding.js';
import type { CocktailSuite } from './suites.js';

/** The public values T is built from. */
export interface TranscriptData {
  context: Uint8Array;
  t: number;
  staticPublicKeys: Uint8Array[];
  commitments: Uint8Array[][];
  pops: Uint8Array[];
  ephemerals: Uint8Array[];
  extension: Uint8Array;
}

/** Builds T. */
export function buildTranscript(suite: CocktailSuite, d: TranscriptData): Uint8Array {
  const id = utf8ToBytes(suite.id);
  const n = d.staticPublicKeys.length;
  return concat(
    u64le(id.length),
    id,
    u64le(d.context.length),
    d.context,
    u32le(n),
    u32le(d.t),
    ...d.staticPublicKeys,
    ...d.commitments.flat(),
    ...d.pops,
    ...d.ephemerals,
    u64le(d.extension.length),
    d.extension,
  );
}

/** Largest context or extension accepted when parsing someone else's T (resource bound). */
export const MAX_TRANSCRIPT_FIELD = 1 << 20;

/**
 * Parses T exactly (no trailing bytes), checking the ciphersuite_id first (recovery step 1:
 * mismatch means the wrong code path and MUST abort) and validating every point.
 */
export function parseTranscript(suite: CocktailSuite, bytes: Uint8Array): TranscriptData {
  const bad = (why: string): never => {
    throw new CocktailError('malformed-transcript', `transcript: ${why}`);
  };
  const r = new Reader(bytes);
  const idLen = r.u64('le');
  const id = idLen === undefined ? undefined : r.take(idLen);
  if (!id || !bytesEqual(id, utf8ToBytes(suite.id))) bad(`ciphersuite is not ${suite.id}`);
  const ctxLen = r.u64('le');
  if (ctxLen === undefined || ctxLen > MAX_TRANSCRIPT_FIELD) bad('bad context length');
  const context = r.take(ctxLen as number) ?? bad('truncated context');
  const n = r.u32le() ?? bad('truncated n');
  const t = r.u32le() ?? bad('truncated t');
  if (n < 1 || t < 1 || t > n || n > 0xffff) bad(`invalid ${t}-of-${n}`);
  // Bound n by what the bytes can hold before allocating anything per participant.
  if (r.remaining < n * (suite.elementBytes * (t + 2) + suite.signatureBytes)) bad('truncated');
  const point = (what: string): Uint8Array => {
    const b = r.take(suite.elementBytes) ?? bad(`truncated ${what}`);
    if (!decodePoint(suite, b)) bad(`${what} is not a valid point`);
    return b.slice();
  };
  const staticPublicKeys = Array.from({ length: n }, (_, j) => point(`P_${j + 1}`));
  const commitments = Array.from({ length: n }, (_, j) =>
    Array.from({ length: t }, (_, k) => point(`C_${j + 1},${k}`)),
  );
  const pops = Array.from({ length: n }, (_, j) =>
    (r.take(suite.signatureBytes) ?? bad(`truncated PoP_${j + 1}`)).slice(),
  );
  const ephemerals = Array.from({ length: n }, (_, j) => point(`E_${j + 1}`));
  const extLen = r.u64('le');
  if (extLen === undefined || extLen > MAX_TRANSCRIPT_FIELD) bad('bad extension length');
  const extension = r.take(extLen as number) ?? bad('truncated extension');
  if (r.remaining !== 0) bad('trailing bytes');
  return { context: context.slice(), t, staticPublicKeys, commitments, pops, ephemerals, extension: extension.slice() };
}
