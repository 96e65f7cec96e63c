/**
 * Wire format between a transport client and the signalling server (version 1).
 *
 * Every frame is one WebSocket *text* message holding one JSON object with a `t` (type) field.
 * Envelopes are opaque to the server: base64 of the bytes, checked only for size.
 * The server stamps `from` on everything it relays; a `from` sent by a client is ignored.
 * Shared by the server (Node) and the transport (browser and Node); no dependencies.
 */
import { MAX_ID_LENGTH } from './limits';

/** Protocol version announced in `welcome`. */
export const WIRE_VERSION = 1;

/** Room ids and peer ids: URL-safe tokens (a peer id is typically the hex of an identity key). */
export const ID_PATTERN = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_ID_LENGTH}}$`);

/** Closed set of error codes the server answers with. */
export const ERROR_CODES = [
  'bad_json', // not valid JSON, or not a JSON object
  'bad_frame', // a known type with missing or invalid fields
  'binary_frame', // a binary WebSocket message (only text frames are accepted)
  'unknown_type', // `t` is not one of the client frame types
  'frame_too_large', // the frame exceeds `limits.maxFrameBytes`
  'envelope_too_large', // the decoded envelope exceeds `limits.maxEnvelopeBytes`
  'not_joined', // the frame needs a room, but this connection has not joined one
  'already_joined', // `join` while already in a room (send `leave` first)
  'wrong_room', // the frame names a room other than the one this connection joined
  'room_full', // the room already has `limits.maxPeersPerRoom` peers
  'too_many_rooms', // the server already holds `limits.maxRooms` rooms
  'rate_limited', // more than `limits.ratePerSec` frames per second (burst `limits.burst`)
  'log_full', // the envelope was relayed live but the room log is full, so it is not kept
  'unknown_peer', // a signal to a peer that is not in the room
  'replaced', // another connection claimed this peer id in this room; this one is closed
  'shutting_down', // the server is stopping
  'internal', // a bug in the server; the frame was dropped
] as const;

/** One error code from {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** WebSocket close codes the server uses. */
export const CLOSE_CODES = {
  /** Server shutdown (standard "going away"). */
  goingAway: 1001,
  /** A larger frame than the hard cap: the socket is closed by `ws` itself. */
  tooBig: 1009,
  /** Another connection claimed the same peer id in the same room. */
  replaced: 4001,
  /** No pong to the heartbeat ping. */
  heartbeat: 4002,
  /**
   * No complete message for the idle limit (2 min by default; clients ping every 20 s). This
   * also bounds how long an unfinished fragmented message can hold server memory.
   */
  idle: 4003,
  /**
   * Too many bytes that complete no message: frame headers (each fragment's), control frames,
   * an unfinished message, beyond one message at the hard cap + 64 KiB, refilled 64 KiB/s.
   */
  overhead: 4004,
} as const;

/** Limits the server enforces; announced to clients in `welcome` so they can pace themselves. */
export interface ServerLimits {
  /** Largest text frame accepted, in bytes (UTF-8). */
  readonly maxFrameBytes: number;
  /** Largest relayed envelope, in decoded bytes. */
  readonly maxEnvelopeBytes: number;
  /** Peers per room. */
  readonly maxPeersPerRoom: number;
  /** Rooms held at once (including empty ones not yet expired). */
  readonly maxRooms: number;
  /** Sustained frames per second per connection. */
  readonly ratePerSec: number;
  /** Token-bucket capacity: frames that may arrive at once. */
  readonly burst: number;
  /** Envelopes kept in a room's log. */
  readonly maxLogEntries: number;
  /** Total envelope bytes kept in a room's log. */
  readonly maxLogBytes: number;
  /** Envelopes one peer id may have in a room's log (beyond it: `log_full`, relayed live only). */
  readonly maxLogEntriesPerPeer: number;
  /** Envelope bytes one peer id may have in a room's log. */
  readonly maxLogBytesPerPeer: number;
}

// ---------------------------------------------------------------------------------------------
// Client → server

/** Enter a room under a peer id (claimed, not proven: envelopes are signed end to end). */
export interface JoinFrame {
  readonly t: 'join';
  readonly room: string;
  readonly peer: string;
}
/** Leave the current room (the connection stays open). */
export interface LeaveFrame {
  readonly t: 'leave';
  readonly room: string;
}
/** WebRTC signalling (or transport control) for one peer; `data` is any JSON value. */
export interface SignalFrame {
  readonly t: 'signal';
  readonly room: string;
  readonly to: string;
  readonly data: unknown;
}
/** Relay an envelope (base64) to one peer (`to`) or, without `to`, to everyone else in the room. */
export interface SendFrame {
  readonly t: 'send';
  readonly room: string;
  readonly data: string;
  readonly to?: string;
}
/** Application-level keepalive (browsers cannot send WebSocket pings). */
export interface PingFrame {
  readonly t: 'ping';
}
/** Any frame a client sends. */
export type ClientFrame = JoinFrame | LeaveFrame | SignalFrame | SendFrame | PingFrame;

// ---------------------------------------------------------------------------------------------
// Server → client

/** First frame on every connection. */
export interface WelcomeFrame {
  readonly t: 'welcome';
  readonly v: number;
  readonly limits: ServerLimits;
}
/** Answer to `join`: who else is in the room; `replay` log entries follow as `env` frames. */
export interface JoinedFrame {
  readonly t: 'joined';
  readonly room: string;
  readonly peer: string;
  readonly peers: readonly string[];
  readonly replay: number;
}
/** The room's member list changed (sorted peer ids, including the receiver). */
export interface PresenceFrame {
  readonly t: 'presence';
  readonly room: string;
  readonly peers: readonly string[];
}
/** A signal from another peer; `from` is stamped by the server. */
export interface RelayedSignalFrame {
  readonly t: 'signal';
  readonly room: string;
  readonly from: string;
  readonly data: unknown;
}
/** A relayed envelope; `to` is set when it was addressed to the receiver alone. */
export interface EnvelopeFrame {
  readonly t: 'env';
  readonly room: string;
  readonly from: string;
  readonly data: string;
  readonly to?: string;
  /** True when replayed from the room log on join. */
  readonly replay?: boolean;
}
/** Answer to `ping`. */
export interface PongFrame {
  readonly t: 'pong';
}
/** A rejected frame or a limit; `ref` is the type of the offending frame when known. */
export interface ErrorFrame {
  readonly t: 'error';
  readonly code: ErrorCode;
  readonly message: string;
  readonly ref?: string;
}
/** Any frame the server sends. */
export type ServerFrame =
  WelcomeFrame | JoinedFrame | PresenceFrame | RelayedSignalFrame | EnvelopeFrame | PongFrame | ErrorFrame;

/** True when `s` is a valid room or peer id. */
export function isId(s: unknown): s is string {
  return typeof s === 'string' && ID_PATTERN.test(s);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decoded length of a canonical base64 string, or -1 when it is not base64. */
export function base64DecodedLength(s: string): number {
  if (s.length % 4 !== 0 || !BASE64.test(s)) return -1;
  return checkedBase64Size(s);
}

/** Decoded size of a string already checked to be base64 (its size follows from its length). */
export function checkedBase64Size(s: string): number {
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  return (s.length / 4) * 3 - pad;
}
