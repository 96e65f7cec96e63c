/**
 * Splitting the room: two halves shown two different rosters. A server alone cannot do it (a
 * roster needs the coordinator's signature: see lyingServer.test.ts), so these tests give the
 * adversary the coordinator's key too. The defences: a second signed roster is proof against
 * the coordinator (everyone who holds both stops), and the verification code, read aloud, is
 * commit-then-reveal (every member's nonce, committed in its Hello, revealed after the lock),
 * so the coordinator can neither make two halves' codes agree by search nor know any code
 * before the honest members reveal.
 */
import { describe, expect, it } from 'vitest';
import {
  generateIdentity,
  fingerprint,
  createNobleIdentityCrypto,
  computeSessionId,
  type RosterEntry,
  type SessionParams,
  toHex,
  readTrusted,
  verifyFailureRecord,
  parsePayload,
  codeNonceCommitment,
  verificationCode,
  seededRng,
  staticPublicKeys,
} from '../../../protocol/index';
import {
  confirmCodes,
  confirmedKeys,
  createHostileRoom,
  errorCodes,
  lockRoom,
  peek,
  signAs,
  type HostileRoom,
} from './hostileRoom';

describe('a malicious coordinator signs two rosters for one generation', () => {
  /** The server hands Carol and Dave (and, if `alsoToBob`, Bob as well) a second roster. */
  function twoRosterRoom(alsoToBob: boolean): HostileRoom {
    const cache = new Map<string, Uint8Array>();
    const room: HostileRoom = createHostileRoom({
      seed: `two-rosters-${alsoToBob}`,
      names: ['Alice', 'Bob', 'Carol', 'Dave'],
      network: {
        intercept: (d) => {
          const w = peek(d.bytes);
          // Only the coordinator's own sends are swapped; evidence re-broadcast by others passes.
          if (w?.type !== 'roster' || d.kind === 'inject' || d.from !== room.people[0]!.member) return undefined;
          const second = cache.get(toHex(d.bytes)) ?? secondRoster(room, w);
          cache.set(toHex(d.bytes), second);
          const [, bob, carol, dave] = room.people.map((p) => p.hex);
          if (d.toId === carol || d.toId === dave) return [second];
          if (alsoToBob && d.toId === bob) return [d.bytes, second];
          return undefined;
        },
      },
    });
    return room;
  }

  it("neither half gets a code (each waits for the other half's parts); nobody can confirm, and nobody gets a key", async () => {
    const room = twoRosterRoom(false);
    await room.startAll();
    await lockRoom(room, { minSigners: 3 });
    const views = room.views();
    for (const v of views) expect([v.phase, v.verificationCode]).toEqual(['reveal', null]);
    // Each half's Reveals are signed for its own session: the other half rejects them.
    expect(views[0]!.codeWaitingFor.map((w) => w.name)).toEqual(['Carol', 'Dave']);
    expect(views[2]!.codeWaitingFor.map((w) => w.name)).toEqual(['Alice', 'Bob']);
    expect(errorCodes(room.people[0]!)).toContain('wrong-session');
    // Careless custodians press "codes match" anyway: refused, there is no code.
    for (const p of room.people) {
      const notices = await p.ceremony.dispatch({ type: 'confirmCode' });
      expect(notices.map((n) => n.error?.code)).toEqual(['wrong-phase']);
    }
    await room.settle();
    for (const v of room.views()) expect([v.phase, v.groupKey.status]).toEqual(['reveal', 'none']);
    // On the call nobody has a code to read: they stop.
    for (const p of room.people) await p.ceremony.dispatch({ type: 'rejectCode' });
    await room.settle();
    for (const v of room.views()) expect([v.phase, v.failure?.reason]).toEqual(['failed', 'code-mismatch']);
    expect(confirmedKeys(room.views())).toEqual([]);
  });

  it('a participant who receives both signed rosters stops with a verifiable record blaming the coordinator, and spreads the evidence so everyone stops', async () => {
    const room = twoRosterRoom(true);
    await room.startAll();
    await lockRoom(room, { minSigners: 3 });
    const coordinator = room.people[0]!.hex;
    const bob = room.views()[1]!;
    expect(bob.errors.find((e) => e.code === 'equivocation')?.culprits.map((c) => c.identity)).toEqual([coordinator]);
    expect(bob.failure?.reason).toBe('equivocation');
    expect(bob.failure?.culprits.map((c) => [c.identity, c.name])).toEqual([[coordinator, 'Alice']]);
    expect(bob.failure?.message).toMatch(/The coordinator Alice signed two different lists of participants/);
    expect(bob.failure?.kind).toBe('roster-equivocation');
    // The record proves it on its own: both coordinator-signed rosters, same generation, different sessions.
    const check = await verifyFailureRecord(createNobleIdentityCrypto(), bob.failure!.record, coordinator);
    expect(check.ok && [check.summary.reason, check.summary.culprits.map((c) => c.identity)]).toEqual([
      'equivocation',
      [coordinator],
    ]);
    const payload = parsePayload('failure', readTrusted(bob.failure!.record).payload);
    const rosters = payload.ok
      ? [payload.value.roster, ...payload.value.evidence.map((e) => (e.kind === 'roster-equivocation' ? e.roster : ''))]
      : [];
    expect(rosters.map((t) => readTrusted(t).from)).toEqual([coordinator, coordinator]);
    expect(new Set(rosters.map((t) => readTrusted(t).session)).size).toBe(2);
    // Bob re-broadcast both rosters: the others hold both now and stop on their own.
    for (const v of room.views()) {
      expect([v.phase, v.failure?.reason, v.failure?.culprits.map((c) => c.identity)]).toEqual([
        'failed',
        'equivocation',
        [coordinator],
      ]);
      expect(v.verificationCode === null || v.codeConfirmed === false).toBe(true);
    }
    expect(confirmedKeys(room.views())).toEqual([]);
  });
});

