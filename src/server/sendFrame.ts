import { checkedBase64Size, MAX_ID_LENGTH, type ServerLimits } from '../wire/index';

/** A `send` frame read straight from its bytes. */
export interface MatchedSend {
  readonly t: 'send';
  readonly room: string;
  readonly data: string;
  readonly to?: string;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const EQUALS = 0x3d;

/** Byte → 1 for id characters `[A-Za-z0-9_-]`, 2 for base64 characters `[A-Za-z0-9+/]` (3 for both). */
const CLASS = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') CLASS[c.charCodeAt(0)] = 3;
CLASS['_'.charCodeAt(0)] = 1;
CLASS['-'.charCodeAt(0)] = 1;
CLASS['+'.charCodeAt(0)] = 2;
CLASS['/'.charCodeAt(0)] = 2;

const ID = 1;
const BASE64 = 2;

const KEYS = ['t', 'room', 'data', 'to'] as const;
type Key = (typeof KEYS)[number];
const KEY_BYTES = KEYS.map((k) => Buffer.from(`"${k}":"`, 'latin1'));
const SEND = Buffer.from('send', 'latin1');

/**
 * Recognises the one frame the relay handles by the thousand — `{"t":"send","room":…,"data":…}`
 * with an optional `"to"`, keys in any order — from its bytes, without decoding the frame to a
 * string, parsing JSON and matching the envelope against a regular expression (together the
 * largest part of relaying an envelope). Accepts only a strict subset of JSON: no whitespace,
 * no escapes, no other or repeated keys, ids and base64 exactly as `parseClientFrame` requires
 * them. For such bytes `parseClientFrame` gives the same frame; for anything else this returns
 * undefined and the caller parses the frame the general way, which also words the error.
 */
export function matchSendFrame(buf: Buffer, limits: ServerLimits): MatchedSend | undefined {
  const end = buf.length;
  if (end > limits.maxFrameBytes || end < 2 || buf[0] !== 0x7b || buf[end - 1] !== 0x7d) return undefined;
  let t = false;
  let room: string | undefined;
  let data: string | undefined;
  let to: string | undefined;
  let at = 1;
  for (;;) {
    const k = keyAt(buf, at);
    if (k < 0) return undefined;
    const key = KEYS[k] as Key;
    const start = at + (KEY_BYTES[k] as Buffer).length;
    // The value runs to the next quote; which bytes it may hold depends on the key.
    let stop = start;
    if (key === 'data') {
      stop = base64End(buf, start, end);
      if (stop < 0 || data !== undefined) return undefined;
      data = buf.toString('latin1', start, stop);
      const size = checkedBase64Size(data);
      if (size < 1 || size > limits.maxEnvelopeBytes) return undefined;
    } else if (key === 't') {
      if (t || !bytesAt(buf, SEND, start)) return undefined;
      stop = start + SEND.length;
      t = true;
    } else {
      while (stop < end && ((CLASS[buf[stop] as number] as number) & ID) !== 0) stop++;
      if (stop === start || stop - start > MAX_ID_LENGTH) return undefined;
      const id = buf.toString('latin1', start, stop);
      if (key === 'room') {
        if (room !== undefined) return undefined;
        room = id;
      } else {
        if (to !== undefined) return undefined;
        to = id;
      }
    }
    if (buf[stop] !== QUOTE) return undefined;
    at = stop + 1;
    if (at === end - 1) break;
    if (buf[at] !== COMMA) return undefined;
    at++;
  }
  if (!t || room === undefined || data === undefined) return undefined;
  return to === undefined ? { t: 'send', room, data } : { t: 'send', room, data, to };
}

/** Which key's `"key":"` starts at `at` (its index in KEYS), or -1: told apart by the first letter, then checked whole. */
function keyAt(buf: Buffer, at: number): number {
  const first = buf[at + 1];
  const k =
    first === 0x74 /* t */
      ? buf[at + 2] === 0x6f /* o */
        ? 3
        : 0
      : first === 0x72 /* r */
        ? 1
        : first === 0x64 /* d */
          ? 2
          : -1;
  return k >= 0 && bytesAt(buf, KEY_BYTES[k] as Buffer, at) ? k : -1;
}

/** Whether `bytes` occur in `buf` at `at` (false when they would run past its end). */
function bytesAt(buf: Buffer, bytes: Buffer, at: number): boolean {
  if (at + bytes.length > buf.length) return false;
  // Keys are a few bytes long: a loop is cheaper than a call into Buffer.compare.
  for (let i = 0; i < bytes.length; i++) if (buf[at + i] !== bytes[i]) return false;
  return true;
}

/**
 * Where base64 text starting at `start` ends (the index of the closing quote), or -1: characters
 * `[A-Za-z0-9+/]`, then at most two `=`, a length that is a multiple of 4, then a quote.
 */
function base64End(buf: Buffer, start: number, end: number): number {
  let i = start;
  while (i < end && ((CLASS[buf[i] as number] as number) & BASE64) !== 0) i++;
  let pad = 0;
  while (i < end && buf[i] === EQUALS && pad < 2) {
    i++;
    pad++;
  }
  if (buf[i] !== QUOTE || (i - start) % 4 !== 0) return -1;
  return i;
}
