/**
 * Live test signing after success: anyone asks t signers to sign a short printable text; each
 * chosen signer is shown the text and who asked, and only once it approves (event
 * 'approveTestSign', its own click or CLI answer) answers with nonce commitments (its nonces saved
 * first, single-use), then, once all commitments are in, with its signature share; everyone checks
 * each share and aggregates. What is signed is always testSignMessage(session id, text): a
 * domain-separated message no transaction can be (testSignMessage.ts), whoever asks. A request is
 * adopted at most once (replays are ignored), and none is answered after I left or finished
 * ('closeTestSigning') or one from before a reload ('resumed'). A chosen signer whose custodian
 * declines sends a signed 'sign-decline', which ends that request at once for everyone; a decline
 * from someone not chosen or for a request that is over is refused naming its sender, and a decline
 * plus a commitment or share from one signer for one request is equivocation, with both as evidence.
 * Nothing here is part of the transcript or certificate, and nobody is blamed in the ceremony's
 * sense: a bad share is only named in the result.
 */
import { envelopeText, readTrusted, type Envelope } from '../envelope.js';
import { fromHex, toHex } from '../encoding.js';
import { ProtocolError } from '../errors.js';
import {
  parsePayload,
  type SignCommitPayload,
  type SignDeclinePayload,
  type SignRequestPayload,
  type SignSharePayload,
} from '../messages.js';
import type { SessionMessage } from '../sessionContext.js';
import { SigningError } from '../signing.js';
import { decodePoint } from '../dkg/group.js';
import { getSuite } from '../suites.js';
import { testSignMessage, testTextProblem } from '../testSignMessage.js';
import {
  aggregateSigningShares,
  signingCommit,
  signingShare,
  verifySigningShare,
  type SigningCommitment,
} from '../testSigning.js';
import { broadcast, culpritsOf, reject, signSession, type Ctx } from './context.js';
import { keyPackageOf, publicKeyPackageOf } from './outputs.js';
import type { SessionState, TestSignApproval, TestSignState } from './types.js';

const MAX_SIGN_PENDING = 256;
/** Request ids remembered per session: far more than any honest room asks for. */
const MAX_SIGN_SEEN = 256;

/** Signers a test signing needs: t, but noble (like frost-rs) signs with at least two. */
export function signersNeeded(s: SessionState): number {
  return Math.max(2, s.params.minSigners);
}

export function startTestSign(ctx: Ctx, text: string, signers?: readonly number[]): void {
  const s = ctx.state.session;
  if (!s || s.outcome !== 'success' || !s.result)
    throw new ProtocolError('wrong-phase', 'test signing needs a successful ceremony', [], 'test-sign');
  if (s.testSignClosed)
    throw new ProtocolError(
      'wrong-phase',
      'you have left this ceremony; it no longer takes part in test signing',
      [],
      'test-sign',
    );
  const problem = testTextProblem(text);
  if (problem) throw new ProtocolError('invalid-params', problem, [], 'test-sign');
  const n = s.roster.length;
  const k = signersNeeded(s);
  const chosen = [
    ...(signers ?? [s.myId, ...s.roster.map((_, i) => i + 1).filter((i) => i !== s.myId)].slice(0, k)),
  ].sort((a, b) => a - b);
  if (
    chosen.length !== k ||
    chosen.some((i, j) => !Number.isInteger(i) || i < 1 || i > n || (j > 0 && i === chosen[j - 1]))
  )
    throw new ProtocolError('invalid-params', `choose ${k} different signers among 1..${n}`, [], 'test-sign');
  const payload: SignRequestPayload = { requestId: toHex(ctx.rng(32)), text, signers: chosen };
  const env = signSession(ctx, 'sign-request', payload);
  // Asking is my approval of my own text (I typed it and pressed the button).
  adopt(ctx, s, env, payload, s.myId, chosen.includes(s.myId) ? 'approved' : 'none');
  broadcast(ctx, env);
}

