import { checkedBase64Size, type ServerFrame } from '../wire/index';
import type { JoinResult, LogOutcome, ReplaySource, RoomMember, RoomRegistry } from './roomRegistry';
import { createRoomLog, type RoomLog } from './roomLog';

/** Options of {@link createMemoryRegistry}. */
export interface MemoryRegistryOptions {
  readonly maxRooms: number;
  readonly maxPeersPerRoom: number;
  readonly maxLogEntries: number;
  readonly maxLogBytes: number;
  /** Envelopes one peer id may have in a room's log (its share: one sender cannot fill it). */
  readonly maxLogEntriesPerPeer: number;
  /** Envelope bytes one peer id may have in a room's log. */
  readonly maxLogBytesPerPeer: number;
  /** Rooms that rooms created from one client address may hold at once (see RoomMember.address). */
  readonly maxRoomsPerAddress: number;
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
  /** Entries and bytes each sender has in the log. */
  readonly bySender: Map<string, { entries: number; bytes: number }>;
  /** The client address the room counts against (its creator's), if any. */
  readonly address: string | undefined;
  /** The first peer id that joined, and whether any other peer id ever did. */
  readonly firstPeer: string;
  shared: boolean;
  /** When the room became empty, or undefined while someone is in it. */
  emptySince: number | undefined;
}

