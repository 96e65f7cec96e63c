/** State machine behaviour around the rounds: persistence, ordering, replays, the lobby. */
import { describe, expect, it } from 'vitest';
import { runSimulation, seededRng } from '../simulation.js';
import { createNodeIdentityCrypto } from '../../platform/node.js';
import { createParticipant, step } from './step.js';
import { deserialize, serialize } from './serialize.js';
import { readTrusted, sealEnvelope } from '../envelope.js';
import { fromUtf8, toHex } from '../encoding.js';
import { generateIdentity } from '../identity.js';
import { view } from './view.js';
import type { Effect, ParticipantState } from './types.js';

const crypto = createNodeIdentityCrypto();
const rng0 = seededRng('machine-test');
const typeOf = (bytes: Uint8Array): string => (JSON.parse(fromUtf8(bytes)) as { type: string }).type;
const rejections = (effects: Effect[]) =>
  effects.flatMap((e) =>
    e.type === 'notice' && e.notice.kind === 'rejected' && e.notice.error ? [e.notice.error] : [],
  );

describe('persistence', () => {
  it('a persist effect precedes every round-1 send, and the state it saves holds my signed msg1', async () => {
    let checked = 0;
    await runSimulation({
      suite: 'ed25519',
      minSigners: 2,
      maxSigners: 3,
      seed: 'persist',
      crypto,
      faults: { 1: { kind: 'equivocate' } },
      autoRestart: false,
      onStep: (_i, _ev, effects, _before, after) => {
        const first = effects.findIndex(
          (e) => (e.type === 'broadcast' || e.type === 'send') && typeOf(e.bytes) === 'round1',
        );
        if (first < 0) return;
        expect(effects.findIndex((e) => e.type === 'persist')).toBeLessThan(first);
        // My signed msg1 is in the state the persist saves (all a reload needs of Round 1).
        expect(after.session?.round1[String(after.session.myId)]).toBeDefined();
        checked++;
      },
    });
    expect(checked).toBeGreaterThanOrEqual(3);
  });

  it('serialize/deserialize of every state before every step: the ceremony still succeeds', async () => {
    let roundTrips = 0;
    const r = await runSimulation({
      suite: 'p256',
      minSigners: 2,
      maxSigners: 3,
      seed: 'roundtrip',
      crypto,
      roundTripStates: true,
      onStep: (_i, _e, _f, before) => {
        expect(deserialize(serialize(before))).toEqual(before);
        roundTrips++;
      },
    });
    expect(roundTrips).toBeGreaterThan(20);
    for (const v of r.views) expect(v.phase).toBe('success');
  });

  it('serialize/deserialize through a fault and restart', async () => {
    const r = await runSimulation({
      suite: 'ed25519',
      minSigners: 2,
      maxSigners: 3,
      seed: 'rt-fault',
      crypto,
      roundTripStates: true,
      faults: { 2: { kind: 'bad-share' } },
    });
    expect(r.generations.map((g) => g.outcome)).toEqual(['failed', 'success']);
  });

  it('deserialize refuses foreign or corrupted input', () => {
    expect(() => deserialize('{"v":3}')).toThrow(/not a participant state/);
    expect(() => deserialize('[]')).toThrow();
    expect(() => deserialize('not json')).toThrow();
  });

  it('the secret-free view contains no secret', async () => {
    const r = await runSimulation({ suite: 'ed25519', minSigners: 2, maxSigners: 3, seed: 'view', crypto });
    const p = r.participants[0]!;
    const s = p.state.session!;
    const secrets = [
      p.state.identity.secretKey,
      p.state.ephemeral.secretKey,
      p.state.master,
      s.result!.signingShare,
    ].filter((x) => x !== '');
    const json = JSON.stringify(view(p.state));
    for (const x of secrets) expect(json).not.toContain(x);
  });
});

