/**
 * Before a session exists: Hello (candidates announce themselves, bound to the room secret),
 * Roster (the coordinator locks parameters and roster), Restart (the coordinator starts the
 * next generation without some identities; everyone still in re-announces with a fresh
 * ephemeral key and code nonce, and the coordinator locks the same roster minus them
 * automatically). Each Hello commits to a fresh code nonce, revealed after the lock (reveal.ts).
 * A second, different signed roster for the generation of my session is proof that the
 * coordinator equivocated: the session fails with both rosters as evidence (onSecondRoster).
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { envelopeText, readTrusted, type Envelope } from '../envelope.js';
import { createFailureRecord, verifyFailureRecord } from '../failure.js';
import { failureMessage } from './view.js';
import { bytesEqual, encodeFields, fromHex, toHex, utf8 } from '../encoding.js';
import { ProtocolError } from '../errors.js';
import { generateEphemeral, isUsableX25519PublicKey } from '../identity.js';
import { decodeContact, encodeContact, FrostClientContactError } from '../frostClient/contact.js';
import { parsePayload } from '../messages.js';
import { jailedUntil } from '../reputation.js';
import { checkSigningRoom, contextFromRoster } from '../sessionContext.js';
import {
  computeSessionId,
  MAX_PARTICIPANTS,
  validateParams,
  validateRoster,
  validateStaticKeys,
  type RosterEntry,
  type SessionParams,
} from '../session.js';
import { staticKeyPair, staticKeyShapeProblem, staticPublicKeys, type StaticPublicKeys } from '../staticKeys.js';
import { SUITE_NAMES } from '../suites.js';
import { CODE_NONCE_BYTES, codeNonceCommitment } from '../verificationCode.js';
import { sendReveal } from './reveal.js';
import { MAX_GENERATIONS_PER_ROOM, restartsLeft, roomExhausted } from './attempts.js';
import {
  adoptFailure,
  broadcast,
  culpritsOf,
  failSession,
  historyRecordOf,
  identityOf,
  me,
  recordHistory,
  reject,
  bufferMessage,
  sessionContextOf,
  signLobby,
  type Ctx,
} from './context.js';
import type { Event, RestartPlan, SessionState } from './types.js';

const HELLO_MAC_TAG = 'frost-ceremony/hello-mac/v1';
/** Bound on lobby size (only invitees can say hello, but an invitee could make up identities). */
export const MAX_CANDIDATES = 4 * MAX_PARTICIPANTS;

/** MAC binding a Hello to the room secret (which only invitees have; the server never sees it). */
/** A fresh code nonce for a new generation (hex). */
export function freshCodeNonce(rng: (n: number) => Uint8Array): string {
  const nonce = rng(CODE_NONCE_BYTES);
  if (nonce.length !== CODE_NONCE_BYTES) throw new Error('rng returned wrong length');
  return toHex(nonce);
}

/** My commitment to my code nonce (hex), as sent in my Hello. */
export function myCodeCommit(st: { codeNonce: string }): string {
  return toHex(codeNonceCommitment(fromHex(st.codeNonce)));
}

export function helloMac(
  roomSecret: Uint8Array,
  room: string,
  generation: number,
  identity: string,
  ephemeral: string,
  name: string,
): string {
  return toHex(
    hmac(
      sha256,
      roomSecret,
      encodeFields([HELLO_MAC_TAG, room, generation, fromHex(identity), fromHex(ephemeral), name]),
    ),
  );
}

/** Sign (once per generation) and broadcast my Hello. */
export function announce(ctx: Ctx): void {
  const st = ctx.state;
  if (st.aborted) return;
  let text = st.sentLobby[0];
  if (!text) {
    const payload = {
      name: st.name,
      ephemeral: st.ephemeral.publicKey,
      commit: myCodeCommit(st),
      mac: helloMac(fromHex(st.room.secret), st.room.id, st.generation, me(st), st.ephemeral.publicKey, st.name),
      statics: staticPublicKeys(fromHex(st.master)),
      ...(st.frostClientContact !== undefined ? { contact: st.frostClientContact } : {}),
    };
    const env = signLobby(ctx, 'hello', st.generation, payload);
    text = envelopeText(env);
    st.sentLobby.push(text);
    onHello(ctx, env);
  }
  st.announced = true;
  ctx.dirty = true;
  ctx.effects.push({ type: 'broadcast', bytes: new TextEncoder().encode(text) });
}

