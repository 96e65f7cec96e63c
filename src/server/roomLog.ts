/**
 * The envelopes one room has relayed, for replay to members who join later. Entry i was sent by
 * one peer to everyone or to one peer.
 *
 * Plain arrays and one `Set` of texts per audience. It replaced a columnar log (typed-array
 * columns, an arena of buffers, an open-addressing index on a 28-bit SHA-256 prefix) that was
 * built to cut GC work at 10 000 envelopes/s on 1 000 sockets; at 200 rooms of 5 the load
 * benchmark showed it bought less than 2× on any figure (bench/server/README.md), so the
 * simple form stays. A `Set` of strings hashes each text once (V8 caches a string's hash) and
 * holds the same string the entry holds, so the index costs a pointer per entry, not a copy.
 */
export interface RoomLog {
  readonly length: number;
  /** Whether the log holds `data` for the audience `to` (undefined: everyone). */
  has(to: string | undefined, data: string): boolean;
  /** Appends an entry; the caller checked {@link RoomLog.has} and the size limits. */
  append(from: string, to: string | undefined, data: string): void;
  /** How many entries `peer` may see: not its own, and addressed to everyone or to it. */
  countVisibleTo(peer: string): number;
  /**
   * Visits, in order, the entries `peer` may see among entries `start` to `end` (default: all),
   * until `visit` returns false; returns the index to resume from (a paced replay reads one
   * entry at a time).
   */
  forEachVisibleTo(
    peer: string,
    visit: (from: string, to: string | undefined, data: string) => boolean | void,
    start?: number,
    end?: number,
  ): number;
}

interface Entry {
  readonly from: string;
  readonly to: string | undefined;
  readonly data: string;
}

export function createRoomLog(): RoomLog {
  return new ListRoomLog();
}

/**
 * A class, not closures per room: with a thousand rooms, closures per instance give each its own
 * hidden class and make the relay's property loads megamorphic (measured in `perf`, issue 6).
 */
class ListRoomLog implements RoomLog {
  private readonly entries: Entry[] = [];
  /** Texts sent to everyone (key undefined) and to each peer: finds a resend of the same envelope. */
  private readonly sent = new Map<string | undefined, Set<string>>();

  get length(): number {
    return this.entries.length;
  }

  has(to: string | undefined, data: string): boolean {
    return this.sent.get(to)?.has(data) === true;
  }

  append(from: string, to: string | undefined, data: string): void {
    this.entries.push({ from, to, data });
    let texts = this.sent.get(to);
    if (texts === undefined) this.sent.set(to, (texts = new Set()));
    texts.add(data);
  }

  countVisibleTo(peer: string): number {
    let n = 0;
    for (const e of this.entries) if (visible(e, peer)) n++;
    return n;
  }

  forEachVisibleTo(
    peer: string,
    visit: (from: string, to: string | undefined, data: string) => boolean | void,
    start = 0,
    end = this.entries.length,
  ): number {
    for (let i = start; i < end; i++) {
      const e = this.entries[i] as Entry;
      if (visible(e, peer) && visit(e.from, e.to, e.data) === false) return i + 1;
    }
    return end;
  }
}

function visible(e: Entry, reader: string): boolean {
  return e.from !== reader && (e.to === undefined || e.to === reader);
}
