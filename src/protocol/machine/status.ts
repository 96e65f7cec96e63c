/**
 * Progress gossip: a signed `status` says which senders' start / round1 / echo / round2 /
 * confirmation messages its signer holds, for the UI's n × n matrix. It is not evidence and
 * never enters the transcript or certificate. Latest wins per sender by a counter that only
 * grows (persisted before each send, so it survives a reload); older or equal counters are
 * ignored without complaint, since gossip is reordered and replayed by the transport.
 */
import type { Envelope } from '../envelope.js';
import { ProtocolError } from '../errors.js';
import type { StatusPayload } from '../messages.js';
import { checkSessionEnvelope } from '../sessionContext.js';
import { broadcast, culpritsOf, reject, sessionContextOf, signSession, type Ctx } from './context.js';
import type { PeerHeld, SessionState } from './types.js';

const ROUNDS = ['start', 'round1', 'echo', 'round2', 'confirm'] as const;

/**
 * Sender ids whose message I hold, per round. round2 has no message of its own (COCKTAIL Round 2
 * decrypts the shares inside the msg1s): it lists every id once my shares all decrypted and
 * verified, none before.
 */
export function heldBy(s: SessionState): PeerHeld {
  const ids = (r: Record<string, unknown>): number[] =>
    Object.keys(r)
      .map(Number)
      .sort((a, b) => a - b);
  return {
    start: ids(s.starts),
    round1: ids(s.round1),
    echo: ids(s.echoes),
    round2: s.result ? ids(s.round1) : [],
    confirm: ids(s.confirmations),
  };
}

export function sendStatus(ctx: Ctx): void {
  const s = ctx.state.session;
  if (!s || ctx.state.aborted) return;
  const counter = (s.statusCounter ?? 0) + 1;
  const payload: StatusPayload = { counter, ...heldBy(s) };
  const env = signSession(ctx, 'status', payload);
  s.statusCounter = counter;
  ctx.dirty = true; // the counter must be saved before the status goes out
  broadcast(ctx, env);
}

export function onStatus(ctx: Ctx, env: Envelope): void {
  const st = ctx.state;
  const s = st.session;
  // Gossip for another generation, or before I hold the roster: stale or early, and a newer
  // one will follow. Not buffered (it would crowd out messages that matter).
  if (!s || st.aborted || env.generation !== st.generation) return;
  const m = checkSessionEnvelope(sessionContextOf(st, s, ctx.cache), env, 'status');
  if (m instanceof ProtocolError) return reject(ctx, m);
  if (m.senderId === s.myId) return;
  const n = s.roster.length;
  const p = m.payload;
  const over = ROUNDS.find((r) => p[r].some((i) => i > n));
  if (over)
    return reject(
      ctx,
      new ProtocolError('malformed', `status lists a ${over} id above n = ${n}`, culpritsOf(s, [env.from]), 'status'),
    );
  const key = String(m.senderId);
  const prev = s.peerStatus?.[key];
  if (prev && prev.counter >= p.counter) return;
  s.peerStatus = {
    ...s.peerStatus,
    [key]: { counter: p.counter, start: p.start, round1: p.round1, echo: p.echo, round2: p.round2, confirm: p.confirm },
  };
  ctx.touched = true;
}
