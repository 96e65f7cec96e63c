/**
 * The machine's entry points: create a participant, feed it events, get effects back.
 * step() never throws on remote input: bad bytes become a 'rejected' notice with a typed
 * error naming the sender. Local misuse (e.g. lock by a non-coordinator) also comes back as a
 * 'rejected' notice. Effects must be carried out in order; 'persist' comes first whenever
 * the state changed, so nothing is sent before the state that produced it is saved.
 */
import { envelopeText, openEnvelope } from '../envelope.js';
import { toHex, utf8 } from '../encoding.js';
import { ProtocolError } from '../errors.js';
import {
  createNobleIdentityCrypto,
  generateEphemeral,
  type IdentityCrypto,
  type IdentityKeyPair,
  type Rng,
} from '../identity.js';
import { DEFAULT_JAIL_GENERATIONS } from '../reputation.js';
import { nameProblem } from '../session.js';
import { generateMasterSecret, MASTER_SECRET_BYTES } from '../staticKeys.js';
import { normaliseText } from '../names.js';
import { advance } from './advance.js';
import { createProtocolCache, type ProtocolCache } from '../cache.js';
import { broadcast, bufferMessage, failSession, me, reject, signSession, type Ctx } from './context.js';
import { faultsEnabled } from './faults.js';
import { decodeContact, encodeContact } from '../frostClient/contact.js';
import { announce, freshCodeNonce, lock, onHello, onRestart, onRoster, restart } from './lobby.js';
import { onReveal, revealsMissing } from './reveal.js';
import { onSessionMessage } from './receive.js';
import { onStatus, sendStatus } from './status.js';
import { advanceTestSign, approveTestSign, endTestSigning, startTestSign } from './testSign.js';
import { acknowledgeFunding, judgeFundingAcks } from './fundingAck.js';
import { advanceSigning, approveSigning, heldSigningMessages } from './signing/room.js';
import { isSigningSession } from './signing/state.js';
import type { Effect, Event, FaultKind, FaultSpec, ParticipantState, StepResult } from './types.js';
import { BLAME_REASONS } from '../failure.js';
import { parseKeyPackage } from '../frostJson/index.js';

export interface CreateParticipantOptions {
  identity: IdentityKeyPair;
  name: string;
  /** From the invite: room id, room secret (URL fragment) and the coordinator's identity key. */
  room: { id: string; secret: Uint8Array; coordinator: Uint8Array };
  isCoordinator: boolean;
  rng: Rng;
  /** Generations a proven culprit stays jailed (default 2). */
  jailGenerations?: number;
  /**
   * Misbehaviour: accepted in test builds (`__TEST_FAULTS__`), or for a simulated person of
   * a rehearsal, whose participant lives only in an in-memory network inside one tab.
   */
  fault?: FaultKind | FaultSpec;
  /** True only for the simulated peers of a rehearsal (never for a real participant). */
  simulated?: boolean;
  /**
   * SECRET: the custodian's master secret (32 bytes, staticKeys.ts), persisted by the shell next
   * to the identity key and passed for every ceremony of that custodian. Absent: a fresh one is
   * drawn from `rng` (simulated people, tests); it still lives in the state and its backup.
   */
  masterSecret?: Uint8Array;
  /** My ZF frost-client contact (`zffrost1…` from `frost-client export`), sent in my Hello. Throws FrostClientContactError if bad. */
  frostClientContact?: string;
  /** SECRET, signing rooms (issue 17): my key package (frost-rs JSON), with which I prove my share and sign. */
  keyPackage?: string;
}

export function createParticipant(opts: CreateParticipantOptions): ParticipantState {
  if (opts.fault !== undefined && !faultsEnabled() && opts.simulated !== true)
    throw new Error('fault injection is only available in test builds and rehearsals');
  const coordinator = toHex(opts.room.coordinator);
  const identity = toHex(opts.identity.publicKey);
  if (opts.isCoordinator !== (coordinator === identity))
    throw new Error('isCoordinator must match the invite coordinator key');
  if (opts.room.id.length < 1 || opts.room.id.length > 128) throw new Error('room id must be 1..128 characters');
  // One spelling per name (names.ts): the UI and CLI may pass what the person typed.
  const name = normaliseText(opts.name);
  const bad = nameProblem(name);
  if (bad) throw new Error(bad);
  // Stored and sent in its canonical form, the one every peer accepts (onHello).
  const contact = opts.frostClientContact?.trim() ? encodeContact(decodeContact(opts.frostClientContact)) : undefined;
  const eph = generateEphemeral(opts.rng);
  const codeNonce = freshCodeNonce(opts.rng);
  // Drawn after the ephemeral key and code nonce, so seeded runs keep their earlier values.
  const master = opts.masterSecret ?? generateMasterSecret(opts.rng);
  if (master.length !== MASTER_SECRET_BYTES) throw new Error(`master secret must be ${MASTER_SECRET_BYTES} bytes`);
  return {
    v: 3,
    name,
    ...(contact !== undefined ? { frostClientContact: contact } : {}),
    identity: { secretKey: toHex(opts.identity.secretKey), publicKey: identity },
    master: toHex(master),
    room: { id: opts.room.id, secret: toHex(opts.room.secret), coordinator },
    isCoordinator: opts.isCoordinator,
    jailGenerations: opts.jailGenerations ?? DEFAULT_JAIL_GENERATIONS,
    fault: opts.fault === undefined ? null : typeof opts.fault === 'string' ? { kind: opts.fault } : { ...opts.fault },
    ...(opts.simulated === true ? { simulated: true } : {}),
    ...(opts.keyPackage !== undefined ? { signingKey: { keyPackage: checkedKeyPackage(opts.keyPackage) } } : {}),
    generation: 0,
    ephemeral: { secretKey: toHex(eph.secretKey), publicKey: toHex(eph.publicKey) },
    codeNonce,
    announced: false,
    candidates: {},
    session: null,
    aborted: null,
    pendingLock: null,
    restarts: [],
    sentLobby: [],
    history: [],
    buffer: [],
    errors: [],
  };
}

