/**
 * Issue 11.6: the verification code cannot be ground across restarts. A room allows
 * MAX_GENERATIONS_PER_ROOM generations (one code each); then the coordinator's restart is
 * refused with the message custodians see, and a coordinator-signed restart past the bound is
 * refused by every participant, naming the coordinator.
 */
import { describe, expect, it } from 'vitest';
import { seededRng } from '../simulation.js';
import { createNodeIdentityCrypto } from '../../platform/node.js';
import { generateIdentity } from '../identity.js';
import { sealEnvelope } from '../envelope.js';
import { toHex } from '../encoding.js';
import { createParticipant, step } from './step.js';
import { MAX_GENERATIONS_PER_ROOM, restartsLeft } from './attempts.js';
import type { Effect, Event } from './types.js';

const crypto = createNodeIdentityCrypto();

function room3(seed: string) {
  const rngs = [0, 1, 2].map((i) => seededRng(`${seed}/${i}`));
  const ids = rngs.map((r) => generateIdentity(r));
  const room = { id: `room-${seed}`, secret: seededRng(`${seed}/room`)(32), coordinator: ids[0]!.publicKey };
  const states = ids.map((identity, i) =>
    createParticipant({ identity, name: ['Alice', 'Bob', 'Carol'][i]!, room, isCoordinator: i === 0, rng: rngs[i]! }),
  );
  const keyOf = ids.map((k) => toHex(k.publicKey));
  const queue: { to: number; bytes: Uint8Array }[] = [];
  const apply = async (i: number, ev: Event): Promise<Effect[]> => {
    const r = await step(states[i]!, ev, rngs[i]!, { crypto });
    states[i] = r.state;
    for (const e of r.effects) {
      if (e.type === 'broadcast') for (let j = 0; j < 3; j++) if (j !== i) queue.push({ to: j, bytes: e.bytes });
      if (e.type === 'send') queue.push({ to: keyOf.indexOf(e.to), bytes: e.bytes });
    }
    return r.effects;
  };
  const settle = async (): Promise<Effect[]> => {
    const all: Effect[] = [];
    for (let k = 0; k < 10_000 && queue.length > 0; k++) {
      const p = queue.shift()!;
      all.push(...(await apply(p.to, { type: 'receive', bytes: p.bytes })));
    }
    return all;
  };
  return { states, ids, room, keyOf, apply, settle };
}

const rejectedErrors = (fx: Effect[]) =>
  fx.flatMap((e) => (e.type === 'notice' && e.notice.kind === 'rejected' && e.notice.error ? [e.notice.error] : []));

describe('verification-code attempts per room', () => {
  it(`allows ${MAX_GENERATIONS_PER_ROOM} generations; the next restart is refused with the message to start a new room`, async () => {
    const r = room3('cap');
    for (let i = 0; i < 3; i++) await r.apply(i, { type: 'announce' });
    await r.settle();
    await r.apply(0, { type: 'lock', params: { suite: 'ed25519', minSigners: 2, label: 'cap' }, roster: r.keyOf });
    await r.settle();
    const codes = new Set<string>();
    for (let g = 0; g < MAX_GENERATIONS_PER_ROOM - 1; g++) {
      expect(r.states.map((s) => s.session?.generation)).toEqual([g, g, g]);
      codes.add(r.states[0]!.session!.code ?? '');
      expect(restartsLeft(g)).toBe(MAX_GENERATIONS_PER_ROOM - 1 - g);
      const fx = await r.apply(0, { type: 'restartWithout', identities: [] });
      expect(rejectedErrors(fx)).toEqual([]);
      await r.settle();
    }
    const last = MAX_GENERATIONS_PER_ROOM - 1;
    expect(r.states.map((s) => s.session?.generation)).toEqual([last, last, last]);
    codes.add(r.states[0]!.session!.code ?? '');
    expect(codes.size).toBe(MAX_GENERATIONS_PER_ROOM); // a new code each attempt
    const before = r.states[0]!;
    const fx = await r.apply(0, { type: 'restartWithout', identities: [] });
    const [err] = rejectedErrors(fx);
    expect(err?.code).toBe('attempts-exhausted');
    expect(err?.message).toMatch(/used all 8 attempts .* create a new room and send everyone a new invite/);
    expect(fx.some((e) => e.type === 'broadcast' || e.type === 'send')).toBe(false);
    expect(r.states[0]).toBe(before); // nothing changed: the session is as it was
    // The plain "restart" after a failure is refused the same way.
    await r.apply(1, { type: 'rejectCode' });
    await r.settle();
    expect(r.states[0]!.session?.outcome).toBe('failed');
    expect(rejectedErrors(await r.apply(0, { type: 'restart' }))[0]?.code).toBe('attempts-exhausted');
  });

  it('a restart past the bound signed by the coordinator (a modified app) is refused by every participant, naming the coordinator', async () => {
    const r = room3('cap-forged');
    for (let i = 0; i < 3; i++) await r.apply(i, { type: 'announce' });
    await r.settle();
    await r.apply(0, { type: 'lock', params: { suite: 'ed25519', minSigners: 2, label: 'cap' }, roster: r.keyOf });
    await r.settle();
    const coordinator = {
      secretKey: Buffer.from(r.states[0]!.identity.secretKey, 'hex'),
      publicKey: r.ids[0]!.publicKey,
    };
    const env = sealEnvelope(crypto, coordinator, {
      type: 'restart',
      room: r.room.id,
      session: '',
      generation: MAX_GENERATIONS_PER_ROOM,
      payload: { previousSession: r.states[1]!.session!.id, excluded: [], failureRecord: null },
    });
    for (const i of [1, 2]) {
      const fx = await r.apply(i, { type: 'receive', bytes: env.bytes });
      const [err] = rejectedErrors(fx);
      expect(err?.code).toBe('attempts-exhausted');
      expect(err?.culprits).toEqual([{ identity: r.keyOf[0] }]);
      expect(r.states[i]!.generation).toBe(0);
    }
    // One below the bound is still a normal restart.
    const ok = sealEnvelope(crypto, coordinator, {
      type: 'restart',
      room: r.room.id,
      session: '',
      generation: MAX_GENERATIONS_PER_ROOM - 1,
      payload: { previousSession: r.states[1]!.session!.id, excluded: [], failureRecord: null },
    });
    expect(rejectedErrors(await r.apply(1, { type: 'receive', bytes: ok.bytes }))).toEqual([]);
    expect(r.states[1]!.generation).toBe(MAX_GENERATIONS_PER_ROOM - 1);
  });
});