export function onHello(ctx: Ctx, env: Envelope): void {
  const st = ctx.state;
  if (env.generation > st.generation) return bufferMessage(ctx, envelopeText(env));
  if (env.generation < st.generation)
    return reject(
      ctx,
      new ProtocolError('wrong-generation', `hello for old generation ${env.generation}`, [], 'lobby', env.from),
    );
  const p = parsePayload('hello', env.payload);
  if (!p.ok) return reject(ctx, new ProtocolError('malformed', p.reason, [{ identity: env.from }], 'lobby'));
  if (!isUsableX25519PublicKey(fromHex(p.value.ephemeral)))
    return reject(
      ctx,
      new ProtocolError(
        'malformed',
        'hello carries an unusable (low-order) ephemeral key',
        [{ identity: env.from, name: p.value.name }],
        'lobby',
      ),
    );
  const mac = helloMac(fromHex(st.room.secret), st.room.id, env.generation, env.from, p.value.ephemeral, p.value.name);
  if (!bytesEqual(fromHex(mac), fromHex(p.value.mac)))
    return reject(
      ctx,
      new ProtocolError(
        'bad-room-mac',
        'hello not bound to the room secret (not from an invitee)',
        [{ identity: env.from, name: p.value.name }],
        'lobby',
      ),
    );
  const contact = p.value.contact;
  if (contact !== undefined) {
    // Decoded here so a bad contact is refused with its sender named, not found at export time;
    // only the canonical spelling is accepted, so one contact has one signed form.
    let problem: string | null = null;
    try {
      if (encodeContact(decodeContact(contact)) !== contact)
        problem = 'is not in its canonical form (lowercase, no spaces)';
    } catch (e) {
      problem = e instanceof FrostClientContactError ? e.message : String(e);
    }
    if (problem !== null)
      return reject(
        ctx,
        new ProtocolError(
          'malformed',
          `hello carries a bad frost-client contact: ${problem}`,
          [{ identity: env.from, name: p.value.name }],
          'lobby',
        ),
      );
  }
  // Every suite's static key must have its suite's shape (the suite is chosen only at the lock),
  // refused now with its sender named. The point itself (decode, not the identity, subgroup) is
  // validated for the session's suite only, at the lock and on receipt of the roster
  // (validateStaticKeys), where a bad one is refused naming its owner, whose signed Hello is in
  // `candidates`: checking all six points per Hello cost 11 % of a participant's step() time
  // (bench/protocol/README.md), mostly for five keys that are never used.
  const statics = p.value.statics as StaticPublicKeys;
  for (const suite of SUITE_NAMES) {
    const problem = staticKeyShapeProblem(suite, statics[suite]);
    if (problem !== null)
      return reject(
        ctx,
        new ProtocolError(
          'malformed',
          `hello carries a bad static key: ${problem}`,
          [{ identity: env.from, name: p.value.name }],
          'lobby',
        ),
      );
  }
  const prev = st.candidates[env.from];
  if (prev) {
    if (
      prev.hello !== envelopeText(env) &&
      (prev.ephemeral !== p.value.ephemeral ||
        prev.name !== p.value.name ||
        prev.commit !== p.value.commit ||
        prev.contact !== contact ||
        !sameStatics(prev.statics, statics))
    )
      reject(
        ctx,
        new ProtocolError(
          'duplicate-different',
          'a second, different hello in this generation (first one kept)',
          [{ identity: env.from, name: prev.name }],
          'lobby',
        ),
      );
    return;
  }
  if (Object.keys(st.candidates).length >= MAX_CANDIDATES)
    return reject(
      ctx,
      new ProtocolError(
        'malformed',
        `lobby full (${MAX_CANDIDATES} candidates); hello ignored`,
        [{ identity: env.from, name: p.value.name }],
        'lobby',
      ),
    );
  // A static key already announced by another identity is a copy (only its holder knows its
  // secret, and the spec needs distinct P_i): the later hello is refused naming its sender; the
  // first one keeps its place (the first announcer is not blamed: anyone can copy a public key).
  for (const c of Object.values(st.candidates)) {
    const clash = SUITE_NAMES.find((suite) => c.statics[suite] === statics[suite]);
    if (clash !== undefined)
      return reject(
        ctx,
        new ProtocolError(
          'malformed',
          `hello repeats the ${clash} static key already announced by ${c.name}`,
          [{ identity: env.from, name: p.value.name }],
          'lobby',
        ),
      );
  }
  st.candidates[env.from] = {
    name: p.value.name,
    ephemeral: p.value.ephemeral,
    commit: p.value.commit,
    hello: envelopeText(env),
    statics: { ...statics },
    ...(contact !== undefined ? { contact } : {}),
  };
  ctx.dirty = true;
  maybeAutoLock(ctx);
}

