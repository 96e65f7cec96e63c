/** Where {@link TextArena.add} put a text: read it back with {@link TextArena.get}. */
export interface TextRef {
  readonly chunk: Buffer;
  readonly offset: number;
  readonly length: number;
}

/** Append-only storage of one-byte (latin1/ASCII) texts, dropped all at once with the arena. */
export interface TextArena {
  add(text: string): TextRef;
  get(ref: TextRef): string;
  /** Bytes allocated so far (used or not). */
  readonly allocated: number;
}

const MIN_CHUNK = 4 * 1024;
const MAX_CHUNK = 1024 * 1024;

/**
 * Creates an empty arena. Why not keep the strings: a room log holds every envelope relayed, and
 * strings on the JS heap survive the young-generation GC and get copied (twice) by it, which
 * made the server's longest pauses under load. Here the bytes live outside the JS heap, in a few
 * chunks that grow with the arena (4 KiB up to 1 MiB; a text over half a chunk gets a buffer of
 * its own), so the GC sees a few objects per room instead of one per envelope. A chunk is
 * abandoned only for a text that does not fit, so its unused tail is smaller than that text.
 */
export function createTextArena(): TextArena {
  let chunk: Buffer | undefined;
  let used = 0;
  let allocated = 0;
  return {
    add(text) {
      const length = text.length;
      const next = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, allocated));
      let target: Buffer;
      let offset = 0;
      if (length > next / 2) {
        // A large text gets a chunk of its own; the current chunk stays open for small ones.
        target = Buffer.allocUnsafeSlow(length);
        allocated += length;
      } else {
        if (chunk === undefined || used + length > chunk.length) {
          // Not from Buffer's shared pool: a kept slice of it would pin the whole pool chunk.
          chunk = Buffer.allocUnsafeSlow(next);
          allocated += next;
          used = 0;
        }
        target = chunk;
        offset = used;
        used += length;
      }
      target.write(text, offset, length, 'latin1');
      return { chunk: target, offset, length };
    },
    get(ref) {
      return ref.chunk.toString('latin1', ref.offset, ref.offset + ref.length);
    },
    get allocated() {
      return allocated;
    },
  };
}