/** The coordinator's second roster: same people, another label, so another session id. */
function secondRoster(room: HostileRoom, w: { room: string; gen: number; payload: string }): Uint8Array {
  const payload = JSON.parse(w.payload) as { params: SessionParams; roster: RosterEntry[] };
  payload.params = { ...payload.params, label: `${payload.params.label} (other half)` };
  const session = toHex(computeSessionId(w.room, w.gen, payload.params, payload.roster));
  return signAs(room.coordinator, { type: 'roster', room: w.room, session, generation: w.gen, payload });
}

describe('a malicious coordinator with a colluding server runs two ceremonies, one per half', () => {
  /**
   * Half 1: the coordinator, Alice and a fake "Bob"; half 2: a second copy of the coordinator,
   * Bob and a fake "Alice". The coordinator knows the room secret, so its fakes pass the Hello
   * check; the server keeps the halves apart. Each honest custodian sees a plausible roster.
   */
  async function split(seed: string) {
    const room = createHostileRoom({ seed, names: ['Coord', 'Alice'] });
    const [c1, alice] = room.people as [NonNullable<(typeof room.people)[0]>, NonNullable<(typeof room.people)[0]>];
    const fakeBob = room.add({
      name: 'Bob',
      identity: generateIdentity(seededRng(`${seed}/fake-bob`)),
      instance: 'fake-bob',
    });
    const c2 = room.add({ name: 'Coord', identity: room.coordinator, instance: 'coord-2' });
    const bob = room.add({ name: 'Bob' });
    const fakeAlice = room.add({
      name: 'Alice',
      identity: generateIdentity(seededRng(`${seed}/fake-alice`)),
      instance: 'fake-alice',
    });
    const half1 = [c1, alice, fakeBob];
    const half2 = [c2, bob, fakeAlice];
    for (const a of half1) for (const b of half2) room.net.setLink(a.member, b.member, false);
    await room.startAll();
    await lockRoom(
      room,
      { minSigners: 2, label: 'treasury' },
      half1.map((p) => p.hex),
      c1,
    );
    await lockRoom(
      room,
      { minSigners: 2, label: 'treasury' },
      half2.map((p) => p.hex),
      c2,
    );
    return { room, alice, bob, view: (p: typeof alice) => p.ceremony.snapshot().view };
  }

  it('the two honest custodians see different codes, and the "Bob" on Alice\'s screen has another fingerprint', async () => {
    const { room, alice, bob, view } = await split('split-compare');
    expect(view(alice).roster.map((r) => r.name)).toEqual(['Coord', 'Alice', 'Bob']);
    expect(view(bob).roster.map((r) => r.name)).toEqual(['Coord', 'Bob', 'Alice']);
    expect(view(alice).verificationCode).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    expect(view(alice).verificationCode).not.toBe(view(bob).verificationCode);
    const bobOnAlicesScreen = view(alice).roster.find((r) => r.name === 'Bob')!;
    expect(bobOnAlicesScreen.fingerprint).not.toBe(fingerprint(bob.hex));
    // Alice and Bob read their codes to each other, hear a mismatch, and stop.
    await alice.ceremony.dispatch({ type: 'rejectCode' });
    await bob.ceremony.dispatch({ type: 'rejectCode' });
    await confirmCodes(
      room,
      room.people.filter((p) => p !== alice && p !== bob),
    );
    expect([view(alice).phase, view(bob).phase]).toEqual(['failed', 'failed']);
    expect(confirmedKeys([view(alice), view(bob)])).toEqual([]);
  });

  it('without the spoken comparison the split succeeds: two honest custodians confirm two different keys (the code check is load-bearing)', async () => {
    const { room, alice, bob, view } = await split('split-careless');
    await confirmCodes(room);
    expect([view(alice).phase, view(bob).phase]).toEqual(['success', 'success']);
    expect(confirmedKeys([view(alice), view(bob)])).toHaveLength(2);
  });
});

