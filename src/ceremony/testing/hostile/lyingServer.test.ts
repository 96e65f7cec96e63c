/**
 * A lying signalling server / network between real ceremony shells. Each attack is either
 * tolerated (the ceremony completes, everyone holds the same confirmed key) or detected (a
 * named error, the session waits on named people) — never two confirmed keys, never a silent
 * wrong key.
 */
import { describe, expect, it } from 'vitest';
import { generateIdentity, helloMac, toHex, seededRng, staticPublicKeys } from '../../../protocol/index';
import type { Delivery } from './lyingNetwork';
import {
  confirmCodes,
  confirmedKeys,
  createHostileRoom,
  errorCodes,
  heal,
  lockRoom,
  peek,
  signAs,
  type HostileRoom,
} from './hostileRoom';

const NAMES = ['Alice', 'Bob', 'Carol'];

/** Runs lock → codes → success and checks the safety property. */
async function finish(room: HostileRoom, between: () => Promise<void> = async () => {}): Promise<void> {
  await lockRoom(room);
  await between();
  expect(new Set(room.views().map((v) => v.verificationCode)).size).toBe(1);
  await confirmCodes(room);
  await between();
  expect(room.views().map((v) => v.phase)).toEqual(room.people.map(() => 'success'));
  expect(confirmedKeys(room.views())).toHaveLength(1);
}

describe('the server injects a fake participant into the lobby', () => {
  it('a Hello without the room secret → bad-room-mac naming the intruder; it cannot be locked in', async () => {
    const room = createHostileRoom({ seed: 'fake-hello', names: NAMES });
    await room.startAll();
    const mallory = generateIdentity(seededRng('mallory'));
    // Any usable X25519 key will do; reuse a real one.
    const ephemeral = Object.values(room.people[0]!.ceremony.state().candidates)[0]!.ephemeral;
    const guessedSecret = seededRng('not-the-secret')(32);
    const fake = signAs(mallory, {
      type: 'hello',
      room: room.roomId,
      session: '',
      generation: 0,
      payload: {
        name: 'Bob',
        ephemeral,
        commit: toHex(seededRng('mallory-commit')(32)),
        mac: helloMac(guessedSecret, room.roomId, 0, toHex(mallory.publicKey), ephemeral, 'Bob'),
        statics: staticPublicKeys(seededRng('mallory-master')(32)),
      },
    });
    for (const p of room.people) room.net.inject(p.hex, fake);
    await room.settle();
    for (const p of room.people) {
      const err = p.ceremony.snapshot().view.errors.find((e) => e.code === 'bad-room-mac');
      expect(err?.culprits.map((c) => c.identity)).toEqual([toHex(mallory.publicKey)]);
      expect(Object.keys(p.ceremony.state().candidates)).not.toContain(toHex(mallory.publicKey));
    }
    // The coordinator cannot select someone who never said a valid Hello.
    const notices = await room.people[0]!.ceremony.dispatch({
      type: 'lock',
      params: { suite: 'ed25519', minSigners: 2, label: 'x' },
      roster: [...room.people.map((p) => p.hex), toHex(mallory.publicKey)],
    });
    expect(notices.map((n) => n.error?.code)).toEqual(['invalid-roster']);
    expect(notices[0]?.error?.culprits.map((c) => c.identity)).toEqual([toHex(mallory.publicKey)]);
    await finish(room);
  });

  it('a valid Hello from another room, and a real Hello with its name changed → wrong-room, bad-signature', async () => {
    const other = createHostileRoom({ seed: 'other-room', names: ['Mallory', 'Oscar'] });
    await other.startAll();
    const foreignHello = other.net.log.find((d) => peek(d.bytes)?.type === 'hello')!.bytes;
    const room = createHostileRoom({ seed: 'renamed-hello', names: NAMES });
    const bobHello: Uint8Array[] = [];
    await room.startAll();
    for (const d of room.net.log)
      if (peek(d.bytes)?.type === 'hello' && peek(d.bytes)?.from === room.people[1]!.hex) bobHello.push(d.bytes);
    const renamed = new TextEncoder().encode(
      new TextDecoder().decode(bobHello[0]!).replace('\\"name\\":\\"Bob\\"', '\\"name\\":\\"Eve\\"'),
    );
    expect(peek(renamed)?.payload).toContain('"Eve"');
    for (const p of [room.people[0]!, room.people[2]!]) {
      room.net.inject(p.hex, foreignHello);
      room.net.inject(p.hex, renamed);
    }
    await room.settle();
    for (const p of [room.people[0]!, room.people[2]!]) {
      expect(errorCodes(p).sort()).toEqual(['bad-signature', 'wrong-room']);
      // Nobody is blamed for bytes anyone could have made up; the claimed sender is reported.
      const bad = p.ceremony.snapshot().view.errors.find((e) => e.code === 'bad-signature')!;
      expect(bad.culprits).toEqual([]);
      expect(bad.claimedSender).toBe(room.people[1]!.hex);
    }
    expect(
      room
        .views()[0]!
        .candidates.map((c) => c.name)
        .sort(),
    ).toEqual(['Alice', 'Bob', 'Carol']);
    await finish(room);
  });
});

