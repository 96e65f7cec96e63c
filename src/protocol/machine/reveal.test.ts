/**
 * The Reveal message (commit-then-reveal verification code): how it is sent, what a receiver
 * accepts, and every way a hostile sender or network can get it wrong — each rejected with the
 * exact error code and the sender named, never a crash, never a code from a wrong nonce.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runSimulation, seededRng } from '../simulation.js';
import { createNodeIdentityCrypto } from '../../platform/node.js';
import { readTrusted, sealEnvelope, signedBytes } from '../envelope.js';
import { fromHex, fromUtf8, toHex, utf8 } from '../encoding.js';
import { generateIdentity, type IdentityKeyPair } from '../identity.js';
import { certificateOf, verifyCertificate } from '../certificate.js';
import { codeNonceCommitment, verificationCode } from '../verificationCode.js';
import { deserialize, serialize } from './serialize.js';
import { step } from './step.js';
import { view } from './view.js';
import type { Effect, ParticipantState } from './types.js';
import type { ProtocolErrorData } from '../errors.js';

const crypto = createNodeIdentityCrypto();
const typeOf = (bytes: Uint8Array): string => (JSON.parse(fromUtf8(bytes)) as { type: string }).type;

/** P1 right after the lock: it holds its own Reveal only (phase 'reveal'). */
let target: ParticipantState;
/** The real Reveals of P1..P3 (wire bytes) and the final states of a successful run. */
const reveals: Uint8Array[] = [];
let final: ParticipantState[];
let p2: IdentityKeyPair;
let p2hex: string;
let lockEffects: Effect[] = [];
const outsider = generateIdentity(seededRng('reveal-outsider'));

beforeAll(async () => {
  const r = await runSimulation({
    suite: 'ed25519',
    minSigners: 2,
    maxSigners: 3,
    seed: 'reveal',
    crypto,
    onStep: (i, _e, effects, before, after) => {
      if (i === 0 && !before.session && after.session) {
        target = after;
        lockEffects = effects;
      }
      for (const e of effects)
        if (e.type === 'broadcast' && typeOf(e.bytes) === 'reveal' && !reveals[i]) reveals[i] = e.bytes;
    },
  });
  final = r.participants.map((p) => p.state);
  p2 = r.participants[1]!.identity;
  p2hex = toHex(p2.publicKey);
});

async function receive(bytes: Uint8Array, state = target) {
  return step(state, { type: 'receive', bytes }, seededRng('x'), { crypto });
}
const rejected = (effects: Effect[]): ProtocolErrorData[] =>
  effects.flatMap((e) =>
    e.type === 'notice' && e.notice.kind === 'rejected' && e.notice.error ? [e.notice.error] : [],
  );
const codesAndCulprits = (effects: Effect[]) =>
  rejected(effects).map((e) => [e.code, e.culprits.map((c) => c.id ?? c.identity)]);

/** A Reveal signed by `by` (default P2) with any payload, for the target's session unless told otherwise. */
function reveal(
  payload: unknown,
  by: IdentityKeyPair = p2,
  over: { room?: string; session?: string; generation?: number } = {},
): Uint8Array {
  const s = target.session!;
  return sealEnvelope(crypto, by, {
    type: 'reveal',
    room: over.room ?? target.room.id,
    session: over.session ?? s.id,
    generation: over.generation ?? s.generation,
    payload,
  }).bytes;
}

