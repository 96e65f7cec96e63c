/**
 * The confirmation round (COCKTAIL Round 3, CertEq) against a malicious signer: a signature
 * that does not verify on T under its signer's static key is proof against its signer (its own
 * echo pins the msg1 set that gives T), two versions of one confirmation or confirm-echo are
 * equivocation, replays and outsiders are rejected without blame, and success waits for n
 * agreeing confirm-echoes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createNodeIdentityCrypto } from '../../platform/node.js';
import { fromUtf8, toHex } from '../encoding.js';
import { generateIdentity } from '../identity.js';
import { readTrusted, sealEnvelope } from '../envelope.js';
import { verifyFailureRecord } from '../failure.js';
import { parsePayload } from '../messages.js';
import { confirmFixture, confirmationPayload, type ConfirmFixture } from '../testing/confirmations.js';
import { runSimulation, seededRng } from '../simulation.js';
import { step } from './step.js';
import { view } from './view.js';
import type { Effect, ParticipantState } from './types.js';

const crypto = createNodeIdentityCrypto();
const typeOf = (bytes: Uint8Array): string => (JSON.parse(fromUtf8(bytes)) as { type: string }).type;
const rejections = (effects: Effect[]) =>
  effects.flatMap((e) =>
    e.type === 'notice' && e.notice.kind === 'rejected' && e.notice.error ? [e.notice.error] : [],
  );
const broadcasts = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'broadcast' ? [e.bytes] : []));
const flip = (hex: string): string => hex.slice(0, -2) + (hex.endsWith('00') ? '01' : '00');

let f: ConfirmFixture;
let p2hex: string;
let p3hex: string;
beforeAll(async () => {
  f = await confirmFixture('confirmations', crypto);
  p2hex = f.participants[1]!.state.identity.publicKey;
  p3hex = f.participants[2]!.state.identity.publicKey;
});

async function recordOf(state: ParticipantState) {
  const rec = state.session?.failure?.record;
  if (!rec) throw new Error('no failure record');
  const v = await verifyFailureRecord(crypto, rec, state.room.coordinator);
  if (!v.ok) throw new Error(`record does not verify: ${v.reason}`);
  return v;
}

describe('a confirmation that contradicts its signer’s own echo', () => {
  it('a CertEq signature with one byte flipped → confirmation-mismatch naming exactly its signer; the record (confirmation, echo, round-1 set) verifies offline', async () => {
    const lie = f.signAs(2, 'confirmation', { certeq: flip(confirmationPayload(f.confirmations[2]!).certeq) });
    const { state, effects } = await f.feed(f.p1, f.confirmations[1]!, lie);
    expect(view(state).phase).toBe('failed');
    expect(view(state).failure?.reason).toBe('confirmation-mismatch');
    expect(view(state).failure?.culprits.map((c) => c.identity)).toEqual([p3hex]);
    expect(view(state).groupKey.status).toBe('pending');
    // persist comes before the failure record goes out
    expect(effects.findIndex((e) => e.type === 'persist')).toBeLessThan(
      effects.findIndex((e) => e.type === 'broadcast'),
    );
    const v = await recordOf(state);
    expect(v.summary.culprits.map((c) => c.name)).toEqual(['P3']);
    expect(v.payload.evidence.map((e) => e.kind)).toEqual(['false-confirmation']);
    const ev = v.payload.evidence[0]!;
    if (ev.kind !== 'false-confirmation') throw new Error('unreachable');
    expect(readTrusted(ev.confirmation).hash).toBe(readTrusted(fromUtf8(lie)).hash);
    expect(readTrusted(ev.echo).from).toBe(p3hex);
    expect(ev.round1).toHaveLength(3);
  });

  it('a valid signature by the signer’s own static key over another transcript → the same verdict', async () => {
    const lie = f.signAs(1, 'confirmation', { certeq: f.staticSign(1, new TextEncoder().encode('another T')) });
    const { state } = await f.feed(f.p1, lie);
    expect(view(state).failure?.culprits.map((c) => c.identity)).toEqual([p2hex]);
    expect((await recordOf(state)).summary.reason).toBe('confirmation-mismatch');
  });

  it('the first proven lie ends the session; a second liar’s lie arriving later changes nothing', async () => {
    const lie = (i: number) =>
      f.signAs(i, 'confirmation', { certeq: flip(confirmationPayload(f.confirmations[i]!).certeq) });
    const { state } = await f.feed(f.p1, lie(1));
    expect(view(state).failure?.culprits.map((c) => c.name)).toEqual(['P2']);
    const after = await f.feed(state, lie(2));
    expect(after.state.session?.failure).toEqual(state.session?.failure);
  });
});

describe('what never blames anyone else', () => {
  it('P3 passes off P2’s valid signature on T as its own → confirmation-mismatch naming P3 only (it does not verify under P3’s static key); the record verifies offline', async () => {
    const copied = f.signAs(2, 'confirmation', confirmationPayload(f.confirmations[1]!));
    const { state } = await f.feed(f.p1, f.confirmations[1]!, copied);
    expect(view(state).failure?.reason).toBe('confirmation-mismatch');
    expect(view(state).failure?.culprits.map((c) => c.identity)).toEqual([p3hex]);
    const v = await recordOf(state);
    expect(v.summary.culprits.map((c) => c.identity)).toEqual([p3hex]);
    expect(v.payload.evidence.map((e) => e.kind)).toEqual(['false-confirmation']);
  });

  it('an exact duplicate (first-hand or relayed) is ignored', async () => {
    const once = await f.feed(f.p1, f.confirmations[1]!);
    const again = await step(once.state, { type: 'receive', bytes: f.confirmations[1]! }, seededRng('dup'), { crypto });
    expect(again.effects).toEqual([]);
    expect(again.state).toBe(once.state);
  });

  it('a confirmation replayed from an earlier generation → wrong-generation, nobody blamed; the new generation succeeds', async () => {
    // Generation 0 fails (P2 sends a bad share), generation 1 runs without P2.
    let gen1: ParticipantState | null = null;
    const r = await runSimulation({
      suite: 'ed25519',
      minSigners: 2,
      maxSigners: 3,
      seed: 'confirm-replay',
      crypto,
      faults: { 1: { kind: 'bad-share' } },
      onStep: (i, _e, _f, _b, after) => {
        const s = after.session;
        if (i === 0 && !gen1 && s && s.generation === 1 && s.result && Object.keys(s.confirmations).length === 1)
          gen1 = structuredClone(after);
      },
    });
    expect(r.views[0]!.phase).toBe('success');
    const st = gen1 as unknown as ParticipantState;
    const gen0 = st.history.find((h) => h.generation === 0)!;
    const p3 = r.participants[2]!;
    const stale = sealEnvelope(crypto, p3.identity, {
      type: 'confirmation',
      room: st.room.id,
      session: gen0.sessionId!,
      generation: 0,
      payload: confirmationPayload(fromUtf8Bytes(r.participants[2]!.state.session!.confirmations['2']!)),
    }).bytes;
    const res = await step(st, { type: 'receive', bytes: stale }, seededRng('stale'), { crypto });
    expect(rejections(res.effects).map((e) => [e.code, e.culprits])).toEqual([['wrong-generation', []]]);
    expect(res.state.session?.outcome).toBeNull();
    expect(res.state.session?.confirmations['2']).toBeUndefined();
  });

  it('a confirmation signed by someone outside the roster → unknown-sender naming them; the session goes on to success', async () => {
    const outsider = generateIdentity(seededRng('outsider'));
    const s = f.p1.session!;
    const fake = sealEnvelope(crypto, outsider, {
      type: 'confirmation',
      room: f.p1.room.id,
      session: s.id,
      generation: s.generation,
      payload: confirmationPayload(f.confirmations[0]!),
    }).bytes;
    const res = await step(f.p1, { type: 'receive', bytes: fake }, seededRng('o'), { crypto });
    expect(rejections(res.effects).map((e) => [e.code, e.culprits.map((c) => c.identity)])).toEqual([
      ['unknown-sender', [toHex(outsider.publicKey)]],
    ]);
    expect(res.state.session?.outcome).toBeNull();
  });
});

describe('equivocation', () => {
  it('the same confirmation signed again is the same message: same content hash, no effect', async () => {
    const p = confirmationPayload(f.confirmations[1]!);
    const respelled = f.signAs(1, 'confirmation', { certeq: p.certeq });
    expect(readTrusted(fromUtf8(respelled)).hash).toBe(readTrusted(fromUtf8(f.confirmations[1]!)).hash);
    const once = await f.feed(f.p1, f.confirmations[1]!);
    const again = await step(once.state, { type: 'receive', bytes: respelled }, seededRng('respelled'), { crypto });
    expect(again.effects).toEqual([]);
    expect(view(again.state).failure).toBeNull();
  });

  it('two different confirm-echoes from one signer → equivocation naming it', async () => {
    const hashes = f.confirmations.map((b) => readTrusted(fromUtf8(b)).hash);
    const a = f.signAs(2, 'confirm-echo', { confirmations: hashes });
    const b = f.signAs(2, 'confirm-echo', { confirmations: [hashes[1], hashes[0], hashes[2]] });
    const { state } = await f.feed(f.p1, a, b);
    expect(view(state).failure?.reason).toBe('equivocation');
    expect((await recordOf(state)).summary.culprits.map((c) => c.identity)).toEqual([p3hex]);
  });

  it('a confirm-echo that does not list n hashes → malformed naming its signer', async () => {
    const bad = f.signAs(1, 'confirm-echo', {
      confirmations: [readTrusted(fromUtf8(f.confirmations[0]!)).hash, readTrusted(fromUtf8(f.confirmations[1]!)).hash],
    });
    const res = await step(f.p1, { type: 'receive', bytes: bad }, seededRng('m'), { crypto });
    expect(rejections(res.effects).map((e) => [e.code, e.culprits.map((c) => c.identity)])).toEqual([
      ['malformed', [p2hex]],
    ]);
  });
});

describe('success waits for the confirm-echoes', () => {
  it('n agreeing confirmations → my confirm-echo (persisted first), still pending, waiting for the others’ confirm-echoes by name; n agreeing confirm-echoes → success', async () => {
    const { state, effects } = await f.feed(f.p1, f.confirmations[1]!, f.confirmations[2]!);
    expect(view(state).phase).toBe('confirm');
    expect(view(state).groupKey.status).toBe('pending');
    expect(view(state).waitingFor.map((p) => p.name)).toEqual(['P2', 'P3']);
    const acks = broadcasts(effects).filter((b) => typeOf(b) === 'confirm-echo');
    expect(acks).toHaveLength(1);
    expect(effects.findIndex((e) => e.type === 'persist')).toBeLessThan(
      effects.findIndex((e) => e.type === 'broadcast'),
    );
    const list = parsePayload('confirm-echo', readTrusted(fromUtf8(acks[0]!)).payload);
    if (!list.ok) throw new Error(list.reason);
    const half = await f.feed(state, f.signAs(1, 'confirm-echo', list.value));
    expect(view(half.state).waitingFor.map((p) => p.name)).toEqual(['P3']);
    const done = await f.feed(half.state, f.signAs(2, 'confirm-echo', list.value));
    expect(view(done.state).phase).toBe('success');
    expect(view(done.state).groupKey.status).toBe('confirmed');
  });

  it('a confirm-echo listing another confirmation → the confirmations in question and the confirm-echoes are relayed once; no success', async () => {
    const { state, effects } = await f.feed(f.p1, f.confirmations[1]!, f.confirmations[2]!);
    const mine = parsePayload(
      'confirm-echo',
      readTrusted(fromUtf8(broadcasts(effects).find((b) => typeOf(b) === 'confirm-echo')!)).payload,
    );
    if (!mine.ok) throw new Error(mine.reason);
    const list = mine.value.confirmations;
    const other = [list[0]!, list[1]!, flip(list[2]!)];
    const r = await f.feed(
      state,
      f.signAs(1, 'confirm-echo', { confirmations: list }),
      f.signAs(2, 'confirm-echo', { confirmations: other }),
    );
    expect(view(r.state).phase).toBe('confirm');
    const relayed = broadcasts(r.effects).map(typeOf);
    expect(relayed).toEqual(['confirmation', 'confirm-echo', 'confirm-echo', 'confirm-echo']);
    expect(fromUtf8(broadcasts(r.effects)[0]!)).toBe(fromUtf8(f.confirmations[2]!));
    // bounded: nothing is relayed a second time
    const again = await step(r.state, { type: 'status' }, seededRng('s'), { crypto });
    expect(broadcasts(again.effects).filter((b) => typeOf(b) !== 'status')).toEqual([]);
  });
});

describe('property: a confirmation from P2, changed at random, never gets anyone else blamed', () => {
  it('kept, flipped, random, or a valid P2 signature over other bytes → no verdict, or one naming exactly P2 that verifies offline', async () => {
    const p = confirmationPayload(f.confirmations[1]!);
    const certeq = fc.oneof(
      fc.constant(p.certeq),
      fc.constant(flip(p.certeq)),
      fc.uint8Array({ minLength: 64, maxLength: 64 }).map(toHex),
      fc.uint8Array({ minLength: 1, maxLength: 40 }).map((m) => f.staticSign(1, m)),
    );
    let blamed = 0;
    await fc.assert(
      fc.asyncProperty(certeq, fc.boolean(), async (sig, trueFirst) => {
        const changed = f.signAs(1, 'confirmation', { certeq: sig });
        const { state } = await f.feed(
          f.p1,
          ...(trueFirst ? [f.confirmations[2]!, changed] : [changed, f.confirmations[2]!]),
        );
        const failure = state.session?.failure;
        if (!failure) return;
        expect(failure.culprits.every((c) => c === p2hex)).toBe(true);
        if (failure.culprits.length === 0) return;
        blamed++;
        const v = await recordOf(state);
        expect(v.summary.culprits.map((c) => c.identity)).toEqual([p2hex]);
      }),
      { numRuns: 60 },
    );
    expect(blamed).toBeGreaterThan(0);
  });
});

function fromUtf8Bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
