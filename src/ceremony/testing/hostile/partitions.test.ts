/**
 * Partitions and flapping links during a ceremony: links forced down and up at random (seeded)
 * between deliveries. A lost envelope comes back through the transport's anti-entropy when the
 * link returns. Outcome: the ceremony completes, or the people it waits for are named — and at
 * no point do two participants hold different confirmed keys.
 */
import { describe, expect, it } from 'vitest';
import {
  confirmCodes,
  confirmedKeys,
  confirmedKeysNow,
  createHostileRoom,
  heal,
  lockRoom,
  type HostileRoom,
} from './hostileRoom';

describe('flapping links', () => {
  it.each(['flap-1', 'flap-2', 'flap-3'])(
    'seed %s: links go down and up at random from lock to the end → all complete with one key',
    async (seed) => {
      let flapping = false;
      let toggles = 0;
      let worst = 0;
      let deliveryToggles = 0;
      // Assigned once the room exists; the network callbacks below close over it (and may run before that).
      let room: HostileRoom | undefined = undefined;
      room = createHostileRoom({
        seed,
        names: ['Alice', 'Bob', 'Carol', 'Dave'],
        network: {
          reorder: true,
          beforeDelivery: (net) => {
            if (room) worst = Math.max(worst, confirmedKeysNow(room).length);
            // A bounded budget: every link-up resends whole stores, so unbounded flapping would never settle.
            if (!flapping || deliveryToggles >= 40 || net.rand() > 0.1) return;
            deliveryToggles++;
            const m = net.members();
            const a = m[Math.floor(net.rand() * m.length)]!;
            const b = m[Math.floor(net.rand() * m.length)]!;
            if (a === b) return;
            net.setLink(a, b, !net.linkUp(a, b));
            toggles++;
          },
        },
      });
      /** Between quiet moments too: toggle a random link, let the network run, repeat. */
      const flapFor = async (rounds: number) => {
        for (let i = 0; i < rounds; i++) {
          const m = room!.net.members();
          const a = m[Math.floor(room!.net.rand() * m.length)]!;
          const b = m[(m.indexOf(a) + 1 + Math.floor(room!.net.rand() * (m.length - 1))) % m.length]!;
          room!.net.setLink(a, b, !room!.net.linkUp(a, b));
          toggles++;
          await room!.settle();
        }
      };
      await room.startAll();
      await heal(room);
      flapping = true;
      await lockRoom(room, { minSigners: 3 });
      await flapFor(10);
      await confirmCodes(room);
      await flapFor(30);
      // Whatever state the flapping left: links come back, the transports resync.
      flapping = false;
      await heal(room);
      expect(toggles).toBeGreaterThan(40);
      expect(room.views().map((v) => v.phase)).toEqual(['success', 'success', 'success', 'success']);
      expect(confirmedKeys(room.views())).toHaveLength(1);
      expect(worst).toBeLessThanOrEqual(1);
      for (const v of room.views()) expect(v.errors).toEqual([]);
    },
  );
});

describe('a participant cut off for good', () => {
  it('the others name whom they wait for and see the link down; restart without them succeeds; they learn they were excluded', async () => {
    const room = createHostileRoom({ seed: 'cut-off', names: ['Alice', 'Bob', 'Carol', 'Dave'] });
    await room.startAll();
    await lockRoom(room, { minSigners: 2 });
    const dave = room.people[3]!;
    for (const p of room.people.slice(0, 3)) room.net.setLink(p.member, dave.member, false);
    await confirmCodes(room);
    for (const p of room.people.slice(0, 3)) {
      const snap = p.ceremony.snapshot();
      expect(snap.view.phase).toBe('verify');
      expect(snap.view.waitingFor.map((w) => w.name)).toEqual(['Dave']);
      expect(snap.links[dave.hex]).toBe('down');
      expect(snap.view.failure).toBeNull();
    }
    await room.people[0]!.ceremony.dispatch({ type: 'restartWithout', identities: [dave.hex] });
    await room.settle();
    await confirmCodes(room, room.people.slice(0, 3));
    expect(
      room
        .views()
        .slice(0, 3)
        .map((v) => [v.phase, v.generation]),
    ).toEqual([
      ['success', 1],
      ['success', 1],
      ['success', 1],
    ]);
    // Dave comes back: he receives the Restart and stops, with no key.
    for (const p of room.people.slice(0, 3)) room.net.setLink(p.member, dave.member, true);
    await room.settle();
    expect(dave.ceremony.snapshot().view.phase).toBe('aborted');
    expect(dave.ceremony.snapshot().view.abortReason?.code).toBe('excluded');
    expect(confirmedKeys(room.views())).toHaveLength(1);
  });
});