function adopt(
  ctx: Ctx,
  s: SessionState,
  env: Envelope,
  p: SignRequestPayload,
  requester: number,
  approval: TestSignApproval,
): void {
  // A newer request replaces the current one; unused nonces of the old one are dropped, never reused.
  s.testSign = {
    requestId: p.requestId,
    requester,
    text: p.text,
    signers: [...p.signers],
    request: envelopeText(env),
    approval,
    commits: {},
    shares: {},
    declines: {},
    evidence: null,
    nonces: null,
    nonceUsed: false,
    status: 'collecting',
    signatureHex: null,
    error: null,
    culprits: [],
  };
  const seen = (s.testSignSeen ??= []);
  seen.push(p.requestId);
  if (seen.length > MAX_SIGN_SEEN) seen.shift();
  ctx.dirty = true;
  const early = (s.signPending ?? []).filter((t) => requestIdOf(t) === p.requestId);
  s.signPending = (s.signPending ?? []).filter((t) => requestIdOf(t) !== p.requestId);
  for (const t of early) {
    const e = readTrusted(t);
    const type = e.type as 'sign-commit' | 'sign-share' | 'sign-decline';
    const parsed = parsePayload(type, e.payload);
    const id = s.roster.findIndex((r) => r.identity === e.from) + 1;
    if (parsed.ok && id > 0)
      onAnswer(ctx, s, { envelope: e, payload: parsed.value, senderId: id } as SessionMessage<Answer>, t);
  }
}

/**
 * My answer to the current request, shown to me with its text and requester. Bound to the
 * request id, so an answer can never apply to a request that replaced the one on my screen.
 */
export function approveTestSign(ctx: Ctx, requestId: string, approve: boolean): void {
  const s = ctx.state.session;
  const t = s?.testSign;
  if (!s || s.outcome !== 'success' || !t || t.requestId !== requestId)
    throw new ProtocolError('wrong-phase', 'that test-signing request is no longer the current one', [], 'test-sign');
  if (s.testSignClosed)
    throw new ProtocolError(
      'wrong-phase',
      'you have left this ceremony; it no longer takes part in test signing',
      [],
      'test-sign',
    );
  if (t.status !== 'collecting' || t.approval !== 'pending')
    throw new ProtocolError('wrong-phase', 'that test-signing request is not waiting for your answer', [], 'test-sign');
  t.approval = approve ? 'approved' : 'declined';
  ctx.dirty = true;
  if (approve) return;
  // Tell everyone at once (signed, bound to this request id): the requester and the other signers
  // stop waiting now instead of at the end of their window. Kept, so a resend repeats it.
  const payload: SignDeclinePayload = { requestId: t.requestId };
  const env = signSession(ctx, 'sign-decline', payload);
  t.declines[String(s.myId)] = envelopeText(env);
  finish(ctx, s, t, null, 'you declined to sign the test text', []);
  broadcast(ctx, env);
}

/**
 * I left or finished ('left'), or this state was just loaded from storage ('resumed'): the
 * current test signing, if unfinished, ends here with its unused nonces dropped, and its request
 * stays among the seen ones, so neither it nor its replay is ever answered. After 'left' no new
 * request is adopted either.
 */
export function endTestSigning(ctx: Ctx, why: 'left' | 'resumed'): void {
  const s = ctx.state.session;
  if (!s) return;
  const t = s.testSign;
  if (t && t.status === 'collecting')
    finish(
      ctx,
      s,
      t,
      null,
      why === 'left'
        ? 'you left this ceremony before the test signing finished'
        : 'this device was reloaded before the test signing finished; ask again',
      [],
    );
  if (why === 'left' && !s.testSignClosed) {
    s.testSignClosed = true;
    ctx.dirty = true;
  }
  if ((s.signPending ?? []).length > 0) {
    s.signPending = [];
    ctx.dirty = true;
  }
}

function requestIdOf(text: string): string {
  return (JSON.parse(readTrusted(text).payload) as { requestId: string }).requestId;
}

/** A chosen signer's answer to a request: yes (commitment, then share) or no (decline). */
type Answer = 'sign-commit' | 'sign-share' | 'sign-decline';

