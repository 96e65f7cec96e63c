/**
 * Attacks on the signing room's handlers (issue 17), each through the shipping step(), envelope
 * sealing, strict decoder and verifier: a commitment from someone who refused, a share from a
 * non-selected signer, a body of the wrong kind, a re-encoded body, two different commitments
 * from one signer, a replayed message, a copied proof of holding, an approval for another
 * request (split view at approval), and a coordinator showing one member another request.
 */
import { describe, expect, it } from 'vitest';
import { sealEnvelope, readTrusted, type MessageType } from '../../envelope.js';
import { toHex, utf8 } from '../../encoding.js';
import { seededRng } from '../../simulation.js';
import type { ProtocolErrorData } from '../../errors.js';
import { makeGroup } from '../../signing/testing/fixtures.js';
import { computeSessionId } from '../../session.js';
import {
  createNonce,
  emptyNonceStore,
  encodeSigningPayload,
  requestHash,
  requestToJson,
  type SigningRequest,
} from '../../signing/index.js';
import { proveHolding } from '../../lifecycle/index.js';
import { step } from '../step.js';
import { createNobleIdentityCrypto } from '../../identity.js';
import { createSigningRoom, type RoomMember } from './testing/signingRoom.js';
import { holdingBinding } from './room.js';

const crypto = createNobleIdentityCrypto();
const g = makeGroup('ed25519', 2, 3);
const request: SigningRequest = { kind: 'message', message: utf8('Rotate the vault key') };
const other: SigningRequest = { kind: 'message', message: utf8('Send everything to Mallory') };

function seal(by: RoomMember, at: RoomMember, type: MessageType, payload: unknown): Uint8Array {
  const s = at.state.session!;
  return sealEnvelope(crypto, by.identity, {
    type,
    room: at.state.room.id,
    session: s.id,
    generation: s.generation,
    payload,
  }).bytes;
}

async function receive(at: RoomMember, bytes: Uint8Array) {
  const r = await step(at.state, { type: 'receive', bytes }, at.rng, { cache: at.cache });
  const errors = r.effects.flatMap((e) =>
    e.type === 'notice' && e.notice.kind === 'rejected' && e.notice.error ? [e.notice.error] : [],
  ) as ProtocolErrorData[];
  return { state: r.state, effects: r.effects, errors };
}

/** A room stopped once P1 holds every approval (attempt 1 about to commit). */
async function roomAtApprovals(approves: boolean[], seed: string) {
  let block = true;
  const room = createSigningRoom({
    pkp: g.pkp,
    keyPackages: g.keyPackages,
    request,
    approves,
    seed,
    duplicates: false,
    // The other members' real commitments never reach P1: each test sends P1 its own.
    intercept: (from, to, bytes) =>
      block && to === 0 && from !== 0 && readTrusted(new TextDecoder().decode(bytes)).type === 'sign-commitments'
        ? []
        : [bytes],
    stopWhen: (ms) => Object.keys(ms[0]!.state.session?.signing?.approvals ?? {}).length === 3,
  });
  await room.start();
  await room.run();
  return Object.assign(room, { unblock: () => void (block = false) });
}

function commitmentsOf(m: RoomMember, index: number, attempt = 1) {
  const kp = g.keyPackages[index]!;
  const c = createNonce(emptyNonceStore(), 'x', kp, seededRng(`c/${index}/${attempt}`)).commitment;
  void m;
  return encodeSigningPayload({
    type: 'sign-commitments',
    requestHash: requestHash(request, g.pkp),
    attempt,
    commitments: [{ hiding: c.hiding, binding: c.binding }],
  });
}

const who = (e: ProtocolErrorData) => e.culprits.map((c) => c.identity);
const id = (m: RoomMember) => toHex(m.identity.publicKey);