describe('replays and foreign messages', () => {
  /** All envelopes a simulation put on the wire. */
  async function record(
    seed: string,
    label: string,
    faults = {},
  ): Promise<{ wire: Uint8Array[]; r: Awaited<ReturnType<typeof runSimulation>> }> {
    const wire: Uint8Array[] = [];
    const r = await runSimulation({
      suite: 'ed25519',
      minSigners: 2,
      maxSigners: 3,
      seed,
      label,
      crypto,
      faults,
      onStep: (_i, _e, effects) => {
        for (const e of effects) if (e.type === 'broadcast' || e.type === 'send') wire.push(e.bytes);
      },
    });
    return { wire, r };
  }

  it('a message from another session of the same room and generation → wrong-session', async () => {
    const a = await record('same-seed', 'label A');
    const b = await record('same-seed', 'label B'); // same identities and room, other label → other session id
    const p1 = a.r.participants[0]!;
    const foreign = b.wire.find(
      (w) => typeOf(w) === 'round1' && readTrusted(fromUtf8(w)).from === b.r.participants[1]!.state.identity.publicKey,
    )!;
    const res = await step(p1.state, { type: 'receive', bytes: foreign }, p1.rng, { crypto });
    expect(rejections(res.effects).map((e) => [e.code, e.claimedSender])).toEqual([
      ['wrong-session', b.r.participants[1]!.state.identity.publicKey],
    ]);
    expect(res.state.session).toEqual(p1.state.session);
  });

  it('a message from an earlier generation → wrong-generation', async () => {
    const { wire, r } = await record('replay-gen', 'x', { 2: { kind: 'bad-proof' } });
    const p1 = r.participants[0]!;
    expect(p1.state.generation).toBe(1);
    const old = wire.find((w) => typeOf(w) === 'round1' && readTrusted(fromUtf8(w)).generation === 0)!;
    const res = await step(p1.state, { type: 'receive', bytes: old }, p1.rng, { crypto });
    expect(rejections(res.effects).map((e) => e.code)).toEqual(['wrong-generation']);
    const oldHello = wire.find((w) => typeOf(w) === 'hello' && readTrusted(fromUtf8(w)).generation === 0)!;
    const res2 = await step(p1.state, { type: 'receive', bytes: oldHello }, p1.rng, { crypto });
    expect(rejections(res2.effects).map((e) => e.code)).toEqual(['wrong-generation']);
  });

  it('exact duplicates are idempotent: no effect, state unchanged', async () => {
    const { wire, r } = await record('dups', 'x');
    const p1 = r.participants[0]!;
    for (const w of wire) {
      const res = await step(p1.state, { type: 'receive', bytes: w }, p1.rng, { crypto });
      expect(res.effects).toEqual([]);
      expect(res.state).toBe(p1.state);
    }
  });
});

describe('resend and catch-up', () => {
  it('resend re-broadcasts what I signed (no pairwise messages: the shares are inside msg1)', async () => {
    const r = await runSimulation({ suite: 'ed25519', minSigners: 2, maxSigners: 3, seed: 'resend', crypto });
    const p2 = r.participants[1]!;
    const res = await step(p2.state, { type: 'resend' }, p2.rng, { crypto });
    const types = res.effects.flatMap((e) => (e.type === 'broadcast' ? [typeOf(e.bytes)] : []));
    expect(types).toEqual(['hello', 'reveal', 'start', 'round1', 'echo', 'confirmation', 'confirm-echo']);
    expect(res.effects.filter((e) => e.type === 'send')).toEqual([]);
  });

  it('a participant restored after sending round 1 catches up from what the others hold', async () => {
    let saved: ParticipantState | null = null;
    const r = await runSimulation({
      suite: 'ristretto255',
      minSigners: 2,
      maxSigners: 3,
      seed: 'catch-up',
      crypto,
      onStep: (i, _e, _f, _b, after) => {
        if (i === 2 && !saved && after.session?.round1[String(after.session.myId)]) saved = after;
      },
    });
    const { heldMessages } = await import('./step.js');
    let st = saved as unknown as ParticipantState;
    expect(view(st).phase).toBe('round1');
    for (const other of [r.participants[0]!, r.participants[1]!])
      for (const bytes of heldMessages(other.state))
        st = (await step(st, { type: 'receive', bytes }, r.participants[2]!.rng, { crypto })).state;
    expect(view(st).phase).toBe('success');
    expect(view(st).groupKey.hex).toBe(r.views[0]!.groupKey.hex);
  });
});

describe('echo disagreement', () => {
  it('a lying echo leaves the session waiting on the liar (no blame without evidence)', async () => {
    let atEcho: ParticipantState | null = null;
    const r = await runSimulation({
      suite: 'ed25519',
      minSigners: 2,
      maxSigners: 3,
      seed: 'echo-lie',
      crypto,
      onStep: (i, _e, _f, _b, after) => {
        if (i === 0 && !atEcho && after.session?.echoes['1'] && Object.keys(after.session.echoes).length === 1)
          atEcho = after;
      },
    });
    let st = atEcho as unknown as ParticipantState;
    expect(view(st).phase).toBe('echo');
    const p2echo = r.participants[1]!.state.session!.echoes['2']!;
    st = (await step(st, { type: 'receive', bytes: new TextEncoder().encode(p2echo) }, rng0, { crypto })).state;
    const p3 = r.participants[2]!;
    const lie = sealEnvelope(crypto, p3.identity, {
      type: 'echo',
      room: st.room.id,
      session: st.session!.id,
      generation: 0,
      payload: { round1: ['11'.repeat(32), '22'.repeat(32), '33'.repeat(32)] },
    });
    const res = await step(st, { type: 'receive', bytes: lie.bytes }, rng0, { crypto });
    const v = view(res.state);
    expect(v.phase).toBe('echo');
    expect(v.echo).toEqual({ agreed: false, disagreeing: [3] });
    expect(v.waitingFor.map((w) => w.name)).toEqual(['P3']);
    expect(v.failure).toBeNull();
    // Evidence was re-broadcast once: the round-1 envelopes in question and the echoes held.
    expect(
      res.effects
        .filter((e) => e.type === 'broadcast')
        .map((e) => typeOf((e as { bytes: Uint8Array }).bytes))
        .sort(),
    ).toEqual(['echo', 'echo', 'echo', 'round1', 'round1', 'round1']);
  });
});

