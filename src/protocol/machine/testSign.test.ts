/** Live test signing after success, in the machine: t chosen signers, nonces saved first and used once. */
import { beforeAll, describe, expect, it } from 'vitest';
import { runSimulation, seededRng, type SimParticipant } from '../testing/simulation.js';
import { createNodeIdentityCrypto } from '../identityNode.js';
import { readTrusted, sealEnvelope } from '../envelope.js';
import { fromHex, fromUtf8, toHex } from '../encoding.js';
import { verifyGroupSignature } from '../signing.js';
import { deserialize, serialize } from './serialize.js';
import { step } from './step.js';
import { view } from './view.js';
import type { Effect, Event, ParticipantState } from './types.js';

const crypto = createNodeIdentityCrypto();
let base: SimParticipant[];

beforeAll(async () => {
  const r = await runSimulation({ suite: 'ed25519', minSigners: 2, maxSigners: 3, seed: 'test-sign', crypto });
  base = r.participants;
});

type Tamper = (from: number, bytes: Uint8Array) => Uint8Array | null;

/** Runs the three participants until quiet; returns their states and every effect list. */
async function run(first: { who: number; event: Event }, opts: { tamper?: Tamper; offline?: number[]; roundTrip?: boolean } = {}) {
  const states: ParticipantState[] = base.map((p) => p.state);
  const log: { who: number; event: Event; effects: Effect[]; after: ParticipantState }[] = [];
  const queue: { to: number; bytes: Uint8Array }[] = [];
  const apply = async (who: number, event: Event): Promise<void> => {
    if (opts.offline?.includes(who)) return;
    const before = opts.roundTrip ? deserialize(serialize(states[who]!)) : states[who]!;
    const r = await step(before, event, base[who]!.rng, { crypto });
    states[who] = r.state;
    log.push({ who, event, effects: r.effects, after: r.state });
    for (const e of r.effects) {
      if (e.type !== 'broadcast') continue;
      const bytes = opts.tamper?.(who, e.bytes) ?? e.bytes;
      for (let to = 0; to < 3; to++) if (to !== who) queue.push({ to, bytes });
    }
  };
  await apply(first.who, first.event);
  // Reverse order: answers overtake requests.
  while (queue.length > 0) {
    const pkt = queue.pop()!;
    await apply(pkt.to, { type: 'receive', bytes: pkt.bytes });
  }
  return { states, log };
}

const typeOf = (b: Uint8Array): string => readTrusted(fromUtf8(b)).type;