/** A key package file's text, refused here (not at approval time) when it does not parse. */
function checkedKeyPackage(json: string): string {
  parseKeyPackage(json);
  return json;
}

export interface StepDeps {
  /** Identity signature implementation (default: noble ed25519). */
  crypto?: IdentityCrypto;
  /** Keep one per participant across steps for speed (see createProtocolCache). */
  cache?: ProtocolCache;
}

export async function step(state: ParticipantState, event: Event, rng: Rng, deps: StepDeps = {}): Promise<StepResult> {
  const ctx: Ctx = {
    state: structuredClone(state),
    effects: [],
    rng,
    crypto: deps.crypto ?? createNobleIdentityCrypto(),
    dirty: false,
    cache: deps.cache ?? createProtocolCache(),
  };
  try {
    await handle(ctx, event);
    await advanceSession(ctx);
    await drainBuffer(ctx);
    advanceTestSign(ctx);
    judgeFundingAcks(ctx);
  } catch (e) {
    if (!(e instanceof ProtocolError)) {
      // Input from the network must never crash the shell: drop it, keep the previous state,
      // and report (an unexpected exception here is a bug in this code, not a verdict).
      if (event.type !== 'receive') throw e;
      const err = new ProtocolError(
        'malformed',
        `message could not be processed: ${e instanceof Error ? e.message : String(e)}`,
        [],
        'lobby',
      );
      return {
        state,
        effects: [{ type: 'notice', notice: { kind: 'rejected', message: err.message, error: err.toData() } }],
      };
    }
    // Local misuse: report, keep the previous state.
    const d = e.toData();
    return { state, effects: [{ type: 'notice', notice: { kind: 'rejected', message: e.message, error: d } }] };
  }
  const effects: Effect[] = ctx.dirty ? [{ type: 'persist' }, ...ctx.effects] : ctx.effects;
  return { state: ctx.dirty || ctx.touched === true ? ctx.state : state, effects };
}

/** The key ceremony's rounds, or in a signing room (issue 17) the signing steps instead. */
async function advanceSession(ctx: Ctx): Promise<void> {
  if (isSigningSession(ctx.state.session)) return advanceSigning(ctx);
  await advance(ctx);
}

async function handle(ctx: Ctx, event: Event): Promise<void> {
  const st = ctx.state;
  switch (event.type) {
    case 'receive':
      return receive(ctx, event.bytes);
    case 'announce':
      return announce(ctx);
    case 'lock':
      return lock(ctx, event);
    case 'confirmCode': {
      const s = st.session;
      if (!s || s.outcome) throw new ProtocolError('wrong-phase', 'no session waiting for a code check', [], 'verify');
      if (s.codeConfirmed) return;
      if (s.code === null) {
        const missing = revealsMissing(s).map((id) => s.roster[id - 1]?.name ?? `#${id}`);
        throw new ProtocolError(
          'wrong-phase',
          `the verification code is not complete yet: waiting for ${missing.join(', ')}`,
          [],
          'verify',
        );
      }
      // t = 1 (allowed by the coordinator, session.ts): every key package will hold the group
      // secret. My custodian must have accepted exactly that before I commit to the session.
      if (s.params.minSigners === 1 && event.acceptSingleSigner !== true)
        throw new ProtocolError(
          'single-signer-not-accepted',
          `this key is 1-of-${s.params.maxSigners}: every participant will be able to sign alone; confirm only after accepting that explicitly`,
          [],
          'verify',
        );
      s.codeConfirmed = true;
      const env = signSession(ctx, 'start', {});
      s.starts[String(s.myId)] = envelopeText(env);
      s.sent.push(envelopeText(env));
      ctx.dirty = true;
      broadcast(ctx, env);
      return;
    }
    case 'rejectCode': {
      const s = st.session;
      if (!s || s.outcome) throw new ProtocolError('wrong-phase', 'no session waiting for a code check', [], 'verify');
      failSession(ctx, 'code-mismatch', [], [], 'the verification codes did not match; the ceremony stops');
      return;
    }
    case 'restart': {
      const s = st.session;
      if (!s || s.outcome !== 'failed' || !s.failure)
        throw new ProtocolError(
          'wrong-phase',
          'restart needs a failed session (use restartWithout to leave someone out)',
          [],
          'lobby',
        );
      const culprits =
        BLAME_REASONS.includes(s.failure.reason) || s.failure.reason === 'excluded-by-coordinator'
          ? s.failure.culprits
          : [];
      await restart(
        ctx,
        culprits.filter((c) => c !== me(st)),
        event.plan,
      );
      return;
    }
    case 'restartWithout':
      await restart(ctx, event.identities, event.plan);
      return;
    case 'resend':
      return resend(ctx);
    case 'status':
      return sendStatus(ctx);
    case 'testSign':
      return startTestSign(ctx, event.text, event.signers);
    case 'approveTestSign':
      return approveTestSign(ctx, event.requestId, event.approve);
    case 'closeTestSigning':
      return endTestSigning(ctx, 'left');
    case 'resumed':
      return endTestSigning(ctx, 'resumed');
    case 'acknowledgeFunding':
      return acknowledgeFunding(ctx, event.checked, event.backupProof);
    case 'approveSigning':
      return approveSigning(ctx, event.requestHash, event.approve);
  }
}