function sameStatics(a: StaticPublicKeys, b: StaticPublicKeys): boolean {
  return SUITE_NAMES.every((s) => a[s] === b[s]);
}

/** Coordinator: lock the roster. Throws ProtocolError on unusable input. */
export function lock(ctx: Ctx, ev: Extract<Event, { type: 'lock' }>): void {
  const st = ctx.state;
  if (!st.isCoordinator) throw new ProtocolError('wrong-phase', 'only the coordinator locks the roster', [], 'lobby');
  if (st.session) throw new ProtocolError('wrong-phase', 'this generation is already locked', [], 'lobby');
  const missing = ev.roster.filter((id) => !st.candidates[id]);
  if (missing.length > 0)
    throw new ProtocolError(
      'invalid-roster',
      'no hello from some selected identities',
      missing.map((identity) => ({ identity })),
      'lobby',
    );
  const jailed = ev.roster.filter(
    (id) => jailedUntil(st.history, id, st.generation, { jailGenerations: st.jailGenerations }) !== null,
  );
  if (jailed.length > 0)
    throw new ProtocolError(
      'jailed',
      'jailed identities cannot be selected',
      jailed.map((identity) => ({ identity })),
      'lobby',
    );
  if (!ev.roster.includes(me(st)))
    throw new ProtocolError('invalid-roster', 'the coordinator must be in the roster', [], 'lobby');
  const params: SessionParams = {
    suite: ev.params.suite,
    minSigners: ev.params.minSigners,
    maxSigners: ev.params.maxSigners ?? ev.roster.length,
    label: ev.params.label,
    ...(ev.params.singleSigner === true ? { singleSigner: true as const } : {}),
    // A signing room (issue 17): the key and the request, hashed into the session id.
    ...(ev.params.signing !== undefined ? { signing: ev.params.signing } : {}),
  };
  validateParams(params, ev.roster.length);
  const roster: RosterEntry[] = ev.roster.map((identity) => {
    const c = st.candidates[identity];
    if (!c) throw new Error('unreachable');
    return { identity, ephemeral: c.ephemeral, commit: c.commit, name: c.name, static: c.statics[params.suite] };
  });
  // Refused here, before anything is signed, exactly as every participant refuses it (look-alike names).
  validateRoster(roster);
  validateStaticKeys(params.suite, roster);
  if (params.signing !== undefined) checkSigningRoom(params.signing, params.suite, params.minSigners);
  if (new Set(ev.roster).size !== ev.roster.length)
    throw new ProtocolError('invalid-roster', 'identity listed twice', [], 'lobby');
  const sid = toHex(computeSessionId(st.room.id, st.generation, params, roster));
  const env = signLobby(ctx, 'roster', st.generation, { params, roster }, sid);
  // The roster goes out before my Reveal (sent by onRoster), so peers need not buffer it.
  broadcast(ctx, env);
  onRoster(ctx, env);
}

function maybeAutoLock(ctx: Ctx): void {
  const st = ctx.state;
  const pl = st.pendingLock;
  if (!st.isCoordinator || !pl || pl.generation !== st.generation || st.session) return;
  if (!pl.expected.every((id) => st.candidates[id])) return;
  st.pendingLock = null;
  lock(ctx, { type: 'lock', params: { ...pl.params }, roster: pl.expected });
}

