/**
 * Live test signing after success, in the machine: t chosen signers, each approving on its own,
 * nonces saved first and used once, and only ever a domain-separated test message signed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runSimulation, seededRng, type SimParticipant } from '../simulation.js';
import { createNodeIdentityCrypto } from '../../platform/node.js';
import { readTrusted, sealEnvelope, type MessageType } from '../envelope.js';
import { fromHex, fromUtf8, toHex, utf8 } from '../encoding.js';
import { verifyGroupSignature } from '../signing.js';
import { testSignMessage } from '../testSignMessage.js';
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
type LogEntry = { who: number; event: Event; effects: Effect[]; after: ParticipantState };

interface RunOptions {
  tamper?: Tamper;
  offline?: number[];
  roundTrip?: boolean;
  /** Participants (0-based) whose custodian approves a request as soon as it is shown to them. */
  approve?: number[];
  /** Start from these states instead of the simulation's. */
  states?: ParticipantState[];
}

/** Runs the three participants until quiet; returns their states and every step with its effects. */
async function run(first: { who: number; event: Event }, opts: RunOptions = {}) {
  const states: ParticipantState[] = (opts.states ?? base.map((p) => p.state)).slice();
  const log: LogEntry[] = [];
  const queue: { to: number; event: Event }[] = [];
  const apply = async (who: number, event: Event): Promise<void> => {
    if (opts.offline?.includes(who)) return;
    const before = opts.roundTrip ? deserialize(serialize(states[who]!)) : states[who]!;
    const r = await step(before, event, base[who]!.rng, { crypto });
    states[who] = r.state;
    log.push({ who, event, effects: r.effects, after: r.state });
    for (const e of r.effects) {
      if (e.type !== 'broadcast') continue;
      const bytes = opts.tamper?.(who, e.bytes) ?? e.bytes;
      for (let to = 0; to < 3; to++) if (to !== who) queue.push({ to, event: { type: 'receive', bytes } });
    }
    // The custodian sees the request on screen and clicks (after the step that showed it).
    const t = r.state.session?.testSign;
    if (opts.approve?.includes(who) && t?.approval === 'pending' && t.status === 'collecting')
      queue.unshift({ to: who, event: { type: 'approveTestSign', requestId: t.requestId, approve: true } });
  };
  await apply(first.who, first.event);
  // Reverse order: answers overtake requests.
  while (queue.length > 0) {
    const next = queue.pop()!;
    await apply(next.to, next.event);
  }
  return { states, log };
}

const typeOf = (b: Uint8Array): string => readTrusted(fromUtf8(b)).type;
const broadcastsOf = (log: LogEntry[], who: number): string[] =>
  log
    .filter((l) => l.who === who)
    .flatMap((l) => l.effects.flatMap((e) => (e.type === 'broadcast' ? [typeOf(e.bytes)] : [])));
const anySigned = (log: LogEntry[]): boolean =>
  log.some((l) =>
    l.effects.some((e) => e.type === 'broadcast' && ['sign-commit', 'sign-share'].includes(typeOf(e.bytes))),
  );
const rejections = (effects: Effect[]) =>
  effects.flatMap((e) =>
    e.type === 'notice' && e.notice.kind === 'rejected'
      ? [[e.notice.error?.code, e.notice.error?.culprits.map((c) => c.id)]]
      : [],
  );

/** A message of this session signed by participant `i` (0-based), with any payload (the attacker's pen). */
function sealBy(i: number, type: MessageType, payload: unknown): Uint8Array {
  const s = base[0]!.state;
  return sealEnvelope(crypto, base[i]!.identity, {
    type,
    room: s.room.id,
    session: s.session!.id,
    generation: s.generation,
    payload,
  }).bytes;
}

