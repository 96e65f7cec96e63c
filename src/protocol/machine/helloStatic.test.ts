/**
 * COCKTAIL static keys in the lobby (issue 13, "Static keys"): every Hello announces the sender's
 * static public key of each suite, checked on receipt; the locked roster carries the session
 * suite's key, bound into the session id. Hostile hellos and rosters are signed with the
 * shipping sealer and fed through the shipping step(): each is refused naming its sender.
 */
import { describe, expect, it } from 'vitest';
import { seededRng } from '../simulation.js';
import { createNodeIdentityCrypto } from '../../platform/node.js';
import { sealEnvelope } from '../envelope.js';
import type { ProtocolErrorData } from '../errors.js';
import { fromHex, toHex } from '../encoding.js';
import { generateIdentity, type IdentityKeyPair } from '../identity.js';
import { computeSessionId, type RosterEntry, type SessionParams } from '../session.js';
import { staticKeyPair, staticPublicKeys } from '../staticKeys.js';
import { SUITE_NAMES } from '../suites.js';
import { createParticipant, step } from './step.js';
import { helloMac, myCodeCommit } from './lobby.js';
import { deserialize, serialize } from './serialize.js';
import type { ParticipantState } from './types.js';

const crypto = createNodeIdentityCrypto();
const coordinator = generateIdentity(seededRng('static/coord'));
const p2 = generateIdentity(seededRng('static/p2'));
const p3 = generateIdentity(seededRng('static/p3'));
const [cHex, p2hex, p3hex] = [coordinator, p2, p3].map((k) => toHex(k.publicKey)) as [string, string, string];
const room = { id: 'room-static', secret: new Uint8Array(32).fill(5), coordinator: coordinator.publicKey };
const MASTER = { c: new Uint8Array(32).fill(1), p2: new Uint8Array(32).fill(2), p3: new Uint8Array(32).fill(3) };

function make(id: IdentityKeyPair, name: string, master: Uint8Array): ParticipantState {
  const isCoordinator = id === coordinator;
  return createParticipant({
    identity: id,
    name,
    room,
    isCoordinator,
    rng: seededRng(`static/${name}`),
    masterSecret: master,
  });
}

async function deliver(
  bytes: Uint8Array,
  to: ParticipantState,
): Promise<{ state: ParticipantState; errors: ProtocolErrorData[] }> {
  const r = await step(to, { type: 'receive', bytes }, seededRng('rx'), { crypto });
  return {
    state: r.state,
    errors: r.effects.flatMap((e) =>
      e.type === 'notice' && e.notice.kind === 'rejected' && e.notice.error ? [e.notice.error] : [],
    ),
  };
}

async function helloOf(p: ParticipantState): Promise<{ state: ParticipantState; bytes: Uint8Array }> {
  const r = await step(p, { type: 'announce' }, seededRng('tx'), { crypto });
  const b = r.effects.find((e) => e.type === 'broadcast');
  if (!b || b.type !== 'broadcast') throw new Error('no hello broadcast');
  return { state: r.state, bytes: b.bytes };
}

/** A Hello signed by `who` (the shipping sealer) with `statics` as given (or left out). */
function helloWith(who: IdentityKeyPair, name: string, statics: unknown): Uint8Array {
  const eph = make(who, name, MASTER.p3).ephemeral.publicKey;
  const idHex = toHex(who.publicKey);
  const payload = {
    name,
    ephemeral: eph,
    commit: 'ab'.repeat(32),
    mac: helloMac(room.secret, room.id, 0, idHex, eph, name),
    ...(statics === undefined ? {} : { statics }),
  };
  return sealEnvelope(crypto, who, { type: 'hello', room: room.id, session: '', generation: 0, payload }).bytes;
}

const summary = (errors: ProtocolErrorData[]) => errors.map((e) => [e.code, e.culprits.map((c) => c.identity)]);