export function onRoster(ctx: Ctx, env: Envelope): void {
  const st = ctx.state;
  if (env.from !== st.room.coordinator)
    return reject(
      ctx,
      new ProtocolError(
        'unknown-sender',
        'roster not signed by the coordinator of the invite',
        [{ identity: env.from }],
        'lobby',
      ),
    );
  if (env.generation > st.generation) return bufferMessage(ctx, envelopeText(env));
  if (env.generation < st.generation)
    return reject(
      ctx,
      new ProtocolError('wrong-generation', `roster for old generation ${env.generation}`, [], 'lobby', env.from),
    );
  if (st.aborted) return;
  if (st.session) return onSecondRoster(ctx, st.session, env);
  const sc = contextFromRoster(env, st.room.coordinator);
  if (sc instanceof ProtocolError) return reject(ctx, sc);
  const myIndex = sc.roster.findIndex((r) => r.identity === me(st));
  if (myIndex < 0) {
    st.aborted = new ProtocolError('not-selected', 'the roster was locked without you', [], 'lobby').toData();
    ctx.dirty = true;
    ctx.effects.push({
      type: 'notice',
      notice: { kind: 'aborted', message: st.aborted.message, error: st.aborted, phase: 'aborted' },
    });
    return;
  }
  if (sc.roster[myIndex]?.ephemeral !== st.ephemeral.publicKey)
    return reject(
      ctx,
      new ProtocolError(
        'invalid-roster',
        'the roster lists a different ephemeral key for you',
        [{ identity: env.from }],
        'lobby',
      ),
    );
  if (sc.roster[myIndex]?.static !== toHex(staticKeyPair(sc.params.suite, fromHex(st.master)).publicKey))
    return reject(
      ctx,
      new ProtocolError(
        'invalid-roster',
        'the roster lists a different static key for you',
        [{ identity: env.from }],
        'lobby',
      ),
    );
  if (sc.roster[myIndex]?.commit !== myCodeCommit(st))
    return reject(
      ctx,
      new ProtocolError(
        'invalid-roster',
        'the roster lists a different code commitment for you',
        [{ identity: env.from }],
        'lobby',
      ),
    );
  const s: SessionState = {
    id: sc.sessionId,
    generation: sc.generation,
    params: sc.params,
    roster: sc.roster,
    myId: myIndex + 1,
    code: null,
    reveals: {},
    rosterEnvelope: envelopeText(env),
    codeConfirmed: false,
    starts: {},
    round1: {},
    echoes: {},
    echoRelayed: false,
    complaints: {},
    result: null,
    confirmations: {},
    conflicts: {},
    outcome: null,
    failure: null,
    abortReason: null,
    sent: [],
  };
  st.session = s;
  ctx.dirty = true;
  ctx.effects.push({
    type: 'notice',
    notice: {
      kind: 'phase',
      message: "roster locked; waiting for everyone's part of the verification code",
      phase: 'reveal',
    },
  });
  // The commitments are fixed now (they are in the signed session id): reveal my nonce.
  sendReveal(ctx);
}

/**
 * A roster for the generation of my session arrived. The same one is a repeat. A different
 * one, also signed by the coordinator, proves that it showed different rosters to different
 * people: the session fails, blaming the coordinator, with both rosters in the record (its
 * own roster and the evidence). Both are re-broadcast once, so that everyone shown either
 * roster holds both and stops too.
 */
function onSecondRoster(ctx: Ctx, s: SessionState, env: Envelope): void {
  const st = ctx.state;
  const text = envelopeText(env);
  if (s.rosterEnvelope === text || readTrusted(s.rosterEnvelope).hash === env.hash) return;
  const other = contextFromRoster(env, st.room.coordinator);
  if (other instanceof ProtocolError) return reject(ctx, other);
  const known = s.conflicts.roster;
  if (known && (known[1] === text || readTrusted(known[1]).hash === env.hash)) return;
  const who = culpritsOf(s, [env.from]);
  reject(
    ctx,
    new ProtocolError('equivocation', 'the coordinator signed two different rosters for this generation', who, 'lobby'),
  );
  if (known) return; // the first pair is the evidence; it was spread already
  s.conflicts.roster = [s.rosterEnvelope, text];
  ctx.dirty = true;
  const name = who[0]?.name;
  const message = `the coordinator${name ? ` ${name}` : ''} signed two different rosters for this generation`;
  if (!s.outcome) {
    // Not failSession: two rosters with the longest names at n = 100 make a record of ~117 kB,
    // above MAX_FAILURE_RECORD_BYTES (which only keeps records embeddable in a Restart; a
    // Restart that cannot embed it goes without). The record must stay whole to be evidence.
    const rec = createFailureRecord(
      ctx.crypto,
      identityOf(st),
      sessionContextOf(st, s, ctx.cache),
      'equivocation',
      [env.from],
      [{ kind: 'roster-equivocation', roster: text }],
    );
    adoptFailure(ctx, 'equivocation', [env.from], envelopeText(rec), rec.hash, message);
    s.sent.push(envelopeText(rec));
    broadcast(ctx, rec);
  }
  ctx.effects.push({ type: 'broadcast', bytes: utf8(s.rosterEnvelope) }, { type: 'broadcast', bytes: env.bytes });
}

