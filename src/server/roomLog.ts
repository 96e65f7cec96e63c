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
  /** Visits, in order, the entries `peer` may see. */
  forEachVisibleTo(peer: string, visit: (from: string, to: string | undefined, data: string) => void): void;
}

/** 28 bits of the text's SHA-256: equal texts share it; a match is confirmed on the text itself. */
export function fingerprintOf(data: string): number {
  return Number.parseInt(hash('sha256', data, 'hex').slice(0, 7), 16);
}

const EVERYONE = -1;
const UNKNOWN = -2;

export function createRoomLog(): RoomLog {
  const texts = createTextArena();
  // Peers are numbered in the order the log first names them; entries refer to them by number.
  const peerNames: string[] = [];
  const peerNumbers = new Map<string, number>();
  const fromOf = createInt32Column();
  const toOf = createInt32Column();
  const fingerprints = createInt32Column();
  // Open addressing on the fingerprint: slot = entry + 1, 0 = empty; at most half full.
  let slots = new Int32Array(64);

  function numberOf(peer: string): number {
    let n = peerNumbers.get(peer);
    if (n === undefined) {
      n = peerNames.push(peer) - 1;
      peerNumbers.set(peer, n);
    }
    return n;
  }

  const audienceOf = (to: string | undefined) => (to === undefined ? EVERYONE : (peerNumbers.get(to) ?? UNKNOWN));

  function place(entry: number): void {
    const mask = slots.length - 1;
    let i = fingerprints.at(entry) & mask;
    while (slots[i] !== 0) i = (i + 1) & mask;
    slots[i] = entry + 1;
  }

  function visible(entry: number, reader: number): boolean {
    const to = toOf.at(entry);
    return fromOf.at(entry) !== reader && (to === EVERYONE || to === reader);
  }

  return {
    get length() {
      return fromOf.length;
    },
    has(fingerprint, to, data) {
      const audience = audienceOf(to);
      // A peer the log never named has received nothing addressed to it.
      if (audience === UNKNOWN) return false;
      const mask = slots.length - 1;
      for (let i = fingerprint & mask; slots[i] !== 0; i = (i + 1) & mask) {
        const e = (slots[i] as number) - 1;
        if (fingerprints.at(e) === fingerprint && toOf.at(e) === audience && texts.equals(e, data)) return true;
      }
      return false;
    },
    append(fingerprint, from, to, data) {
      const entry = texts.add(data);
      fromOf.push(numberOf(from));
      toOf.push(to === undefined ? EVERYONE : numberOf(to));
      fingerprints.push(fingerprint);
      if (fromOf.length * 2 > slots.length) {
        slots = new Int32Array(slots.length * 2);
        for (let e = 0; e < fromOf.length; e++) place(e);
      } else {
        place(entry);
      }
    },
    countVisibleTo(peer) {
      const reader = peerNumbers.get(peer) ?? UNKNOWN;
      let n = 0;
      for (let e = 0; e < fromOf.length; e++) if (visible(e, reader)) n++;
      return n;
    },
    forEachVisibleTo(peer, visit) {
      const reader = peerNumbers.get(peer) ?? UNKNOWN;
      for (let e = 0; e < fromOf.length; e++) {
        if (!visible(e, reader)) continue;
        const to = toOf.at(e);
        visit(peerNames[fromOf.at(e)] as string, to === EVERYONE ? undefined : peerNames[to], texts.get(e));
      }
    },
  };
}