describe('static keys in the Hello', () => {
  it("an honest Hello announces the six suites' static keys of its master secret and is accepted", async () => {
    const dave = make(p2, 'Dave', MASTER.p2);
    const text = new TextDecoder().decode((await helloOf(dave)).bytes);
    expect(text).toContain(staticPublicKeys(MASTER.p2).ed448);
    // Never the secret: neither the master nor any derived scalar appears.
    expect(text).not.toContain(toHex(MASTER.p2));
    const { state, errors } = await deliver((await helloOf(dave)).bytes, make(coordinator, 'Carol', MASTER.c));
    expect(errors).toEqual([]);
    expect(state.candidates[p2hex]?.statics).toEqual(staticPublicKeys(MASTER.p2));
  });

  const good = staticPublicKeys(MASTER.p2);
  it.each([
    ['missing', undefined, /statics/],
    [
      'missing one suite',
      Object.fromEntries(SUITE_NAMES.filter((s) => s !== 'ed448').map((s) => [s, good[s]])),
      /statics/,
    ],
    [
      'upper-case hex',
      { ...good, ed25519: good.ed25519.toUpperCase() },
      /statics|ed25519 static key is not lowercase hex/,
    ],
    [
      'wrong length (an Ed25519 key as the secp256k1 key)',
      { ...good, secp256k1: good.ed25519 },
      /secp256k1 static key has 32 bytes, not 33/,
    ],
    ['oversized', { ...good, ed25519: 'ab'.repeat(58) }, /statics/],
    ['an extra field', { ...good, rsa: good.ed25519 }, /statics|rsa|Unrecognized/],
  ])('a Hello with a %s static key is refused naming its sender', async (_what, statics, why) => {
    const { state, errors } = await deliver(helloWith(p2, 'Dave', statics), make(coordinator, 'Carol', MASTER.c));
    expect(summary(errors)).toEqual([['malformed', [p2hex]]]);
    expect(errors[0]?.message).toMatch(why);
    expect(state.candidates[p2hex]).toBeUndefined();
  });

  // The point itself is validated only for the session's suite (at the lock and on receipt of
  // the roster), not for all six per Hello (issue 13, performance): a Hello whose key of some
  // suite is the right length but no usable point is accepted, and the lock with that suite is
  // refused naming its owner, whose signed Hello the coordinator holds as the evidence.
  const badPoints: [string, SessionParams['suite'], Record<string, string>, RegExp][] = [
    ['not a point', 'ed25519', { ...good, ed25519: 'ff'.repeat(32) }, /ed25519 static key is not a valid point/],
    ['the identity', 'ed448', { ...good, ed448: '01' + '00'.repeat(56) }, /ed448 static key is not a valid point/],
    [
      'wrong suite (a secp256k1 point as the P-256 key)',
      'p256',
      { ...good, p256: good['secp256k1-tr'] },
      /p256 static key is not a valid point/,
    ],
  ];
  it.each(badPoints)(
    'a Hello with a %s static key of %s: the lock with that suite is refused naming its owner',
    async (_what, suite, statics, why) => {
      const bad = helloWith(p2, 'Dave', statics);
      const announced = (await helloOf(make(coordinator, 'Carol', MASTER.c))).state;
      const carol = (await deliver(bad, announced)).state;
      expect(carol.candidates[p2hex]?.statics).toEqual(statics);
      expect(carol.candidates[p2hex]?.hello).toBe(new TextDecoder().decode(bad));
      const refused = await step(
        carol,
        { type: 'lock', params: { suite, minSigners: 2, label: 'Treasury' }, roster: [cHex, p2hex] },
        seededRng('lock'),
        { crypto },
      );
      const errors = refused.effects.flatMap((e) =>
        e.type === 'notice' && e.notice.kind === 'rejected' && e.notice.error ? [e.notice.error] : [],
      );
      expect(summary(errors)).toEqual([['invalid-roster', [p2hex]]]);
      expect(errors[0]?.culprits[0]?.name).toBe('Dave');
      expect(errors[0]?.message).toMatch(why);
      expect(refused.effects.some((e) => e.type === 'broadcast')).toBe(false);
      expect(refused.state.session).toBeNull();
      // Another suite, whose key of Dave's is good, locks.
      const other = suite === 'ristretto255' ? 'secp256k1' : 'ristretto255';
      const ok = await step(
        carol,
        { type: 'lock', params: { suite: other, minSigners: 2, label: 'Treasury' }, roster: [cHex, p2hex] },
        seededRng('lock'),
        { crypto },
      );
      expect(ok.state.session?.roster[1]?.static).toBe(good[other]);
    },
  );

  it("a Hello repeating another candidate's static key is refused naming the copier; the first keeps its place", async () => {
    const carol = make(coordinator, 'Carol', MASTER.c);
    const first = await deliver((await helloOf(make(p2, 'Dave', MASTER.p2))).bytes, carol);
    expect(first.errors).toEqual([]);
    // Erin copies only Dave's ristretto255 key; her other keys are her own.
    const copied = { ...staticPublicKeys(MASTER.p3), ristretto255: staticPublicKeys(MASTER.p2).ristretto255 };
    const second = await deliver(helloWith(p3, 'Erin', copied), first.state);
    expect(summary(second.errors)).toEqual([['malformed', [p3hex]]]);
    expect(second.errors[0]?.message).toMatch(/repeats the ristretto255 static key already announced by Dave/);
    expect(second.state.candidates[p3hex]).toBeUndefined();
    expect(second.state.candidates[p2hex]?.statics).toEqual(staticPublicKeys(MASTER.p2));
  });

  it('a second Hello differing only in its static keys is a different hello (first kept, sender named)', async () => {
    const carol = make(coordinator, 'Carol', MASTER.c);
    const dave = make(p2, 'Dave', MASTER.p2);
    const first = await deliver((await helloOf(dave)).bytes, carol);
    const other = { ...dave, master: toHex(new Uint8Array(32).fill(9)) };
    const second = await deliver((await helloOf(other)).bytes, first.state);
    expect(summary(second.errors)).toEqual([['duplicate-different', [p2hex]]]);
    expect(second.state.candidates[p2hex]?.statics).toEqual(staticPublicKeys(MASTER.p2));
  });
});

