import { base64DecodedLength, isId, type ClientFrame, type ErrorCode, type ServerLimits } from '../wire/index';

/** Why a client frame was rejected: the code sent back, a message, and the frame type if known. */
export interface FrameRejection {
  readonly code: ErrorCode;
  readonly message: string;
  readonly ref?: string;
}

/** Result of {@link parseClientFrame}. */
export type ParsedFrame = { ok: true; frame: ClientFrame } | { ok: false; error: FrameRejection };

/** Signal payloads are re-serialised when relayed; deep nesting would overflow the stack there. */
export const MAX_SIGNAL_DEPTH = 16;

/** Nesting depth of a parsed JSON value, counted iteratively and cut off just past `limit`. */
function jsonDepth(value: unknown, limit: number): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (d + 1 > max) max = d + 1;
    if (max > limit) return max;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

function reject(code: ErrorCode, message: string, ref?: string): ParsedFrame {
  return { ok: false, error: ref === undefined ? { code, message } : { code, message, ref } };
}

/**
 * Validates one text frame from an untrusted client. Looks only at routing fields and sizes;
 * envelope contents stay opaque, signal `data` is passed through as JSON.
 */
export function parseClientFrame(text: string, byteLength: number, limits: ServerLimits): ParsedFrame {
  if (byteLength > limits.maxFrameBytes) {
    return reject('frame_too_large', `frame of ${byteLength} bytes exceeds ${limits.maxFrameBytes}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return reject('bad_json', 'frame is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return reject('bad_json', 'frame is not a JSON object');
  }
  const o = value as Record<string, unknown>;
  const t = o.t;
  if (typeof t !== 'string') return reject('bad_frame', 'frame has no string field "t"');
  switch (t) {
    case 'ping':
      return { ok: true, frame: { t: 'ping' } };
    case 'join':
      if (!isId(o.room)) return reject('bad_frame', 'join: invalid "room"', t);
      if (!isId(o.peer)) return reject('bad_frame', 'join: invalid "peer"', t);
      return { ok: true, frame: { t, room: o.room, peer: o.peer } };
    case 'leave':
      if (!isId(o.room)) return reject('bad_frame', 'leave: invalid "room"', t);
      return { ok: true, frame: { t, room: o.room } };
    case 'signal':
      if (!isId(o.room)) return reject('bad_frame', 'signal: invalid "room"', t);
      if (!isId(o.to)) return reject('bad_frame', 'signal: invalid "to"', t);
      if (!('data' in o) || o.data === undefined) return reject('bad_frame', 'signal: missing "data"', t);
      if (jsonDepth(o.data, MAX_SIGNAL_DEPTH) > MAX_SIGNAL_DEPTH) {
        return reject('bad_frame', `signal: "data" nested deeper than ${MAX_SIGNAL_DEPTH}`, t);
      }
      return { ok: true, frame: { t, room: o.room, to: o.to, data: o.data } };
    case 'send': {
      if (!isId(o.room)) return reject('bad_frame', 'send: invalid "room"', t);
      if (o.to !== undefined && !isId(o.to)) return reject('bad_frame', 'send: invalid "to"', t);
      if (typeof o.data !== 'string') return reject('bad_frame', 'send: "data" must be a base64 string', t);
      const n = base64DecodedLength(o.data);
      if (n < 0) return reject('bad_frame', 'send: "data" is not canonical base64', t);
      if (n === 0) return reject('bad_frame', 'send: empty envelope', t);
      if (n > limits.maxEnvelopeBytes) {
        return reject('envelope_too_large', `envelope of ${n} bytes exceeds ${limits.maxEnvelopeBytes}`, t);
      }
      return {
        ok: true,
        frame: o.to === undefined ? { t, room: o.room, data: o.data } : { t, room: o.room, data: o.data, to: o.to },
      };
    }
    default:
      return reject('unknown_type', `unknown frame type ${JSON.stringify(t.slice(0, 32))}`);
  }
}