describe('test signing in the machine', () => {
  it('2-of-3: the requester and the next member sign; everyone verifies the same signature', async () => {
    const { states, log } = await run({ who: 1, event: { type: 'testSign', message: 'hello, group' } }, { roundTrip: true });
    const views = states.map(view);
    for (const v of views) {
      expect(v.testSign).toMatchObject({ status: 'ok', message: 'hello, group', signers: [1, 2], error: null, culprits: [] });
      expect(v.testSign.signatureHex).toBe(views[0]!.testSign.signatureHex);
    }
    const key = fromHex(views[0]!.groupKey.hex!);
    expect(verifyGroupSignature('ed25519', key, new TextEncoder().encode('hello, group'), fromHex(views[0]!.testSign.signatureHex!))).toBe(true);
    // P3 was not chosen: it sent nothing.
    expect(log.filter((l) => l.who === 2).flatMap((l) => l.effects).filter((e) => e.type === 'broadcast')).toEqual([]);
    // Each signer: persist before its commitment (with the nonces in the saved state), then the share with the nonces gone.
    for (const who of [0, 1]) {
      const steps = log.filter((l) => l.who === who && l.effects.some((e) => e.type === 'broadcast' && typeOf(e.bytes) === 'sign-commit'));
      expect(steps).toHaveLength(1);
      expect(steps[0]!.effects[0]!.type).toBe('persist');
      const shareStep = log.find((l) => l.who === who && l.effects.some((e) => e.type === 'broadcast' && typeOf(e.bytes) === 'sign-share'))!;
      expect(shareStep.effects[0]!.type).toBe('persist');
      expect(shareStep.after.session!.testSign!.nonces).toBeNull();
      expect(shareStep.after.session!.testSign!.nonceUsed).toBe(true);
      const commitState = steps[0]!.after.session!.testSign!;
      if (commitState.shares[String(who + 1)] === undefined) expect(commitState.nonces).not.toBeNull();
    }
    expect(states.every((s) => s.session!.testSign!.nonces === null)).toBe(true);
  });

  it('explicit signers [2, 3] asked by P1, who only aggregates', async () => {
    const { states } = await run({ who: 0, event: { type: 'testSign', message: 'x', signers: [3, 2] } });
    expect(states.map((s) => view(s).testSign.status)).toEqual(['ok', 'ok', 'ok']);
    expect(view(states[0]!).testSign.signers).toEqual([2, 3]);
  });

  it('a signer offline: collecting, waiting for its commitment', async () => {
    const { states } = await run({ who: 0, event: { type: 'testSign', message: 'x' } }, { offline: [1] });
    expect(view(states[0]!).testSign).toMatchObject({ status: 'collecting', committed: [1], signed: [] });
  });

  it('a bad signature share is named', async () => {
    const p2 = base[1]!.identity;
    const tamper: Tamper = (from, bytes) => {
      const env = readTrusted(fromUtf8(bytes));
      if (from !== 1 || env.type !== 'sign-share') return null;
      const p = JSON.parse(env.payload) as { requestId: string; share: string };
      const share = fromHex(p.share);
      share[0] = (share[0]! + 1) % 256;
      return sealEnvelope(crypto, p2, { type: 'sign-share', room: env.room, session: env.session, generation: env.generation, payload: { ...p, share: toHex(share) } }).bytes;
    };
    const { states } = await run({ who: 0, event: { type: 'testSign', message: 'x' } }, { tamper });
    for (const who of [0, 2]) expect(view(states[who]!).testSign).toMatchObject({ status: 'failed', culprits: [2], error: 'bad signature share from P2 (#2)' });
    expect(view(states[1]!).testSign.status).toBe('ok'); // P2 holds its own, good share
  });

  it('refused before success, for a message over 1 KiB, or with a wrong signer set', async () => {
    const reject = async (state: ParticipantState, event: Event) => {
      const r = await step(state, event, seededRng('r'), { crypto });
      return r.effects.map((e) => (e.type === 'notice' ? e.notice.error?.code : e.type));
    };
    const early = { ...structuredClone(base[0]!.state) };
    early.session!.outcome = null;
    expect(await reject(early, { type: 'testSign', message: 'x' })).toEqual(['wrong-phase']);
    expect(await reject(base[0]!.state, { type: 'testSign', message: 'é'.repeat(513) })).toEqual(['invalid-params']);
    for (const signers of [[1], [1, 1], [1, 4], [1, 2, 3]]) expect(await reject(base[0]!.state, { type: 'testSign', message: 'x', signers })).toEqual(['invalid-params']);
  });

  it('a request naming the wrong number of signers, or an answer from someone not chosen, is malformed naming the sender', async () => {
    const s = base[0]!.state;
    const sealBy = (i: number, type: 'sign-request' | 'sign-commit', payload: unknown) =>
      sealEnvelope(crypto, base[i]!.identity, { type, room: s.room.id, session: s.session!.id, generation: s.generation, payload }).bytes;
    const bad = await step(s, { type: 'receive', bytes: sealBy(1, 'sign-request', { requestId: 'ab'.repeat(32), message: '', signers: [1, 2, 3] }) }, seededRng('r'), { crypto });
    expect(bad.effects.flatMap((e) => (e.type === 'notice' ? [[e.notice.error?.code, e.notice.error?.culprits.map((c) => c.id)]] : []))).toEqual([['malformed', [2]]]);
    const req = await step(s, { type: 'receive', bytes: sealBy(1, 'sign-request', { requestId: 'ab'.repeat(32), message: '', signers: [1, 2] }) }, seededRng('r'), { crypto });
    // A commitment that is not a usable point is refused on receipt, naming the signer.
    const badPoint = await step(req.state, { type: 'receive', bytes: sealBy(1, 'sign-commit', { requestId: 'ab'.repeat(32), hiding: 'ff'.repeat(32), binding: 'cd'.repeat(32) }) }, seededRng('r'), { crypto });
    expect(badPoint.effects.flatMap((e) => (e.type === 'notice' && e.notice.kind === 'rejected' ? [[e.notice.error?.code, e.notice.error?.culprits.map((c) => c.id)]] : []))).toEqual([['malformed', [2]]]);
    expect(badPoint.state.session!.testSign!.commits).toEqual({ '1': expect.any(String) });
    const outsider = await step(req.state, { type: 'receive', bytes: sealBy(2, 'sign-commit', { requestId: 'ab'.repeat(32), hiding: 'cd'.repeat(32), binding: 'cd'.repeat(32) }) }, seededRng('r'), { crypto });
    expect(outsider.effects.flatMap((e) => (e.type === 'notice' && e.notice.kind === 'rejected' ? [[e.notice.error?.code, e.notice.error?.culprits.map((c) => c.id)]] : []))).toEqual([['malformed', [3]]]);
  });
});
