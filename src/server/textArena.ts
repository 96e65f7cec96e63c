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
  const chunks: Buffer[] = [];
  // Text i is chunks[chunkOf[i]] from offsetOf[i], lengthOf[i] bytes long.
  const chunkOf = createInt32Column();
  const offsetOf = createInt32Column();
  const lengthOf = createInt32Column();
  let open = -1; // index of the chunk small texts go to, -1 before the first
  let used = 0;
  let allocated = 0;

  function newBuffer(size: number): number {
    // Not from Buffer's shared pool: a kept slice of it would pin the whole pool chunk.
    chunks.push(Buffer.allocUnsafeSlow(size));
    allocated += size;
    return chunks.length - 1;
  }

  return {
    add(text) {
      const length = text.length;
      const next = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, allocated));
      let chunk: number;
      let offset = 0;
      if (length > next / 2) {
        // A large text gets a buffer of its own; the open chunk stays open for small ones.
        chunk = newBuffer(length);
      } else {
        if (open < 0 || used + length > (chunks[open] as Buffer).length) {
          open = newBuffer(next);
          used = 0;
        }
        chunk = open;
        offset = used;
        used += length;
      }
      (chunks[chunk] as Buffer).write(text, offset, length, 'latin1');
      chunkOf.push(chunk);
      offsetOf.push(offset);
      lengthOf.push(length);
      return lengthOf.length - 1;
    },
    get(i) {
      const offset = offsetOf.at(i);
      return (chunks[chunkOf.at(i)] as Buffer).toString('latin1', offset, offset + lengthOf.at(i));
    },
    equals(i, text) {
      return lengthOf.at(i) === text.length && this.get(i) === text;
    },
    get count() {
      return lengthOf.length;
    },
    get allocated() {
      return allocated;
    },
    get buffers() {
      return chunks.length;
    },
  };
}
