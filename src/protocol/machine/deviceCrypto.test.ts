/**
 * Issue 11.4 / 13: share encryption must not depend on the platform. COCKTAIL-DKG's key
 * exchange (ECDH on the suite's group) and AEAD (XChaCha20-Poly1305) are pure noble code, so
 * a platform whose WebCrypto refuses X25519 runs the whole ceremony: nobody complains, nobody
 * is blamed. (The old core's HPKE could fail on such a device; that path is gone.)
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runSimulation } from '../simulation.js';
import { createNodeIdentityCrypto } from '../../platform/node.js';
import { fromUtf8 } from '../encoding.js';
import type { Effect } from './types.js';

const crypto = createNodeIdentityCrypto();
const typeOf = (bytes: Uint8Array): string => (JSON.parse(fromUtf8(bytes)) as { type: string }).type;
const sentTypes = (effects: Effect[]): string[] =>
  effects.flatMap((e) => (e.type === 'broadcast' || e.type === 'send' ? [typeOf(e.bytes)] : []));

/** The platform's WebCrypto refuses X25519 (a fault this machine cannot otherwise produce). */
function breakPlatformX25519(): void {
  const subtle = globalThis.crypto.subtle;
  for (const m of ['importKey', 'generateKey', 'deriveBits'] as const) {
    const orig = subtle[m].bind(subtle) as (...a: unknown[]) => Promise<unknown>;
    vi.spyOn(subtle, m).mockImplementation(((...args: unknown[]) =>
      JSON.stringify(args.map((a) => (a instanceof Uint8Array || a instanceof ArrayBuffer ? null : a)))
        .toUpperCase()
        .includes('X25519')
        ? Promise.reject(new DOMException('Unrecognized name.', 'NotSupportedError'))
        : orig(...args)) as never);
  }
}

describe('share encryption on a platform without WebCrypto X25519', () => {
  afterEach(() => vi.restoreAllMocks());

  it('the whole ceremony succeeds, nobody complains and nobody is blamed', async () => {
    breakPlatformX25519();
    const types: string[] = [];
    const r = await runSimulation({
      suite: 'ed25519',
      minSigners: 2,
      maxSigners: 3,
      seed: 'no-webcrypto-x25519',
      crypto,
      autoRestart: false,
      onStep: (_i, _e, fx) => types.push(...sentTypes(fx)),
    });
    expect(r.generations.map((g) => g.outcome)).toEqual(['success']);
    expect(types).not.toContain('complaint');
    expect(r.views.every((v) => v.phase === 'success')).toBe(true);
  });
});
