/**
 * Attack tests of issue 11 §7.1 and §7.7 through real ceremony shells: a 1-of-n key only when
 * the coordinator allowed it and every custodian accepted it; labels and names that cannot
 * disguise themselves (bidi overrides, NO-BREAK SPACE, Cyrillic look-alikes, duplicates),
 * refused by the honest coordinator's lock and by every participant when a hostile peer or
 * coordinator signs them anyway (same encoder, same checks as shipped).
 */
import { describe, expect, it } from 'vitest';
import { toHex, helloMac, computeSessionId, type RosterEntry, type SessionParams } from '../../../protocol/index';
import { createHostileRoom, errorCodes, signAs, type HostileParticipant, type HostileRoom } from './hostileRoom';

/** The roster an honest lock would make, from the coordinator's candidates. */
function rosterOf(room: HostileRoom, names?: Record<string, string>): RosterEntry[] {
  const c = room.people[0]!.ceremony.state().candidates;
  return room.people.map((p) => ({
    identity: p.hex,
    ephemeral: c[p.hex]!.ephemeral,
    commit: c[p.hex]!.commit,
    name: names?.[p.hex] ?? c[p.hex]!.name,
    static: c[p.hex]!.statics.ed25519,
  }));
}

/** A roster the coordinator signs without going through its own lock (a hostile coordinator). */
function hostileRoster(room: HostileRoom, params: SessionParams, roster: RosterEntry[]): Uint8Array {
  const session = toHex(computeSessionId(room.roomId, 0, params, roster));
  return signAs(room.coordinator, {
    type: 'roster',
    room: room.roomId,
    session,
    generation: 0,
    payload: { params, roster },
  });
}

async function deliver(room: HostileRoom, to: HostileParticipant, bytes: Uint8Array): Promise<void> {
  await to.ceremony.dispatch({ type: 'receive', bytes });
  await room.settle();
}

const lastRejection = (p: HostileParticipant) => [...p.notices].reverse().find((n) => n.kind === 'rejected')?.error;

describe('7.1 a 1-of-n key needs the coordinator to allow it and every custodian to accept it', () => {
  it('the coordinator cannot lock t = 1 without allowing it explicitly', async () => {
    const room = createHostileRoom({ seed: 't1-lock', names: ['Alice', 'Bob', 'Carol'] });
    await room.startAll();
    const notices = await room.people[0]!.ceremony.dispatch({
      type: 'lock',
      params: { suite: 'ed25519', minSigners: 1, label: 'Treasury' },
      roster: room.people.map((p) => p.hex),
    });
    expect(notices.find((n) => n.kind === 'rejected')?.error).toMatchObject({ code: 'invalid-params' });
    expect(room.people[0]!.ceremony.state().session).toBeNull();
  });

  it('a hostile coordinator signs a 1-of-3 roster without the flag: every participant refuses it, naming the coordinator', async () => {
    const room = createHostileRoom({ seed: 't1-hostile', names: ['Alice', 'Bob', 'Carol'] });
    await room.startAll();
    const bytes = hostileRoster(
      room,
      { suite: 'ed25519', minSigners: 1, maxSigners: 3, label: 'Treasury' },
      rosterOf(room),
    );
    for (const p of room.people.slice(1)) {
      await deliver(room, p, bytes);
      expect(p.ceremony.state().session).toBeNull();
      expect(lastRejection(p)).toMatchObject({ code: 'invalid-params', culprits: [{ identity: room.people[0]!.hex }] });
    }
  });

  it('allowed: each custodian must accept before "codes match" signs anything; then the ceremony completes', async () => {
    const room = createHostileRoom({ seed: 't1-allowed', names: ['Alice', 'Bob', 'Carol'] });
    await room.startAll();
    await room.people[0]!.ceremony.dispatch({
      type: 'lock',
      params: { suite: 'ed25519', minSigners: 1, label: 'Hot wallet', singleSigner: true },
      roster: room.people.map((p) => p.hex),
    });
    await room.settle();
    for (const p of room.people) {
      expect(p.ceremony.snapshot().view.params).toMatchObject({ minSigners: 1, singleSigner: true });
      const notices = await p.ceremony.dispatch({ type: 'confirmCode' });
      expect(notices.find((n) => n.kind === 'rejected')?.error).toMatchObject({ code: 'single-signer-not-accepted' });
      expect(p.ceremony.state().session?.codeConfirmed).toBe(false);
      expect(p.ceremony.state().session?.sent.some((t) => t.includes('"type":"start"'))).toBe(false);
    }
    for (const p of room.people) await p.ceremony.dispatch({ type: 'confirmCode', acceptSingleSigner: true });
    await room.settle();
    expect(room.views().map((v) => v.phase)).toEqual(['success', 'success', 'success']);
  });

  it('singleSigner with t ≥ 2 is refused (one meaning per roster)', async () => {
    const room = createHostileRoom({ seed: 't1-extra', names: ['Alice', 'Bob'] });
    await room.startAll();
    const bytes = hostileRoster(
      room,
      { suite: 'ed25519', minSigners: 2, maxSigners: 2, label: 'x', singleSigner: true },
      rosterOf(room),
    );
    await deliver(room, room.people[1]!, bytes);
    expect(room.people[1]!.ceremony.state().session).toBeNull();
    expect(errorCodes(room.people[1]!)).toContain('invalid-params');
  });
});

