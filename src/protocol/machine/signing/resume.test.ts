/**
 * Nonces in a signing room (RFC 9591 §5.1, §10.3; nonces.ts): saved before the commitment leaves,
 * consumed with the share, never used twice. A signer is killed between its commitment and its
 * share (unsent effects lost, only what was persisted survives), resumed from its saved state,
 * and the room finishes with its nonce used exactly once.
 */
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../encoding.js';
import { makeGroup } from '../../signing/testing/fixtures.js';
import { consumeNonce, decodeNonceStore, SignError } from '../../signing/index.js';
import { deserialize, serialize } from '../serialize.js';
import { step } from '../step.js';
import type { Effect } from '../types.js';
import { createSigningRoom } from './testing/signingRoom.js';

const g = makeGroup('ed25519', 2, 3);

describe('signing room: kill and resume between commitment and share', () => {
  it('the nonce is persisted before the commitment is sent, and used exactly once after a resume', async () => {
    let killed = false;
    const room = createSigningRoom({
      pkp: g.pkp,
      keyPackages: g.keyPackages,
      request: { kind: 'message', message: utf8('resume me') },
      seed: 'resume',
      // P2 dies once its commitment is out and before its share exists.
      stopWhen: (ms) => {
        const sr = ms[1]!.state.session?.signing;
        return !killed && sr !== undefined && sr.commits['1:2'] !== undefined && sr.shares['1:2'] === undefined;
      },
    });
    await room.start();
    await room.run();
    const p2 = room.members[1]!;
    const sr = p2.state.session!.signing!;
    // The step that made the commitment saved the state ('persist') before broadcasting it.
    const commitText = sr.commits['1:2']!;
    const isCommit = (e: Effect) => e.type === 'broadcast' && new TextDecoder().decode(e.bytes) === commitText;
    const made = p2.steps.filter((effects) => effects.some(isCommit));
    expect(made.length).toBeGreaterThan(0);
    // The first step that sent it: its first effect is 'persist', before any send.
    expect(made[0]![0]!.type).toBe('persist');
    const saved = decodeNonceStore(sr.nonces);
    const id = `${p2.state.session!.id}/1/0`;
    expect(saved.records.get(id)?.secret).not.toBeNull();

    // Kill: the process is gone; everything in flight to and from P2 is lost. Resume from disk.
    killed = true;
    room.queue.splice(0, room.queue.length, ...room.queue.filter((q) => q.to !== 1 && q.from !== 1));
    p2.state = deserialize(serialize(p2.state));
    await room.apply(p2, { type: 'resumed' });
    for (const m of room.members) await room.apply(m, { type: 'resend' });
    await room.run();

    for (const m of room.members) expect(m.state.session!.signing!.status).toBe('done');
    const after = decodeNonceStore(p2.state.session!.signing!.nonces);
    expect(after.records.get(id)?.secret).toBeNull();
    // The used nonce can never be taken out again, also from the saved state.
    expect(() => consumeNonce(after, id)).toThrow(SignError);
    // Exactly one share of P2's in the room, and its envelope is what every member holds.
    const shares = new Set(room.members.map((m) => m.state.session!.signing!.shares['1:2']));
    expect(shares.size).toBe(1);
  });

  it('a resumed signer whose share was already made re-sends that share and never signs again', async () => {
    const room = createSigningRoom({
      pkp: g.pkp,
      keyPackages: g.keyPackages,
      request: { kind: 'message', message: utf8('resume after share') },
      seed: 'resume-2',
      stopWhen: (ms) => ms[1]!.state.session?.signing?.shares['1:2'] !== undefined,
    });
    await room.start();
    await room.run();
    const p2 = room.members[1]!;
    const share = p2.state.session!.signing!.shares['1:2'];
    room.queue.splice(0, room.queue.length, ...room.queue.filter((q) => q.from !== 1));
    const r = await step(deserialize(serialize(p2.state)), { type: 'resend' }, p2.rng, { cache: p2.cache });
    const sent = r.effects.flatMap((e) => (e.type === 'broadcast' ? [new TextDecoder().decode(e.bytes)] : []));
    expect(sent).toContain(share);
    expect(r.state.session!.signing!.shares['1:2']).toBe(share);
  });
});
