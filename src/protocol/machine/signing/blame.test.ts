/**
 * Signing rooms (issue 17): a signer sending a bad share is named with evidence the shipping
 * verifier accepts, jailed, and replaced by the next approver; a custodian who refuses is never
 * selected; too few approvers end the room naming who was left out; a silent member is left out by
 * the coordinator's restart.
 */
import { describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { fromHex, toHex, utf8 } from '../../encoding.js';
import { makeGroup } from '../../signing/testing/fixtures.js';
import {
  checkShareEvidence,
  evidenceFromJson,
  verifySigningRecord,
  type SignedSigningRecord,
} from '../../signing/index.js';
import { createSigningRoom, runSigningRoom } from './testing/signingRoom.js';
import { step } from '../step.js';
import { view } from '../view.js';
import { signingRoomView } from './view.js';
import { publicKeyPackageToJson } from '../../frostJson/index.js';
import { MAX_SIGNING_ROOM_CHARS } from '../../signing/roomParams.js';
import { deriveProgress, roomOf } from './attempts.js';

const g = makeGroup('ed25519', 2, 3);
const message = utf8('Release batch 7');
const request = { kind: 'message' as const, message };

function recordOf(text: string | null | undefined): SignedSigningRecord {
  return JSON.parse(text!) as SignedSigningRecord;
}

describe('signing room: blame and replacement', () => {
  it('a bad share is named with evidence, its signer jailed and replaced by the third approver', async () => {
    const { members } = await runSigningRoom({
      pkp: g.pkp,
      keyPackages: g.keyPackages,
      request,
      faults: { 1: { kind: 'bad-share' } },
      seed: 'bad-share',
    });
    for (const m of members) {
      const sr = m.state.session!.signing!;
      expect(sr.status).toBe('done');
      const r = recordOf(sr.record).record;
      expect(r.signers).toEqual([1, 3]);
      expect(r.blamed.map((b) => b.identifier)).toEqual([2]);
      // The evidence convicts share 2 with the shipping verifier, offline.
      for (const e of r.blamed[0]!.evidence) expect(checkShareEvidence(g.pkp, evidenceFromJson(e))).toBe(true);
      expect(r.reputation.find((c) => c.identifier === 2)!.jailedThrough).toBeGreaterThan(0);
      expect(verifySigningRecord(sr.record!, g.pkp).ok).toBe(true);
      expect(ed25519.verify(fromHex(sr.signatures[0]!), message, g.pkp.verifyingKey)).toBe(true);
      // Attempt 1 (P1, P2) named P2; attempt 2 (P1, P3) finished.
      const progress = deriveProgress(m.state.session!, sr, roomOf(m.state.session!));
      expect(progress.attempts.map((a) => a.signers)).toEqual([
        [1, 2],
        [1, 3],
      ]);
      expect([...progress.attempts[0]!.invalid.keys()]).toEqual([2]);
    }
  });

  it('a custodian who refuses is never selected', async () => {
    const { members } = await runSigningRoom({
      pkp: g.pkp,
      keyPackages: g.keyPackages,
      request,
      approves: [false, true, true],
      seed: 'refuse',
    });
    for (const m of members) {
      const sr = m.state.session!.signing!;
      expect(sr.status).toBe('done');
      expect(recordOf(sr.record).record.signers).toEqual([2, 3]);
      // Nothing of P1's in any attempt: no commitment, no share.
      expect(Object.keys(sr.commits).filter((k) => k.endsWith(':1'))).toEqual([]);
    }
  });

  it('refusal plus a bad share leaves too few: the room fails naming the bad signer, nobody signs', async () => {
    const { members } = await runSigningRoom({
      pkp: g.pkp,
      keyPackages: g.keyPackages,
      request,
      approves: [false, true, true],
      faults: { 1: { kind: 'bad-share' } },
      seed: 'too-few',
    });
    for (const m of members) {
      const sr = m.state.session!.signing!;
      expect(sr.status).toBe('failed');
      expect(sr.signatures).toEqual([]);
      expect(sr.error?.culprits.map((c) => c.identity)).toEqual([toHex(members[1]!.identity.publicKey)]);
    }
  });

  it('a member who never answers is left out by the coordinator restart; the smaller room signs (largest request)', async () => {
    // The largest request a room carries: the restart's failure record embeds the roster with it.
    const base = JSON.stringify({
      publicKeyPackage: publicKeyPackageToJson(g.pkp),
      request: { kind: 'message', message: '' },
    });
    const big = utf8('x'.repeat(Math.floor((MAX_SIGNING_ROOM_CHARS - base.length - 64) / 2)));
    const room = createSigningRoom({
      pkp: g.pkp,
      keyPackages: g.keyPackages,
      request: { kind: 'message', message: big },
      approves: [true, true, null],
      seed: 'silent',
    });
    await room.start();
    await room.run();
    const [p1, p2, p3] = room.members;
    expect(p1!.state.session!.signing!.status).toBe('collecting');
    // What the coordinator's screen says it is waiting for: P3's answer (not the key ceremony's rounds).
    expect(view(p1!.state).waitingFor.map((p) => p.name)).toEqual(['P3']);
    expect(signingRoomView(p1!.state)!.members.map((m) => m.decision)).toEqual(['approve', 'approve', null]);
    // P2's approval of generation 0, to replay later.
    const oldApproval = p2!.state.session!.signing!.approvals['2']!;
    await room.apply(p1!, { type: 'restartWithout', identities: [toHex(p3!.identity.publicKey)] });
    await room.run();
    // Replayed into the new generation, the old approval is refused (its session and generation are over).
    const replay = await step(p1!.state, { type: 'receive', bytes: utf8(oldApproval) }, p1!.rng);
    expect(replay.effects.flatMap((e) => (e.type === 'notice' && e.notice.error ? [e.notice.error.code] : []))).toEqual(
      ['wrong-generation'],
    );
    expect(replay.state.session!.signing!.approvals).toEqual(p1!.state.session!.signing!.approvals);
    for (const m of room.members.slice(0, 2)) {
      const s = m.state.session!;
      expect(s.generation).toBe(1);
      expect(s.roster).toHaveLength(2);
      expect(s.signing!.status).toBe('done');
      expect(recordOf(s.signing!.record).record.signers).toEqual([1, 2]);
    }
  });
});
