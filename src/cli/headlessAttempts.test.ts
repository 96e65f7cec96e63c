/**
 * Issue 11.6 from the terminal: in the last attempt a room allows, a failure the coordinator
 * would restart from ends the run with the message to create a new room (not a silent stop).
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryNetwork, createMemoryStateStore } from '../ceremony/index';
import {
  toHex,
  generateIdentity,
  createParticipant,
  step,
  MAX_GENERATIONS_PER_ROOM,
  type Event,
  type ParticipantState,
} from '../protocol/index';
import { runHeadless } from './headless';
import type { ProgressEvent } from './headlessReport';

const rng = (n: number) => new Uint8Array(randomBytes(n));

/** Three participants driven through the protocol to the room's last generation (code shown). */
async function atLastGeneration(): Promise<{ states: ParticipantState[]; keys: string[] }> {
  const ids = [0, 1, 2].map(() => generateIdentity(rng));
  const keys = ids.map((k) => toHex(k.publicKey));
  const room = { id: 'room-last-attempt', secret: rng(32), coordinator: ids[0]!.publicKey };
  const states = ids.map((identity, i) =>
    createParticipant({ identity, name: ['Alice', 'Bob', 'Carol'][i]!, room, isCoordinator: i === 0, rng }),
  );
  const queue: { to: number; bytes: Uint8Array }[] = [];
  const apply = async (i: number, ev: Event): Promise<void> => {
    const r = await step(states[i]!, ev, rng);
    states[i] = r.state;
    for (const e of r.effects) {
      if (e.type === 'broadcast') for (let j = 0; j < 3; j++) if (j !== i) queue.push({ to: j, bytes: e.bytes });
      if (e.type === 'send') queue.push({ to: keys.indexOf(e.to), bytes: e.bytes });
    }
  };
  const settle = async (): Promise<void> => {
    while (queue.length > 0) {
      const p = queue.shift()!;
      await apply(p.to, { type: 'receive', bytes: p.bytes });
    }
  };
  for (let i = 0; i < 3; i++) await apply(i, { type: 'announce' });
  await settle();
  await apply(0, { type: 'lock', params: { suite: 'ed25519', minSigners: 2, label: 'last attempt' }, roster: keys });
  await settle();
  for (let g = 0; g < MAX_GENERATIONS_PER_ROOM - 1; g++) {
    await apply(0, { type: 'restartWithout', identities: [] });
    await settle();
  }
  return { states, keys };
}

describe('headless coordinator in the last attempt of a room', () => {
  it('a failure it would restart from ends the run with "create a new room and send everyone a new invite"', async () => {
    const { states, keys } = await atLastGeneration();
    expect(states.map((s) => s.session?.generation)).toEqual([7, 7, 7]);
    states[2] = { ...states[2]!, fault: { kind: 'bad-share' } };
    const net = createMemoryNetwork();
    const events: ProgressEvent[][] = [[], [], []];
    const runs = states.map((state, i) =>
      runHeadless({
        state,
        transport: net.transport(keys[i]!),
        stateStore: createMemoryStateStore(),
        rng,
        autoConfirm: true,
        ask: async () => true,
        ...(i === 0
          ? { coordinator: { plan: { suite: 'ed25519', minSigners: 2, maxSigners: 3, label: 'last attempt' } } }
          : {}),
        emit: (e) => void events[i]!.push(e),
        writeOutputs: async () => [],
        lingerMs: 10,
        tickMs: 20,
      }),
    );
    const alice = await runs[0]!.done;
    for (const r of runs.slice(1)) r.stop(1, 'test over');
    expect(alice.exitCode).toBe(1);
    expect(alice.message).toMatch(
      /could not restart: this room has used all 8 attempts .*create a new room and send everyone a new invite/,
    );
    expect(events[0]!.some((e) => e.t === 'failed')).toBe(true);
  }, 60_000);
});
