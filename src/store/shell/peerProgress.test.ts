/** The store's n × n progress matrix is filled from the peers' status gossip. */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryNetwork } from '../../ceremony/memoryNetwork';
import { createMemoryStateStore } from '../../ceremony/persistence/stateStore';
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

describe('peer progress in the store', () => {
  it('after a 3-party ceremony, each store shows all three rows of every round filled', async () => {
    const net = createMemoryNetwork();
    const alice = browser(net);
    await alice.controller.createCeremony({ suite: 'FROST-ED25519-SHA512-v1', t: 2, n: 3, label: 'M', myName: 'Alice' });
    const invite = (await until(alice.store, (s) => s.room !== null, 'room')).room!.inviteUrl;
    const bob = browser(net);
    const carol = browser(net);
    await bob.controller.joinInvite(invite, 'Bob');
    await carol.controller.joinInvite(invite, 'Carol');
    const full = await until(alice.store, (s) => s.candidates.length === 3, 'three candidates');
    await alice.controller.lockRoster(full.candidates.map((c) => c.id));
    const all = [alice, bob, carol];
    for (const b of all) await until(b.store, (s) => s.phase === 'verify', 'verify');
    for (const b of all) await b.controller.confirmCode(true);
    for (const b of all) await until(b.store, (s) => s.phase === 'success', 'success');

    for (const b of all) {
      const s = await until(
        b.store,
        (st) => {
          const r = st.progress?.rounds;
          return !!r && st.roster.every((p) => r.confirm.received[p.id]?.length === 3);
        },
        'all confirm rows',
      );
      const me = s.me!.id;
      const others = s.roster.map((p) => p.id).filter((id) => id !== me);
      expect(others).toHaveLength(2);
      const everyone = s.roster.map((p) => p.id).sort();
      for (const o of others) {
        for (const round of ['round1', 'echo', 'confirm'] as const) expect([...s.progress!.rounds[round].received[o]!].sort()).toEqual(everyone);
        // Round-2 shares are addressed to the holder: from the other two.
        expect([...s.progress!.rounds.round2.received[o]!].sort()).toEqual(everyone.filter((x) => x !== o));
      }
    }
  }, 60_000);
});
