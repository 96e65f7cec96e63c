/** The store's n × n progress matrix is filled from the peers' status gossip. */
import { describe, expect, it } from 'vitest';
import { threeToVerify, until } from './testing/testBrowsers';

describe('peer progress in the store', () => {
  it('after a 3-party ceremony, each store shows all three rows of every round filled', async () => {
    const all = await threeToVerify({ suite: 'FROST-ED25519-SHA512-v1', t: 2, label: 'M' });
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
        for (const round of ['round1', 'echo', 'confirm'] as const)
          expect([...s.progress!.rounds[round].received[o]!].sort()).toEqual(everyone);
        // Round 2 is local (the shares are inside the msg1s): everyone's, once decrypted and verified.
        expect([...s.progress!.rounds.round2.received[o]!].sort()).toEqual(everyone);
      }
    }
  }, 60_000);
});
