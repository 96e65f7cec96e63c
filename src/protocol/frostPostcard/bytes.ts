/**
 * The parts of the postcard wire format (postcard 1.x, `docs/wire-format.md`) that frost-core's
 * structs use: raw `u8`, fixed arrays as raw bytes (serdect's binary form of scalars and
 * elements), unsigned LEB128 varints for `u16` and for lengths of sequences, maps and byte
 * strings, and `Option` as a 0/1 tag.
 */
import { FrostPostcardError } from './errors.js';

/** Appends postcard items to a growing byte list. */
export class PostcardWriter {
  private readonly parts: number[] = [];

  u8(b: number): this {
    this.parts.push(b & 0xff);
    return this;
  }

  /** Unsigned LEB128, 7 bits per byte, least significant group first (postcard `varint`). */
  varint(n: number): this {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`varint out of range: ${n}`);
    let v = n;
    while (v >= 0x80) {
      this.parts.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.parts.push(v);
    return this;
  }

  raw(bytes: Uint8Array): this {
    for (const b of bytes) this.parts.push(b);
    return this;
  }

  /** `&[u8]` / `Vec<u8>`: varint length, then the bytes. */
  byteString(bytes: Uint8Array): this {
    return this.varint(bytes.length).raw(bytes);
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** Reads postcard items from `bytes`; every failure names the field and the byte offset. */
export class PostcardReader {
  private pos = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get offset(): number {
    return this.pos;
  }

  get atEnd(): boolean {
    return this.pos === this.bytes.length;
  }

  u8(field: string): number {
    if (this.pos >= this.bytes.length) throw new FrostPostcardError('truncated', 'input ends here', field, this.pos);
    return this.bytes[this.pos++] as number;
  }

  raw(length: number, field: string): Uint8Array {
    if (this.bytes.length - this.pos < length)
      throw new FrostPostcardError(
        'truncated',
        `expected ${length} bytes, ${this.bytes.length - this.pos} left`,
        field,
        this.pos,
      );
    const out = this.bytes.slice(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  /**
   * A varint no larger than `max`. Only the shortest encoding is accepted (postcard itself would
   * also take padded ones such as 0x82 0x00): one value, one encoding, as our writer produces.
   */
  varint(max: number, field: string): number {
    const start = this.pos;
    let value = 0;
    let scale = 1;
    for (;;) {
      const b = this.u8(field);
      value += (b & 0x7f) * scale;
      if (value > max) throw new FrostPostcardError('bad-varint', `value above ${max}`, field, start);
      if ((b & 0x80) === 0) {
        if (b === 0 && this.pos - start > 1)
          throw new FrostPostcardError('bad-varint', 'not the shortest encoding', field, start);
        return value;
      }
      scale *= 0x80;
      // Any further non-zero group would exceed `max`; a zero one would be padding.
      if (scale > max) throw new FrostPostcardError('bad-varint', `value above ${max} or padded`, field, start);
    }
  }

  /** `&[u8]` of exactly `length` bytes. */
  byteString(length: number, field: string): Uint8Array {
    const at = this.pos;
    const n = this.varint(0xffffffff, field);
    if (n !== length)
      throw new FrostPostcardError('wrong-length', `expected ${length} bytes, the length prefix says ${n}`, field, at);
    return this.raw(n, field);
  }

  /** The whole input must have been read: trailing bytes would be a second meaning for one package. */
  end(what: string): void {
    if (!this.atEnd)
      throw new FrostPostcardError(
        'trailing-bytes',
        `${this.bytes.length - this.pos} bytes after the end of the ${what}`,
        undefined,
        this.pos,
      );
  }
}
