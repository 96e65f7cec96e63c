/**
 * toUiState for the commit-then-reveal code: while the code waits for members' parts the UI
 * is on the code check with no code and the names it waits for; a coordinator who signed two
 * rosters is a 'roster-equivocation' finding naming it.
 */
import { describe, expect, it } from 'vitest';
import type { CeremonySnapshot } from '../ceremony/index';
import {
  computeSessionId,
  type RosterEntry,
  type SessionParams,
  fromUtf8,
  toHex,
  generateIdentity,
  sealEnvelope,
  createParticipant,
  step,
  view,
  type Effect,
  type ParticipantState,
  seededRng,
} from '../protocol/index';
import { createNodeIdentityCrypto } from '../platform/node';
import { toUiState, WaitTracker } from './toUiState';

const crypto = createNodeIdentityCrypto();
const rng = seededRng('to-ui-reveal');
const coord = generateIdentity(seededRng('to-ui/coord'));
const alice = generateIdentity(seededRng('to-ui/alice'));
const room = { id: 'to-ui-room-0000', secret: seededRng('to-ui/secret')(32), coordinator: coord.publicKey };

const ui = (st: ParticipantState) => {
  const snapshot: CeremonySnapshot = {
    view: view(st),
    links: {},
    presence: [],
    server: { state: 'idle', attempt: 0 },
    badPeers: [],
  };
  return toUiState(snapshot, {
    inviteUrl: '',
    draftParams: null,
    rejectedCode: false,
    now: 0,
    waits: new WaitTracker(),
  });
};
const broadcasts = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'broadcast' ? [e.bytes] : []));

/** Coordinator and Alice announce; the coordinator locks; Alice has the roster (not the coordinator's Reveal). */
async function lockedAlice() {
  const c0 = createParticipant({ identity: coord, name: 'Coord', room, isCoordinator: true, rng });
  const a0 = createParticipant({ identity: alice, name: 'Alice', room, isCoordinator: false, rng });
  const c1 = await step(c0, { type: 'announce' }, rng, { crypto });
  const a1 = await step(a0, { type: 'announce' }, rng, { crypto });
  const c2 = await step(c1.state, { type: 'receive', bytes: broadcasts(a1.effects)[0]! }, rng, { crypto });
  const locked = await step(
    c2.state,
    {
      type: 'lock',
      params: { suite: 'ed25519', minSigners: 2, label: 'L' },
      roster: [toHex(coord.publicKey), toHex(alice.publicKey)],
    },
    rng,
    { crypto },
  );
  const [rosterBytes, coordReveal] = broadcasts(locked.effects) as [Uint8Array, Uint8Array];
  const a2 = await step(a1.state, { type: 'receive', bytes: rosterBytes }, rng, { crypto });
  return { alice: a2.state, rosterBytes, coordReveal };
}

describe('toUiState and the commit-then-reveal code', () => {
  it("waiting for the coordinator's part: the code check, no code, the coordinator awaited", async () => {
    const { alice: st, coordReveal } = await lockedAlice();
    const s = ui(st);
    expect([s.phase, s.verification?.code, s.verification?.awaiting]).toEqual([
      'verify',
      null,
      [toHex(coord.publicKey)],
    ]);
    expect(s.waiting?.map((w) => [w.id, w.reason])).toEqual([[toHex(coord.publicKey), 'code']]);
    const done = ui((await step(st, { type: 'receive', bytes: coordReveal }, rng, { crypto })).state);
    expect(done.verification?.code).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    expect(done.verification?.awaiting).toEqual([]);
  });

  it('a second roster signed by the coordinator: a roster-equivocation finding naming the coordinator', async () => {
    const { alice: st, rosterBytes } = await lockedAlice();
    const w = JSON.parse(fromUtf8(rosterBytes)) as { gen: number; payload: string };
    const payload = JSON.parse(w.payload) as { params: SessionParams; roster: RosterEntry[] };
    payload.params.label = 'other';
    const session = toHex(computeSessionId(room.id, w.gen, payload.params, payload.roster));
    const second = sealEnvelope(crypto, coord, {
      type: 'roster',
      room: room.id,
      session,
      generation: w.gen,
      payload,
    }).bytes;
    const s = ui((await step(st, { type: 'receive', bytes: second }, rng, { crypto })).state);
    expect(s.phase).toBe('failed');
    expect(s.failure?.findings.map((f) => [f.code, f.culprit])).toEqual([
      ['roster-equivocation', toHex(coord.publicKey)],
    ]);
  });
});
