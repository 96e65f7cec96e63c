import { envelopeHash, toHex } from './bytes';

/** Who may receive a held envelope: everyone, or one peer id. */
export type Audience = 'all' | { readonly to: string };

/** One held envelope. */
export interface HeldEnvelope {
  readonly hash: Uint8Array;
  readonly bytes: Uint8Array;
  readonly audience: Audience;
}

/** Result of {@link EnvelopeStore.add}. */
export type AddResult =
  | { readonly status: 'new'; readonly entry: HeldEnvelope }
  | { readonly status: 'duplicate' | 'rejected'; readonly hash: Uint8Array }
  | { readonly status: 'full'; readonly hash: Uint8Array };

/**
 * Envelopes this transport holds for one room, keyed by SHA-256: the dedup set for delivery
 * and the source of anti-entropy resends. Bounded in count and bytes.
 */
export interface EnvelopeStore {
  add(bytes: Uint8Array, audience: Audience): AddResult;
  has(hash: Uint8Array): boolean;
  get(hash: Uint8Array): HeldEnvelope | undefined;
  /** Forgets an envelope (it may be added again later). */
  remove(hash: Uint8Array): void;
  /** Forgets an envelope the application rejected, and refuses it from now on. */
  reject(hash: Uint8Array): void;
  isRejected(hash: Uint8Array): boolean;
  /** Hashes of envelopes that `peer` may receive (audience all, or addressed to it). */
  inventoryFor(peer: string): Uint8Array[];
  readonly size: number;
}

/** Creates an empty store. */
export function createEnvelopeStore(limits: {
  maxEntries: number;
  maxBytes: number;
  maxRejected: number;
}): EnvelopeStore {
  const held = new Map<string, HeldEnvelope>();
  const rejected = new Set<string>();
  let bytesHeld = 0;
  return {
    add(bytes, audience) {
      const hash = envelopeHash(bytes);
      const key = toHex(hash);
      if (rejected.has(key)) return { status: 'rejected', hash };
      if (held.has(key)) return { status: 'duplicate', hash };
      if (held.size >= limits.maxEntries || bytesHeld + bytes.length > limits.maxBytes) return { status: 'full', hash };
      const entry: HeldEnvelope = { hash, bytes, audience };
      held.set(key, entry);
      bytesHeld += bytes.length;
      return { status: 'new', entry };
    },
    has: (hash) => held.has(toHex(hash)),
    get: (hash) => held.get(toHex(hash)),
    remove(hash) {
      const key = toHex(hash);
      const e = held.get(key);
      if (e !== undefined) {
        held.delete(key);
        bytesHeld -= e.bytes.length;
      }
    },
    reject(hash) {
      const key = toHex(hash);
      const e = held.get(key);
      if (e !== undefined) {
        held.delete(key);
        bytesHeld -= e.bytes.length;
      }
      // Bounded: the oldest rejection is forgotten first (it may then be delivered once more).
      if (rejected.size >= limits.maxRejected) {
        const first = rejected.values().next();
        if (!first.done) rejected.delete(first.value);
      }
      rejected.add(key);
    },
    isRejected: (hash) => rejected.has(toHex(hash)),
    inventoryFor(peer) {
      const out: Uint8Array[] = [];
      for (const e of held.values()) {
        if (e.audience === 'all' || e.audience.to === peer) out.push(e.hash);
      }
      return out;
    },
    get size() {
      return held.size;
    },
  };
}
