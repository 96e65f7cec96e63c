/**
 * Storing the messages of the current session. Every message is checked (room, generation,
 * session, sender in roster, payload schema) and kept by sender; progress is made separately
 * by `advance`, so the arrival order does not matter. Conflicting one-per-session messages
 * are proof of equivocation.
 */
import { envelopeText, readTrusted, type Envelope } from '../envelope.js';
import { ProtocolError } from '../errors.js';
import { verifyFailureRecord } from '../failure.js';
import { checkSessionEnvelope, type SessionMessage } from '../sessionContext.js';
import { onTestSignMessage } from './testSign.js';
import { onFundAck } from './fundingAck.js';
import { onSigningMessage } from './signing/room.js';
import {
  adoptFailure,
  bufferMessage,
  culpritsOf,
  equivocation,
  reject,
  sessionContextOf,
  type Ctx,
} from './context.js';

export async function onSessionMessage(ctx: Ctx, env: Envelope): Promise<void> {
  const st = ctx.state;
  const text = envelopeText(env);
  if (env.generation > st.generation) return bufferMessage(ctx, text);
  if (env.generation < st.generation)
    return reject(
      ctx,
      new ProtocolError(
        'wrong-generation',
        `${env.type} from old generation ${env.generation} (now ${st.generation})`,
        [],
        'lobby',
        env.from,
      ),
    );
  if (st.aborted) return;
  const s = st.session;
  if (!s) return bufferMessage(ctx, text);
  const sc = sessionContextOf(st, s, ctx.cache);
  const m = checkSessionEnvelope(sc, env, env.type);
  if (m instanceof ProtocolError) return reject(ctx, m);
  const id = String(m.senderId);
  const who = culpritsOf(s, [env.from]);
  switch (m.envelope.type) {
    case 'start':
      storeOnce(ctx, s.starts, id, text, env);
      return;
    case 'round1':
    case 'echo':
    case 'confirmation':
    case 'confirm-echo': {
      if (m.envelope.type === 'echo' && (m.payload as { round1: string[] }).round1.length !== s.roster.length)
        return reject(
          ctx,
          new ProtocolError('malformed', `echo must list ${s.roster.length} round-1 hashes`, who, 'echo'),
        );
      if (
        m.envelope.type === 'confirm-echo' &&
        (m.payload as { confirmations: string[] }).confirmations.length !== s.roster.length
      )
        return reject(
          ctx,
          new ProtocolError(
            'malformed',
            `confirm-echo must list ${s.roster.length} confirmation hashes`,
            who,
            'confirm',
          ),
        );
      // A confirmation may arrive first-hand or relayed by anyone (its signature names its
      // signer); a second, different one from the same signer is proof of equivocation.
      const store =
        env.type === 'round1'
          ? s.round1
          : env.type === 'echo'
            ? s.echoes
            : env.type === 'confirmation'
              ? s.confirmations
              : (s.confirmEchoes ??= {});
      storeOnce(ctx, store, id, text, env);
      return;
    }
    case 'complaint': {
      // Judged (with the accused's msg1) once the echoes agree: advance.ts judgeComplaints.
      const p = m.payload as { accused: number };
      if (p.accused === m.senderId)
        return reject(ctx, new ProtocolError('invalid-evidence', 'a complaint about oneself', who, 'round2'));
      storeOnce(ctx, s.complaints, `${m.senderId}>${p.accused}`, text, env);
      return;
    }
    case 'failure': {
      if (s.outcome) return;
      const r = await verifyFailureRecord(ctx.crypto, env.bytes, st.room.coordinator);
      if (!r.ok)
        return reject(
          ctx,
          new ProtocolError('invalid-evidence', `failure record does not verify: ${r.reason}`, who, 'failure'),
        );
      if (r.summary.sessionId !== s.id)
        return reject(
          ctx,
          new ProtocolError('wrong-session', 'failure record for another session', [], 'failure', env.from),
        );
      adoptFailure(
        ctx,
        r.summary.reason,
        r.summary.culprits.map((c) => c.identity),
        text,
        env.hash,
        `${who[0]?.name ?? 'a participant'} reports: ${r.summary.reason}`,
      );
      return;
    }
    case 'sign-request':
    case 'sign-commit':
    case 'sign-share':
    case 'sign-decline':
      return onTestSignMessage(
        ctx,
        s,
        m as SessionMessage<'sign-request' | 'sign-commit' | 'sign-share' | 'sign-decline'>,
        text,
      );
    case 'fund-ack':
      return onFundAck(ctx, s, m as SessionMessage<'fund-ack'>, text);
    case 'sign-approval':
    case 'sign-commitments':
    case 'sign-shares':
      return onSigningMessage(ctx, s, m as SessionMessage<'sign-approval' | 'sign-commitments' | 'sign-shares'>, text);
    default:
      return reject(ctx, new ProtocolError('malformed', `unexpected ${m.envelope.type} in a session`, who, 'lobby'));
  }
}

/**
 * Keeps the first message of a one-per-session slot (blame.ts ONE_PER_SESSION). The same content
 * again (any spelling, any signature) changes nothing; other content from the same signer is
 * equivocation: the session fails naming the signer, with both signed messages as evidence, so a
 * restart leaves them out.
 */
function storeOnce(ctx: Ctx, store: Record<string, string>, key: string, text: string, env: Envelope): void {
  const prev = store[key];
  if (prev === undefined) {
    store[key] = text;
    ctx.dirty = true;
    return;
  }
  if (prev === text || readTrusted(prev).hash === env.hash) return;
  equivocation(ctx, prev, text, env);
}