describe('Reveal: the example', () => {
  it("the code appears once all n Reveals are in, equals everyone's, and is H(session id, nonces in roster order)", async () => {
    const s0 = view(target);
    expect([s0.phase, s0.verificationCode, s0.codeWaitingFor.map((p) => p.id)]).toEqual(['reveal', null, [2, 3]]);
    expect(s0.waitingFor.map((p) => p.id)).toEqual([2, 3]);
    const after2 = await receive(reveals[1]!);
    expect(rejected(after2.effects)).toEqual([]);
    expect(view(after2.state).codeWaitingFor.map((p) => p.id)).toEqual([3]);
    const after3 = await receive(reveals[2]!, after2.state);
    const v = view(after3.state);
    expect([v.phase, v.codeWaitingFor]).toEqual(['verify', []]);
    expect(v.verificationCode).toBe(view(final[1]!).verificationCode);
    const nonces = final.map((st) => fromHex(st.codeNonce));
    expect(v.verificationCode).toBe(verificationCode(fromHex(target.session!.id), nonces));
    expect(
      after3.effects.some(
        (e) => e.type === 'notice' && e.notice.phase === 'verify' && e.notice.message.includes(v.verificationCode!),
      ),
    ).toBe(true);
  });

  it('the Reveal is sent automatically on the lock, after a persist (persist-before-send) and after the roster', () => {
    const kinds = lockEffects
      .filter((e) => e.type !== 'notice')
      .map((e) => (e.type === 'broadcast' ? typeOf(e.bytes) : e.type));
    expect(kinds).toEqual(['persist', 'roster', 'reveal']);
    expect(target.session!.sent.map((t) => readTrusted(t).type)).toEqual(['reveal']);
    // The nonce it reveals is the one the Hello committed to.
    expect(target.session!.roster[0]!.commit).toBe(toHex(codeNonceCommitment(fromHex(target.codeNonce))));
  });

  it('"codes match" is refused until the code exists, naming whom it waits for', async () => {
    const r = await step(target, { type: 'confirmCode' }, seededRng('c'), { crypto });
    expect(rejected(r.effects).map((e) => [e.code, e.message])).toEqual([
      ['wrong-phase', 'the verification code is not complete yet: waiting for P2, P3'],
    ]);
    expect(r.state).toBe(target);
    expect(r.effects.some((e) => e.type === 'broadcast')).toBe(false);
  });

  it('survives a reload in the middle (serialize/deserialize keeps Reveals and the pending code)', async () => {
    const half = (await receive(reveals[1]!)).state;
    const reloaded = deserialize(serialize(half));
    const done = await receive(reveals[2]!, reloaded);
    expect(view(done.state).verificationCode).toBe(view(final[0]!).verificationCode);
  });

  it('the success certificate carries the Reveals: the code is recomputed offline, and a swapped Reveal is refused', () => {
    const cert = certificateOf(final[0]!)!;
    const ok = verifyCertificate(cert, { crypto });
    expect(ok.ok && ok.summary.verificationCode).toBe(view(final[0]!).verificationCode);
    const c = JSON.parse(cert) as { reveals: string[] };
    [c.reveals[0], c.reveals[1]] = [c.reveals[1]!, c.reveals[0]!];
    expect(verifyCertificate(JSON.stringify(c), { crypto })).toEqual({
      ok: false,
      reason: 'reveal #1 is signed by participant #2',
    });
  });
});