describe('test signing in the machine', () => {
  it('2-of-3: Bob asks, Alice approves, both sign the domain-separated test message; everyone verifies the same signature', async () => {
    const { states, log } = await run(
      { who: 1, event: { type: 'testSign', text: 'hello, group' } },
      { roundTrip: true, approve: [0] },
    );
    const views = states.map(view);
    for (const v of views) {
      expect(v.testSign).toMatchObject({
        status: 'ok',
        text: 'hello, group',
        requester: 2,
        signers: [1, 2],
        error: null,
        culprits: [],
      });
      expect(v.testSign.signatureHex).toBe(views[0]!.testSign.signatureHex);
    }
    const key = fromHex(views[0]!.groupKey.hex!);
    const sig = fromHex(views[0]!.testSign.signatureHex!);
    // What is signed: prefix || session id || length || text, and not the text on its own.
    expect(verifyGroupSignature('ed25519', key, testSignMessage(states[0]!.session!.id, 'hello, group'), sig)).toBe(
      true,
    );
    expect(verifyGroupSignature('ed25519', key, utf8('hello, group'), sig)).toBe(false);
    // Alice's first broadcast comes in the step of her approval, not before.
    const aliceSteps = log.filter((l) => l.who === 0);
    const approvedAt = aliceSteps.findIndex((l) => l.event.type === 'approveTestSign');
    expect(approvedAt).toBeGreaterThan(0);
    expect(
      aliceSteps
        .slice(0, approvedAt)
        .flatMap((l) => l.effects)
        .filter((e) => e.type === 'broadcast'),
    ).toEqual([]);
    expect(
      aliceSteps
        .slice(0, approvedAt)
        .every(
          (l) =>
            !l.after.session!.testSign ||
            (l.after.session!.testSign.approval === 'pending' && l.after.session!.testSign.nonces === null),
        ),
    ).toBe(true);
    // P3 was not chosen: it sent nothing.
    expect(broadcastsOf(log, 2)).toEqual([]);
    // Each signer: persist before its commitment (with the nonces in the saved state), then the share with the nonces gone.
    for (const who of [0, 1]) {
      const steps = log.filter(
        (l) => l.who === who && l.effects.some((e) => e.type === 'broadcast' && typeOf(e.bytes) === 'sign-commit'),
      );
      expect(steps).toHaveLength(1);
      expect(steps[0]!.effects[0]!.type).toBe('persist');
      const shareStep = log.find(
        (l) => l.who === who && l.effects.some((e) => e.type === 'broadcast' && typeOf(e.bytes) === 'sign-share'),
      )!;
      expect(shareStep.effects[0]!.type).toBe('persist');
      expect(shareStep.after.session!.testSign!.nonces).toBeNull();
      expect(shareStep.after.session!.testSign!.nonceUsed).toBe(true);
      const commitState = steps[0]!.after.session!.testSign!;
      if (commitState.shares[String(who + 1)] === undefined) expect(commitState.nonces).not.toBeNull();
    }
    expect(states.every((s) => s.session!.testSign!.nonces === null)).toBe(true);
  });

  it('explicit signers [2, 3] asked by P1, who only aggregates; both approve', async () => {
    const { states } = await run(
      { who: 0, event: { type: 'testSign', text: 'x', signers: [3, 2] } },
      { approve: [1, 2] },
    );
    expect(states.map((s) => view(s).testSign.status)).toEqual(['ok', 'ok', 'ok']);
    expect(view(states[0]!).testSign).toMatchObject({ signers: [2, 3], approval: 'none' });
  });

  it('no approval, no commitment: the chosen signer shows the request and waits; the requester waits for it', async () => {
    const { states, log } = await run({ who: 1, event: { type: 'testSign', text: 'test signature' } });
    expect(broadcastsOf(log, 0)).toEqual([]);
    expect(view(states[0]!).testSign).toMatchObject({
      status: 'collecting',
      approval: 'pending',
      text: 'test signature',
      requester: 2,
      committed: [2],
    });
    expect(states[0]!.session!.testSign!.nonces).toBeNull();
    expect(view(states[1]!).testSign).toMatchObject({
      status: 'collecting',
      approval: 'approved',
      committed: [2],
      signed: [],
    });
  });

  it('declining ends it for me, sends only a signed decline, and a later approval of it is refused', async () => {
    const { states } = await run({ who: 1, event: { type: 'testSign', text: 'test signature' } });
    const rid = states[0]!.session!.testSign!.requestId;
    const no = await step(states[0]!, { type: 'approveTestSign', requestId: rid, approve: false }, seededRng('d'), {
      crypto,
    });
    const sent = no.effects.flatMap((e) => (e.type === 'broadcast' ? [readTrusted(fromUtf8(e.bytes))] : []));
    expect(sent.map((e) => [e.type, JSON.parse(e.payload)])).toEqual([['sign-decline', { requestId: rid }]]);
    expect(no.state.session!.testSign!.nonces).toBeNull();
    expect(view(no.state).testSign).toMatchObject({
      status: 'failed',
      approval: 'declined',
      error: 'you declined to sign the test text',
    });
    const yes = await step(no.state, { type: 'approveTestSign', requestId: rid, approve: true }, seededRng('d'), {
      crypto,
    });
    expect(yes.effects.map((e) => (e.type === 'notice' ? e.notice.error?.code : e.type))).toEqual(['wrong-phase']);
  });

  it('a signer offline: collecting, waiting for its commitment', async () => {
    const { states } = await run({ who: 0, event: { type: 'testSign', text: 'x' } }, { offline: [1] });
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
      return sealEnvelope(crypto, p2, {
        type: 'sign-share',
        room: env.room,
        session: env.session,
        generation: env.generation,
        payload: { ...p, share: toHex(share) },
      }).bytes;
    };
    const { states } = await run({ who: 0, event: { type: 'testSign', text: 'x' } }, { tamper, approve: [1] });
    for (const who of [0, 2])
      expect(view(states[who]!).testSign).toMatchObject({
        status: 'failed',
        culprits: [2],
        error: 'bad signature share from P2 (#2)',
      });
    expect(view(states[1]!).testSign.status).toBe('ok'); // P2 holds its own, good share
  });

  it('refused before success, for a text that is too long or not printable, or with a wrong signer set', async () => {
    const reject = async (state: ParticipantState, event: Event) => {
      const r = await step(state, event, seededRng('r'), { crypto });
      return r.effects.map((e) => (e.type === 'notice' ? e.notice.error?.code : e.type));
    };
    const early = { ...structuredClone(base[0]!.state) };
    early.session!.outcome = null;
    expect(await reject(early, { type: 'testSign', text: 'x' })).toEqual(['wrong-phase']);
    for (const text of ['é'.repeat(71), '', 'a\nb', 'x\u202ey'])
      expect(await reject(base[0]!.state, { type: 'testSign', text })).toEqual(['invalid-params']);
    for (const signers of [[1], [1, 1], [1, 4], [1, 2, 3]])
      expect(await reject(base[0]!.state, { type: 'testSign', text: 'x', signers })).toEqual(['invalid-params']);
  });

  it('a request naming the wrong number of signers, or an answer from someone not chosen, is malformed naming the sender', async () => {
    const s = base[0]!.state;
    const bad = await step(
      s,
      {
        type: 'receive',
        bytes: sealBy(1, 'sign-request', { requestId: 'ab'.repeat(32), text: 'x', signers: [1, 2, 3] }),
      },
      seededRng('r'),
      { crypto },
    );
    expect(rejections(bad.effects)).toEqual([['malformed', [2]]]);
    const req = await step(
      s,
      { type: 'receive', bytes: sealBy(1, 'sign-request', { requestId: 'ab'.repeat(32), text: 'x', signers: [1, 2] }) },
      seededRng('r'),
      { crypto },
    );
    // A commitment that is not a usable point is refused on receipt, naming the signer.
    const badPoint = await step(
      req.state,
      {
        type: 'receive',
        bytes: sealBy(1, 'sign-commit', {
          requestId: 'ab'.repeat(32),
          hiding: 'ff'.repeat(32),
          binding: 'cd'.repeat(32),
        }),
      },
      seededRng('r'),
      { crypto },
    );
    expect(rejections(badPoint.effects)).toEqual([['malformed', [2]]]);
    expect(badPoint.state.session!.testSign!.commits).toEqual({});
    const outsider = await step(
      req.state,
      {
        type: 'receive',
        bytes: sealBy(2, 'sign-commit', {
          requestId: 'ab'.repeat(32),
          hiding: 'cd'.repeat(32),
          binding: 'cd'.repeat(32),
        }),
      },
      seededRng('r'),
      { crypto },
    );
    expect(rejections(outsider.effects)).toEqual([['malformed', [3]]]);
  });
});