describe('the server shows part of the room a roster of its own', () => {
  it('a roster not signed by the invite coordinator → unknown-sender; that half never starts; healed, all complete', async () => {
    let lying = true;
    const room = createHostileRoom({
      seed: 'forged-roster',
      names: NAMES,
      network: {
        intercept: (d: Delivery) => {
          // Carol never gets the real roster; she gets the server's instead.
          if (lying && d.kind !== 'inject' && d.toId === carol() && peek(d.bytes)?.type === 'roster') return [];
          return undefined;
        },
      },
    });
    const carol = () => room.people[2]!.hex;
    await room.startAll();
    const server = generateIdentity(seededRng('server-key'));
    // The server copies the real roster's content but can only sign with its own key.
    let forged: Uint8Array | undefined;
    const realRoster = async () => {
      await lockRoom(room);
      const r = room.net.log.find((d) => peek(d.bytes)?.type === 'roster')!;
      const w = peek(r.bytes)!;
      const payload = JSON.parse(w.payload) as { params: { label: string } };
      payload.params.label = 'server edition';
      forged = signAs(server, { type: 'roster', room: w.room, session: w.session, generation: 0, payload });
    };
    await realRoster();
    // The forged roster is made after the lock; deliver it to Carol now (as a late relay).
    room.net.inject(carol(), forged!);
    await room.settle();
    expect(errorCodes(room.people[2]!)).toContain('unknown-sender');
    expect(room.views()[2]!.phase).toBe('lobby');
    await confirmCodes(room, room.people.slice(0, 2));
    // Alice and Bob wait for Carol's part of the code, by name (so "codes match" was refused); nobody is blamed; no key.
    for (const v of room.views().slice(0, 2)) {
      expect([v.phase, v.verificationCode]).toEqual(['reveal', null]);
      expect(v.waitingFor.map((w) => w.name)).toEqual(['Carol']);
      expect(v.failure).toBeNull();
    }
    expect(confirmedKeys(room.views())).toEqual([]);
    lying = false;
    await heal(room);
    expect(room.views()[2]!.verificationCode).toBe(room.views()[0]!.verificationCode);
    await confirmCodes(room);
    expect(room.views().map((v) => v.phase)).toEqual(['success', 'success', 'success']);
    expect(confirmedKeys(room.views())).toHaveLength(1);
  });
});