describe('Reveal: hostile input', () => {
  it.each([
    ['missing nonce', {}],
    ['nonce of 31 bytes', { nonce: 'ab'.repeat(31) }],
    ['nonce of 33 bytes', { nonce: 'ab'.repeat(33) }],
    ['uppercase hex', { nonce: 'AB'.repeat(32) }],
    // As large as an envelope may be (MAX_ENVELOPE_BYTES, 192 KiB): the schema, not the size limit, refuses it.
    ['huge nonce', { nonce: 'ab'.repeat(90_000) }],
    ['nonce of the wrong type', { nonce: 42 }],
    ['an extra field', { nonce: 'ab'.repeat(32), extra: 1 }],
    ['not an object', ['ab'.repeat(32)]],
  ])('%s → malformed naming P2, nothing stored', async (_name, payload) => {
    const r = await receive(reveal(payload));
    expect(codesAndCulprits(r.effects)).toEqual([['malformed', [2]]]);
    expect(r.state.session!.reveals['2']).toBeUndefined();
  });

  it("a nonce that does not open P2's commitment → bad-reveal naming P2; nothing stored; the real one is still accepted", async () => {
    const r = await receive(reveal({ nonce: 'ab'.repeat(32) }));
    expect(rejected(r.effects).map((e) => [e.code, e.culprits.map((c) => [c.id, c.name]), e.round])).toEqual([
      ['bad-reveal', [[2, 'P2']], 'verify'],
    ]);
    expect(view(r.state).codeWaitingFor.map((p) => p.id)).toEqual([2, 3]);
    // Another member's real nonce, signed by P2, is as wrong.
    const stolen = await receive(reveal({ nonce: final[2]!.codeNonce }));
    expect(codesAndCulprits(stolen.effects)).toEqual([['bad-reveal', [2]]]);
    const real = await receive(reveals[1]!, r.state);
    expect(rejected(real.effects)).toEqual([]);
    expect(view(real.state).codeWaitingFor.map((p) => p.id)).toEqual([3]);
  });

  it('replays from another generation, room or session are rejected, unattributed (the claimed sender kept)', async () => {
    const nextGen = structuredClone(target);
    nextGen.generation = 1;
    const old = await receive(reveals[1]!, nextGen);
    expect(rejected(old.effects).map((e) => [e.code, e.culprits, e.claimedSender])).toEqual([
      ['wrong-generation', [], p2hex],
    ]);
    const otherRoom = await receive(reveal({ nonce: final[1]!.codeNonce }, p2, { room: 'another-room' }));
    expect(rejected(otherRoom.effects).map((e) => [e.code, e.claimedSender])).toEqual([['wrong-room', p2hex]]);
    const otherSession = await receive(reveal({ nonce: final[1]!.codeNonce }, p2, { session: 'cd'.repeat(32) }));
    expect(rejected(otherSession.effects).map((e) => [e.code, e.claimedSender])).toEqual([['wrong-session', p2hex]]);
    for (const r of [old, otherRoom, otherSession]) expect(r.state.session!.reveals['2']).toBeUndefined();
  });

  it('a Reveal for a future generation is buffered, not judged', async () => {
    const r = await receive(reveal({ nonce: 'ab'.repeat(32) }, p2, { generation: 1 }));
    expect(rejected(r.effects)).toEqual([]);
    expect(r.state.buffer).toHaveLength(1);
  });

  it('from someone outside the roster → unknown-sender naming them', async () => {
    const r = await receive(reveal({ nonce: 'ab'.repeat(32) }, outsider));
    expect(rejected(r.effects).map((e) => [e.code, e.culprits.map((c) => c.identity)])).toEqual([
      ['unknown-sender', [toHex(outsider.publicKey)]],
    ]);
  });

  it('an exact duplicate has no effect; a different nonce afterwards is bad-reveal (first kept); another spelling of the same nonce is the same Reveal', async () => {
    const once = (await receive(reveals[1]!)).state;
    const again = await receive(reveals[1]!, once);
    expect(again.effects).toEqual([]);
    expect(again.state).toBe(once);
    const other = await receive(reveal({ nonce: 'cd'.repeat(32) }), once);
    expect(codesAndCulprits(other.effects)).toEqual([['bad-reveal', [2]]]);
    expect(other.state.session!.reveals['2']).toBe(once.session!.reveals['2']);
    // Same nonce, other payload bytes (JSON whitespace), validly signed: the signature covers the
    // canonical payload (canonicalJson.ts), so it is the same Reveal and changes nothing.
    const respelled = signRaw(p2, `{ "nonce": "${final[1]!.codeNonce}" }`);
    const dup = await receive(respelled, once);
    expect(dup.effects).toEqual([]);
    expect(dup.state.session!.reveals['2']).toBe(once.session!.reveals['2']);
  });

  it('a Reveal before the roster is buffered, then used once the roster arrives', async () => {
    // P2 before the lock: it gets P3's Reveal first.
    const early = structuredClone(target);
    early.session = null;
    const r = await receive(reveals[2]!, early);
    expect([rejected(r.effects), r.state.buffer.length]).toEqual([[], 1]);
  });
});

describe('fresh nonces', () => {
  it('every generation commits to a new nonce (a restart after a failure re-announces with another commitment)', async () => {
    const commits = new Map<string, Set<string>>();
    const r = await runSimulation({
      suite: 'ed25519',
      minSigners: 2,
      maxSigners: 4,
      seed: 'reveal-restart',
      crypto,
      faults: { 3: { kind: 'bad-share' } },
      onStep: (_i, _e, effects) => {
        for (const e of effects) {
          if (e.type !== 'broadcast' || typeOf(e.bytes) !== 'hello') continue;
          const env = readTrusted(fromUtf8(e.bytes));
          const c = (JSON.parse(env.payload) as { commit: string }).commit;
          if (!commits.has(env.from)) commits.set(env.from, new Set());
          commits.get(env.from)!.add(`${env.generation}:${c}`);
        }
      },
    });
    expect(r.generations.length).toBeGreaterThanOrEqual(2);
    expect(r.views[0]!.phase).toBe('success');
    // Those in both generations announced two different commitments.
    const stayed = [...commits.values()].filter((s) => s.size >= 2);
    expect(stayed.length).toBeGreaterThanOrEqual(3);
    for (const s of stayed) expect(new Set([...s].map((x) => x.split(':')[1])).size).toBe(s.size);
  });
});

/** Signs an arbitrary payload text as a Reveal of the target's session (for respelling tests). */
function signRaw(by: IdentityKeyPair, payload: string): Uint8Array {
  const s = target.session!;
  const from = toHex(by.publicKey);
  const msg = signedBytes({
    type: 'reveal',
    room: target.room.id,
    session: s.id,
    generation: s.generation,
    from,
    payload,
  });
  const sig = toHex(crypto.sign(msg, by.secretKey));
  return utf8(
    JSON.stringify({
      v: 1,
      type: 'reveal',
      room: target.room.id,
      session: s.id,
      gen: s.generation,
      from,
      payload,
      sig,
    }),
  );
}
