/**
 * Example: a 2-of-3 ed25519 ceremony, written out step by step with the public API.
 * The "network" here is an array of byte strings; in the app it is WebRTC and a relay.
 */
import { describe, expect, it } from 'vitest';
import {
  certificateOf,
  createParticipant,
  generateIdentity,
  seededRng,
  step,
  toHex,
  verifyCertificate,
  view,
  type Effect,
  type ParticipantState,
} from './index.js';

describe('Example', () => {
  it('three custodians run a ceremony', async () => {
    // Each custodian has an identity key (kept in their browser) and a randomness source.
    const rng = seededRng('example'); // in the app: (n) => crypto.getRandomValues(new Uint8Array(n))
    const [carol, alice, bob] = [generateIdentity(rng), generateIdentity(rng), generateIdentity(rng)];

    // Carol creates the room; the invite link carries room id, room secret and her key.
    const room = { id: 'treasury-room', secret: rng(32), coordinator: carol.publicKey };
    const people: Record<string, ParticipantState> = {
      carol: createParticipant({ identity: carol, name: 'Carol', room, isCoordinator: true, rng }),
      alice: createParticipant({ identity: alice, name: 'Alice', room, isCoordinator: false, rng }),
      bob: createParticipant({ identity: bob, name: 'Bob', room, isCoordinator: false, rng }),
    };

    // The shell: run an event, save state when told, deliver what is sent.
    const wire: { to: string; bytes: Uint8Array }[] = [];
    const keyOf: Record<string, string> = {
      [toHex(carol.publicKey)]: 'carol',
      [toHex(alice.publicKey)]: 'alice',
      [toHex(bob.publicKey)]: 'bob',
    };
    const run = async (who: string, event: Parameters<typeof step>[1]): Promise<void> => {
      const { state, effects } = await step(people[who] as ParticipantState, event, rng);
      people[who] = state;
      for (const e of effects as Effect[]) {
        if (e.type === 'broadcast')
          for (const other of Object.keys(people)) if (other !== who) wire.push({ to: other, bytes: e.bytes });
        if (e.type === 'send') wire.push({ to: keyOf[e.to] as string, bytes: e.bytes });
      }
    };
    const deliverAll = async (): Promise<void> => {
      while (wire.length > 0) {
        const m = wire.shift() as { to: string; bytes: Uint8Array };
        await run(m.to, { type: 'receive', bytes: m.bytes });
      }
    };

    // 1. Everyone says hello in the lobby.
    for (const who of ['carol', 'alice', 'bob']) await run(who, { type: 'announce' });
    await deliverAll();
    expect(
      view(people.carol as ParticipantState)
        .candidates.map((c) => c.name)
        .sort(),
    ).toEqual(['Alice', 'Bob', 'Carol']);

    // 2. Carol locks suite, threshold and roster (identifiers 1..3 in this order).
    await run('carol', {
      type: 'lock',
      params: { suite: 'ed25519', minSigners: 2, label: 'treasury 2-of-3' },
      roster: [toHex(carol.publicKey), toHex(alice.publicKey), toHex(bob.publicKey)],
    });
    await deliverAll();

    // 3. Everyone sees the same code; they read it aloud and confirm.
    const codes = Object.values(people).map((s) => view(s).verificationCode);
    expect(new Set(codes).size).toBe(1);
    for (const who of ['carol', 'alice', 'bob']) await run(who, { type: 'confirmCode' });

    // 4. The rest (round 1, echo, round 2, confirmation) runs on message delivery alone.
    await deliverAll();
    for (const s of Object.values(people)) {
      expect(view(s).phase).toBe('success');
      expect(view(s).groupKey.status).toBe('confirmed');
    }

    // 5. Anyone can check the ceremony afterwards from the certificate file alone.
    const check = verifyCertificate(certificateOf(people.bob as ParticipantState) as string, {
      expectedCoordinator: toHex(carol.publicKey),
    });
    expect(check.ok && check.summary.groupKey).toBe(view(people.alice as ParticipantState).groupKey.hex);
  });
});
