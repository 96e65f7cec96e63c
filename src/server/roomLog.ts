import { hash } from 'node:crypto';
import { createInt32Column } from './int32Column';
import { createTextArena } from './textArena';

/**
 * The envelopes one room has relayed, for replay to members who join later. Entry i was sent by
 * one peer to everyone or to one peer. Everything per entry — the text, who sent it, to whom,
 * its fingerprint and the index that finds resends — lives in typed arrays and buffers, off the
 * JS heap: at thousands of envelopes per second, per-entry objects were most of the server's GC
 * work, and under load its longest pauses.
 */
export interface RoomLog {
  readonly length: number;
  /** Whether the log holds `data` for the audience `to` (`fingerprint` = {@link fingerprintOf}(data)). */
  has(fingerprint: number, to: string | undefined, data: string): boolean;
  /** Appends an entry; the caller checked {@link RoomLog.has} and the size limits. */
  append(fingerprint: number, from: string, to: string | undefined, data: string): void;
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

/** 28 bits of the text's SHA-256: equal texts share it; a match is confirmed on the text itself. */
export function fingerprintOf(data: string): number {
  return Number.parseInt(hash('sha256', data, 'hex').slice(0, 7), 16);
}

const EVERYONE = -1;
const UNKNOWN = -2;

export function createRoomLog(): RoomLog {
  return new ColumnarRoomLog();
}

/** A class, not closures per room: see int32Column.ts for why that matters on the relay's path. */
class ColumnarRoomLog implements RoomLog {
  private readonly texts = createTextArena();
  // Peers are numbered in the order the log first names them; entries refer to them by number.
  private readonly peerNames: string[] = [];
  private readonly peerNumbers = new Map<string, number>();
  private readonly fromOf = createInt32Column();
  private readonly toOf = createInt32Column();
  private readonly fingerprints = createInt32Column();
  // Open addressing on the fingerprint: slot = entry + 1, 0 = empty; at most half full.
  private slots = new Int32Array(64);

  get length(): number {
    return this.fromOf.length;
  }

  has(fingerprint: number, to: string | undefined, data: string): boolean {
    const audience = to === undefined ? EVERYONE : (this.peerNumbers.get(to) ?? UNKNOWN);
    // A peer the log never named has received nothing addressed to it.
    if (audience === UNKNOWN) return false;
    const mask = this.slots.length - 1;
    for (let i = fingerprint & mask; this.slots[i] !== 0; i = (i + 1) & mask) {
      const e = (this.slots[i] as number) - 1;
      if (this.fingerprints.at(e) === fingerprint && this.toOf.at(e) === audience && this.texts.equals(e, data))
        return true;
    }
    return false;
  }

  append(fingerprint: number, from: string, to: string | undefined, data: string): void {
    const entry = this.texts.add(data);
    this.fromOf.push(this.numberOf(from));
    this.toOf.push(to === undefined ? EVERYONE : this.numberOf(to));
    this.fingerprints.push(fingerprint);
    if (this.fromOf.length * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2);
      for (let e = 0; e < this.fromOf.length; e++) this.place(e);
    } else {
      this.place(entry);
    }
  }

  countVisibleTo(peer: string): number {
    const reader = this.peerNumbers.get(peer) ?? UNKNOWN;
    let n = 0;
    for (let e = 0; e < this.fromOf.length; e++) if (this.visible(e, reader)) n++;
    return n;
  }

  forEachVisibleTo(
    peer: string,
    visit: (from: string, to: string | undefined, data: string) => boolean | void,
    start = 0,
    end = this.fromOf.length,
  ): number {
    const reader = this.peerNumbers.get(peer) ?? UNKNOWN;
    for (let e = start; e < end; e++) {
      if (!this.visible(e, reader)) continue;
      const to = this.toOf.at(e);
      if (
        visit(
          this.peerNames[this.fromOf.at(e)] as string,
          to === EVERYONE ? undefined : this.peerNames[to],
          this.texts.get(e),
        ) === false
      )
        return e + 1;
    }
    return end;
  }

  private numberOf(peer: string): number {
    let n = this.peerNumbers.get(peer);
    if (n === undefined) {
      n = this.peerNames.push(peer) - 1;
      this.peerNumbers.set(peer, n);
    }
    return n;
  }

  private place(entry: number): void {
    const mask = this.slots.length - 1;
    let i = this.fingerprints.at(entry) & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = entry + 1;
  }

  private visible(entry: number, reader: number): boolean {
    const to = this.toOf.at(entry);
    return this.fromOf.at(entry) !== reader && (to === EVERYONE || to === reader);
  }
}