/** A sign-request / sign-commit / sign-share / sign-decline of this session (already checked for session and schema). */
export function onTestSignMessage(
  ctx: Ctx,
  s: SessionState,
  m: SessionMessage<'sign-request' | Answer>,
  text: string,
): void {
  const who = culpritsOf(s, [m.envelope.from]);
  if (m.envelope.type === 'sign-request') {
    const p = m.payload as SignRequestPayload;
    if (p.signers.length !== signersNeeded(s) || p.signers.some((i) => i > s.roster.length))
      return reject(
        ctx,
        new ProtocolError(
          'malformed',
          `a test-signing request must name ${signersNeeded(s)} signers among 1..${s.roster.length}`,
          who,
          'test-sign',
        ),
      );
    const cur = s.testSign;
    if (cur && cur.requestId === p.requestId) {
      if (readTrusted(cur.request).hash !== m.envelope.hash)
        reject(
          ctx,
          new ProtocolError(
            'duplicate-different',
            'a second, different test-signing request with the same id',
            who,
            'test-sign',
          ),
        );
      return;
    }
    // Left or finished: nothing more is answered, whoever asks.
    if (s.testSignClosed) return;
    // Seen before (and replaced or ended since): a replay is never a new request.
    if ((s.testSignSeen ?? []).includes(p.requestId)) return;
    return adopt(ctx, s, m.envelope, p, m.senderId, p.signers.includes(s.myId) ? 'pending' : 'none');
  }
  const t = s.testSign;
  const rid = (m.payload as { requestId: string }).requestId;
  if (!t || t.requestId !== rid) {
    // A decline for a request that is over (replaced, or ended before a reload) ends nothing:
    // refused, naming who sent it, so a replayed "no" can never end a newer request.
    if (m.envelope.type === 'sign-decline' && (s.testSignSeen ?? []).includes(rid))
      return reject(
        ctx,
        new ProtocolError(
          'wrong-phase',
          'a decline for a test-signing request that is over (not the current one)',
          who,
          'test-sign',
        ),
      );
    // Answers to a request that is over (or never to be adopted) are of no use.
    if (s.testSignClosed || (s.testSignSeen ?? []).includes(rid)) return;
    // Possibly ahead of its request (delivery order is arbitrary): keep a bounded few.
    const pending = (s.signPending ??= []);
    if (!pending.includes(text)) {
      pending.push(text);
      if (pending.length > MAX_SIGN_PENDING) pending.shift();
      ctx.dirty = true;
    }
    return;
  }
  onAnswer(ctx, s, m as SessionMessage<Answer>, text);
}

function onAnswer(ctx: Ctx, s: SessionState, m: SessionMessage<Answer>, text: string): void {
  const t = s.testSign as TestSignState;
  const who = culpritsOf(s, [m.envelope.from]);
  if (!t.signers.includes(m.senderId))
    return reject(
      ctx,
      new ProtocolError('malformed', `${m.envelope.type} from someone not chosen to sign`, who, 'test-sign'),
    );
  if (m.envelope.type === 'sign-decline') return onDecline(ctx, s, t, m.senderId, text, m.envelope);
  const declined = t.declines[String(m.senderId)];
  if (declined !== undefined) return contradiction(ctx, s, t, m.senderId, declined, text);
  if (m.envelope.type === 'sign-commit') {
    // Checked here, so a bad point cannot make every later step of an honest signer fail.
    const suite = getSuite(s.params.suite);
    const p = m.payload as SignCommitPayload;
    const fault = [p.hiding, p.binding].map((h) => decodePoint(suite, fromHex(h))).find((r) => typeof r === 'string');
    if (typeof fault === 'string')
      return reject(
        ctx,
        new ProtocolError('malformed', `sign-commit with an unusable nonce commitment (${fault})`, who, 'test-sign'),
      );
  }
  const store = m.envelope.type === 'sign-commit' ? t.commits : t.shares;
  const key = String(m.senderId);
  const prev = store[key];
  if (prev === undefined) {
    store[key] = text;
    ctx.dirty = true;
  } else if (prev !== text && readTrusted(prev).hash !== m.envelope.hash) {
    reject(
      ctx,
      new ProtocolError(
        'duplicate-different',
        `a second, different ${m.envelope.type} (first one kept)`,
        who,
        'test-sign',
      ),
    );
  }
}