/**
 * SECURITY.md, "Test signing is not a signing oracle": a roster member (here Bob, P2) tries to get
 * the group's signature over bytes of its choice. Each attack goes through the real envelope
 * and step() code; none may ever make Alice (P1) commit or sign.
 */
describe('test signing is not a signing oracle (attacks)', () => {
  const sighash = '2514a6272f85cfa0f45eb907fcb0d121b808ed37c6ea160a5a9046ed5526d555'; // a BIP-341 sighash (any 32-byte digest)
  // A legacy Solana message: 1 required signature, 0 + 1 read-only, 3 account keys, a blockhash, one transfer.
  const solana =
    '010001' +
    '03' +
    '11'.repeat(32) +
    '22'.repeat(32) +
    '00'.repeat(32) +
    '33'.repeat(32) +
    '01' +
    '02' +
    '02' +
    '0001' +
    '0c' +
    '02000000' +
    '40420f0000000000';
  const latin1 = (h: string): string => String.fromCharCode(...fromHex(h));

  for (const [name, payload] of [
    ['a raw 32-byte hash (old request format)', { requestId: '01'.repeat(32), message: sighash, signers: [1, 2] }],
    [
      'a Solana transaction message (old request format)',
      { requestId: '02'.repeat(32), message: solana, signers: [1, 2] },
    ],
    ['a raw 32-byte hash smuggled in as text', { requestId: '03'.repeat(32), text: latin1(sighash), signers: [1, 2] }],
    [
      'a Solana message smuggled in as text',
      { requestId: '04'.repeat(32), text: latin1(solana).slice(0, 140), signers: [1, 2] },
    ],
  ] as const) {
    it(`${name}: refused as malformed naming Bob; Alice's approval cannot reach it; nothing is committed or signed`, async () => {
      const rid = payload.requestId;
      const { states, log } = await run(
        { who: 0, event: { type: 'receive', bytes: sealBy(1, 'sign-request', payload) } },
        { approve: [0, 2] },
      );
      expect(rejections(log[0]!.effects)).toEqual([['malformed', [2]]]);
      expect(anySigned(log)).toBe(false);
      expect(states[0]!.session!.testSign ?? null).toBeNull();
      const click = await step(states[0]!, { type: 'approveTestSign', requestId: rid, approve: true }, seededRng('a'), {
        crypto,
      });
      expect(click.effects.map((e) => (e.type === 'notice' ? e.notice.error?.code : e.type))).toEqual(['wrong-phase']);
    });
  }

  it('a printable text is still only signed inside the test message: the signature is worthless for the bare text', async () => {
    const text = 'Pay 1000 BTC to Bob';
    const { states } = await run({ who: 1, event: { type: 'testSign', text } }, { approve: [0] });
    const v = view(states[0]!);
    expect(v.testSign.status).toBe('ok');
    const key = fromHex(v.groupKey.hex!);
    const sig = fromHex(v.testSign.signatureHex!);
    expect(verifyGroupSignature('ed25519', key, testSignMessage(states[0]!.session!.id, text), sig)).toBe(true);
    expect(verifyGroupSignature('ed25519', key, utf8(text), sig)).toBe(false);
  });

  it('a request after "done" (Alice left / finished): not adopted, not approvable, never signed', async () => {
    const closed = await step(base[0]!.state, { type: 'closeTestSigning' }, seededRng('c'), { crypto });
    expect(view(closed.state).testSign.closed).toBe(true);
    const states = base.map((p) => p.state);
    states[0] = closed.state;
    const { states: after, log } = await run(
      { who: 1, event: { type: 'testSign', text: 'test signature' } },
      { approve: [0], states },
    );
    expect(broadcastsOf(log, 0)).toEqual([]);
    expect(after[0]!.session!.testSign ?? null).toBeNull();
    expect(view(after[1]!).testSign).toMatchObject({ status: 'collecting', committed: [2] });
    // Alice cannot start one either.
    const mine = await step(after[0]!, { type: 'testSign', text: 'test signature' }, seededRng('c'), { crypto });
    expect(mine.effects.map((e) => (e.type === 'notice' ? e.notice.error?.code : e.type))).toEqual(['wrong-phase']);
  });

  it('closing during a signing drops the pending nonces and answers nothing more', async () => {
    // Bob asks; everything he sends is recorded.
    const asked = await run({ who: 1, event: { type: 'testSign', text: 'test signature' } });
    const bobCommit = asked.log.find(
      (l) => l.who === 1 && l.effects.some((e) => e.type === 'broadcast' && typeOf(e.bytes) === 'sign-commit'),
    )!;
    // Alice holds Bob's request only, then approves: her nonces are saved, her commitment goes out.
    const request = readTrusted(asked.states[1]!.session!.testSign!.request).bytes;
    let alice = (await step(base[0]!.state, { type: 'receive', bytes: request }, seededRng('q'), { crypto })).state;
    alice = (
      await step(
        alice,
        { type: 'approveTestSign', requestId: alice.session!.testSign!.requestId, approve: true },
        seededRng('q'),
        { crypto },
      )
    ).state;
    expect(alice.session!.testSign!.nonces).not.toBeNull();
    const left = await step(alice, { type: 'closeTestSigning' }, seededRng('q'), { crypto });
    expect(left.state.session!.testSign).toMatchObject({ status: 'failed', nonces: null, nonceUsed: true });
    // Bob's commitment arrives: no share from Alice.
    const commitBytes = bobCommit.effects.find((e) => e.type === 'broadcast' && typeOf(e.bytes) === 'sign-commit') as {
      bytes: Uint8Array;
    };
    const late = await step(left.state, { type: 'receive', bytes: commitBytes.bytes }, seededRng('q'), { crypto });
    expect(late.effects.filter((e) => e.type === 'broadcast')).toEqual([]);
    expect(late.state.session!.testSign!.shares).toEqual({});
  });

  it('a replayed request is never signed again: once replaced, or after a reload', async () => {
    // R1: Bob asks, Alice approves, signed.
    const first = await run({ who: 1, event: { type: 'testSign', text: 'first' } }, { approve: [0] });
    expect(view(first.states[0]!).testSign.status).toBe('ok');
    const r1 = readTrusted(first.states[1]!.session!.testSign!.request).bytes;
    // R2 replaces it on Alice's side (shown, not approved yet).
    const second = await run({ who: 1, event: { type: 'testSign', text: 'second' } }, { states: first.states });
    expect(view(second.states[0]!).testSign).toMatchObject({ text: 'second', approval: 'pending' });
    // R1 replayed (room log, a peer's resend): ignored; R2 stays current; nothing sent.
    const replay = await step(second.states[0]!, { type: 'receive', bytes: r1 }, seededRng('p'), { crypto });
    expect(replay.effects.filter((e) => e.type === 'broadcast')).toEqual([]);
    expect(view(replay.state).testSign).toMatchObject({ text: 'second', approval: 'pending' });
    // An approval for R1 (a click on a screen that still showed it) does not apply to R2.
    const stale = await step(
      replay.state,
      { type: 'approveTestSign', requestId: first.states[0]!.session!.testSign!.requestId, approve: true },
      seededRng('p'),
      { crypto },
    );
    expect(stale.effects.map((e) => (e.type === 'notice' ? e.notice.error?.code : e.type))).toEqual(['wrong-phase']);

    // Alice's device reloads with R2 pending: the resumed session does not answer it.
    const reloaded = deserialize(serialize(replay.state));
    const resumed = await step(reloaded, { type: 'resumed' }, seededRng('p'), { crypto });
    expect(view(resumed.state).testSign).toMatchObject({ status: 'failed', text: 'second' });
    const r2 = readTrusted(second.states[1]!.session!.testSign!.request).bytes;
    for (const bytes of [r1, r2]) {
      const again = await step(resumed.state, { type: 'receive', bytes }, seededRng('p'), { crypto });
      expect(again.effects.filter((e) => e.type === 'broadcast')).toEqual([]);
      expect(view(again.state).testSign.status).toBe('failed');
    }
    const click = await step(
      resumed.state,
      { type: 'approveTestSign', requestId: resumed.state.session!.testSign!.requestId, approve: true },
      seededRng('p'),
      { crypto },
    );
    expect(click.effects.map((e) => (e.type === 'notice' ? e.notice.error?.code : e.type))).toEqual(['wrong-phase']);
    // The resumed session does not re-send the ended request either.
    const resend = await step(resumed.state, { type: 'resend' }, seededRng('p'), { crypto });
    expect(
      resend.effects.filter((e) => e.type === 'broadcast').map((e) => typeOf((e as { bytes: Uint8Array }).bytes)),
    ).not.toContain('sign-request');
    // A new request after the reload is shown for approval as usual.
    const third = await run(
      { who: 1, event: { type: 'testSign', text: 'third' } },
      { states: [resumed.state, second.states[1]!, second.states[2]!], approve: [0] },
    );
    expect(view(third.states[0]!).testSign).toMatchObject({ status: 'ok', text: 'third' });
  });

  it('a state saved by the earlier version, holding a raw-bytes request, loads without it', () => {
    const st = JSON.parse(serialize(base[0]!.state)) as { session: Record<string, unknown> };
    st.session.testSign = {
      requestId: '05'.repeat(32),
      requester: 2,
      message: sighash,
      signers: [1, 2],
      request: '{}',
      commits: {},
      shares: {},
      nonces: null,
      nonceUsed: false,
      status: 'collecting',
      signatureHex: null,
      error: null,
      culprits: [],
    };
    expect(deserialize(JSON.stringify(st)).session!.testSign).toBeNull();
  });
});

