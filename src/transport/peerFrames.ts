import { HASH_BYTES } from './bytes';

/**
 * Frames between two transports, carried raw on a data channel and base64-wrapped through the
 * server. First byte = kind; the rest is the body. The server never looks inside.
 */
export const PEER_FRAME = {
  /** An envelope whose audience is everyone. */
  envelopeAll: 1,
  /** An envelope addressed to the receiver alone. */
  envelopeDirect: 2,
  /** Inventory: n × 32-byte SHA-256 hashes of envelopes the sender holds for the receiver. */
  inventory: 3,
  /** Want: n × 32-byte hashes the sender lacks and asks the receiver to send. */
  want: 4,
} as const;

/** Why bytes from a peer were rejected (reported through `onBadPeerData`). */
export type BadPeerDataReason =
  | 'not_binary' // a data-channel message that is not bytes
  | 'empty' // zero-length message
  | 'too_large' // larger than the envelope limit (+1 kind byte) or the hash-list limit
  | 'unknown_kind' // first byte is not a known frame kind
  | 'bad_hash_list' // an inventory/want whose length is not a multiple of 32
  | 'bad_signal' // a malformed transport signal relayed by the server
  | 'bad_base64' // relayed data that is not base64
  | 'wrong_kind' // a frame kind not allowed on that path (e.g. an inventory in the relay log)
  | 'store_full' // the envelope store is full: the envelope was dropped
  | 'peer_quota'; // this peer already handed over its share of the store: the envelope was dropped

/** A decoded peer frame. */
export type PeerFrame =
  | { readonly kind: 'envelope'; readonly audience: 'all' | 'direct'; readonly bytes: Uint8Array }
  | { readonly kind: 'inventory' | 'want'; readonly hashes: readonly Uint8Array[] };

/** Limits applied when decoding. */
export interface PeerFrameLimits {
  readonly maxEnvelopeBytes: number;
  readonly maxHashesPerFrame: number;
}

/** Encodes an envelope frame. */
export function encodeEnvelopeFrame(bytes: Uint8Array, audience: 'all' | 'direct'): Uint8Array {
  const out = new Uint8Array(bytes.length + 1);
  out[0] = audience === 'all' ? PEER_FRAME.envelopeAll : PEER_FRAME.envelopeDirect;
  out.set(bytes, 1);
  return out;
}

/** Encodes an inventory or want frame. */
export function encodeHashFrame(kind: 'inventory' | 'want', hashes: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(1 + hashes.length * HASH_BYTES);
  out[0] = kind === 'inventory' ? PEER_FRAME.inventory : PEER_FRAME.want;
  hashes.forEach((h, i) => out.set(h, 1 + i * HASH_BYTES));
  return out;
}

/** Decodes untrusted bytes; never throws. */
export function decodePeerFrame(
  data: unknown,
  limits: PeerFrameLimits,
): { ok: true; frame: PeerFrame } | { ok: false; reason: BadPeerDataReason } {
  let bytes: Uint8Array;
  if (data instanceof Uint8Array) bytes = data;
  else if (data instanceof ArrayBuffer) bytes = new Uint8Array(data);
  else return { ok: false, reason: 'not_binary' };
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  const kind = bytes[0];
  const body = bytes.subarray(1);
  switch (kind) {
    case PEER_FRAME.envelopeAll:
    case PEER_FRAME.envelopeDirect:
      if (body.length > limits.maxEnvelopeBytes) return { ok: false, reason: 'too_large' };
      if (body.length === 0) return { ok: false, reason: 'empty' };
      // Copy: the caller keeps it, and the source may be a view over a reused buffer.
      return {
        ok: true,
        frame: { kind: 'envelope', audience: kind === PEER_FRAME.envelopeAll ? 'all' : 'direct', bytes: body.slice() },
      };
    case PEER_FRAME.inventory:
    case PEER_FRAME.want: {
      if (body.length % HASH_BYTES !== 0) return { ok: false, reason: 'bad_hash_list' };
      const n = body.length / HASH_BYTES;
      if (n > limits.maxHashesPerFrame) return { ok: false, reason: 'too_large' };
      const hashes: Uint8Array[] = [];
      for (let i = 0; i < n; i++) hashes.push(body.slice(i * HASH_BYTES, (i + 1) * HASH_BYTES));
      return { ok: true, frame: { kind: kind === PEER_FRAME.inventory ? 'inventory' : 'want', hashes } };
    }
    default:
      return { ok: false, reason: 'unknown_kind' };
  }
}