/**
 * A chosen signer said no: the request ends here for me at once, naming who declined. Declining
 * is a custodian's right, not a fault (nobody is blamed); but a "no" from a signer whose "yes"
 * (commitment or share) I hold for the same request is equivocation.
 */
function onDecline(ctx: Ctx, s: SessionState, t: TestSignState, id: number, text: string, env: Envelope): void {
  const key = String(id);
  const prev = t.declines[key];
  if (prev !== undefined) {
    // The same decline again (a resend, another path) changes nothing; its only field is the id.
    if (prev !== text && readTrusted(prev).hash !== env.hash)
      reject(
        ctx,
        new ProtocolError(
          'duplicate-different',
          'a second, different sign-decline (first one kept)',
          culpritsOf(s, [env.from]),
          'test-sign',
        ),
      );
    return;
  }
  const yes = t.shares[key] ?? t.commits[key];
  // My own yes cannot meet my own no (approval is given once), so this is always someone else.
  if (yes !== undefined) return contradiction(ctx, s, t, id, yes, text);
  t.declines[key] = text;
  ctx.dirty = true;
  if (t.status === 'collecting') finish(ctx, s, t, null, `${nameOf(s, id)} declined to sign the test text`, [], id);
}

/**
 * One signer, one request, both "yes" (a signed commitment or share) and "no" (a signed decline):
 * equivocation, as for any two contradicting signed messages from one sender (context.ts
 * equivocation: the pair kept in `conflicts` as evidence, refused with code 'equivocation' naming
 * the signer). The test signing ends with that signer named; the ceremony's result stands (the
 * session has succeeded, so nothing is re-run), and the pair is kept in the test signing as well.
 */
function contradiction(ctx: Ctx, s: SessionState, t: TestSignState, id: number, first: string, second: string): void {
  const who = culpritsOf(s, [s.roster[id - 1]?.identity ?? '']);
  s.conflicts[`test-sign:${t.requestId}:${id}`] ??= [first, second];
  t.evidence ??= [first, second];
  ctx.dirty = true;
  reject(
    ctx,
    new ProtocolError(
      'equivocation',
      `${nameOf(s, id)} both declined and answered the same test-signing request (two contradicting signed messages)`,
      who,
      'test-sign',
    ),
  );
  // A signature already made stays shown (it is valid whatever came after); otherwise the
  // signing ends, or its end is rewritten, naming the equivocator instead of "X declined".
  if (t.status !== 'ok' && !t.culprits.includes(id))
    finish(
      ctx,
      s,
      t,
      null,
      `${nameOf(s, id)} both declined and agreed to sign the test text (two contradicting signed messages)`,
      [...t.culprits, id],
      null,
      true,
    );
}

function nameOf(s: SessionState, id: number): string {
  return s.roster[id - 1]?.name ?? `participant #${id}`;
}

function commitmentOf(t: TestSignState, id: number): SigningCommitment {
  const p = JSON.parse(readTrusted(t.commits[String(id)] as string).payload) as SignCommitPayload;
  return { identifier: id, hiding: fromHex(p.hiding), binding: fromHex(p.binding) };
}