describe('lobby', () => {
  const rng = seededRng('lobby');
  const coord = generateIdentity(rng);
  const alice = generateIdentity(rng);
  const room = { id: 'room-lobby', secret: rng(32), coordinator: coord.publicKey };

  async function announced(
    identity = alice,
    name = 'alice',
    r = room,
  ): Promise<{ bytes: Uint8Array; state: ParticipantState }> {
    const st = createParticipant({ identity, name, room: r, isCoordinator: identity === coord, rng });
    const res = await step(st, { type: 'announce' }, rng, { crypto });
    const b = res.effects.find((e) => e.type === 'broadcast') as { bytes: Uint8Array };
    return { bytes: b.bytes, state: res.state };
  }

  it('a Hello from someone without the room secret → bad-room-mac naming them', async () => {
    const c = await announced(coord, 'coord');
    const outsider = await announced(alice, 'mallory', { ...room, secret: new Uint8Array(32) });
    const res = await step(c.state, { type: 'receive', bytes: outsider.bytes }, rng, { crypto });
    expect(rejections(res.effects).map((e) => [e.code, e.culprits[0]?.identity])).toEqual([
      ['bad-room-mac', toHex(alice.publicKey)],
    ]);
    expect(view(res.state).candidates.map((x) => x.name)).toEqual(['coord']);
  });

  it('a Hello with a low-order ephemeral key → malformed naming the sender', async () => {
    const c = await announced(coord, 'coord');
    const eph = '00'.repeat(32);
    const { helloMac } = await import('./lobby.js');
    const mac = helloMac(room.secret, room.id, 0, toHex(alice.publicKey), eph, 'alice');
    const bad = sealEnvelope(crypto, alice, {
      type: 'hello',
      room: room.id,
      session: '',
      generation: 0,
      payload: { name: 'alice', ephemeral: eph, mac },
    });
    const res = await step(c.state, { type: 'receive', bytes: bad.bytes }, rng, { crypto });
    expect(rejections(res.effects).map((e) => [e.code, e.culprits[0]?.identity])).toEqual([
      ['malformed', toHex(alice.publicKey)],
    ]);
  });

  it('a roster signed by anyone but the invite coordinator → unknown-sender', async () => {
    const a = await announced();
    const fake = sealEnvelope(crypto, alice, {
      type: 'roster',
      room: room.id,
      session: '00'.repeat(32),
      generation: 0,
      payload: { params: {}, roster: [] },
    });
    const res = await step(a.state, { type: 'receive', bytes: fake.bytes }, rng, { crypto });
    expect(rejections(res.effects).map((e) => e.code)).toEqual(['unknown-sender']);
  });

  it('lock: coordinator only, needs a Hello from each selected identity, refuses jailed identities', async () => {
    const c = await announced(coord, 'coord');
    const a = await announced();
    const notCoord = await step(
      a.state,
      { type: 'lock', params: { suite: 'ed25519', minSigners: 2, label: '' }, roster: [] },
      rng,
      { crypto },
    );
    expect(rejections(notCoord.effects).map((e) => e.code)).toEqual(['wrong-phase']);
    const missing = await step(
      c.state,
      {
        type: 'lock',
        params: { suite: 'ed25519', minSigners: 2, label: '' },
        roster: [toHex(coord.publicKey), toHex(alice.publicKey)],
      },
      rng,
      { crypto },
    );
    expect(rejections(missing.effects).map((e) => [e.code, e.culprits.map((x) => x.identity)])).toEqual([
      ['invalid-roster', [toHex(alice.publicKey)]],
    ]);
    const withAlice = (await step(c.state, { type: 'receive', bytes: a.bytes }, rng, { crypto })).state;
    const jailed: ParticipantState = {
      ...withAlice,
      history: [
        {
          generation: 0,
          sessionId: null,
          roster: [],
          outcome: 'failed',
          blamed: [toHex(alice.publicKey)],
          excluded: [],
          reason: 'bad-share',
          failureRecord: null,
        },
      ],
      generation: 1,
    };
    jailed.candidates = withAlice.candidates;
    const refused = await step(
      jailed,
      {
        type: 'lock',
        params: { suite: 'ed25519', minSigners: 2, label: '' },
        roster: [toHex(coord.publicKey), toHex(alice.publicKey)],
      },
      rng,
      { crypto },
    );
    expect(rejections(refused.effects).map((e) => e.code)).toEqual(['jailed']);
    const ok = await step(
      withAlice,
      {
        type: 'lock',
        params: { suite: 'ed25519', minSigners: 2, label: 'L' },
        roster: [toHex(coord.publicKey), toHex(alice.publicKey)],
      },
      rng,
      { crypto },
    );
    expect(rejections(ok.effects)).toEqual([]);
    // Locked: the code waits for Alice's part (her Reveal, sent when she gets the roster).
    expect([
      view(ok.state).phase,
      view(ok.state).verificationCode,
      view(ok.state).codeWaitingFor.map((p) => p.name),
    ]).toEqual(['reveal', null, ['alice']]);
    const rosterBytes = (ok.effects.find((e) => e.type === 'broadcast') as { bytes: Uint8Array }).bytes;
    const aliceLocked = await step(a.state, { type: 'receive', bytes: rosterBytes }, rng, { crypto });
    const reveal = aliceLocked.effects
      .filter((e) => e.type === 'broadcast')
      .map((e) => (e as { bytes: Uint8Array }).bytes);
    expect(reveal.map(typeOf)).toEqual(['reveal']);
    const both = await step(ok.state, { type: 'receive', bytes: reveal[0]! }, rng, { crypto });
    expect(view(both.state).phase).toBe('verify');
    expect(view(both.state).verificationCode).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    // Alice still waits for the coordinator's part.
    expect(view(aliceLocked.state).codeWaitingFor.map((p) => p.name)).toEqual(['coord']);
  });

  it('messages that arrive before the roster are buffered, then used', async () => {
    const c = await announced(coord, 'coord');
    const a = await announced();
    let cs = (await step(c.state, { type: 'receive', bytes: a.bytes }, rng, { crypto })).state;
    const locked = await step(
      cs,
      {
        type: 'lock',
        params: { suite: 'ed25519', minSigners: 2, label: '' },
        roster: [toHex(coord.publicKey), toHex(alice.publicKey)],
      },
      rng,
      { crypto },
    );
    cs = locked.state;
    const rosterBytes = (locked.effects.find((e) => e.type === 'broadcast') as { bytes: Uint8Array }).bytes;
    // The code needs Alice's Reveal before the coordinator can confirm it.
    const aliceReveal = (await step(a.state, { type: 'receive', bytes: rosterBytes }, rng, { crypto })).effects.find(
      (e) => e.type === 'broadcast',
    ) as { bytes: Uint8Array };
    cs = (await step(cs, { type: 'receive', bytes: aliceReveal.bytes }, rng, { crypto })).state;
    const started = await step(cs, { type: 'confirmCode' }, rng, { crypto });
    const startBytes = (started.effects.find((e) => e.type === 'broadcast') as { bytes: Uint8Array }).bytes;
    // Alice gets the coordinator's Start before the roster.
    const early = await step(a.state, { type: 'receive', bytes: startBytes }, rng, { crypto });
    expect(early.effects.filter((e) => e.type !== 'persist')).toEqual([]);
    expect(early.state.buffer.length).toBe(1);
    const after = await step(early.state, { type: 'receive', bytes: rosterBytes }, rng, { crypto });
    expect(after.state.buffer).toEqual([]);
    expect(view(after.state).progress?.start.have).toEqual([1]);
  });

  it('rejectCode stops the session for everyone with a code-mismatch record', async () => {
    const c = await announced(coord, 'coord');
    const a = await announced();
    const cs = (await step(c.state, { type: 'receive', bytes: a.bytes }, rng, { crypto })).state;
    const locked = await step(
      cs,
      {
        type: 'lock',
        params: { suite: 'ed25519', minSigners: 2, label: '' },
        roster: [toHex(coord.publicKey), toHex(alice.publicKey)],
      },
      rng,
      { crypto },
    );
    const rosterBytes = (locked.effects.find((e) => e.type === 'broadcast') as { bytes: Uint8Array }).bytes;
    const as = (await step(a.state, { type: 'receive', bytes: rosterBytes }, rng, { crypto })).state;
    const rejected = await step(as, { type: 'rejectCode' }, rng, { crypto });
    expect(view(rejected.state).phase).toBe('failed');
    expect(view(rejected.state).failure?.reason).toBe('code-mismatch');
    const record = (rejected.effects.find((e) => e.type === 'broadcast') as { bytes: Uint8Array }).bytes;
    const coordAfter = await step(locked.state, { type: 'receive', bytes: record }, rng, { crypto });
    expect(view(coordAfter.state).phase).toBe('failed');
    expect(view(coordAfter.state).failure?.reason).toBe('code-mismatch');
    expect(view(coordAfter.state).failure?.culprits).toEqual([]);
  });
});
