/**
 * The working context of one step: the (mutable, already cloned) state, the effects emitted
 * so far, the injected rng and crypto. Helpers to sign and emit messages, reject input, and
 * end a session.
 */
import { sealEnvelope, envelopeText, readTrusted, ROUND_OF, type Envelope, type MessageType } from '../envelope.js';
import { fromHex } from '../encoding.js';
import { ProtocolError, type Culprit } from '../errors.js';
import type { IdentityCrypto, IdentityKeyPair, Rng } from '../identity.js';
import type { Evidence, FailureReason } from '../messages.js';
import { BLAME_REASONS, createFailureRecord } from '../failure.js';
import type { SessionContext } from '../sessionContext.js';
import type { GenerationRecord } from '../reputation.js';
import type { ProtocolCache } from '../cache.js';
import type { Effect, ParticipantState, SessionState } from './types.js';

export const MAX_ERRORS = 50;
export const MAX_BUFFER = 1024;

export interface Ctx {
  state: ParticipantState;
  effects: Effect[];
  rng: Rng;
  crypto: IdentityCrypto;
  /** Something in the state changed (persist before sending). */
  dirty: boolean;
  /**
   * The state changed only in what needs no saving before any send (peer status gossip):
   * the new state is returned without a persist effect.
   */
  touched?: boolean;
  cache: ProtocolCache;
}

export function identityOf(state: ParticipantState): IdentityKeyPair {
  return { secretKey: fromHex(state.identity.secretKey), publicKey: fromHex(state.identity.publicKey) };
}

export function me(state: ParticipantState): string {
  return state.identity.publicKey;
}

export function sessionContextOf(state: ParticipantState, s: SessionState, cache?: ProtocolCache): SessionContext {
  return {
    room: state.room.id,
    generation: s.generation,
    sessionId: s.id,
    params: s.params,
    roster: s.roster,
    coordinator: state.room.coordinator,
    rosterText: s.rosterEnvelope,
    rosterHash: cache ? cache.memo('hash', s.rosterEnvelope, () => rosterHashOf(s)) : rosterHashOf(s),
  };
}

/** Content hash of the stored roster envelope (no signature check: it is my own state). */
function rosterHashOf(s: SessionState): string {
  return readTrusted(s.rosterEnvelope).hash;
}

/** Sign a message of the current session. */
export function signSession(ctx: Ctx, type: MessageType, payload: unknown): Envelope {
  const s = ctx.state.session;
  if (!s) throw new Error('no session');
  return sealEnvelope(ctx.crypto, identityOf(ctx.state), {
    type,
    room: ctx.state.room.id,
    session: s.id,
    generation: s.generation,
    payload,
  });
}

/** Sign a lobby message (no session id). */
export function signLobby(ctx: Ctx, type: MessageType, generation: number, payload: unknown, session = ''): Envelope {
  return sealEnvelope(ctx.crypto, identityOf(ctx.state), {
    type,
    room: ctx.state.room.id,
    session,
    generation,
    payload,
  });
}

export function broadcast(ctx: Ctx, env: Envelope): void {
  ctx.effects.push({ type: 'broadcast', bytes: env.bytes });
}

export function sendTo(ctx: Ctx, to: string, env: Envelope): void {
  ctx.effects.push({ type: 'send', to, bytes: env.bytes });
}

export function reject(ctx: Ctx, error: ProtocolError): void {
  const d = error.toData();
  ctx.state.errors.push(d);
  if (ctx.state.errors.length > MAX_ERRORS) ctx.state.errors.splice(0, ctx.state.errors.length - MAX_ERRORS);
  ctx.dirty = true;
  ctx.effects.push({ type: 'notice', notice: { kind: 'rejected', message: error.message, error: d } });
}

export function bufferMessage(ctx: Ctx, text: string): void {
  const b = ctx.state.buffer;
  if (b.includes(text)) return;
  b.push(text);
  if (b.length > MAX_BUFFER) b.shift();
  ctx.dirty = true;
}

export function culpritsOf(s: SessionState, identities: readonly string[]): Culprit[] {
  return identities.map((identity) => {
    const i = s.roster.findIndex((r) => r.identity === identity);
    const r = s.roster[i];
    return r ? { identity, id: i + 1, name: r.name } : { identity };
  });
}

/** Add or replace the history record of a generation. */
export function recordHistory(state: ParticipantState, rec: GenerationRecord): void {
  const i = state.history.findIndex((h) => h.generation === rec.generation);
  if (i >= 0) state.history[i] = rec;
  else state.history.push(rec);
  state.history.sort((a, b) => a.generation - b.generation);
}

export function historyRecordOf(s: SessionState): GenerationRecord {
  const blame = s.failure && BLAME_REASONS.includes(s.failure.reason);
  return {
    generation: s.generation,
    sessionId: s.id,
    roster: s.roster.map((r) => r.identity),
    outcome: s.outcome ?? 'aborted',
    blamed: blame && s.failure ? [...s.failure.culprits] : [],
    excluded: s.failure && s.failure.reason === 'excluded-by-coordinator' ? [...s.failure.culprits] : [],
    reason: s.failure?.reason ?? null,
    failureRecord: s.failure?.recordHash ?? null,
  };
}