/** Make progress on the current test signing; idempotent. */
export function advanceTestSign(ctx: Ctx): void {
  const st = ctx.state;
  const s = st.session;
  const t = s?.testSign;
  if (!s || !t || t.status !== 'collecting' || s.outcome !== 'success' || st.aborted) return;
  const kp = keyPackageOf(st);
  const pkp = publicKeyPackageOf(st);
  if (!kp || !pkp) return;
  const mine = t.signers.includes(s.myId);
  // No approval, no commitment: my nonces are made only after my own 'approveTestSign' (or my own request).
  if (
    mine &&
    t.approval === 'approved' &&
    !s.testSignClosed &&
    !t.nonceUsed &&
    t.nonces === null &&
    t.commits[String(s.myId)] === undefined
  ) {
    let r: ReturnType<typeof signingCommit>;
    try {
      r = signingCommit(kp, ctx.rng);
    } catch (e) {
      return finish(ctx, s, t, null, (e as Error).message, []);
    }
    // SECRET, in the state before the commitment leaves (step persists first).
    t.nonces = { hiding: toHex(r.nonces.hiding), binding: toHex(r.nonces.binding) };
    const payload: SignCommitPayload = {
      requestId: t.requestId,
      hiding: toHex(r.commitment.hiding),
      binding: toHex(r.commitment.binding),
    };
    const env = signSession(ctx, 'sign-commit', payload);
    t.commits[String(s.myId)] = envelopeText(env);
    ctx.dirty = true;
    broadcast(ctx, env);
  }
  if (!t.signers.every((i) => t.commits[String(i)] !== undefined)) return;
  const list = t.signers.map((i) => commitmentOf(t, i));
  // The only bytes ever signed here (the text was checked when the request was adopted).
  let message: Uint8Array;
  try {
    message = testSignMessage(s.id, t.text);
  } catch (e) {
    return finish(ctx, s, t, null, (e as Error).message, []);
  }
  if (mine && t.approval === 'approved' && t.nonces && t.shares[String(s.myId)] === undefined) {
    const nonces = { hiding: fromHex(t.nonces.hiding), binding: fromHex(t.nonces.binding) };
    // Used once: gone from the state that is saved before the share is sent.
    t.nonces = null;
    t.nonceUsed = true;
    let share: Uint8Array;
    try {
      share = signingShare(kp, pkp, nonces, list, message);
    } catch (e) {
      // Never retried: the nonces are gone either way.
      return finish(ctx, s, t, null, (e as Error).message, []);
    }
    const payload: SignSharePayload = { requestId: t.requestId, share: toHex(share) };
    const env = signSession(ctx, 'sign-share', payload);
    t.shares[String(s.myId)] = envelopeText(env);
    ctx.dirty = true;
    broadcast(ctx, env);
  }
  const shareOf = (i: number): Uint8Array =>
    fromHex((JSON.parse(readTrusted(t.shares[String(i)] as string).payload) as SignSharePayload).share);
  const held = t.signers.filter((i) => t.shares[String(i)] !== undefined);
  const bad = held.filter((i) => !verifySigningShare(pkp, list, message, i, shareOf(i)));
  if (bad.length > 0) return finish(ctx, s, t, null, `bad signature share from ${namesOf(s, bad)}`, bad);
  if (held.length < t.signers.length) return;
  try {
    const sig = aggregateSigningShares(pkp, list, message, new Map(held.map((i) => [i, shareOf(i)])));
    finish(ctx, s, t, toHex(sig), null, []);
  } catch (e) {
    if (!(e instanceof SigningError)) throw e;
    finish(ctx, s, t, null, e.culprits.length ? `bad signature share from ${namesOf(s, [...e.culprits])}` : e.message, [
      ...e.culprits,
    ]);
  }
}

function namesOf(s: SessionState, ids: number[]): string {
  return culpritsOf(
    s,
    ids.map((i) => s.roster[i - 1]?.identity ?? ''),
  )
    .map((c) => `${c.name ?? '?'} (#${c.id ?? '?'})`)
    .join(', ');
}

function finish(
  ctx: Ctx,
  s: SessionState,
  t: TestSignState,
  signatureHex: string | null,
  error: string | null,
  culprits: number[],
  declinedBy: number | null = null,
  again = false,
): void {
  // Only a later proof of equivocation may rewrite an ended signing (to name its culprit).
  if (t.status !== 'collecting' && !again) return;
  t.status = signatureHex ? 'ok' : 'failed';
  t.declinedBy = declinedBy;
  t.signatureHex = signatureHex;
  t.error = error;
  t.culprits = culprits;
  // A failed signing leaves nonces behind only if my share was never made: drop them.
  if (t.nonces) {
    t.nonces = null;
    t.nonceUsed = true;
  }
  ctx.dirty = true;
  ctx.effects.push({
    type: 'notice',
    notice: signatureHex
      ? { kind: 'info', message: `test signature by ${namesOf(s, t.signers)} verifies under the group key` }
      : { kind: 'info', message: `test signing failed: ${error ?? ''}` },
  });
}
