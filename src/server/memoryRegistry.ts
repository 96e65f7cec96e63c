import { checkedBase64Size } from '../transport/wire';
import type { JoinResult, LogOutcome, RoomMember, RoomRegistry } from './roomRegistry';
import { createRoomLog, fingerprintOf, type RoomLog } from './roomLog';

/** Options of {@link createMemoryRegistry}. */
export interface MemoryRegistryOptions {
  readonly maxRooms: number;
  readonly maxPeersPerRoom: number;
  readonly maxLogEntries: number;
  readonly maxLogBytes: number;
  /** Envelope bytes kept across all rooms' logs (bounds the server's memory); default 256 MiB. */
  readonly maxTotalLogBytes?: number;
  /** How long an empty room (and its log) is kept, in ms. */
  readonly roomTtlMs: number;
  /** Clock in ms (injectable for expiry tests). */
  readonly now: () => number;
}

/** A room: its members and its log. */
interface Room {
  readonly members: Map<string, RoomMember>;
  readonly log: RoomLog;
  /** Envelope bytes in the log. */
  logBytes: number;
  /** When the room became empty, or undefined while someone is in it. */
  emptySince: number | undefined;
}

/** Rooms held in this process's memory: the default registry, and the reference for others. */
export function createMemoryRegistry(opts: MemoryRegistryOptions): RoomRegistry {
  const rooms = new Map<string, Room>();
  const maxTotalLogBytes = opts.maxTotalLogBytes ?? 256 * 1024 * 1024;
  let totalLogBytes = 0;

  function peersOf(room: Room): string[] {
    return [...room.members.keys()].sort();
  }

  function announce(roomId: string, room: Room): void {
    const frame = { t: 'presence', room: roomId, peers: peersOf(room) } as const;
    for (const m of room.members.values()) m.deliver(frame);
  }

  function replay(roomId: string, room: Room, member: RoomMember): number {
    let n = 0;
    room.log.forEachVisibleTo(member.peer, (from, to, data) => {
      member.deliver(
        to === undefined
          ? { t: 'env', room: roomId, from, data, replay: true }
          : { t: 'env', room: roomId, from, data, to, replay: true },
      );
      n++;
    });
    return n;
  }

  return {
    join(roomId, member): JoinResult {
      let room = rooms.get(roomId);
      if (room === undefined) {
        if (rooms.size >= opts.maxRooms) {
          return { ok: false, code: 'too_many_rooms', message: `server holds ${opts.maxRooms} rooms` };
        }
        room = { members: new Map(), log: createRoomLog(), logBytes: 0, emptySince: undefined };
        rooms.set(roomId, room);
      }
      const replaced = room.members.get(member.peer);
      if (replaced === undefined && room.members.size >= opts.maxPeersPerRoom) {
        return { ok: false, code: 'room_full', message: `room has ${opts.maxPeersPerRoom} peers` };
      }
      room.members.set(member.peer, member);
      room.emptySince = undefined;
      if (replaced !== undefined && replaced !== member) replaced.kick();
      const peers = peersOf(room);
      member.deliver({ t: 'joined', room: roomId, peer: member.peer, peers, replay: room.log.countVisibleTo(member.peer) });
      const replayed = replay(roomId, room, member);
      // Presence goes to the others; the joiner learns the list from `joined`.
      const presence = { t: 'presence', room: roomId, peers } as const;
      for (const m of room.members.values()) if (m !== member) m.deliver(presence);
      return { ok: true, peers, replayed, replaced: replaced !== undefined && replaced !== member };
    },

    leave(roomId, member) {
      const room = rooms.get(roomId);
      if (room === undefined || room.members.get(member.peer) !== member) return;
      room.members.delete(member.peer);
      // An empty room with nothing in its log has nothing to keep: it goes at once, so joining
      // and leaving many room ids cannot hold `maxRooms` for a whole TTL.
      if (room.members.size === 0 && room.log.length === 0) rooms.delete(roomId);
      else if (room.members.size === 0) room.emptySince = opts.now();
      else announce(roomId, room);
    },

    signal(roomId, from, to, data) {
      const room = rooms.get(roomId);
      const target = room?.members.get(to);
      if (target === undefined || room?.members.get(from.peer) !== from) return false;
      target.deliver({ t: 'signal', room: roomId, from: from.peer, data });
      return true;
    },

    relay(roomId, from, data, to): LogOutcome {
      const room = rooms.get(roomId);
      // A member kicked meanwhile: its frame is dropped quietly.
      if (room === undefined || room.members.get(from.peer) !== from) return 'duplicate';
      if (to === undefined) {
        const frame = { t: 'env', room: roomId, from: from.peer, data } as const;
        for (const m of room.members.values()) if (m !== from) m.deliver(frame);
      } else {
        const target = room.members.get(to);
        if (target !== undefined && target !== from) {
          target.deliver({ t: 'env', room: roomId, from: from.peer, data, to });
        }
      }
      const fingerprint = fingerprintOf(data);
      if (room.log.has(fingerprint, to, data)) return 'duplicate';
      // `data` was validated as canonical base64 on the way in: its size follows from its length.
      const bytes = checkedBase64Size(data);
      if (
        room.log.length >= opts.maxLogEntries ||
        room.logBytes + bytes > opts.maxLogBytes ||
        totalLogBytes + bytes > maxTotalLogBytes
      ) {
        return 'full';
      }
      room.log.append(fingerprint, from.peer, to, data);
      room.logBytes += bytes;
      totalLogBytes += bytes;
      return 'logged';
    },

    sweep() {
      const now = opts.now();
      const expired: string[] = [];
      for (const [id, room] of rooms) {
        if (room.emptySince !== undefined && now - room.emptySince >= opts.roomTtlMs) {
          rooms.delete(id);
          totalLogBytes -= room.logBytes;
          expired.push(id);
        }
      }
      return expired;
    },

    stats() {
      let peers = 0;
      let logEntries = 0;
      for (const room of rooms.values()) {
        peers += room.members.size;
        logEntries += room.log.length;
      }
      return { rooms: rooms.size, peers, logEntries };
    },

    async close() {
      rooms.clear();
      totalLogBytes = 0;
    },
  };
}