/**
 * The threshold of the next attempt under `plan`, or a ProtocolError saying why it cannot be
 * (issue 15.2). A smaller group keeps t unless the coordinator lowers it; t never drops below 2
 * unless the attempt restarted from had t = 1 (a restart must not quietly give every remaining
 * custodian the whole key), and never exceeds the people left.
 */
export function nextMinSigners(
  current: SessionState['params'],
  remaining: number,
  plan: RestartPlan | undefined,
): number | ProtocolError {
  if (plan?.kind === 'replace') return current.minSigners;
  const t = plan?.minSigners ?? current.minSigners;
  const floor = current.minSigners === 1 ? 1 : 2;
  if (!Number.isInteger(t) || t < floor)
    return new ProtocolError(
      'invalid-params',
      `the next attempt needs at least ${floor} signers (t = ${t} asked)`,
      [],
      'lobby',
    );
  if (t > current.minSigners)
    return new ProtocolError(
      'invalid-params',
      `a restart may keep or lower t (${current.minSigners}), not raise it to ${t}`,
      [],
      'lobby',
    );
  if (remaining < Math.max(2, t))
    return new ProtocolError(
      'invalid-params',
      `only ${remaining} participants would remain, at least ${Math.max(2, t)} are needed (t = ${t})`,
      [],
      'lobby',
    );
  return t;
}

/** Coordinator: restart as generation g+1 without `excluded`. Throws ProtocolError if impossible. */
export async function restart(ctx: Ctx, excluded: readonly string[], plan?: RestartPlan): Promise<void> {
  const st = ctx.state;
  const s = st.session;
  if (!st.isCoordinator) throw new ProtocolError('wrong-phase', 'only the coordinator restarts', [], 'lobby');
  if (!s) throw new ProtocolError('wrong-phase', 'nothing to restart: no session is locked', [], 'lobby');
  if (s.outcome === 'success') throw new ProtocolError('wrong-phase', 'the ceremony already succeeded', [], 'confirm');
  // Checked before anything changes: a refused restart leaves the session as it was.
  if (restartsLeft(st.generation) === 0) throw roomExhausted();
  const unknown = excluded.filter((id) => !s.roster.some((r) => r.identity === id));
  if (unknown.length > 0)
    throw new ProtocolError(
      'invalid-roster',
      'excluded identity is not in the roster',
      unknown.map((identity) => ({ identity })),
      'lobby',
    );
  if (excluded.includes(me(st)))
    throw new ProtocolError('invalid-roster', 'the coordinator cannot exclude itself', [], 'lobby');
  const remaining = s.roster.map((r) => r.identity).filter((id) => !excluded.includes(id));
  const open = plan?.kind === 'replace';
  // A replacement keeps n: the coordinator picks n people again, newcomers included.
  const t = nextMinSigners(s.params, open ? s.params.maxSigners : remaining.length, plan);
  if (t instanceof ProtocolError) throw t;
  if (!s.outcome)
    failSession(ctx, 'excluded-by-coordinator', excluded, [], 'the coordinator restarts without some participants');
  const record = s.failure?.record;
  const payload = {
    previousSession: s.id,
    excluded: [...excluded].sort(),
    failureRecord: record && readTrusted(record).type === 'failure' ? record : null,
    ...(t !== s.params.minSigners ? { minSigners: t } : {}),
    ...(open ? { open: true as const } : {}),
  };
  let env: Envelope;
  try {
    env = signLobby(ctx, 'restart', st.generation + 1, payload);
  } catch {
    // The record, escaped once more, does not fit an envelope: restart without it (the
    // participants received it as its own broadcast; only latecomers miss the verdict).
    env = signLobby(ctx, 'restart', st.generation + 1, { ...payload, failureRecord: null });
  }
  // A smaller group is locked by itself once everyone left has said hello; a replacement waits
  // for the coordinator to choose the roster in the lobby.
  st.pendingLock = open
    ? null
    : {
        generation: st.generation + 1,
        params: {
          suite: s.params.suite,
          minSigners: t,
          label: s.params.label,
          ...(s.params.singleSigner === true ? { singleSigner: true as const } : {}),
          // A signing room restarts as the same signing room (issue 17).
          ...(s.params.signing !== undefined ? { signing: s.params.signing } : {}),
        },
        expected: remaining,
      };
  broadcast(ctx, env);
  await onRestart(ctx, env);
}

