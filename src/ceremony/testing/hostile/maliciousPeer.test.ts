/**
 * A malicious participant (Carol) who tells different peers different things, over the real
 * shell and a reordering network. The test plays Carol by re-signing her outgoing messages
 * with her own key (she has it), so these are attacks a modified client could make.
 *
 * Already covered in src/protocol (not repeated here):
 * - different round-1 packages to different peers: testing/faults.test.ts
 *   "faults (participant #3 of 4 misbehaves) › equivocate …" (fault 'equivocate');
 * - the same lying echo to everyone: machine/machine.test.ts "echo disagreement › a lying echo
 *   leaves the session waiting on the liar (no blame without evidence)";
 * - two different round1/echo/confirmation envelopes reaching one receiver:
 *   machine/adversarial.test.ts "duplicates with different content";
 * - confirmations one by one (other key, other transcript, replayed, outsider, duplicates,
 *   confirm-echoes): machine/confirmation.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { verifyFailureRecord, createNobleIdentityCrypto } from '../../../protocol/index';
import type { Delivery } from './lyingNetwork';
import {
  confirmCodes,
  confirmedKeys,
  createHostileRoom,
  lockRoom,
  peek,
  signAs,
  type HostileParticipant,
  type HostileRoom,
} from './hostileRoom';

const crypto = createNobleIdentityCrypto();

/** Carol's message of `type` to the peers in `victims` is replaced by one she re-signs with `edit` applied. */
function carolLies(
  type: string,
  victims: (room: HostileRoom) => string[],
  edit: (payload: Record<string, unknown>) => void,
) {
  return (room: () => HostileRoom) => (d: Delivery) => {
    const r = room();
    const carol = r.people[2]!;
    const w = peek(d.bytes);
    if (d.from !== carol.member || w?.type !== type || w.from !== carol.hex || !victims(r).includes(d.toId))
      return undefined;
    const payload = JSON.parse(w.payload) as Record<string, unknown>;
    edit(payload);
    return [
      signAs(carol.identity, {
        type: 'confirmation' === type ? 'confirmation' : 'echo',
        room: w.room,
        session: w.session,
        generation: w.gen,
        payload,
      }),
    ];
  };
}

async function run(
  seed: string,
  lie: ReturnType<typeof carolLies>,
  names = ['Alice', 'Bob', 'Carol'],
): Promise<HostileRoom> {
  // Assigned once the room exists; the network callbacks below close over it (and may run before that).
  let room: HostileRoom | undefined = undefined;
  const intercept = lie(() => room!);
  room = createHostileRoom({ seed, names, network: { reorder: true, intercept } });
  await room.startAll();
  await lockRoom(room, { minSigners: 2 });
  await confirmCodes(room);
  return room;
}

