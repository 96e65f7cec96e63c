/**
 * Byte encodings of COCKTAIL-DKG ("Message Formats", "Primitive Types"): fixed-width integers,
 * scalars and points in the suite's encoding, and a bounds-checked reader that never reads past
 * its input. Every decoder validates (canonical scalar < q; on-curve, non-identity, prime-order
 * point with a canonical encoding) so each value has exactly one accepted byte string.
 */
import { bytesToNumberBE, bytesToNumberLE, numberToBytesBE, numberToBytesLE } from '@noble/curves/utils.js';
import type { GroupPoint } from '../suites.js';
import type { CocktailSuite } from './suites.js';

/** uint64 little-endian (transcript lengths, H6 len(extra), derive_extra, payload extension). */
export function u64le(n: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n), true);
  return b;
}

/** uint64 big-endian (ciphertext frames and the context's length prefixes). */
export function u64be(n: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n), false);
  return b;
}

/** uint32 little-endian (n and t). */
export function u32le(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}

// Concatenation, byte equality and lowercase hex are the project's own (../encoding.ts); the
// names this module's callers use are kept.
import { bytesEqual, concatBytes as concat, toHex as hex } from '../encoding.js';

export { bytesEqual, concat, hex };

/** Encodes a scalar (reduced mod q first, "Primitive Types") in the suite's width and order. */
export function encodeScalar(suite: CocktailSuite, s: bigint): Uint8Array {
  const v = ((s % suite.order) + suite.order) % suite.order;
  return suite.scalarOrder === 'le' ? numberToBytesLE(v, suite.scalarBytes) : numberToBytesBE(v, suite.scalarBytes);
}

/** Decodes a canonical scalar: exact width and value < q; undefined otherwise. */
export function decodeScalar(suite: CocktailSuite, b: Uint8Array): bigint | undefined {
  if (b.length !== suite.scalarBytes) return undefined;
  const v = suite.scalarOrder === 'le' ? bytesToNumberLE(b) : bytesToNumberBE(b);
  return v < suite.order ? v : undefined;
}

/** Compressed point encoding. */
export function encodePoint(p: GroupPoint): Uint8Array {
  return p.toBytes();
}

/**
 * Decodes a protocol point: exact width, canonical encoding, on the curve, in the prime-order
 * subgroup and not the identity ("Primitive Types": identity MUST be rejected for C, E, P; the
 * Schnorr R is likewise rejected by Verify step 2). Undefined when any check fails.
 */
export function decodePoint(suite: CocktailSuite, b: Uint8Array, cache?: PointMemo): GroupPoint | undefined {
  if (b.length !== suite.elementBytes) return undefined;
  const key = cache ? hex(b) : '';
  const hit = cache?.get(key);
  if (hit) return hit;
  try {
    const p = suite.Point.fromBytes(b);
    p.assertValidity();
    if (p.is0() || !suite.inPrimeOrderSubgroup(p)) return undefined;
    if (suite.name !== 'ristretto255' && !bytesEqual(p.toBytes(), b)) return undefined;
    cache?.set(key, p);
    return p;
  } catch {
    return undefined;
  }
}

/**
 * Memo of fully validated points by encoding, for one round's computation (the same commitment
 * point is needed by the PoP check, the VSS check and the outputs; the subgroup test is costly
 * on the Edwards curves). Only points that passed every check are stored. Never shared.
 */
export type PointMemo = Map<string, GroupPoint>;

/** s·B for any scalar (noble's constant-time multiply rejects 0). */
export function mulBase(suite: CocktailSuite, s: bigint): GroupPoint {
  return s === 0n ? suite.Point.ZERO : suite.Point.BASE.multiply(s);
}

/** Sequential reader over untrusted bytes; every read is bounds-checked. */
export class Reader {
  private pos = 0;
  constructor(private readonly bytes: Uint8Array) {}
  /** Bytes left. */
  get remaining(): number {
    return this.bytes.length - this.pos;
  }
  /** The next `n` bytes, or undefined if fewer remain. */
  take(n: number): Uint8Array | undefined {
    if (!Number.isSafeInteger(n) || n < 0 || n > this.remaining) return undefined;
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  /** uint64 (little- or big-endian) as a number, undefined if truncated or above 2^53. */
  u64(order: 'le' | 'be'): number | undefined {
    const b = this.take(8);
    if (!b) return undefined;
    const v = new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, order === 'le');
    return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : undefined;
  }
  /** uint32 little-endian. */
  u32le(): number | undefined {
    const b = this.take(4);
    return b ? new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true) : undefined;
  }
}
