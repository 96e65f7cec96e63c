/**
 * Issue 11.4: share encryption must not depend on the platform, and "this device cannot
 * decrypt" must never turn into a complaint against an honest sender.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runSimulation } from '../simulation.js';
import { createNodeIdentityCrypto } from '../../platform/node.js';
import { openShare, sealShare, ShareCryptoUnavailableError, type ShareCipher } from '../hpke.js';
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

describe('a device that cannot decrypt or encrypt stops itself and blames nobody', () => {
  const cannotOpen: ShareCipher = {
    seal: sealShare,
    open: () => Promise.reject(new ShareCryptoUnavailableError('no X25519 on this device')),
  };
  const cannotSeal: ShareCipher = { seal: () => Promise.reject(new Error('X25519 operation failed')), open: openShare };
  // The capability check before Start uses one seal and one open; the counters let it pass
  // and the fault appear later (e.g. a platform failing mid-ceremony).
  let opened = 0;
  let sealed = 0;

  it('cannot decrypt: no complaint is sent, the participant stops with device-unsupported, nobody is blamed', async () => {
    const sentBy: Record<number, string[]> = {};
    const r = await runSimulation({
      suite: 'ed25519',
      minSigners: 2,
      maxSigners: 3,
      seed: 'cannot-open',
      crypto,
      autoRestart: false,
      // The check before Start passes (the fault appears later, e.g. the platform failing mid-ceremony).
      shareCipherFor: (i) =>
        i === 2
          ? { seal: sealShare, open: (...a) => (opened++ === 0 ? openShare(...a) : cannotOpen.open(...a)) }
          : undefined,
      onStep: (i, _e, fx) => (sentBy[i] ??= []).push(...sentTypes(fx)),
    });
    expect(sentBy[2]).not.toContain('complaint');
    expect(Object.values(sentBy).flat()).not.toContain('complaint');
    const v = r.views[2]!;
    expect(v.phase).toBe('aborted');
    expect(v.abortReason?.code).toBe('device-unsupported');
    expect(v.abortReason?.culprits).toEqual([]);
    expect(v.abortReason?.message).toMatch(/could not decrypt.*Nobody is at fault/);
    // Nobody was judged: no generation failed with a blame.
    expect(r.generations.flatMap((g) => g.blamed)).toEqual([]);
  });
  it('cannot encrypt: nothing is sent, the participant stops with its cause, and later messages are not each dropped as "could not be processed"', async () => {
    const rejectedAfter: string[] = [];
    const sentBy: string[] = [];
    const r = await runSimulation({
      suite: 'ed25519',
      minSigners: 2,
      maxSigners: 3,
      seed: 'cannot-seal',
      crypto,
      autoRestart: false,
      shareCipherFor: (i) =>
        i === 1
          ? { seal: (...a) => (sealed++ < 2 ? sealShare(...a) : cannotSeal.seal(...a)), open: openShare }
          : undefined,
      onStep: (i, _e, fx) => {
        if (i !== 1) return;
        sentBy.push(...sentTypes(fx));
        for (const e of fx)
          if (e.type === 'notice' && e.notice.kind === 'rejected' && /could not be processed/.test(e.notice.message))
            rejectedAfter.push(e.notice.message);
      },
    });
    const v = r.views[1]!;
    expect(v.phase).toBe('aborted');
    expect(v.abortReason?.code).toBe('device-unsupported');
    expect(v.abortReason?.message).toMatch(/could not encrypt the shares.*X25519 operation failed.*nothing was sent/);
    expect(sentBy).not.toContain('round2');
    expect(rejectedAfter).toEqual([]);
    expect(r.generations.flatMap((g) => g.blamed)).toEqual([]);
  });
  it('the capability check refuses "codes match" on such a device: no Start is signed', async () => {
    const notices: string[] = [];
    const sentBy: string[] = [];
    const r = await runSimulation({
      suite: 'ed25519',
      minSigners: 2,
      maxSigners: 3,
      seed: 'cannot-start',
      crypto,
      autoRestart: false,
      shareCipherFor: (i) => (i === 1 ? cannotSeal : undefined),
      onStep: (i, e, fx) => {
        if (i !== 1) return;
        sentBy.push(...sentTypes(fx));
        if (e.type === 'confirmCode')
          for (const x of fx)
            if (x.type === 'notice' && x.notice.error) notices.push(`${x.notice.error.code}: ${x.notice.message}`);
      },
    });
    expect(notices[0]).toMatch(/^device-unsupported: this device cannot take part: .*X25519 operation failed/);
    expect(sentBy).not.toContain('start');
    expect(r.participants[1]!.state.session?.codeConfirmed).toBe(false);
  });
});
