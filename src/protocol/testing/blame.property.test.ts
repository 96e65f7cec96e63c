/**
 * Property: whatever the seed (delivery order, duplicates), suite, size and the faulty
 * participants, honest participants are never blamed, every blamed participant is faulty,
 * and restarting without the culprits ends in success with only honest participants.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runSimulation } from '../simulation.js';
import { createNodeIdentityCrypto } from '../../platform/node.js';
import type { FaultKind, FaultSpec } from '../machine/types.js';

const crypto = createNodeIdentityCrypto();
const BLAMABLE: FaultKind[] = ['bad-share', 'bad-proof', 'equivocate', 'false-complaint'];

describe('blame property', () => {
  it('honest participants are never blamed; culprits are faulty; restarts end in success', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.string({ minLength: 1, maxLength: 8 }),
          suite: fc.constantFrom('ed25519' as const, 'ristretto255' as const, 'p256' as const),
          n: fc.integer({ min: 4, max: 5 }),
          faults: fc.uniqueArray(
            fc.record({ index: fc.integer({ min: 1, max: 4 }), kind: fc.constantFrom(...BLAMABLE, 'silent' as const) }),
            {
              minLength: 1,
              maxLength: 2,
              selector: (f) => f.index,
            },
          ),
        }),
        async ({ seed, suite, n, faults }) => {
          const fs: Record<number, FaultSpec> = {};
          for (const f of faults) if (f.index < n) fs[f.index] = { kind: f.kind };
          const faulty = new Set(Object.keys(fs).map((i) => `P${Number(i) + 1}`));
          const r = await runSimulation({
            suite,
            minSigners: 2,
            maxSigners: n,
            seed,
            faults: fs,
            crypto,
            maxGenerations: 4,
          });
          for (const g of r.generations)
            for (const b of [...g.blamed, ...g.excluded])
              expect(faulty.has(b), `${b} blamed in ${JSON.stringify(r.generations)}`).toBe(true);
          // Every honest participant's own history agrees: nobody honest is blamed.
          for (const p of r.participants) {
            if (faulty.has(p.name)) continue;
            for (const h of p.state.history)
              for (const id of h.blamed)
                expect(faulty.has(r.participants.find((q) => q.state.identity.publicKey === id)!.name)).toBe(true);
          }
          const last = r.generations[r.generations.length - 1]!;
          expect(last.outcome).toBe('success');
          const final = r.views[0]!;
          for (const x of final.roster) expect(faulty.has(x.name)).toBe(false);
        },
      ),
      { numRuns: 12 },
    );
  });
});