describe('a participant who tells different peers different things', () => {
  it('different echo digests to Alice and Bob → equivocation, Carol blamed by everyone with a verifiable record', async () => {
    const room = await run(
      'echo-split',
      carolLies(
        'echo',
        (r) => [r.people[1]!.hex],
        (p) => {
          const hashes = p.round1 as string[];
          p.round1 = [hashes[1], hashes[0], ...hashes.slice(2)];
        },
      ),
    );
    const carol = room.people[2]!;
    for (const p of room.people.slice(0, 2)) {
      const v = p.ceremony.snapshot().view;
      expect(v.phase, p.name).toBe('failed');
      expect(v.failure?.reason).toBe('equivocation');
      expect(v.failure?.culprits.map((c) => c.name)).toEqual(['Carol']);
      const check = await verifyFailureRecord(crypto, v.failure!.record, room.people[0]!.hex);
      expect(check.ok).toBe(true);
      if (check.ok) expect(check.summary.culprits.map((c) => c.identity)).toEqual([carol.hex]);
    }
    expect(confirmedKeys(room.views())).toEqual([]);
  });

  it('different round-1 packages to different peers (fault "equivocate") over a reordering network → equivocation, Carol blamed', async () => {
    const room = createHostileRoom({
      seed: 'r1-split',
      names: ['Alice', 'Bob', 'Carol', 'Dave'],
      faults: { 2: { kind: 'equivocate' } },
      network: { reorder: true },
    });
    await room.startAll();
    await lockRoom(room, { minSigners: 2 });
    await confirmCodes(room);
    for (const i of [0, 1, 3]) {
      const v = room.views()[i]!;
      expect(v.failure?.reason).toBe('equivocation');
      expect(v.failure?.culprits.map((c) => c.name)).toEqual(['Carol']);
    }
    expect(confirmedKeys(room.views())).toEqual([]);
  });

  /** Carol's CertEq signature with one byte changed: it no longer verifies on the transcript T everyone holds. */
  const otherKey = (p: Record<string, unknown>) => {
    const k = p.certeq as string;
    p.certeq = k.slice(0, -2) + (k.endsWith('00') ? '01' : '00');
  };

  it('a confirmation for a different group key, to everyone → confirmation-mismatch blaming Carol, with her signed confirmation, her echo and the round-1 set as evidence that verifies offline; no key confirmed', async () => {
    const room = await run(
      'confirm-lie',
      carolLies('confirmation', (r) => [r.people[0]!.hex, r.people[1]!.hex], otherKey),
    );
    const carol = room.people[2]!;
    for (const p of room.people.slice(0, 2)) {
      const v = p.ceremony.snapshot().view;
      expect(v.phase, p.name).toBe('failed');
      expect(v.failure?.reason).toBe('confirmation-mismatch');
      expect(v.failure?.culprits.map((c) => c.name)).toEqual(['Carol']);
      expect(v.groupKey.status).not.toBe('confirmed');
      const check = await verifyFailureRecord(crypto, v.failure!.record, room.people[0]!.hex);
      expect(check.ok, p.name).toBe(true);
      if (!check.ok) continue;
      expect(check.summary.culprits.map((c) => c.identity)).toEqual([carol.hex]);
      expect(check.payload.evidence.map((e) => e.kind)).toEqual(['false-confirmation']);
    }
    // Carol's own node adopts the verdict too (it holds the real key, never confirmed).
    expect(confirmedKeys(room.views())).toEqual([]);
  });

  it('after that verdict the restart leaves Carol out; her generation-0 confirmation replayed into generation 1 is rejected (wrong-generation, nobody blamed); generation 1 succeeds with one key', async () => {
    const room = await run(
      'confirm-lie-restart',
      carolLies('confirmation', (r) => [r.people[0]!.hex, r.people[1]!.hex], otherKey),
    );
    const [alice, bob, carol] = room.people as [HostileParticipant, HostileParticipant, HostileParticipant];
    // Her true one, which Alice never saw (the transport drops envelopes it has already seen).
    const stale = carol.ceremony.state().session!.confirmations['3']!;
    await alice.ceremony.dispatch({ type: 'restart' });
    await room.settle();
    await confirmCodes(room, [alice, bob]);
    expect(
      room
        .views()
        .slice(0, 2)
        .map((v) => [v.phase, v.generation, v.roster.map((r) => r.name)]),
    ).toEqual([
      ['success', 1, ['Alice', 'Bob']],
      ['success', 1, ['Alice', 'Bob']],
    ]);
    expect(alice.ceremony.snapshot().view.history.find((h) => h.generation === 0)?.blamed).toEqual([carol.hex]);
    room.net.inject(alice.hex, new TextEncoder().encode(stale));
    await room.settle();
    const errors = alice.ceremony.snapshot().view.errors.filter((e) => e.code === 'wrong-generation');
    expect(errors.map((e) => e.culprits)).toEqual([[]]);
    expect(alice.ceremony.snapshot().view.phase).toBe('success');
    expect(confirmedKeys(room.views())).toHaveLength(1);
  });

  // Before the fix Alice could succeed (her n confirmations agreed) while Bob stopped. Now Alice
  // and Dave wait for Bob's confirm-echo, which never comes; Bob's failure record does.
  it.each(['confirm-split', 'confirm-split-2', 'confirm-split-3'])(
    'seed %s: an honest confirmation to Alice and Dave, a lying one to Bob → all three fail naming Carol; no key confirmed',
    async (seed) => {
      const room = await run(
        seed,
        carolLies('confirmation', (r) => [r.people[1]!.hex], otherKey),
        ['Alice', 'Bob', 'Carol', 'Dave'],
      );
      const carol = room.people[2]!;
      for (const i of [0, 1, 3]) {
        const v = room.views()[i]!;
        expect(v.phase, room.people[i]!.name).toBe('failed');
        expect(v.failure?.reason, room.people[i]!.name).toBe('confirmation-mismatch');
        expect(v.failure?.culprits.map((c) => c.identity)).toEqual([carol.hex]);
        expect((await verifyFailureRecord(crypto, v.failure!.record, room.people[0]!.hex)).ok).toBe(true);
      }
      expect(confirmedKeys(room.views())).toEqual([]);
    },
  );

  // A COCKTAIL confirmation has one field ({certeq}), so there is no second key order to spell it
  // with; wire-level respellings are respelling.test.ts's. What stays: Carol's confirmation re-signed
  // from the parsed payload for Bob is the same message (same canonical bytes), never a second one.
  it('the same confirmation re-signed from its parsed payload (Alice gets one copy, Bob the other) → one message: everyone confirms the one key', async () => {
    const respell = (p: Record<string, unknown>) => {
      const { certeq } = p;
      for (const k of Object.keys(p)) delete p[k];
      Object.assign(p, { certeq });
    };
    const room = await run(
      'confirm-respell',
      carolLies('confirmation', (r) => [r.people[1]!.hex], respell),
    );
    expect(room.views().map((v) => v.phase)).toEqual(['success', 'success', 'success']);
    expect(confirmedKeys(room.views())).toHaveLength(1);
  });
});
