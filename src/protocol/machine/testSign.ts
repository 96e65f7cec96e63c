/**
 * Live test signing after success: anyone asks t signers to sign a short message; each chosen
 * signer answers with nonce commitments (its nonces saved first, single-use), then, once all
 * commitments are in, with its signature share; everyone checks each share and aggregates.
 * Nothing here is part of the transcript or certificate, and nobody is blamed in the ceremony's
 * sense: a bad share is only named in the result.
 */
import { envelopeText, readTrusted, type Envelope } from '../envelope.js';
import { fromHex, toHex, utf8 } from '../encoding.js';
import { ProtocolError } from '../errors.js';
import { MAX_TEST_MESSAGE_BYTES, parsePayload, type SignCommitPayload, type SignRequestPayload, type SignSharePayload } from '../messages.js';
import type { SessionMessage } from '../sessionContext.js';
import { SigningError } from '../signing.js';
import { decodePoint } from '../dkg/group.js';
import { getSuite } from '../suites.js';
import { aggregateSigningShares, signingCommit, signingShare, verifySigningShare, type SigningCommitment } from '../testSigning.js';
import { broadcast, culpritsOf, reject, signSession, type Ctx } from './context.js';
import { keyPackageOf, publicKeyPackageOf } from './outputs.js';
import type { SessionState, TestSignState } from './types.js';

const MAX_SIGN_PENDING = 256;

/** Signers a test signing needs: t, but noble (like frost-rs) signs with at least two. */
export function signersNeeded(s: SessionState): number {
  return Math.max(2, s.params.minSigners);
}

export function startTestSign(ctx: Ctx, message: string, signers?: readonly number[]): void {
  const s = ctx.state.session;
  if (!s || s.outcome !== 'success' || !s.result) throw new ProtocolError('wrong-phase', 'test signing needs a successful ceremony', [], 'test-sign');
  const bytes = utf8(message);
  if (bytes.length > MAX_TEST_MESSAGE_BYTES) throw new ProtocolError('invalid-params', `the message is ${bytes.length} bytes; at most ${MAX_TEST_MESSAGE_BYTES}`, [], 'test-sign');
  const n = s.roster.length;
  const k = signersNeeded(s);
  const chosen = [...(signers ?? [s.myId, ...s.roster.map((_, i) => i + 1).filter((i) => i !== s.myId)].slice(0, k))].sort((a, b) => a - b);
  if (chosen.length !== k || chosen.some((i, j) => !Number.isInteger(i) || i < 1 || i > n || (j > 0 && i === chosen[j - 1])))
    throw new ProtocolError('invalid-params', `choose ${k} different signers among 1..${n}`, [], 'test-sign');
  const payload: SignRequestPayload = { requestId: toHex(ctx.rng(32)), message: toHex(bytes), signers: chosen };
  const env = signSession(ctx, 'sign-request', payload);
  adopt(ctx, s, env, payload, s.myId);
  broadcast(ctx, env);
}

function adopt(ctx: Ctx, s: SessionState, env: Envelope, p: SignRequestPayload, requester: number): void {
  // A newer request replaces the current one; unused nonces of the old one are dropped, never reused.
  s.testSign = {
    requestId: p.requestId,
    requester,
    message: p.message,
    signers: [...p.signers],
    request: envelopeText(env),
    commits: {},
    shares: {},
    nonces: null,
    nonceUsed: false,
    status: 'collecting',
    signatureHex: null,
    error: null,
    culprits: [],
  };
  ctx.dirty = true;
  const early = (s.signPending ?? []).filter((t) => requestIdOf(t) === p.requestId);
  s.signPending = (s.signPending ?? []).filter((t) => requestIdOf(t) !== p.requestId);
  for (const t of early) {
    const e = readTrusted(t);
    const type = e.type as 'sign-commit' | 'sign-share';
    const parsed = parsePayload(type, e.payload);
    const id = s.roster.findIndex((r) => r.identity === e.from) + 1;
    if (parsed.ok && id > 0) onAnswer(ctx, s, { envelope: e, payload: parsed.value, senderId: id } as SessionMessage<'sign-commit' | 'sign-share'>, t);
  }
}

function requestIdOf(text: string): string {
  return (JSON.parse(readTrusted(text).payload) as { requestId: string }).requestId;
}

/** A sign-request / sign-commit / sign-share of this session (already checked for session and schema). */
export function onTestSignMessage(ctx: Ctx, s: SessionState, m: SessionMessage<'sign-request' | 'sign-commit' | 'sign-share'>, text: string): void {
  const who = culpritsOf(s, [m.envelope.from]);
  if (m.envelope.type === 'sign-request') {
    const p = m.payload as SignRequestPayload;
    if (p.signers.length !== signersNeeded(s) || p.signers.some((i) => i > s.roster.length))
      return reject(ctx, new ProtocolError('malformed', `a test-signing request must name ${signersNeeded(s)} signers among 1..${s.roster.length}`, who, 'test-sign'));
    const cur = s.testSign;
    if (cur && cur.requestId === p.requestId) {
      if (readTrusted(cur.request).hash !== m.envelope.hash)
        reject(ctx, new ProtocolError('duplicate-different', 'a second, different test-signing request with the same id', who, 'test-sign'));
      return;
    }
    return adopt(ctx, s, m.envelope, p, m.senderId);
  }
  const t = s.testSign;
  const rid = (m.payload as { requestId: string }).requestId;
  if (!t || t.requestId !== rid) {
    // Possibly ahead of its request (delivery order is arbitrary): keep a bounded few.
    const pending = (s.signPending ??= []);
    if (!pending.includes(text)) {
      pending.push(text);
      if (pending.length > MAX_SIGN_PENDING) pending.shift();
      ctx.dirty = true;
    }
    return;
  }
  onAnswer(ctx, s, m as SessionMessage<'sign-commit' | 'sign-share'>, text);
}

