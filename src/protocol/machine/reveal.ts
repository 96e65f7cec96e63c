/**
 * Reveal: the second half of the commit-then-reveal verification code. Right after the roster
 * lock each member signs and broadcasts the code nonce whose commitment its Hello carried (and
 * the roster, hence the session id, fixed). Each Reveal is checked against the sender's roster
 * commitment; once all n are in, the code is computed. Until then there is no code to compare
 * and no Start can be signed (step.ts refuses 'confirmCode').
 */
import { envelopeText, readTrusted, type Envelope } from '../envelope.js';
import { fromHex } from '../encoding.js';
import { ProtocolError } from '../errors.js';
import { checkSessionEnvelope } from '../sessionContext.js';
import { opensCommitment, verificationCode } from '../verificationCode.js';
import {
  broadcast,
  bufferMessage,
  culpritsOf,
  equivocation,
  reject,
  sessionContextOf,
  signSession,
  type Ctx,
} from './context.js';
import { ids, payloadOf } from './stored.js';
import type { SessionState } from './types.js';

/** Sign and broadcast my Reveal for the current session (once; resend re-broadcasts it). */
export function sendReveal(ctx: Ctx): void {
  const s = ctx.state.session;
  if (!s || s.reveals[String(s.myId)] !== undefined) return;
  const env = signSession(ctx, 'reveal', { nonce: ctx.state.codeNonce });
  const text = envelopeText(env);
  s.reveals[String(s.myId)] = text;
  s.sent.push(text);
  // Persist before send: the step puts 'persist' first because the state is dirty.
  ctx.dirty = true;
  broadcast(ctx, env);
  completeCode(ctx);
}

export function onReveal(ctx: Ctx, env: Envelope): void {
  const st = ctx.state;
  const text = envelopeText(env);
  if (env.generation > st.generation) return bufferMessage(ctx, text);
  if (env.generation < st.generation)
    return reject(
      ctx,
      new ProtocolError(
        'wrong-generation',
        `reveal from old generation ${env.generation} (now ${st.generation})`,
        [],
        'verify',
        env.from,
      ),
    );
  if (st.aborted) return;
  const s = st.session;
  if (!s) return bufferMessage(ctx, text);
  const m = checkSessionEnvelope(sessionContextOf(st, s, ctx.cache), env, 'reveal');
  if (m instanceof ProtocolError) return reject(ctx, m);
  const who = culpritsOf(s, [env.from]);
  const commit = s.roster[m.senderId - 1]?.commit ?? '';
  if (!opensCommitment(fromHex(m.payload.nonce), fromHex(commit)))
    return reject(
      ctx,
      new ProtocolError(
        'bad-reveal',
        `${who[0]?.name ?? 'a participant'} revealed a code nonce that does not match its commitment in the roster`,
        who,
        'verify',
      ),
    );
  const key = String(m.senderId);
  const prev = s.reveals[key];
  if (prev !== undefined) {
    if (prev !== text && readTrusted(prev).hash !== env.hash) equivocation(ctx, prev, text, env);
    return;
  }
  s.reveals[key] = text;
  ctx.dirty = true;
  completeCode(ctx);
}

/** Roster members (ids) whose Reveal I do not hold yet. */
export function revealsMissing(s: SessionState): number[] {
  return ids(s).filter((id) => s.reveals[String(id)] === undefined);
}

/** Compute the code once every member's nonce is in. */
function completeCode(ctx: Ctx): void {
  const s = ctx.state.session;
  if (!s || s.code !== null || revealsMissing(s).length > 0) return;
  s.code = verificationCode(
    fromHex(s.id),
    ids(s).map((i) => fromHex(payloadOf(ctx, 'reveal', s.reveals[String(i)] as string).nonce)),
  );
  ctx.dirty = true;
  ctx.effects.push({
    type: 'notice',
    notice: { kind: 'phase', message: `verification code ${s.code}`, phase: 'verify' },
  });
}