describe('static keys in the roster and the session id', () => {
  async function lobby(suite: SessionParams['suite']) {
    let carol = (await helloOf(make(coordinator, 'Carol', MASTER.c))).state;
    let dave = make(p2, 'Dave', MASTER.p2);
    const h = await helloOf(dave);
    dave = h.state;
    carol = (await deliver(h.bytes, carol)).state;
    const r = await step(
      carol,
      { type: 'lock', params: { suite, minSigners: 2, label: 'Treasury' }, roster: [cHex, p2hex] },
      seededRng('lock'),
      { crypto },
    );
    const rosterBytes = r.effects.find((e) => e.type === 'broadcast');
    if (!rosterBytes || rosterBytes.type !== 'broadcast') throw new Error('no roster');
    return { carol: r.state, dave, rosterBytes: rosterBytes.bytes };
  }

  it.each(SUITE_NAMES.map((s) => [s]))(
    "%s: the lock puts each member's key of that suite in the roster, and the session id commits to it",
    async (suite) => {
      const { carol, dave, rosterBytes } = await lobby(suite);
      const s = carol.session;
      expect(s?.roster.map((r) => r.static)).toEqual([
        toHex(staticKeyPair(suite, MASTER.c).publicKey),
        toHex(staticKeyPair(suite, MASTER.p2).publicKey),
      ]);
      expect(s?.id).toBe(toHex(computeSessionId(room.id, 0, s!.params, s!.roster)));
      const accepted = await deliver(rosterBytes, dave);
      expect(accepted.errors).toEqual([]);
      expect(accepted.state.session?.id).toBe(s?.id);
    },
  );

  /** A roster the coordinator signs without its own lock (a hostile coordinator). */
  async function hostileRoster(edit: (r: RosterEntry[]) => RosterEntry[]) {
    const { carol, dave } = await lobby('p256');
    const params = carol.session!.params;
    const roster = edit(carol.session!.roster.map((r) => ({ ...r })));
    const session = toHex(computeSessionId(room.id, 0, params, roster));
    const bytes = sealEnvelope(crypto, coordinator, {
      type: 'roster',
      room: room.id,
      session,
      generation: 0,
      payload: { params, roster },
    }).bytes;
    return deliver(bytes, dave);
  }

  it('a roster listing another static key for me is refused (my code would commit to a key I do not hold)', async () => {
    const { state, errors } = await hostileRoster((r) => [
      r[0]!,
      { ...r[1]!, static: toHex(staticKeyPair('p256', MASTER.p3).publicKey) },
    ]);
    expect(summary(errors)).toEqual([['invalid-roster', [cHex]]]);
    expect(errors[0]?.message).toMatch(/different static key for you/);
    expect(state.session).toBeNull();
  });

  it.each([
    [
      'not a point of the suite',
      (r: RosterEntry[]) => [{ ...r[0]!, static: 'ab'.repeat(33) }, r[1]!],
      /Carol's p256 static key is not a valid point/,
    ],
    [
      "another suite's key",
      (r: RosterEntry[]) => [{ ...r[0]!, static: toHex(staticKeyPair('ed25519', MASTER.c).publicKey) }, r[1]!],
      /has 32 bytes, not 33/,
    ],
    [
      'the same key twice',
      (r: RosterEntry[]) => [{ ...r[0]!, static: r[1]!.static }, r[1]!],
      /Carol and Dave announced the same static key/,
    ],
  ])('a roster with a static key %s is refused naming the coordinator', async (_what, edit, why) => {
    const { state, errors } = await hostileRoster(edit);
    expect(summary(errors)).toEqual([['invalid-roster', [cHex]]]);
    expect(errors[0]?.message).toMatch(why);
    expect(state.session).toBeNull();
  });

  it('a roster entry without a static key (the v3 form) is refused naming the coordinator', async () => {
    const { carol, dave } = await lobby('p256');
    const roster = carol.session!.roster.map(({ static: _s, ...r }) => r);
    const bytes = sealEnvelope(crypto, coordinator, {
      type: 'roster',
      room: room.id,
      session: carol.session!.id,
      generation: 0,
      payload: { params: carol.session!.params, roster },
    }).bytes;
    const { state, errors } = await deliver(bytes, dave);
    expect(summary(errors)).toEqual([['malformed', [cHex]]]);
    expect(errors[0]?.message).toMatch(/static/);
    expect(state.session).toBeNull();
  });

  it('my own key in the roster is the one derived from my master secret (not anything else in my state)', async () => {
    const { carol } = await lobby('ed448');
    expect(carol.session?.roster[0]?.static).toBe(staticPublicKeys(fromHex(carol.master)).ed448);
    expect(carol.session?.roster[0]?.commit).toBe(myCodeCommit(carol));
  });
});

describe('saved states', () => {
  it('a state round-trips with its master secret', () => {
    const s = make(p2, 'Dave', MASTER.p2);
    expect(deserialize(serialize(s)).master).toBe(toHex(MASTER.p2));
  });

  it('a state of format 1 (before static keys) is refused naming the format, without a crash', () => {
    const { master: _m, ...rest } = make(p2, 'Dave', MASTER.p2);
    const old = { ...rest, v: 1 };
    expect(() => deserialize(JSON.stringify(old))).toThrow(/format 1 \(from before COCKTAIL static keys\)/);
  });

  it('a state without a master secret is refused', () => {
    const { master: _m, ...rest } = make(p2, 'Dave', MASTER.p2);
    expect(() => deserialize(JSON.stringify(rest))).toThrow(/not a participant state: master/);
  });
});
