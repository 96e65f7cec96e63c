/** Status gossip: accepted from roster members, latest wins by counter, bounded and checked. */
import { beforeAll, describe, expect, it } from 'vitest';
import { runSimulation, seededRng } from '../simulation.js';
import { createNodeIdentityCrypto } from '../../platform/node.js';
import { sealEnvelope, readTrusted } from '../envelope.js';
import { fromUtf8, toHex } from '../encoding.js';
import { generateIdentity, type IdentityKeyPair } from '../identity.js';
import { deserialize, serialize } from './serialize.js';
import { heldMessages, step } from './step.js';
import { view } from './view.js';
import type { ParticipantState, StepResult } from './types.js';

const crypto = createNodeIdentityCrypto();
let target: ParticipantState; // P1 after the whole ceremony succeeded (n = 3)
let p2: IdentityKeyPair;
let p2hex: string;
const outsider = generateIdentity(seededRng('status-outsider'));
const held = { start: [1, 2, 3], round1: [1, 2], echo: [], round2: [1], confirm: [] };

beforeAll(async () => {
  const r = await runSimulation({ suite: 'ed25519', minSigners: 2, maxSigners: 3, seed: 'status', crypto });
  target = r.participants[0]!.state;
  p2 = r.participants[1]!.identity;
  p2hex = toHex(p2.publicKey);
});

function status(
  payload: unknown,
  opts: { by?: IdentityKeyPair; generation?: number; session?: string } = {},
): Uint8Array {
  return sealEnvelope(crypto, opts.by ?? p2, {
    type: 'status',
    room: target.room.id,
    session: opts.session ?? target.session!.id,
    generation: opts.generation ?? 0,
    payload,
  }).bytes;
}
const receive = (state: ParticipantState, bytes: Uint8Array): Promise<StepResult> =>
  step(state, { type: 'receive', bytes }, seededRng('s'), { crypto });
const rejected = (r: StepResult) =>
  r.effects.flatMap((e) =>
    e.type === 'notice' && e.notice.kind === 'rejected' && e.notice.error ? [e.notice.error] : [],
  );

describe('status from a roster member', () => {
  it('is accepted into view.peerProgress without a persist effect, and is no evidence', async () => {
    const r = await receive(target, status({ counter: 5, ...held }));
    expect(r.effects).toEqual([]);
    expect(view(r.state).peerProgress).toEqual({ [p2hex]: held });
    expect(view(target).peerProgress).toEqual({});
    // Not held as a message (anti-entropy) nor in the transcript stores.
    expect(heldMessages(r.state).map((b) => readTrusted(fromUtf8(b)).type)).not.toContain('status');
  });

  it('a newer counter replaces it; an older or equal one (even with other content) is ignored', async () => {
    const a = await receive(target, status({ counter: 5, ...held }));
    const newer = { ...held, echo: [1, 2, 3] };
    const b = await receive(a.state, status({ counter: 6, ...newer }));
    expect(view(b.state).peerProgress[p2hex]).toEqual(newer);
    for (const counter of [6, 1]) {
      const c = await receive(b.state, status({ counter, ...held, confirm: [1] }));
      expect(c.effects).toEqual([]);
      expect(c.state).toBe(b.state);
    }
  });

  it('status for another generation is ignored silently (stale gossip)', async () => {
    const r = await receive(target, status({ counter: 1, ...held }, { generation: 1 }));
    expect(r.effects).toEqual([]);
    expect(r.state).toBe(target);
  });
});

describe('adversarial status', () => {
  const cases: [string, unknown][] = [
    ['101 ids', { counter: 1, ...held, round1: Array.from({ length: 101 }, (_, i) => i + 1) }],
    // As large as an envelope may be (MAX_ENVELOPE_BYTES, 192 KiB): the schema, not the size limit, refuses it.
    ['a huge list', { counter: 1, ...held, echo: Array(90_000).fill(1) }],
    ['id 0', { counter: 1, ...held, start: [0, 1] }],
    ['duplicate ids', { counter: 1, ...held, start: [1, 1] }],
    ['unsorted ids', { counter: 1, ...held, start: [2, 1] }],
    ['counter 0', { counter: 0, ...held }],
    ['non-integer counter', { counter: 1.5, ...held }],
    ['an extra field', { counter: 1, ...held, note: 'x' }],
  ];
  it.each(cases)('%s → malformed naming P2, nothing stored', async (_name, payload) => {
    const r = await receive(target, status(payload));
    expect(rejected(r).map((e) => [e.code, e.culprits.map((c) => c.identity)])).toEqual([['malformed', [p2hex]]]);
    expect(view(r.state).peerProgress).toEqual({});
  });

  it('an id above n (in range for the schema) → malformed naming P2', async () => {
    const r = await receive(target, status({ counter: 1, ...held, round2: [1, 4] }));
    expect(rejected(r).map((e) => [e.code, e.message, e.culprits.map((c) => c.id)])).toEqual([
      ['malformed', 'status lists a round2 id above n = 3', [2]],
    ]);
  });

  it('from someone outside the roster → unknown-sender naming them', async () => {
    const r = await receive(target, status({ counter: 1, ...held }, { by: outsider }));
    expect(rejected(r).map((e) => [e.code, e.culprits.map((c) => c.identity)])).toEqual([
      ['unknown-sender', [toHex(outsider.publicKey)]],
    ]);
    expect(view(r.state).peerProgress).toEqual({});
  });

  it('for another session of this generation → wrong-session', async () => {
    const r = await receive(target, status({ counter: 1, ...held }, { session: 'ab'.repeat(32) }));
    expect(rejected(r).map((e) => e.code)).toEqual(['wrong-session']);
  });
});

describe('my status', () => {
  it('persists the counter, then broadcasts what I hold; the counter grows across a reload', async () => {
    const r = await step(target, { type: 'status' }, seededRng('m'), { crypto });
    expect(r.effects.map((e) => e.type)).toEqual(['persist', 'broadcast']);
    const env = readTrusted(fromUtf8((r.effects[1] as { bytes: Uint8Array }).bytes));
    expect(env.type).toBe('status');
    expect(JSON.parse(env.payload)).toEqual({
      counter: 1,
      start: [1, 2, 3],
      round1: [1, 2, 3],
      echo: [1, 2, 3],
      round2: [1, 2, 3], // Round 2 is local: every share (mine included) decrypted and verified
      confirm: [1, 2, 3],
    });
    const again = await step(deserialize(serialize(r.state)), { type: 'status' }, seededRng('m'), { crypto });
    expect(JSON.parse(readTrusted(fromUtf8((again.effects[1] as { bytes: Uint8Array }).bytes)).payload).counter).toBe(
      2,
    );
  });

  it('is a no-op without a session', async () => {
    const lobby = { ...structuredClone(target), session: null };
    const r = await step(lobby, { type: 'status' }, seededRng('m'), { crypto });
    expect(r.effects).toEqual([]);
  });
});