describe('signing room: adversarial handlers', () => {
  it('a commitment from a member who refused is refused naming them, and never used', async () => {
    const room = await roomAtApprovals([true, true, false], 'refuser-commits');
    const [p1, , p3] = room.members;
    const r = await receive(p1!, seal(p3!, p1!, 'sign-commitments', { body: commitmentsOf(p3!, 2) }));
    expect(r.errors.map((e) => [e.code, who(e)])).toEqual([['unknown-sender', [id(p3!)]]]);
    expect(r.state.session!.signing!.commits['1:3']).toBeUndefined();
  });

  it('a commitment for an attempt not reached is kept aside, and refused once its sender is not selected', async () => {
    const room = await roomAtApprovals([true, true, true], 'early-commit');
    const [p1, , p3] = room.members;
    // P3 approved but ranks third: not a signer of attempt 1; attempt 2 does not exist (yet).
    const r1 = await receive(p1!, seal(p3!, p1!, 'sign-commitments', { body: commitmentsOf(p3!, 2, 1) }));
    expect(r1.errors.map((e) => [e.code, who(e)])).toEqual([['unknown-sender', [id(p3!)]]]);
    const r2 = await receive(p1!, seal(p3!, p1!, 'sign-commitments', { body: commitmentsOf(p3!, 2, 2) }));
    expect(r2.errors).toEqual([]);
    expect(r2.state.session!.signing!.pending).toHaveLength(1);
    expect(r2.state.session!.signing!.commits['2:3']).toBeUndefined();
  });

  it('commitments for an attempt that can never run are malformed; many for the next attempt keep one', async () => {
    const room = await roomAtApprovals([true, true, true], 'flood');
    const [p1, , p3] = room.members;
    // n = 3, t = 2: at most 2 attempts can ever run.
    const r = await receive(p1!, seal(p3!, p1!, 'sign-commitments', { body: commitmentsOf(p3!, 2, 3) }));
    expect(r.errors.map((e) => [e.code, who(e)])).toEqual([['malformed', [id(p3!)]]]);
    let state = p1!.state;
    for (let k = 0; k < 10; k++) {
      const kp = g.keyPackages[2]!;
      const c = createNonce(emptyNonceStore(), 'x', kp, seededRng(`flood/${k}`)).commitment;
      const body = encodeSigningPayload({
        type: 'sign-commitments',
        requestHash: requestHash(request, g.pkp),
        attempt: 2,
        commitments: [{ hiding: c.hiding, binding: c.binding }],
      });
      state = (await receive({ ...p1!, state }, seal(p3!, p1!, 'sign-commitments', { body }))).state;
    }
    expect(state.session!.signing!.pending).toHaveLength(1);
  });

  it('a share from a signer who is not selected is refused naming them; the signature is unaffected', async () => {
    const room = await roomAtApprovals([true, true, true], 'foreign-share');
    const [p1, , p3] = room.members;
    const body = encodeSigningPayload({
      type: 'sign-shares',
      requestHash: requestHash(request, g.pkp),
      attempt: 1,
      packageHashes: [new Uint8Array(32).fill(7)],
      shares: [new Uint8Array(32).fill(1)],
    });
    const r = await receive(p1!, seal(p3!, p1!, 'sign-shares', { body }));
    expect(r.errors.map((e) => [e.code, who(e)])).toEqual([['unknown-sender', [id(p3!)]]]);
    room.members[0]!.state = r.state;
    room.unblock();
    for (const m of room.members) await room.apply(m, { type: 'resend' });
    await room.run();
    expect(room.members[0]!.state.session!.signing!.status).toBe('done');
  });

  it('a body of another kind, a re-encoded body and a huge body are malformed, naming the signer', async () => {
    const room = await roomAtApprovals([true, true, true], 'malformed');
    const [p1, p2] = room.members;
    const approval = encodeSigningPayload({
      type: 'sign-approval',
      requestHash: requestHash(request, g.pkp),
      decision: 'approve',
    });
    const upper = commitmentsOf(p2!, 1).replace(
      /"hiding":"([0-9a-f]+)"/,
      (_, h: string) => `"hiding":"${h.toUpperCase()}"`,
    );
    const offCurve = commitmentsOf(p2!, 1).replace(
      /"hiding":"([0-9a-f]+)"/,
      (_, h: string) => `"hiding":"${'f'.repeat(h.length)}"`,
    );
    const huge = JSON.stringify({ body: 'x'.repeat(150_000) });
    for (const payload of [{ body: approval }, { body: upper }, { body: offCurve }]) {
      const r = await receive(p1!, seal(p2!, p1!, 'sign-commitments', payload));
      expect(r.errors.map((e) => [e.code, who(e)])).toEqual([['malformed', [id(p2!)]]]);
      expect(r.state.session!.signing!.commits['1:2']).toBeUndefined();
    }
    const r = await receive(p1!, seal(p2!, p1!, 'sign-shares', JSON.parse(huge)));
    expect(r.errors.map((e) => [e.code, who(e)])).toEqual([['malformed', [id(p2!)]]]);
  });

  it('two different commitments from one signer: equivocation naming them, both kept as evidence; the same one again changes nothing', async () => {
    const room = await roomAtApprovals([true, true, true], 'equivocate');
    const [p1, p2] = room.members;
    const first = seal(p2!, p1!, 'sign-commitments', { body: commitmentsOf(p2!, 1) });
    const r1 = await receive(p1!, first);
    expect(r1.errors).toEqual([]);
    const again = await step(r1.state, { type: 'receive', bytes: first }, p1!.rng, { cache: p1!.cache });
    expect(again.effects).toEqual([]);
    const otherNonce = createNonce(emptyNonceStore(), 'y', g.keyPackages[1]!, seededRng('other')).commitment;
    const body2 = encodeSigningPayload({
      type: 'sign-commitments',
      requestHash: requestHash(request, g.pkp),
      attempt: 1,
      commitments: [{ hiding: otherNonce.hiding, binding: otherNonce.binding }],
    });
    const r2 = await step(
      r1.state,
      { type: 'receive', bytes: seal(p2!, p1!, 'sign-commitments', { body: body2 }) },
      p1!.rng,
      {
        cache: p1!.cache,
      },
    );
    const errs = r2.effects.flatMap((e) => (e.type === 'notice' && e.notice.error ? [e.notice.error] : []));
    expect(errs.map((e) => [e.code, who(e)])).toEqual([['equivocation', [id(p2!)]]]);
    const pair = r2.state.session!.conflicts['signing:commit:1:2']!;
    expect(pair.map((t) => readTrusted(t).from)).toEqual([id(p2!), id(p2!)]);
    expect(r2.state.session!.signing!.commits['1:2']).toBe(new TextDecoder().decode(first));
  });

  it("a copied proof of holding (another member's share) is refused naming the copier", async () => {
    const room = await roomAtApprovals([true, true, true], 'copied-proof');
    const [p1, p2, p3] = room.members;
    const s = p1!.state.session!;
    // P2's real approval, as everyone received it: P3 replays its proof for share 2 as its own.
    const p2Approval = JSON.parse(readTrusted(s.signing!.approvals['2']!).payload) as {
      body: string;
      holding: { identifier: number; signature: string };
    };
    const fresh = structuredClone(p1!.state);
    delete fresh.session!.signing!.approvals['3'];
    delete fresh.session!.signing!.holders['3'];
    const r = await receive({ ...p1!, state: fresh }, seal(p3!, p1!, 'sign-approval', p2Approval));
    expect(r.errors.map((e) => [e.code, who(e)])).toEqual([['invalid-evidence', [id(p3!)]]]);
    expect(r.state.session!.signing!.approvals['3']).toBeUndefined();
    void p2;
  });

  it('an approval of another request (split view) stops the room before any nonce, naming its sender', async () => {
    const room = createSigningRoom({
      pkp: g.pkp,
      keyPackages: g.keyPackages,
      request,
      seed: 'split-approval',
      duplicates: false,
      // P3's approval reaches everyone naming the hash of another request, with a valid proof.
      intercept: (from, to, bytes) => {
        const env = readTrusted(new TextDecoder().decode(bytes));
        if (from !== 2 || env.type !== 'sign-approval') return [bytes];
        const p3 = room.members[2]!;
        const proof = proveHolding(
          g.keyPackages[2]!,
          g.pkp,
          { sessionId: holdingBinding(env.session, id(p3)), purpose: 'sign' },
          seededRng('split'),
        );
        const body = encodeSigningPayload({
          type: 'sign-approval',
          requestHash: requestHash(other, g.pkp),
          decision: 'approve',
        });
        void to;
        return [
          sealEnvelope(crypto, p3.identity, {
            type: 'sign-approval',
            room: env.room,
            session: env.session,
            generation: env.generation,
            payload: { body, holding: { identifier: 3, signature: toHex(proof.signature) } },
          }).bytes,
        ];
      },
    });
    await room.start();
    await room.run();
    for (const m of room.members.slice(0, 2)) {
      const sr = m.state.session!.signing!;
      expect(sr.status).toBe('failed');
      expect(who(sr.error!)).toEqual([id(room.members[2]!)]);
      expect(Object.keys(sr.commits)).toEqual([]);
      expect(sr.signatures).toEqual([]);
    }
  });

  it('a coordinator showing one member another request: different session id and code, nobody signs, and two rosters convict it', async () => {
    let forged: Uint8Array | null = null;
    let real: Uint8Array | null = null;
    const room = createSigningRoom({
      pkp: g.pkp,
      keyPackages: g.keyPackages,
      request,
      seed: 'split-roster',
      duplicates: false,
      intercept: (from, to, bytes) => {
        const env = readTrusted(new TextDecoder().decode(bytes));
        if (from !== 0 || to !== 2 || env.type !== 'roster') return [bytes];
        // The coordinator signs a second roster with another request for P3 only.
        const p = JSON.parse(env.payload) as { params: { signing: { request: unknown } }; roster: never[] };
        p.params.signing.request = requestToJson(other);
        const sid = toHex(computeSessionId(env.room, env.generation, p.params as never, p.roster));
        forged = sealEnvelope(crypto, room.members[0]!.identity, {
          type: 'roster',
          room: env.room,
          session: sid,
          generation: env.generation,
          payload: p,
        }).bytes;
        real = bytes;
        return [forged];
      },
    });
    await room.start();
    await room.run();
    const [p1, p2, p3] = room.members;
    expect(p3!.state.session!.id).not.toBe(p1!.state.session!.id);
    // Reveals are bound to the session id: no code completes across the two views, so no code
    // can be confirmed (and were they shown, they would differ: the request is in the session id).
    for (const m of [p1!, p2!, p3!]) expect(m.state.session!.codeConfirmed).toBe(false);
    for (const m of [p1!, p2!, p3!]) {
      expect(Object.keys(m.state.session!.signing?.commits ?? {})).toEqual([]);
      expect(m.state.session!.signing?.decision ?? 'pending').toBe('pending');
    }
    // When P3 also sees the real roster, it holds two coordinator-signed rosters: equivocation.
    const r = await receive(p3!, real!);
    expect(r.errors.map((e) => [e.code, who(e)])).toEqual([['equivocation', [id(p1!)]]]);
    expect(forged).not.toBeNull();
  });
});
