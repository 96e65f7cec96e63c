/**
 * A session as a third party sees it: opened from the coordinator's signed roster envelope
 * alone. Used to check evidence and certificates offline, and by the state machine to check
 * that a message belongs to the session.
 */
import { envelopeText, openEnvelope, type Envelope, type MessageType } from './envelope.js';
import { fromHex, toHex, utf8 } from './encoding.js';
import { ProtocolError, type Round } from './errors.js';
import type { IdentityCrypto } from './identity.js';
import { parsePayload, type PayloadOf } from './messages.js';
import {
  computeSessionId,
  validateParams,
  validateRoster,
  validateStaticKeys,
  type RosterEntry,
  type SessionParams,
} from './session.js';
import type { SuiteName } from './suites.js';
import { ROUND_OF } from './envelope.js';
import { prepareSigningRoom, type SigningRoomParams } from './signing/roomParams.js';
import { SignError } from './signing/errors.js';

/** A signing room's key and request must be usable by every member, or the roster is refused (issue 17). */
export function checkSigningRoom(p: SigningRoomParams, suite: SuiteName, minSigners: number): void {
  try {
    prepareSigningRoom(p, suite, minSigners);
  } catch (e) {
    if (e instanceof SignError) throw new ProtocolError('invalid-params', `signing room: ${e.message}`, [], 'lobby');
    throw e;
  }
}

export interface SessionContext {
  room: string;
  generation: number;
  sessionId: string;
  params: SessionParams;
  roster: RosterEntry[];
  /** Identity that signed the roster. */
  coordinator: string;
  /** The signed roster envelope, wire text. */
  rosterText: string;
  /** Its content hash. */
  rosterHash: string;
}

/** Opens and checks a roster envelope (signature, params, recomputed session id). */
export function openRoster(
  crypto: IdentityCrypto,
  text: string,
  expectedCoordinator?: string,
): SessionContext | ProtocolError {
  const o = openEnvelope(crypto, utf8(text));
  if (!o.ok) return o.error;
  return contextFromRoster(o.envelope, expectedCoordinator);
}

/** Same as openRoster for an envelope whose signature was already verified. */
export function contextFromRoster(env: Envelope, expectedCoordinator?: string): SessionContext | ProtocolError {
  if (env.type !== 'roster') return new ProtocolError('malformed', 'expected a roster envelope', [], 'lobby');
  if (expectedCoordinator !== undefined && env.from !== expectedCoordinator)
    return new ProtocolError(
      'unknown-sender',
      'roster not signed by the coordinator of the invite',
      [{ identity: env.from }],
      'lobby',
    );
  const p = parsePayload('roster', env.payload);
  if (!p.ok) return new ProtocolError('malformed', p.reason, [{ identity: env.from }], 'lobby');
  const params = { ...p.value.params, suite: p.value.params.suite as SuiteName };
  try {
    validateParams(params, p.value.roster.length);
    validateRoster(p.value.roster);
    validateStaticKeys(params.suite, p.value.roster);
    if (params.signing !== undefined) checkSigningRoom(params.signing, params.suite, params.minSigners);
  } catch (e) {
    if (e instanceof ProtocolError) return new ProtocolError(e.code, e.message, [{ identity: env.from }], 'lobby');
    throw e;
  }
  const sid = toHex(computeSessionId(env.room, env.generation, params, p.value.roster));
  if (sid !== env.session)
    return new ProtocolError(
      'invalid-roster',
      'roster session id does not match its contents',
      [{ identity: env.from }],
      'lobby',
    );
  return {
    room: env.room,
    generation: env.generation,
    sessionId: sid,
    params,
    roster: p.value.roster,
    coordinator: env.from,
    rosterText: envelopeText(env),
    rosterHash: env.hash,
  };
}

/** FROST identifier (1..n) of an identity in the roster, or 0. */
export function idOf(ctx: { roster: readonly RosterEntry[] }, identity: string): number {
  return ctx.roster.findIndex((r) => r.identity === identity) + 1;
}

export function culpritOf(
  ctx: { roster: readonly RosterEntry[] },
  identity: string,
): { identity: string; id?: number; name?: string } {
  const id = idOf(ctx, identity);
  const r = ctx.roster[id - 1];
  return id > 0 && r ? { identity, id, name: r.name } : { identity };
}

export interface SessionMessage<K extends MessageType> {
  envelope: Envelope;
  payload: PayloadOf[K];
  /** Sender's FROST identifier. */
  senderId: number;
}

/**
 * Checks that an already opened envelope belongs to this session (room, generation, session
 * id, sender in roster, expected type) and parses its payload. Errors name the sender.
 */
export function checkSessionEnvelope<K extends MessageType>(
  ctx: SessionContext,
  env: Envelope,
  type: K,
): SessionMessage<K> | ProtocolError {
  const round: Round = ROUND_OF[type];
  const who = [culpritOf(ctx, env.from)];
  if (env.type !== type) return new ProtocolError('malformed', `expected ${type}, got ${env.type}`, who, round);
  if (env.room !== ctx.room) return new ProtocolError('wrong-room', 'message from another room', [], round, env.from);
  if (env.generation !== ctx.generation)
    return new ProtocolError(
      'wrong-generation',
      `message for generation ${env.generation}, session is generation ${ctx.generation}`,
      [],
      round,
      env.from,
    );
  if (env.session !== ctx.sessionId)
    return new ProtocolError('wrong-session', 'message from another session', [], round, env.from);
  const senderId = idOf(ctx, env.from);
  if (senderId === 0) return new ProtocolError('unknown-sender', 'sender is not in the roster', who, round);
  const p = parsePayload(type, env.payload);
  if (!p.ok) return new ProtocolError('malformed', p.reason, who, round);
  return { envelope: env, payload: p.value, senderId };
}

/** Opens wire text and checks it as a message of this session. */
export function openSessionMessage<K extends MessageType>(
  crypto: IdentityCrypto,
  ctx: SessionContext,
  text: string,
  type: K,
): SessionMessage<K> | ProtocolError {
  const o = openEnvelope(crypto, utf8(text));
  if (!o.ok) return o.error;
  return checkSessionEnvelope(ctx, o.envelope, type);
}

export function sessionIdBytes(ctx: SessionContext): Uint8Array {
  return fromHex(ctx.sessionId);
}