function onAnswer(ctx: Ctx, s: SessionState, m: SessionMessage<'sign-commit' | 'sign-share'>, text: string): void {
  const t = s.testSign as TestSignState;
  const who = culpritsOf(s, [m.envelope.from]);
  if (!t.signers.includes(m.senderId)) return reject(ctx, new ProtocolError('malformed', `${m.envelope.type} from someone not chosen to sign`, who, 'test-sign'));
  if (m.envelope.type === 'sign-commit') {
    // Checked here, so a bad point cannot make every later step of an honest signer fail.
    const suite = getSuite(s.params.suite);
    const p = m.payload as SignCommitPayload;
    const fault = [p.hiding, p.binding].map((h) => decodePoint(suite, fromHex(h))).find((r) => typeof r === 'string');
    if (typeof fault === 'string') return reject(ctx, new ProtocolError('malformed', `sign-commit with an unusable nonce commitment (${fault})`, who, 'test-sign'));
  }
  const store = m.envelope.type === 'sign-commit' ? t.commits : t.shares;
  const key = String(m.senderId);
  const prev = store[key];
  if (prev === undefined) {
    store[key] = text;
    ctx.dirty = true;
  } else if (prev !== text && readTrusted(prev).hash !== m.envelope.hash) {
    reject(ctx, new ProtocolError('duplicate-different', `a second, different ${m.envelope.type} (first one kept)`, who, 'test-sign'));
  }
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
  if (mine && !t.nonceUsed && t.nonces === null && t.commits[String(s.myId)] === undefined) {
    let r: ReturnType<typeof signingCommit>;
    try {
      r = signingCommit(kp, ctx.rng);
    } catch (e) {
      return finish(ctx, s, t, null, (e as Error).message, []);
    }
    // SECRET, in the state before the commitment leaves (step persists first).
    t.nonces = { hiding: toHex(r.nonces.hiding), binding: toHex(r.nonces.binding) };
    const payload: SignCommitPayload = { requestId: t.requestId, hiding: toHex(r.commitment.hiding), binding: toHex(r.commitment.binding) };
    const env = signSession(ctx, 'sign-commit', payload);
    t.commits[String(s.myId)] = envelopeText(env);
    ctx.dirty = true;
    broadcast(ctx, env);
  }
  if (!t.signers.every((i) => t.commits[String(i)] !== undefined)) return;
  const list = t.signers.map((i) => commitmentOf(t, i));
  const message = fromHex(t.message);
  if (mine && t.nonces && t.shares[String(s.myId)] === undefined) {
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
  const shareOf = (i: number): Uint8Array => fromHex((JSON.parse(readTrusted(t.shares[String(i)] as string).payload) as SignSharePayload).share);
  const held = t.signers.filter((i) => t.shares[String(i)] !== undefined);
  const bad = held.filter((i) => !verifySigningShare(pkp, list, message, i, shareOf(i)));
  if (bad.length > 0) return finish(ctx, s, t, null, `bad signature share from ${namesOf(s, bad)}`, bad);
  if (held.length < t.signers.length) return;
  try {
    const sig = aggregateSigningShares(pkp, list, message, new Map(held.map((i) => [i, shareOf(i)])));
    finish(ctx, s, t, toHex(sig), null, []);
  } catch (e) {
    if (!(e instanceof SigningError)) throw e;
    finish(ctx, s, t, null, e.culprits.length ? `bad signature share from ${namesOf(s, [...e.culprits])}` : e.message, [...e.culprits]);
  }
}

function namesOf(s: SessionState, ids: number[]): string {
  return culpritsOf(s, ids.map((i) => s.roster[i - 1]?.identity ?? ''))
    .map((c) => `${c.name ?? '?'} (#${c.id ?? '?'})`)
    .join(', ');
}

function finish(ctx: Ctx, s: SessionState, t: TestSignState, signatureHex: string | null, error: string | null, culprits: number[]): void {
  t.status = signatureHex ? 'ok' : 'failed';
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
    notice: signatureHex ? { kind: 'info', message: `test signature by ${namesOf(s, t.signers)} verifies under the group key` } : { kind: 'info', message: `test signing failed: ${error ?? ''}` },
  });
}

/** The message of the current test signing as text (invalid UTF-8 shown with replacement characters). */
export function testSignMessageText(t: TestSignState): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(fromHex(t.message));
}
