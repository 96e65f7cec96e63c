/** Live test signing from the browser controller: 3 participants, 2-of-3 sign over the in-memory network. */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryNetwork } from '../../ceremony/memoryNetwork';
import { createMemoryStateStore } from '../../ceremony/persistence/stateStore';
import { fromHex } from '../../protocol/encoding';
import { verifyGroupSignature } from '../../protocol/signing';
import { createUiStore, type UiStore } from '../store';
import type { UiState } from '../types';
import { createLiveController } from './liveController';

const rng = (n: number) => new Uint8Array(randomBytes(n));

function browser(net: ReturnType<typeof createMemoryNetwork>) {
  const store = createUiStore();
  const controller = createLiveController(store, {
    origin: 'http://127.0.0.1:8790',
    rng,
    storeFor: () => createMemoryStateStore(),
    transportFor: (_invite, selfId) => net.transport(selfId),
  });
  return { store, controller };
}

async function until(store: UiStore, pred: (s: UiState) => boolean, what: string): Promise<UiState> {
  for (let i = 0; i < 1000; i++) {
    if (pred(store.getState())) return store.getState();
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}; phase is ${store.getState().phase}`);
}

describe('live test signing (browser controller)', () => {
  it('after success, Bob asks; Bob and Alice sign; the signature verifies under the group key', async () => {
    const net = createMemoryNetwork();
    const alice = browser(net);
    await alice.controller.createCeremony({ suite: 'FROST-ED25519-SHA512-v1', t: 2, n: 3, label: 'S', myName: 'Alice' });
    const invite = (await until(alice.store, (s) => s.room !== null, 'room')).room!.inviteUrl;
    const bob = browser(net);
    const carol = browser(net);
    await bob.controller.joinInvite(invite, 'Bob');
    await carol.controller.joinInvite(invite, 'Carol');
    const full = await until(alice.store, (s) => s.candidates.length === 3, 'three candidates');
    await alice.controller.lockRoster(full.candidates.map((c) => c.id));
    const all = [alice, bob, carol];
    for (const b of all) await until(b.store, (s) => s.phase === 'verify', 'verify');
    // Before success, live test signing is refused with the protocol's reason.
    expect(await bob.controller.testSign('too early')).toEqual({ ok: false, error: 'test signing needs a successful ceremony' });
    for (const b of all) await b.controller.confirmCode(true);
    for (const b of all) await until(b.store, (s) => s.phase === 'success' && s.success !== null, 'success');

    const r = await bob.controller.testSign('pay 1 sat to nobody');
    if (!r.ok) throw new Error(r.error);
    const s = bob.store.getState();
    // Default signers: me plus the first other roster members, t in all, in roster order.
    const bobIndex = s.roster.find((p) => p.id === s.me!.id)!.index;
    const firstOther = s.roster.find((p) => p.index !== bobIndex)!.index;
    const byIndex = (i: number) => s.roster.find((p) => p.index === i)!.id;
    expect(r.signers).toEqual([bobIndex, firstOther].sort((a, b) => a - b).map(byIndex));
    expect(verifyGroupSignature('ed25519', fromHex(s.success!.groupKeyHex), new TextEncoder().encode('pay 1 sat to nobody'), fromHex(r.signatureHex))).toBe(true);

    const tooLong = await alice.controller.testSign('x'.repeat(1025));
    expect(tooLong).toEqual({ ok: false, error: 'the message is 1025 bytes; at most 1024' });
  }, 60_000);
});