export async function onRestart(ctx: Ctx, env: Envelope): Promise<void> {
  const st = ctx.state;
  const text = envelopeText(env);
  if (env.from !== st.room.coordinator)
    return reject(
      ctx,
      new ProtocolError(
        'unknown-sender',
        'restart not signed by the coordinator of the invite',
        [{ identity: env.from }],
        'lobby',
      ),
    );
  if (st.restarts.includes(text)) return;
  if (env.generation <= st.generation)
    return reject(
      ctx,
      new ProtocolError(
        'wrong-generation',
        `restart to generation ${env.generation}, already at ${st.generation}`,
        [],
        'lobby',
        env.from,
      ),
    );
  // Past the room's bound on code attempts: refused, whoever signed it (an honest coordinator's
  // app never does); the coordinator is named.
  if (env.generation >= MAX_GENERATIONS_PER_ROOM) return reject(ctx, roomExhausted([{ identity: env.from }]));
  const p = parsePayload('restart', env.payload);
  if (!p.ok) return reject(ctx, new ProtocolError('malformed', p.reason, [{ identity: env.from }], 'lobby'));
  if (st.aborted) {
    // Not chosen before, invited into an open attempt (a replacement custodian, issue 15.2).
    if (st.aborted.code !== 'not-selected' || p.value.open !== true || p.value.excluded.includes(me(st))) return;
    st.aborted = null;
    st.session = null;
  }
  const s = st.session;
  // Only participants of the previous session follow it (candidates who were not chosen stay out).
  if (!s && st.generation === env.generation - 1 && !st.announced) return;
  st.restarts.push(text);
  if (s) {
    const record = p.value.failureRecord;
    if (!s.outcome && record) {
      // A participant that missed the evidence adopts the verdict the record proves.
      const v = await verifyFailureRecord(ctx.crypto, record, st.room.coordinator);
      if (v.ok && v.summary.sessionId === s.id)
        adoptFailure(
          ctx,
          v.summary.reason,
          v.summary.culprits.map((c) => c.identity),
          record,
          v.summary.hash,
          failureMessage(v.summary.reason, v.summary.culprits),
        );
    }
    if (!s.outcome) {
      const culprits = p.value.excluded.filter((id) => s.roster.some((r) => r.identity === id));
      adoptFailure(ctx, 'excluded-by-coordinator', culprits, text, env.hash, 'the coordinator restarted the ceremony');
    }
    const rec = historyRecordOf(s);
    rec.excluded = [...new Set([...rec.excluded, ...p.value.excluded.filter((id) => !rec.blamed.includes(id))])];
    recordHistory(st, rec);
  }
  ctx.dirty = true;
  if (p.value.excluded.includes(me(st))) {
    st.generation = env.generation;
    st.session = null;
    st.candidates = {};
    st.sentLobby = [];
    st.aborted = new ProtocolError('excluded', 'the coordinator restarted without you', [], 'lobby').toData();
    ctx.effects.push({
      type: 'notice',
      notice: { kind: 'aborted', message: st.aborted.message, error: st.aborted, phase: 'aborted' },
    });
    return;
  }
  const eph = generateEphemeral(ctx.rng);
  st.generation = env.generation;
  st.ephemeral = { secretKey: toHex(eph.secretKey), publicKey: toHex(eph.publicKey) };
  // A new generation gets a new code nonce: an old one was revealed (or may have been).
  st.codeNonce = freshCodeNonce(ctx.rng);
  st.candidates = {};
  st.session = null;
  st.sentLobby = [];
  ctx.effects.push({
    type: 'notice',
    notice: { kind: 'restarted', message: `generation ${st.generation} started`, phase: 'lobby' },
  });
  announce(ctx);
}