describe('replays', () => {
  it('every envelope of a finished ceremony in another room, replayed at every step → wrong-room; the ceremony completes', async () => {
    const ids = NAMES.map((n) => generateIdentity(seededRng(`replay-people/${n}`)));
    // The same people ran a ceremony in room X earlier; the server replays all of it in room Y.
    const x = createHostileRoom({ seed: 'replay-x', names: NAMES, identities: ids });
    await x.startAll();
    await finish(x);
    const oldKey = confirmedKeys(x.views())[0];
    const old = [...new Map(x.net.log.map((d) => [toHex(d.bytes), d.bytes])).values()];
    const y = createHostileRoom({ seed: 'replay-y', names: NAMES, identities: ids });
    const replay = async () => {
      for (const p of y.people) for (const b of old) y.net.inject(p.hex, b);
      await y.settle();
    };
    await y.startAll();
    await replay();
    await finish(y, replay);
    for (const p of y.people) {
      expect(new Set(errorCodes(p))).toEqual(new Set(['wrong-room']));
      expect(
        p.ceremony.snapshot().view.errors.every((e) => e.culprits.length === 0 && e.claimedSender !== undefined),
      ).toBe(true);
    }
    expect(confirmedKeys(y.views())[0]).not.toBe(oldKey);
  });

  it('envelopes of an earlier generation, replayed into the next → wrong-generation; the next generation completes', async () => {
    // No dedup: a reloaded page's transport has forgotten what it saw, so replays reach the protocol.
    const room = createHostileRoom({
      seed: 'replay-gen',
      names: [...NAMES, 'Dave'],
      faults: { 3: { kind: 'silent' } },
      network: { dedup: false },
    });
    await room.startAll();
    await lockRoom(room);
    await confirmCodes(room);
    // Dave never sends round 1: the others wait for him by name, then the coordinator leaves him out.
    expect(room.views()[0]!.waitingFor.map((w) => w.name)).toEqual(['Dave']);
    const gen0 = [...new Map(room.net.log.map((d) => [toHex(d.bytes), d.bytes])).values()];
    expect(gen0.some((b) => peek(b)?.type === 'round1')).toBe(true);
    await room.people[0]!.ceremony.dispatch({ type: 'restartWithout', identities: [room.people[3]!.hex] });
    await room.settle();
    const honest = room.people.slice(0, 3);
    const replay = async () => {
      for (const p of honest) for (const b of gen0) room.net.inject(p.hex, b);
      await room.settle();
    };
    await replay();
    expect(room.views()[0]!.generation).toBe(1);
    expect(room.views()[1]!.phase).toBe('verify');
    await confirmCodes(room, honest);
    await replay();
    for (const p of honest) {
      expect(p.ceremony.snapshot().view.phase).toBe('success');
      expect(errorCodes(p)).toContain('wrong-generation');
      expect(new Set(errorCodes(p))).toEqual(new Set(['wrong-generation']));
    }
    expect(confirmedKeys(room.views())).toHaveLength(1);
    expect(room.views()[3]!.groupKey.status).not.toBe('confirmed');
  });
});

describe('tampering, loss, reordering and duplication', () => {
  it('bytes flipped in a third of the deliveries → bad-signature / malformed, nobody blamed; completes', async () => {
    let active = true;
    let flipped = 0;
    const room = createHostileRoom({
      seed: 'tamper',
      names: NAMES,
      network: {
        intercept: (d, net) => {
          if (!active || net.rand() > 0.33) return undefined;
          const b = d.bytes.slice();
          const i = Math.floor(net.rand() * b.length);
          b[i] = (b[i]! ^ (1 + Math.floor(net.rand() * 255))) & 0xff;
          flipped++;
          return [b];
        },
      },
    });
    await room.startAll();
    await heal(room);
    await finish(room, async () => {
      await room.settle();
      active = false;
      await heal(room);
      active = true;
    });
    expect(flipped).toBeGreaterThanOrEqual(5);
    for (const p of room.people) {
      const errors = p.ceremony.snapshot().view.errors;
      expect(new Set(errors.map((e) => e.code)).size).toBeGreaterThan(0);
      for (const e of errors) {
        expect(['bad-signature', 'malformed']).toContain(e.code);
        expect(e.culprits).toEqual([]);
      }
    }
  });

  it('random drops, duplicates and reordering (no dedup in the network) → no error at all; completes once healed', async () => {
    let active = true;
    const room = createHostileRoom({
      seed: 'drop-dup-reorder',
      names: [...NAMES, 'Dave'],
      network: {
        reorder: true,
        dedup: false,
        intercept: (d, net) => {
          if (!active) return undefined;
          const r = net.rand();
          if (r < 0.25) return [];
          if (r < 0.5) return [d.bytes, d.bytes, d.bytes];
          return undefined;
        },
      },
    });
    const phase = async () => {
      await room.settle();
      active = false;
      await heal(room);
      active = true;
    };
    await room.startAll();
    await phase();
    await finish(room, phase);
    for (const p of room.people) expect(errorCodes(p)).toEqual([]);
  });

  it('the server drops everything Bob sends Carol, for good → Carol waits on Bob by name; nobody blamed, no key', async () => {
    const room = createHostileRoom({
      seed: 'starve',
      names: NAMES,
      network: {
        intercept: (d) =>
          d.from === room.people[1]!.member &&
          d.toId === room.people[2]!.hex &&
          peek(d.bytes)?.type !== 'hello' &&
          peek(d.bytes)?.type !== 'roster'
            ? []
            : undefined,
      },
    });
    await room.startAll();
    await lockRoom(room);
    await confirmCodes(room);
    const carol = room.views()[2]!;
    expect(carol.waitingFor.map((w) => w.name)).toEqual(['Bob']);
    for (const v of room.views()) {
      expect(v.failure).toBeNull();
      expect(v.phase).not.toBe('success');
    }
    expect(confirmedKeys(room.views())).toEqual([]);
  });
});