/**
 * A chosen signer's "no" reaches everyone at once (a signed 'sign-decline'), and cannot be used
 * against anyone: not by a non-signer, not replayed onto a newer request, not alongside a "yes".
 * Every case goes through the real envelope and step() code.
 */
describe('declining a test signing', () => {
  /** Runs Bob's request to quiet with Alice (P1) answering no on her screen; returns all states and the log. */
  async function aliceDeclines(text: string, states?: ParticipantState[]) {
    const asked = await run({ who: 1, event: { type: 'testSign', text } }, states ? { states } : {});
    const rid = asked.states[0]!.session!.testSign!.requestId;
    const no = await run(
      { who: 0, event: { type: 'approveTestSign', requestId: rid, approve: false } },
      { states: asked.states },
    );
    return { ...no, rid, request: readTrusted(asked.states[1]!.session!.testSign!.request).bytes };
  }
  const declineOf = (log: LogEntry[]): Uint8Array =>
    (
      log.flatMap((l) => l.effects).find((e) => e.type === 'broadcast' && typeOf(e.bytes) === 'sign-decline') as {
        bytes: Uint8Array;
      }
    ).bytes;

  it('Alice declines: Bob (who asked) and Carol see at once that Alice declined; nothing was committed by her', async () => {
    const { states, log } = await aliceDeclines('test signature');
    expect(broadcastsOf(log, 0)).toEqual(['sign-decline']);
    for (const who of [1, 2])
      expect(view(states[who]!).testSign).toMatchObject({
        status: 'failed',
        declinedBy: 1,
        culprits: [],
        error: 'P1 declined to sign the test text',
      });
    // Bob's own unused nonces are gone with the request.
    expect(states[1]!.session!.testSign!.nonces).toBeNull();
    // Declining is not a fault: nobody is refused or blamed.
    expect(log.flatMap((l) => rejections(l.effects))).toEqual([]);
    // The same decline again (a resend, another path) changes nothing and is not refused.
    const again = await step(states[1]!, { type: 'receive', bytes: declineOf(log) }, seededRng('x'), { crypto });
    expect(rejections(again.effects)).toEqual([]);
    expect(view(again.state).testSign).toMatchObject({ status: 'failed', declinedBy: 1 });
  });

  it('a decline ahead of its request (delivery order is arbitrary) ends the request when it arrives', async () => {
    const { log, request } = await aliceDeclines('test signature');
    const early = await step(base[2]!.state, { type: 'receive', bytes: declineOf(log) }, seededRng('e'), { crypto });
    expect(rejections(early.effects)).toEqual([]);
    const req = await step(early.state, { type: 'receive', bytes: request }, seededRng('e'), { crypto });
    expect(view(req.state).testSign).toMatchObject({ status: 'failed', declinedBy: 1 });
  });

  it('attack: a decline from someone not chosen to sign is refused naming its sender; the request goes on', async () => {
    const asked = await run({ who: 1, event: { type: 'testSign', text: 'test signature' } });
    const rid = asked.states[1]!.session!.testSign!.requestId;
    // Carol (P3) is not a signer of [1, 2] and tries to kill Bob's request.
    const r = await step(
      asked.states[1]!,
      { type: 'receive', bytes: sealBy(2, 'sign-decline', { requestId: rid }) },
      seededRng('w'),
      { crypto },
    );
    expect(rejections(r.effects)).toEqual([['malformed', [3]]]);
    expect(view(r.state).testSign).toMatchObject({ status: 'collecting', declinedBy: null });
    // Alice can still approve, and the signing completes for everyone.
    const done = await run(
      { who: 0, event: { type: 'approveTestSign', requestId: rid, approve: true } },
      { states: [asked.states[0]!, r.state, asked.states[2]!] },
    );
    expect(done.states.map((st) => view(st).testSign.status)).toEqual(['ok', 'ok', 'ok']);
  });

  it("attack: Alice's decline of an old request, replayed, does not end a newer one; refused naming Alice", async () => {
    const first = await aliceDeclines('first');
    const oldDecline = declineOf(first.log);
    // Bob asks again; Alice approves this one.
    const second = await run({ who: 1, event: { type: 'testSign', text: 'second' } }, { states: first.states });
    expect(view(second.states[1]!).testSign).toMatchObject({ status: 'collecting', text: 'second' });
    // The old decline comes back (room log after a reload, or Bob's adversary replays it).
    const replay = await step(second.states[1]!, { type: 'receive', bytes: oldDecline }, seededRng('o'), { crypto });
    expect(rejections(replay.effects)).toEqual([['wrong-phase', [1]]]);
    expect(view(replay.state).testSign).toMatchObject({ status: 'collecting', text: 'second', declinedBy: null });
    const done = await run(
      {
        who: 0,
        event: { type: 'approveTestSign', requestId: second.states[0]!.session!.testSign!.requestId, approve: true },
      },
      { states: [second.states[0]!, replay.state, second.states[2]!] },
    );
    expect(done.states.map((st) => view(st).testSign)).toMatchObject([
      { status: 'ok', text: 'second' },
      { status: 'ok' },
      { status: 'ok' },
    ]);
  });

  it('attack: Alice both signs (commitment and share) and declines one request: equivocation naming Alice, with both signed messages as evidence', async () => {
    // Alice (here the attacker's device) approves normally: her commitment and share go out.
    const asked = await run({ who: 1, event: { type: 'testSign', text: 'test signature' } }, { offline: [2] });
    const rid = asked.states[0]!.session!.testSign!.requestId;
    const yes = await run(
      { who: 0, event: { type: 'approveTestSign', requestId: rid, approve: true } },
      { states: asked.states, offline: [1, 2] },
    );
    const aliceSent = yes.log
      .filter((l) => l.who === 0)
      .flatMap((l) => l.effects.flatMap((e) => (e.type === 'broadcast' ? [e.bytes] : [])));
    const request = readTrusted(asked.states[1]!.session!.testSign!.request).bytes;
    const bobCommit = asked.log
      .flatMap((l) => l.effects)
      .find((e) => e.type === 'broadcast' && typeOf(e.bytes) === 'sign-commit') as { bytes: Uint8Array };
    // ...and also signs a decline for the same request, to make the others give up.
    const no = sealBy(0, 'sign-decline', { requestId: rid });
    for (const order of ['yes first', 'no first'] as const) {
      // Carol holds the request and Bob's commitment, then Alice's answers in either order.
      let carol = base[2]!.state;
      for (const bytes of [request, bobCommit.bytes])
        carol = (await step(carol, { type: 'receive', bytes }, seededRng('c'), { crypto })).state;
      const inbox = order === 'yes first' ? [...aliceSent, no] : [no, ...aliceSent];
      const refused: unknown[] = [];
      for (const bytes of inbox) {
        const r = await step(carol, { type: 'receive', bytes }, seededRng('c'), { crypto });
        refused.push(...rejections(r.effects));
        carol = r.state;
      }
      expect(refused, order).toContainEqual(['equivocation', [1]]);
      expect(view(carol).testSign, order).toMatchObject({
        status: 'failed',
        culprits: [1],
        declinedBy: null,
        error: 'P1 both declined and agreed to sign the test text (two contradicting signed messages)',
      });
      // The evidence: one signed "yes" and the signed "no", both by Alice, for this request.
      const ev = carol.session!.testSign!.evidence!.map((t) => readTrusted(t));
      expect(ev.map((e) => e.from)).toEqual([base[0]!.state.identity.publicKey, base[0]!.state.identity.publicKey]);
      expect(ev.map((e) => e.type).sort()).toEqual(
        order === 'yes first' ? ['sign-decline', 'sign-share'] : ['sign-commit', 'sign-decline'],
      );
      expect(ev.every((e) => (JSON.parse(e.payload) as { requestId: string }).requestId === rid)).toBe(true);
      expect(Object.values(carol.session!.conflicts)).toContainEqual(carol.session!.testSign!.evidence);
      // Saved and loaded, the evidence stays.
      expect(deserialize(serialize(carol)).session!.testSign!.evidence).toEqual(carol.session!.testSign!.evidence);
    }
  });
});
