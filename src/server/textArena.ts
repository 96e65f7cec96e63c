import { createInt32Column } from './int32Column';

/**
 * Append-only storage of one-byte (latin1/ASCII) texts, numbered 0, 1, 2… in the order added,
 * and dropped all at once with the arena.
 */
export interface TextArena {
  /** Stores `text`; returns its number (= how many texts were stored before it). */
  add(text: string): number;
  /** The text stored as number `i`. */
  get(i: number): string;
  /** Whether text number `i` is exactly `text` (cheap when the lengths differ). */
  equals(i: number, text: string): boolean;
  /** Texts stored so far. */
  readonly count: number;
  /** Bytes allocated so far (used or not). */
  readonly allocated: number;
  /** Buffers allocated so far. */
  readonly buffers: number;
}

const MIN_CHUNK = 4 * 1024;
const MAX_CHUNK = 1024 * 1024;

/**
 * Creates an empty arena. Why not keep the strings: a room log holds every envelope relayed, and
 * strings on the JS heap survive the young-generation GC and get copied (twice) by it, which
 * made the server's longest pauses under load. Here the bytes live outside the JS heap, in a few
 * chunks that grow with the arena (4 KiB up to 1 MiB; a text over half a chunk gets a buffer of
 * its own), and where each text is is kept in typed-array columns, so the GC sees a few
 * objects per room instead of several per envelope. A chunk is abandoned only for a text that
 * does not fit, so its unused tail is smaller than that text.
 */
export function createTextArena(): TextArena {
  return new ChunkedTextArena();
}

/** A class, not closures per arena: see int32Column.ts for why that matters on the relay's path. */
class ChunkedTextArena implements TextArena {
  private readonly chunks: Buffer[] = [];
  // Text i is chunks[chunkOf[i]] from offsetOf[i], lengthOf[i] bytes long.
  private readonly chunkOf = createInt32Column();
  private readonly offsetOf = createInt32Column();
  private readonly lengthOf = createInt32Column();
  private open = -1; // index of the chunk small texts go to, -1 before the first
  private used = 0;
  allocated = 0;

  private newBuffer(size: number): number {
    // Not from Buffer's shared pool: a kept slice of it would pin the whole pool chunk.
    this.chunks.push(Buffer.allocUnsafeSlow(size));
    this.allocated += size;
    return this.chunks.length - 1;
  }

  add(text: string): number {
    const length = text.length;
    const next = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, this.allocated));
    let chunk: number;
    let offset = 0;
    if (length > next / 2) {
      // A large text gets a buffer of its own; the open chunk stays open for small ones.
      chunk = this.newBuffer(length);
    } else {
      if (this.open < 0 || this.used + length > (this.chunks[this.open] as Buffer).length) {
        this.open = this.newBuffer(next);
        this.used = 0;
      }
      chunk = this.open;
      offset = this.used;
      this.used += length;
    }
    (this.chunks[chunk] as Buffer).write(text, offset, length, 'latin1');
    this.chunkOf.push(chunk);
    this.offsetOf.push(offset);
    this.lengthOf.push(length);
    return this.lengthOf.length - 1;
  }

  get(i: number): string {
    const offset = this.offsetOf.at(i);
    return (this.chunks[this.chunkOf.at(i)] as Buffer).toString('latin1', offset, offset + this.lengthOf.at(i));
  }

  equals(i: number, text: string): boolean {
    return this.lengthOf.at(i) === text.length && this.get(i) === text;
  }

  get count(): number {
    return this.lengthOf.length;
  }

  get buffers(): number {
    return this.chunks.length;
  }
}