/** Rooms held in this process's memory: the default registry, and the reference for others. */
export function createMemoryRegistry(opts: MemoryRegistryOptions): RoomRegistry {
  const rooms = new Map<string, Room>();
  const maxTotalLogBytes = opts.maxTotalLogBytes ?? 256 * 1024 * 1024;
  let totalLogBytes = 0;
  /** Rooms held per creating client address. */
  const roomsByAddress = new Map<string, number>();

  function drop(roomId: string, room: Room): void {
    rooms.delete(roomId);
    totalLogBytes -= room.logBytes;
    if (room.address !== undefined) {
      const n = (roomsByAddress.get(room.address) ?? 1) - 1;
      if (n <= 0) roomsByAddress.delete(room.address);
      else roomsByAddress.set(room.address, n);
    }
  }

  function peersOf(room: Room): string[] {
    return [...room.members.keys()].sort();
  }

  function announce(roomId: string, room: Room): void {
    const frame = { t: 'presence', room: roomId, peers: peersOf(room) } as const;
    for (const m of room.members.values()) m.deliver(frame);
  }

  /** The entries logged so far that `peer` may see, read one at a time as the joiner's socket drains. */
  function replaySource(roomId: string, room: Room, peer: string): ReplaySource {
    const log = room.log;
    const end = log.length;
    let at = 0;
    return {
      next() {
        let frame: ServerFrame | undefined;
        at = log.forEachVisibleTo(
          peer,
          (from, to, data) => {
            frame =
              to === undefined
                ? { t: 'env', room: roomId, from, data, replay: true }
                : { t: 'env', room: roomId, from, data, to, replay: true };
            return false;
          },
          at,
          end,
        );
        return frame;
      },
    };
  }

  return {
    join(roomId, member): JoinResult {
      let room = rooms.get(roomId);
      const created = room === undefined;
      if (room === undefined) {
        const refused = refuseCreation(member, rooms.size, roomsByAddress, opts);
        if (refused !== undefined) return { ok: false, code: 'too_many_rooms', message: refused };
        const address = member.address;
        room = {
          members: new Map(),
          log: createRoomLog(),
          logBytes: 0,
          emptySince: undefined,
          bySender: new Map(),
          address,
          firstPeer: member.peer,
          shared: false,
        };
        rooms.set(roomId, room);
        if (address !== undefined) roomsByAddress.set(address, (roomsByAddress.get(address) ?? 0) + 1);
      }
      const replaced = room.members.get(member.peer);
      if (replaced === undefined && room.members.size >= opts.maxPeersPerRoom) {
        return { ok: false, code: 'room_full', message: `room has ${opts.maxPeersPerRoom} peers` };
      }
      room.members.set(member.peer, member);
      room.emptySince = undefined;
      if (member.peer !== room.firstPeer) room.shared = true;
      if (replaced !== undefined && replaced !== member) replaced.kick();
      const peers = peersOf(room);
      const replayed = room.log.countVisibleTo(member.peer);
      member.deliver({ t: 'joined', room: roomId, peer: member.peer, peers, replay: replayed });
      member.replay(replaySource(roomId, room, member.peer));
      // Presence goes to the others; the joiner learns the list from `joined`.
      const presence = { t: 'presence', room: roomId, peers } as const;
      for (const m of room.members.values()) if (m !== member) m.deliver(presence);
      return { ok: true, peers, replayed, replaced: replaced !== undefined && replaced !== member, created };
    },

    leave(roomId, member) {
      const room = rooms.get(roomId);
      if (room === undefined || room.members.get(member.peer) !== member) return;
      room.members.delete(member.peer);
      // An empty room with nothing in its log has nothing to keep, and one that only ever had
      // one peer has nobody waiting for its log (that peer resends what it holds when others
      // meet it): either goes at once, so joining, sending and leaving many room ids cannot
      // hold `maxRooms` for a whole TTL.
      if (room.members.size === 0 && (room.log.length === 0 || !room.shared)) drop(roomId, room);
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
      if (room.log.has(to, data)) return 'duplicate';
      // `data` was validated as canonical base64 on the way in: its size follows from its length.
      const bytes = checkedBase64Size(data);
      if (
        room.log.length >= opts.maxLogEntries ||
        room.logBytes + bytes > opts.maxLogBytes ||
        totalLogBytes + bytes > maxTotalLogBytes
      ) {
        return 'full';
      }
      let mine = room.bySender.get(from.peer);
      if (mine === undefined) room.bySender.set(from.peer, (mine = { entries: 0, bytes: 0 }));
      if (mine.entries >= opts.maxLogEntriesPerPeer || mine.bytes + bytes > opts.maxLogBytesPerPeer)
        return 'sender_full';
      room.log.append(from.peer, to, data);
      mine.entries++;
      mine.bytes += bytes;
      room.logBytes += bytes;
      totalLogBytes += bytes;
      return 'logged';
    },

    sweep() {
      const now = opts.now();
      const expired: string[] = [];
      for (const [id, room] of rooms) {
        if (room.emptySince !== undefined && now - room.emptySince >= opts.roomTtlMs) {
          drop(id, room);
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
      roomsByAddress.clear();
      totalLogBytes = 0;
    },
  };
}

/** How a refused room creation is worded (shared with the Redis registry). */
export const CREATION_REFUSED = {
  server: (o: { readonly maxRooms: number }) => `server holds ${o.maxRooms} rooms`,
  connection: () => 'this connection created as many rooms as one connection may; open a new one',
  address: (o: { readonly maxRoomsPerAddress: number }) =>
    `your address holds ${o.maxRoomsPerAddress} rooms; wait until one of them is left or expires`,
} as const;

/**
 * Why `member` may not create a room now, or undefined when it may: the server is full, this
 * connection created its share of rooms, or its client address holds its share.
 */
function refuseCreation(
  member: RoomMember,
  rooms: number,
  roomsByAddress: ReadonlyMap<string, number>,
  opts: { readonly maxRooms: number; readonly maxRoomsPerAddress: number },
): string | undefined {
  if (rooms >= opts.maxRooms) return CREATION_REFUSED.server(opts);
  if (!member.mayCreateRoom) return CREATION_REFUSED.connection();
  if (member.address !== undefined && (roomsByAddress.get(member.address) ?? 0) >= opts.maxRoomsPerAddress) {
    return CREATION_REFUSED.address(opts);
  }
  return undefined;
}
