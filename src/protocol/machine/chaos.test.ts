/**
 * Chaos: random delivery order, duplicates, lost sends (a crash right after persisting), state
 * reloads from the last persisted copy, and resends. Invariants: step never throws, nobody ever
 * signs two different round-1 packages for one session, and the ceremony completes with one
 * group key once the network delivers what is resent.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createNodeIdentityCrypto } from '../../platform/node.js';
import { generateIdentity } from '../identity.js';
import { readTrusted } from '../envelope.js';
import { fromUtf8, toHex } from '../encoding.js';
import { seededRng } from '../simulation.js';
import { createParticipant, step } from './step.js';
import { deserialize, serialize } from './serialize.js';
import { phaseOf, view } from './view.js';
import type { Event, ParticipantState } from './types.js';

const crypto = createNodeIdentityCrypto();

async function chaos(
  seed: string,
  lossPercent: number,
  reloadPercent: number,
): Promise<{ states: ParticipantState[]; round1BySender: Map<string, Set<string>> }> {
  const n = 3;
  const net = seededRng(`${seed}/net`);
  const rand = (k: number): number => ((net(2)[0] as number) * 256 + (net(2)[1] as number)) % k;
  const rngs = Array.from({ length: n }, (_, i) => seededRng(`${seed}/${i}`));
  const ids = rngs.map((r) => generateIdentity(r));
  const room = { id: 'chaos', secret: seededRng(`${seed}/room`)(32), coordinator: ids[0]!.publicKey };
  const states = ids.map((identity, i) =>
    createParticipant({ identity, name: `P${i + 1}`, room, isCoordinator: i === 0, rng: rngs[i]! }),
  );
  const persisted = states.map((s) => serialize(s));
  const queue: { to: number; bytes: Uint8Array }[] = [];
  const byKey = new Map(ids.map((id, i) => [toHex(id.publicKey), i]));
  const round1BySender = new Map<string, Set<string>>();

  const apply = async (i: number, ev: Event): Promise<void> => {
    const before = states[i]!;
    const r = await step(before, ev, rngs[i]!, { crypto });
    states[i] = r.state;
    // Sending what the state already held (resend) needs no save; anything new does.
    let saved = r.state === before;
    const crashed = rand(100) < lossPercent; // the shell dies after saving, before sending
    for (const e of r.effects) {
      if (e.type === 'persist') {
        persisted[i] = serialize(r.state);
        saved = true;
        continue;
      }
      if (e.type !== 'broadcast' && e.type !== 'send') continue;
      expect(saved).toBe(true);
      const env = readTrusted(fromUtf8(e.bytes));
      if (env.type === 'round1') {
        const k = `${env.session}/${env.from}`;
        if (!round1BySender.has(k)) round1BySender.set(k, new Set());
        round1BySender.get(k)!.add(env.hash);
      }
      if (crashed) continue;
      if (e.type === 'broadcast') for (let j = 0; j < n; j++) if (j !== i) queue.push({ to: j, bytes: e.bytes });
      if (e.type === 'send') queue.push({ to: byKey.get(e.to)!, bytes: e.bytes });
    }
    if (crashed) {
      states[i] = deserialize(persisted[i]!); // reload…
      await apply(i, { type: 'resend' }); // …and resend on reconnect
    }
    const s = states[i]!;
    if (phaseOf(s) === 'verify' && !s.session!.codeConfirmed) await apply(i, { type: 'confirmCode' });
  };

  for (let i = 0; i < n; i++) await apply(i, { type: 'announce' });
  for (let guard = 0; guard < 5000; guard++) {
    if (queue.length === 0) {
      const c = states[0]!;
      if (!c.session && Object.keys(c.candidates).length === n) {
        await apply(0, {
          type: 'lock',
          params: { suite: 'ed25519', minSigners: 2, label: 'chaos' },
          roster: ids.map((x) => toHex(x.publicKey)),
        });
        continue;
      }
      if (states.every((s) => phaseOf(s) === 'success')) break;
      // Quiet but unfinished: everyone resends (anti-entropy on reconnect).
      for (let i = 0; i < n; i++) await apply(i, { type: 'resend' });
      continue;
    }
    const [pkt] = queue.splice(rand(queue.length), 1);
    if (rand(10) === 0) queue.push(pkt!); // duplicate
    if (rand(100) < reloadPercent) states[pkt!.to] = deserialize(persisted[pkt!.to]!);
    await apply(pkt!.to, { type: 'receive', bytes: pkt!.bytes });
  }
  return { states, round1BySender };
}

describe('chaos', () => {
  it('lost sends, reloads, duplicates and resends: one round-1 package per sender, success', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 10 }),
        async (seed, loss, reload) => {
          const { states, round1BySender } = await chaos(seed, loss, reload);
          for (const [k, hashes] of round1BySender) expect(hashes.size, k).toBe(1);
          for (const s of states) expect(phaseOf(s)).toBe('success');
          expect(new Set(states.map((s) => view(s).groupKey.hex)).size).toBe(1);
        },
      ),
      { numRuns: 6 },
    );
  }, 120_000);
});