/**
 * Failure records must fit inside a Restart (which embeds one) and any envelope. 150 000 since
 * the round-1 message is a COCKTAIL msg1 (n encrypted shares inside it: 28 kB as an envelope at
 * n = 100, Ed448, t = n): a record must still hold one pair of equivocation evidence (two
 * round-1 envelopes) next to the worst-case roster (79 kB with the longest names), and the
 * Restart embedding the largest record stays under 192 KiB (sizes.test.ts measures all three).
 */
export const MAX_FAILURE_RECORD_BYTES = 150_000;

/**
 * End the session as failed with my own signed failure record (broadcast as evidence).
 * When evidence is given, `culprits[i]` is the one `evidence[i]` proves; if the record would
 * be too large, the last items are left out (fewer culprits named, each still proven).
 */
export function failSession(
  ctx: Ctx,
  reason: FailureReason,
  culprits: readonly string[],
  evidence: readonly Evidence[],
  message: string,
): void {
  const s = ctx.state.session;
  if (!s || s.outcome) return;
  const sc = sessionContextOf(ctx.state, s, ctx.cache);
  if (evidence.length > 0) {
    // One proof per culprit is enough (and keeps the record within the schema's bounds).
    const seen = new Set<string>();
    const pairs = culprits
      .map((c, i) => [c, evidence[i]] as const)
      .filter(([c, e]) => e !== undefined && !seen.has(c) && seen.add(c));
    culprits = pairs.map(([c]) => c);
    evidence = pairs.map(([, e]) => e as Evidence);
  }
  let keep = evidence.length;
  const make = (): Envelope =>
    evidence.length === 0
      ? createFailureRecord(ctx.crypto, identityOf(ctx.state), sc, reason, culprits, [])
      : createFailureRecord(
          ctx.crypto,
          identityOf(ctx.state),
          sc,
          reason,
          culprits.slice(0, keep),
          evidence.slice(0, keep),
        );
  let rec: Envelope | null = null;
  for (; keep >= 1 || evidence.length === 0; keep--) {
    try {
      rec = make();
      if (rec.bytes.length <= MAX_FAILURE_RECORD_BYTES) break;
    } catch {
      // too large for an envelope: try with less evidence
    }
    rec = null;
    if (evidence.length === 0) break;
  }
  if (!rec) throw new Error('failure record cannot be made small enough'); // unreachable: one item is far below the limit
  const named = evidence.length === 0 ? culprits : culprits.slice(0, keep);
  adoptFailure(ctx, reason, [...new Set(named)].sort(), envelopeText(rec), rec.hash, message);
  s.sent.push(envelopeText(rec));
  broadcast(ctx, rec);
}

/** Mark the session failed with a record (mine or a verified one from a peer). */
export function adoptFailure(
  ctx: Ctx,
  reason: FailureReason,
  culprits: string[],
  record: string,
  recordHash: string,
  message: string,
): void {
  const s = ctx.state.session;
  if (!s || s.outcome) return;
  s.outcome = 'failed';
  s.failure = { reason, culprits, record, recordHash };
  ctx.dirty = true;
  recordHistory(ctx.state, historyRecordOf(s));
  const err = new ProtocolError(errorCodeOf(reason), message, culpritsOf(s, culprits), roundOf(reason));
  ctx.effects.push({ type: 'notice', notice: { kind: 'failed', message, error: err.toData(), phase: 'failed' } });
}

function errorCodeOf(reason: FailureReason): ProtocolError['code'] {
  switch (reason) {
    case 'equivocation':
    case 'invalid-round1':
    case 'bad-share':
    case 'false-complaint':
    case 'code-mismatch':
    case 'confirmation-mismatch':
    case 'dkg-failed':
      return reason;
    case 'excluded-by-coordinator':
      return 'excluded';
  }
}

function roundOf(reason: FailureReason): ProtocolError['round'] {
  switch (reason) {
    case 'equivocation':
    case 'invalid-round1':
      return 'round1';
    case 'bad-share':
    case 'false-complaint':
      return 'round2';
    case 'code-mismatch':
      return 'verify';
    case 'confirmation-mismatch':
    case 'dkg-failed':
      return 'confirm';
    case 'excluded-by-coordinator':
      return 'lobby';
  }
}

/** Two different signed messages for one slot: reject the second and fail the session naming the signer. */
export function equivocation(ctx: Ctx, prev: string, text: string, env: Envelope): void {
  const s = ctx.state.session as SessionState;
  const who = culpritsOf(s, [env.from]);
  s.conflicts[String(who[0]?.id ?? env.from)] ??= [prev, text];
  ctx.dirty = true;
  reject(
    ctx,
    new ProtocolError(
      'equivocation',
      `two different signed ${env.type} messages (the first one is kept)`,
      who,
      ROUND_OF[env.type],
    ),
  );
  failSession(
    ctx,
    'equivocation',
    [env.from],
    [{ kind: 'equivocation', first: prev, second: text }],
    `${who[0]?.name ?? 'a participant'} sent two different ${env.type} messages`,
  );
}
