import type { ServerFrame } from '../wire/index';

/** A value now, or later: registries that answer at once (in memory) need not pay for a promise. */
export type Awaitable<T> = T | Promise<T>;

/**
 * The log entries owed to a joiner, handed over lazily: the member pulls the next one only when
 * its socket has room for it, so a full room log (megabytes) reaches a joiner at the pace it
 * reads instead of being written at once and tripping the slow-reader limit (the replay bomb,
 * SECURITY.md "Replay bomb"). Entries logged after the join are not in it: they reach the
 * joiner live.
 */
export interface ReplaySource {
  /** The next replayed frame, or undefined once the replay is complete. */
  next(): ServerFrame | undefined;
}

/** One connection's presence in a room, as the registry sees it. */
export interface RoomMember {
  /** Connection id, unique per server process (distinguishes a reconnect from the old socket). */
  readonly conn: number;
  /** The peer id this connection claimed. */
  readonly peer: string;
  /**
   * The client address a room created by this member is counted against (`maxRoomsPerAddress`),
   * or undefined when no per-address bound applies (a loopback client: this machine).
   */
  readonly address: string | undefined;
  /** False once this connection has created as many rooms as it may (`maxRoomsPerConnection`). */
  readonly mayCreateRoom: boolean;
  /** Queue a frame to this connection (never throws, never blocks). */
  deliver(frame: ServerFrame): void;
  /**
   * Hand the joiner its replay, right after `joined`. Frames delivered after this call reach the
   * connection after the last replayed entry, whatever the pace of the replay.
   */
  replay(source: ReplaySource): void;
  /**
   * Another connection claimed this peer id in this room (a reconnect, or anyone who knows the
   * id): the member is already out of the room; the server tells it and closes it.
   */
  kick(): void;
}

/** Result of {@link RoomRegistry.join}. */
export type JoinResult =
  | {
      readonly ok: true;
      /** Sorted peer ids in the room after the join, including the joiner. */
      readonly peers: readonly string[];
      /** How many log entries are replayed to the joiner (paced: see {@link ReplaySource}). */
      readonly replayed: number;
      /** True when this join created the room. */
      readonly created: boolean;
      /** True when an earlier member with the same peer id was kicked. */
      readonly replaced: boolean;
    }
  | { readonly ok: false; readonly code: 'room_full' | 'too_many_rooms'; readonly message: string };

/**
 * What happened to a relayed envelope in the room log: `full` = the room's log (or the server's
 * total) is full; `sender_full` = the sender's own share of the room log is used up.
 */
export type LogOutcome = 'logged' | 'duplicate' | 'full' | 'sender_full';

/**
 * Rooms, presence and per-room logs. The signalling server talks to rooms only through this
 * interface, so that a shared backend (Redis pub/sub, several server processes) can replace the
 * in-memory one. Methods may return promises for that reason; the in-memory registry answers
 * synchronously, so the relay path costs no promise and no microtask per frame.
 * Implementations deliver presence, signals and envelopes to members themselves.
 */
export interface RoomRegistry {
  /**
   * Adds `member` to `room` (creating it), kicking an earlier member with the same peer id.
   * On success the registry itself delivers `joined`, then hands the member its replay (log
   * entries addressed to all or to the joiner, not sent by it) with {@link RoomMember.replay},
   * before any other frame for the joiner. Creating a room is refused (`too_many_rooms`) when the
   * server is full, when `member.mayCreateRoom` is false, or when `member.address` already holds
   * `maxRoomsPerAddress` rooms. An empty room that only ever had one peer is dropped at once
   * (nobody else could be waiting for its log); others expire after the TTL.
   */
  join(room: string, member: RoomMember): Awaitable<JoinResult>;
  /** Removes `member` (no-op when it was already replaced or removed); empty rooms start expiring. */
  leave(room: string, member: RoomMember): Awaitable<void>;
  /** Delivers a signal from `from` to peer `to`; false when `to` is not in the room. */
  signal(room: string, from: RoomMember, to: string, data: unknown): Awaitable<boolean>;
  /** Delivers an envelope (canonical base64, checked by the caller) to `to` or to all others, and keeps it in the room log. */
  relay(room: string, from: RoomMember, data: string, to: string | undefined): Awaitable<LogOutcome>;
  /** Drops rooms that have been empty for longer than the TTL; returns their ids. */
  sweep(): Awaitable<string[]>;
  /** Counts for `/healthz` and tests (a shared backend may report only this process's share). */
  stats(): { rooms: number; peers: number; logEntries: number };
  /** Releases resources (connections to a shared backend). */
  close(): Promise<void>;
}
