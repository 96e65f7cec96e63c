/**
 * Reading the envelopes a session holds: ids in roster order, "have I got n", and payloads and
 * content hashes of stored envelopes (validated on receipt), memoised in the protocol cache.
 */
import { readTrusted } from '../envelope.js';
import { parsePayload, type PayloadOf } from '../messages.js';
import type { Ctx } from './context.js';
import type { SessionState } from './types.js';

export const ids = (s: SessionState): number[] => s.roster.map((_, i) => i + 1);
export const has = (store: Record<string, string>, n: number): boolean => Object.keys(store).length >= n;
/** Payload of a stored envelope (validated when it was received), memoised in the cache. */
export function payloadOf<K extends 'reveal' | 'round1' | 'echo' | 'confirmation' | 'confirm-echo'>(
  ctx: Ctx,
  type: K,
  text: string,
): PayloadOf[K] {
  return ctx.cache.memo(`payload:${type}`, text, () => {
    const p = parsePayload(type, readTrusted(text).payload);
    if (!p.ok) throw new Error(`stored ${type} no longer parses`);
    return p.value;
  });
}

/** Content hash of a stored envelope, memoised. */
export function hashOf(ctx: Ctx, text: string): string {
  return ctx.cache.memo('hash', text, () => readTrusted(text).hash);
}