describe('the spoken code cannot be ground by a malicious coordinator (commit-then-reveal)', () => {
  it('after locking, the coordinator holds the signed roster and session id but no code until the honest members reveal', async () => {
    let withhold = true;
    const room: HostileRoom = createHostileRoom({
      seed: 'no-early-code',
      names: ['Coord', 'Alice', 'Bob'],
      // The colluding server holds back the honest Reveals from the coordinator (and only from it).
      network: {
        intercept: (d) =>
          withhold && peek(d.bytes)?.type === 'reveal' && d.toId === room.people[0]!.hex ? [] : undefined,
      },
    });
    await room.startAll();
    await lockRoom(room);
    const [coord, alice] = room.views() as [
      NonNullable<ReturnType<HostileRoom['views']>[0]>,
      NonNullable<ReturnType<HostileRoom['views']>[0]>,
    ];
    expect(coord.sessionId).toBe(alice.sessionId);
    expect([coord.phase, coord.verificationCode, coord.codeWaitingFor.map((w) => w.name)]).toEqual([
      'reveal',
      null,
      ['Alice', 'Bob'],
    ]);
    // The honest members, who hold every nonce, already see theirs.
    expect(alice.verificationCode).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    const refused = await room.people[0]!.ceremony.dispatch({ type: 'confirmCode' });
    expect(refused.map((n) => [n.error?.code, n.message])).toEqual([
      ['wrong-phase', 'the verification code is not complete yet: waiting for Alice, Bob'],
    ]);
    // Once the Reveals arrive (anti-entropy resends them), the coordinator sees the same code.
    withhold = false;
    for (const p of room.people) await p.ceremony.dispatch({ type: 'resend' });
    await room.settle();
    expect(room.views().map((v) => v.verificationCode)).toEqual([
      alice.verificationCode,
      alice.verificationCode,
      alice.verificationCode,
    ]);
  });

  /**
   * The old attack (SECURITY.md §10.1): grind an invisible input of each half's roster (a fake
   * member's ephemeral key) until the two codes agree. Now each code also depends on the honest
   * member's nonce, which is revealed only after its roster is signed, so the coordinator can
   * only search with a guess for it. The pair it finds matches under the guess, and then the
   * real nonces decide: a chance match (here 4 digits: 10⁻⁴; the full code: 10⁻¹⁶ ≈ 2⁻⁵³).
   */
  it('a birthday search finds rosters whose codes agree only under guessed honest nonces; with the real nonces they agree at chance rate', () => {
    const params: SessionParams = { suite: 'ed25519', minSigners: 2, maxSigners: 3, label: 'treasury' };
    const bytes = (seed: string) => seededRng(seed)(32);
    const commit = (nonce: Uint8Array) => toHex(codeNonceCommitment(nonce));
    const entry = (identity: string, ephemeral: string, nonce: Uint8Array, name: string): RosterEntry => ({
      identity,
      ephemeral: toHex(bytes(ephemeral)),
      commit: commit(nonce),
      name,
      static: staticPublicKeys(bytes(`${identity}/master`)).ed25519,
    });
    const [coord, alice, bob, fakeA, fakeB] = ['c', 'a', 'b', 'fa', 'fb'].map((s) =>
      toHex(generateIdentity(seededRng(`grind/${s}`)).publicKey),
    ) as [string, string, string, string, string];
    // The honest members' commitments are what the coordinator sees; their nonces stay hidden.
    const aliceNonce = bytes('alice-nonce');
    const bobNonce = bytes('bob-nonce');
    const [c1, c2, nfb, nfa] = ['c1', 'c2', 'fb', 'fa'].map((s) => bytes(`attacker/${s}`)) as [
      Uint8Array,
      Uint8Array,
      Uint8Array,
      Uint8Array,
    ];
    const guess = new Uint8Array(32);
    const rosterA = (i: number) => [
      entry(coord, 'c1-eph', c1, 'Coord'),
      entry(alice, 'alice-eph', aliceNonce, 'Alice'),
      entry(fakeB, `fb/${i}`, nfb, 'Bob'),
    ];
    const rosterB = (i: number) => [
      entry(coord, 'c2-eph', c2, 'Coord'),
      entry(bob, 'bob-eph', bobNonce, 'Bob'),
      entry(fakeA, `fa/${i}`, nfa, 'Alice'),
    ];
    const sid = (r: RosterEntry[]) => computeSessionId('grind-room-00000', 0, params, r);
    const prefix = (code: string) => code.slice(0, 4);
    const codeA = (i: number, honest: Uint8Array) => verificationCode(sid(rosterA(i)), [c1, honest, nfb]);
    const codeB = (i: number, honest: Uint8Array) => verificationCode(sid(rosterB(i)), [c2, honest, nfa]);

    const seenA = new Map<string, number>();
    const seenB = new Map<string, number>();
    let found: [number, number] | undefined;
    for (let i = 0; i < 2000 && !found; i++) {
      const a = prefix(codeA(i, guess));
      const b = prefix(codeB(i, guess));
      seenA.set(a, i);
      seenB.set(b, i);
      if (seenB.has(a)) found = [i, seenB.get(a)!];
      else if (seenA.has(b)) found = [seenA.get(b)!, i];
    }
    // The search itself still works, on the wrong function…
    expect(found).toBeDefined();
    const [ia, ib] = found!;
    expect(prefix(codeA(ia, guess))).toBe(prefix(codeB(ib, guess)));
    // …because the real codes use the nonces revealed after the lock.
    expect(prefix(codeA(ia, aliceNonce))).not.toBe(prefix(codeB(ib, bobNonce)));
    // Over many honest nonce draws, the ground pair agrees no more often than any pair (10⁻⁴ here).
    let agree = 0;
    for (let k = 0; k < 300; k++)
      if (prefix(codeA(ia, bytes(`alice/${k}`))) === prefix(codeB(ib, bytes(`bob/${k}`)))) agree++;
    expect(agree).toBeLessThanOrEqual(2);
  });
});