async function receive(ctx: Ctx, bytes: Uint8Array): Promise<void> {
  // Out of the ceremony (excluded, left): nothing more to do with messages. Someone merely not
  // chosen may still be invited into a later attempt by an open restart (issue 15.2): they keep
  // listening for that restart, and keep later attempts' messages until it arrives.
  const aborted = ctx.state.aborted;
  if (aborted && aborted.code !== 'not-selected') return;
  const o = openEnvelope(ctx.crypto, bytes, ctx.cache);
  if (!o.ok) return aborted ? undefined : reject(ctx, o.error);
  const env = o.envelope;
  if (env.room !== ctx.state.room.id)
    return aborted
      ? undefined
      : reject(ctx, new ProtocolError('wrong-room', 'message from another room', [], 'lobby', env.from));
  if (aborted) {
    if (env.type === 'restart') return onRestart(ctx, env);
    if (env.generation > ctx.state.generation) bufferMessage(ctx, envelopeText(env));
    return;
  }
  switch (env.type) {
    case 'hello':
      return onHello(ctx, env);
    case 'roster':
      return onRoster(ctx, env);
    case 'restart':
      return onRestart(ctx, env);
    case 'reveal':
      return onReveal(ctx, env);
    case 'status':
      return onStatus(ctx, env);
    default:
      return onSessionMessage(ctx, env);
  }
}

/** Re-process buffered messages after the state moved on (new roster or generation). */
async function drainBuffer(ctx: Ctx): Promise<void> {
  for (let round = 0; round < 4; round++) {
    const st = ctx.state;
    const ready = st.buffer.filter((t) => isReady(ctx.state, t));
    if (ready.length === 0) return;
    st.buffer = st.buffer.filter((t) => !ready.includes(t));
    ctx.dirty = true;
    for (const t of ready) await receive(ctx, utf8(t));
    await advanceSession(ctx);
  }
}

function isReady(st: ParticipantState, text: string): boolean {
  const { type, gen } = JSON.parse(text) as { type: string; gen: number }; // buffered texts were parsed before
  if (gen < st.generation) return true; // will be rejected as a replay
  if (gen > st.generation) return false;
  if (type === 'hello' || type === 'roster') return true;
  return st.session !== null;
}

function resend(ctx: Ctx): void {
  const st = ctx.state;
  const enc = new TextEncoder();
  const out = (t: string): void => void ctx.effects.push({ type: 'broadcast', bytes: enc.encode(t) });
  for (const t of st.sentLobby) out(t);
  if (st.isCoordinator) {
    const last = st.restarts[st.restarts.length - 1];
    if (last) out(last);
    if (st.session) out(st.session.rosterEnvelope);
  }
  const s = st.session;
  if (!s) return;
  // The current test signing, while it runs: request and every answer held (helps whoever missed
  // some). An ended one is not re-sent: others would be asked again about a request nobody tracks.
  if (s.testSign && s.testSign.status === 'collecting' && !s.testSignClosed)
    for (const t of [s.testSign.request, ...Object.values(s.testSign.commits), ...Object.values(s.testSign.shares)])
      out(t);
  for (const t of s.sent) out(t);
}

/** Every signed message I hold for the current generation (for anti-entropy with a peer). */
export function heldMessages(state: ParticipantState): Uint8Array[] {
  const enc = new TextEncoder();
  const texts = new Set<string>();
  for (const c of Object.values(state.candidates)) texts.add(c.hello);
  const last = state.restarts[state.restarts.length - 1];
  if (last) texts.add(last);
  const s = state.session;
  if (s) {
    texts.add(s.rosterEnvelope);
    for (const store of [s.reveals, s.starts, s.round1, s.echoes, s.complaints, s.confirmations, s.fundingAcks ?? {}])
      for (const t of Object.values(store)) texts.add(t);
    for (const t of s.sent) texts.add(t);
    for (const t of heldSigningMessages(s)) texts.add(t);
    if (s.failure) texts.add(s.failure.record);
  }
  return [...texts].map((t) => enc.encode(t));
}