describe('7.1 labels cannot disguise themselves', () => {
  // "Treasury " + RLO + "3-of-2" reads as "Treasury 2-of-3" on screen.
  const disguised = 'Treasury \u202e3-fo-2';
  it.each([
    ['RIGHT-TO-LEFT OVERRIDE', disguised],
    ['FIRST STRONG ISOLATE', 'Treasury \u2068x'],
    ['a control character', 'Treasury\u0007'],
    ['a zero-width joiner', 'Trea\u200dsury'],
    ['a label not in normal form (NBSP)', 'Treasury\u00a02-of-3'],
  ])('%s: the lock is refused, and a hostile roster is refused by participants', async (_what, label) => {
    const room = createHostileRoom({ seed: `label-${label.length}-${label.charCodeAt(9)}`, names: ['Alice', 'Bob'] });
    await room.startAll();
    const notices = await room.people[0]!.ceremony.dispatch({
      type: 'lock',
      params: { suite: 'ed25519', minSigners: 2, label },
      roster: room.people.map((p) => p.hex),
    });
    expect(notices.find((n) => n.kind === 'rejected')?.error?.code).toBe('invalid-params');
    await deliver(
      room,
      room.people[1]!,
      hostileRoster(room, { suite: 'ed25519', minSigners: 2, maxSigners: 2, label }, rosterOf(room)),
    );
    expect(room.people[1]!.ceremony.state().session).toBeNull();
    expect(errorCodes(room.people[1]!)).toContain('malformed');
  });
});

describe('7.7 look-alike and duplicate names', () => {
  it('what a custodian types is normalised: "Alice" + NO-BREAK SPACE and full-width "Ａｌｉｃｅ" become "Alice"', async () => {
    const room = createHostileRoom({
      seed: 'nbsp-typed',
      names: ['Coord', 'Alice\u00a0', '\uff21\uff4c\uff49\uff43\uff45'],
    });
    expect(room.people.slice(1).map((p) => p.ceremony.state().name)).toEqual(['Alice', 'Alice']);
    await room.startAll();
    // …and then they are duplicates, which the lock refuses, naming both.
    const notices = await room.people[0]!.ceremony.dispatch({
      type: 'lock',
      params: { suite: 'ed25519', minSigners: 2, label: 'x' },
      roster: room.people.map((p) => p.hex),
    });
    const err = notices.find((n) => n.kind === 'rejected')?.error;
    expect(err).toMatchObject({ code: 'invalid-roster' });
    expect(err?.culprits.map((c) => c.identity).sort()).toEqual([room.people[1]!.hex, room.people[2]!.hex].sort());
  });

  it('a hostile peer signs a hello named "Alice" + NO-BREAK SPACE: refused, naming it', async () => {
    const room = createHostileRoom({ seed: 'nbsp-hello', names: ['Coord', 'Alice', 'Mallory'] });
    await room.startAll();
    const mallory = room.people[2]!;
    const st = mallory.ceremony.state();
    const name = 'Alice\u00a0';
    const payload = {
      name,
      ephemeral: st.ephemeral.publicKey,
      commit: rosterOf(room)[2]!.commit,
      mac: helloMac(room.roomSecret, room.roomId, 0, mallory.hex, st.ephemeral.publicKey, name),
    };
    // Mallory's second hello (different name) — a fresh room member would be the same case.
    const coord = room.people[0]!;
    const before = coord.ceremony.state().candidates[mallory.hex]!.name;
    await deliver(
      room,
      coord,
      signAs(mallory.identity, { type: 'hello', room: room.roomId, session: '', generation: 0, payload }),
    );
    expect(coord.ceremony.state().candidates[mallory.hex]!.name).toBe(before);
    expect(lastRejection(coord)).toMatchObject({ code: 'malformed', culprits: [{ identity: mallory.hex }] });
    expect(lastRejection(coord)?.message).toMatch(/normal form/);
  });

  it.each([
    ['Cyrillic А', 'Alice', '\u0410lice'],
    ['the same name twice (one typed with a trailing space)', 'Bob', 'Bob '],
    ['only case differs', 'bob', 'BOB'],
    ['digit one for l', 'A1ice', 'Alice'],
  ])(
    '%s: the honest lock is refused naming both; a hostile roster with them is refused by participants',
    async (_what, a, b) => {
      const room = createHostileRoom({ seed: `clash-${a}-${b}`, names: ['Coord', a, b] });
      await room.startAll();
      const notices = await room.people[0]!.ceremony.dispatch({
        type: 'lock',
        params: { suite: 'ed25519', minSigners: 2, label: 'x' },
        roster: room.people.map((p) => p.hex),
      });
      const err = notices.find((n) => n.kind === 'rejected')?.error;
      expect(err?.code).toBe('invalid-roster');
      expect(err?.culprits.map((c) => c.identity).sort()).toEqual([room.people[1]!.hex, room.people[2]!.hex].sort());
      expect(room.people[0]!.ceremony.state().session).toBeNull();
      await deliver(
        room,
        room.people[1]!,
        hostileRoster(room, { suite: 'ed25519', minSigners: 2, maxSigners: 3, label: 'x' }, rosterOf(room)),
      );
      expect(room.people[1]!.ceremony.state().session).toBeNull();
      expect(lastRejection(room.people[1]!)).toMatchObject({
        code: 'invalid-roster',
        culprits: [{ identity: room.people[0]!.hex }],
      });
    },
  );

  it('distinct names lock fine', async () => {
    const room = createHostileRoom({ seed: 'distinct', names: ['Alice', 'Alicia', 'Bob'] });
    await room.startAll();
    await room.people[0]!.ceremony.dispatch({
      type: 'lock',
      params: { suite: 'ed25519', minSigners: 2, label: 'x' },
      roster: room.people.map((p) => p.hex),
    });
    await room.settle();
    expect(room.people.every((p) => p.ceremony.state().session !== null)).toBe(true);
  });
});
