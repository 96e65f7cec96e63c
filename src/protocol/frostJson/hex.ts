/** Strict lowercase hex and identifier encoding (serdect `serialize_hex_lower_or_bin`). */
import type { Suite } from '../suites.js';
import { encodeScalar, isValidIdentifier, show, toHex } from '../dkg/group.js';
import { fromHex } from '../encoding.js';
import { FrostJsonError } from './errors.js';

/** Lowercase hex of bytes. */
export const bytesToHex = toHex;

/** Decodes lowercase hex of exactly `length` bytes; anything else throws FrostJsonError. */
export function hexToBytes(value: unknown, length: number, field: string): Uint8Array {
  if (typeof value !== 'string') throw new FrostJsonError('wrong-type', 'expected a hex string', field);
  if (!/^(?:[0-9a-f]{2})*$/.test(value))
    throw new FrostJsonError('bad-hex', 'expected lowercase hex with an even number of digits', field);
  if (value.length !== length * 2)
    throw new FrostJsonError('wrong-length', `expected ${length} bytes, got ${value.length / 2}`, field);
  return fromHex(value);
}

/** Identifier `id` as frost-rs serialises it: the scalar `id` in the suite's byte order, hex. */
export function identifierToHex(suite: Suite, id: number): string {
  if (!isValidIdentifier(id)) throw new RangeError(`identifier must be an integer in 1..65535, got ${show(id)}`);
  return toHex(encodeScalar(suite, BigInt(id)));
}
