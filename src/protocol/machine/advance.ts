/**
 * Progress of a session: whatever the messages held allow, in protocol order.
 * Start → Round1Broadcast (after persisting the secret) → EchoDigest → Round2Share (sealed) →
 * per-share checks / Complaint / Justification / verdict → Confirmation → ConfirmEcho → success.
 * Called after every event; idempotent.
 */
import { judgeEvidence, round1FromPayload } from '../blame.js';
import {
  checkRound1Packages,
  dkgRound1,
  dkgRound2Shares,
  dkgRound3,
  tamperProof,
  tamperShare,
  verifyShare,
  type Round1Package,
  type Round1Secret,
} from '../dkg/index.js';
import { envelopeText, readTrusted } from '../envelope.js';
import { fromHex, toHex } from '../encoding.js';
import { openShare, round2Aad, sealShare } from '../hpke.js';
import { parsePayload, type ConfirmationPayload, type ConfirmEchoPayload, type EchoPayload, type Evidence, type PayloadOf, type Round1Payload } from '../messages.js';
import { createFailureRecord } from '../failure.js';
import type { SessionContext } from '../sessionContext.js';
import { getSuite } from '../suites.js';
import { publicKeyPackageHash, transcriptHash } from '../transcript.js';
import {
  broadcast,
  culpritsOf,
  failSession,
  historyRecordOf,
  identityOf,
  MAX_FAILURE_RECORD_BYTES,
  recordHistory,
  sendTo,
  sessionContextOf,
  signSession,
  type Ctx,
} from './context.js';
import { faultsEnabled } from './faults.js';
import type { SessionState } from './types.js';

const ids = (s: SessionState): number[] => s.roster.map((_, i) => i + 1);
const has = (store: Record<string, string>, n: number): boolean => Object.keys(store).length >= n;
/** Payload of a stored envelope (validated when it was received), memoised in the cache. */
function payloadOf<K extends 'round1' | 'echo' | 'round2' | 'confirmation'>(ctx: Ctx, type: K, text: string): PayloadOf[K] {
  return ctx.cache.memo(`payload:${type}`, text, () => {
    const p = parsePayload(type, readTrusted(text).payload);
    if (!p.ok) throw new Error(`stored ${type} no longer parses`);
    return p.value;
  });
}

/** Content hash of a stored envelope, memoised. */
function hashOf(ctx: Ctx, text: string): string {
  return ctx.cache.memo('hash', text, () => readTrusted(text).hash);
}

function fault(ctx: Ctx): { kind: string; target?: number } | null {
  return faultsEnabled() || ctx.state.simulated === true ? ctx.state.fault : null;
}

export async function advance(ctx: Ctx): Promise<void> {
  for (let guard = 0; guard < 16; guard++) {
    const s = ctx.state.session;
    if (!s || s.outcome || ctx.state.aborted) return;
    if (!(await stepOnce(ctx, s))) return;
  }
}

/** One transition; true if something changed. */
async function stepOnce(ctx: Ctx, s: SessionState): Promise<boolean> {
  const n = s.roster.length;
  const silent = fault(ctx)?.kind === 'silent';
  if (!has(s.starts, n)) return false;
  if (s.secret === null) {
    if (silent) return false;
    sendRound1(ctx, s);
    return true;
  }
  if (Object.keys(s.conflicts).length > 0) return false;
  if (!has(s.round1, n)) return false;
  const myEcho = s.echoes[String(s.myId)];
  if (!myEcho) {
    if (silent) return false;
    return sendEchoOrBlame(ctx, s);
  }
  if (!has(s.echoes, n)) return false;
  const mine = payloadOf(ctx, 'echo', myEcho).round1;
  const disagreeing = ids(s).filter((i) => payloadOf(ctx, 'echo', s.echoes[String(i)] as string).round1.join() !== mine.join());
  if (disagreeing.length > 0) {
    if (s.echoRelayed) return false;
    relayEchoEvidence(ctx, s, disagreeing);
    return true;
  }
  if (Object.keys(s.round2Out).length === 0 && !silent) {
    await sendRound2(ctx, s);
    return true;
  }
  if (await checkNewShares(ctx, s)) return true;
  if (!silent && justifyComplaints(ctx, s)) return true;
  if (await judgeComplaints(ctx, s)) return true;
  if (s.result === null) return finishRound3(ctx, s);
  return confirmStep(ctx, s);
}

function sendRound1(ctx: Ctx, s: SessionState): void {
  const suite = getSuite(s.params.suite);
  const n = s.roster.length;
  const r1 = dkgRound1(suite, s.myId, s.params.minSigners, n, ctx.rng);
  let pkg: Round1Package = r1.package;
  const f = fault(ctx);
  if (f?.kind === 'bad-proof') pkg = tamperProof(suite, pkg);
  // The secret is in the state now; step() puts a persist effect before any send.
  s.secret = r1.secret.coefficients.map(toHex);
  const env = signSession(ctx, 'round1', round1Payload(pkg));
  s.round1[String(s.myId)] = envelopeText(env);
  s.sent.push(envelopeText(env));
  ctx.dirty = true;
  if (f?.kind === 'equivocate') {
    // Test fault: a second, different package to every other peer with an even position.
    const other = dkgRound1(suite, s.myId, s.params.minSigners, n, ctx.rng).package;
    const env2 = signSession(ctx, 'round1', round1Payload(other));
    ids(s)
      .filter((i) => i !== s.myId)
      .forEach((i, k) => sendTo(ctx, (s.roster[i - 1] as { identity: string }).identity, k % 2 === 0 ? env : env2));
    return;
  }
  broadcast(ctx, env);
}

function round1Payload(p: Round1Package): Round1Payload {
  return { commitment: p.commitment.map(toHex), proofOfKnowledge: toHex(p.proofOfKnowledge) };
}

function round1Map(ctx: Ctx, s: SessionState): Map<number, Round1Package> {
  return new Map(ids(s).map((i) => [i, round1FromPayload(payloadOf(ctx, 'round1', s.round1[String(i)] as string))]));
}

function sendEchoOrBlame(ctx: Ctx, s: SessionState): boolean {
  const suite = getSuite(s.params.suite);
  const check = checkRound1Packages(suite, round1Map(ctx, s), s.params.minSigners, ctx.cache.points(suite.name));
  if (!check.ok) {
    const culprits = check.culprits.map((c) => (s.roster[c.identifier - 1] as { identity: string }).identity);
    const names = culpritsOf(s, culprits).map((c) => `${c.name} (#${c.id})`).join(', ');
    failSession(
      ctx,
      'invalid-round1',
      culprits,
      check.culprits.map((c) => ({ kind: 'invalid-round1' as const, round1: s.round1[String(c.identifier)] as string })),
      `invalid round-1 package from ${names}: ${check.culprits.map((c) => c.fault).join(', ')}`,
    );
    return true;
  }
  const payload: EchoPayload = { round1: ids(s).map((i) => hashOf(ctx, s.round1[String(i)] as string)) };
  const env = signSession(ctx, 'echo', payload);
  s.echoes[String(s.myId)] = envelopeText(env);
  s.sent.push(envelopeText(env));
  broadcast(ctx, env);
  ctx.dirty = true;
  return true;
}

/**
 * Someone holds a different round-1 set (or signed different echoes). Re-broadcast the
 * round-1 envelopes in question and all echoes I hold: whoever signed two versions of one
 * message is then caught with both by everyone.
 */
function relayEchoEvidence(ctx: Ctx, s: SessionState, disagreeing: number[]): void {
  s.echoRelayed = true;
  ctx.dirty = true;
  const mine = payloadOf(ctx, 'echo', s.echoes[String(s.myId)] as string).round1;
  const suspects = new Set<number>();
  for (const d of disagreeing) {
    const theirs = payloadOf(ctx, 'echo', s.echoes[String(d)] as string).round1;
    mine.forEach((h, k) => {
      if (theirs[k] !== h) suspects.add(k + 1);
    });
  }
  const enc = new TextEncoder();
  for (const i of suspects) ctx.effects.push({ type: 'broadcast', bytes: enc.encode(s.round1[String(i)] as string) });
  for (const text of Object.values(s.echoes)) ctx.effects.push({ type: 'broadcast', bytes: enc.encode(text) });
  ctx.effects.push({
    type: 'notice',
    notice: {
      kind: 'info',
      message: `round-1 sets differ (${culpritsOf(s, disagreeing.map((d) => s.roster[d - 1]?.identity ?? '')).map((c) => c.name).join(', ')} hold another set); waiting for the conflicting messages`,
    },
  });
}

function secretOf(s: SessionState): Round1Secret {
  return {
    suite: s.params.suite,
    identifier: s.myId,
    minSigners: s.params.minSigners,
    maxSigners: s.roster.length,
    coefficients: (s.secret as string[]).map((c) => fromHex(c)),
  };
}

async function sendRound2(ctx: Ctx, s: SessionState): Promise<void> {
  const suite = getSuite(s.params.suite);
  const others = ids(s).filter((i) => i !== s.myId);
  const shares = dkgRound2Shares(suite, secretOf(s), others);
  const f = fault(ctx);
  const sid = fromHex(s.id);
  for (const j of others) {
    let share = shares.get(j) as Uint8Array;
    if (f?.kind === 'bad-share' && (f.target === undefined || f.target === j)) share = tamperShare(suite, share);
    const ekm = ctx.rng(32);
    const recipient = s.roster[j - 1] as { identity: string; ephemeral: string };
    const sealed = await sealShare(fromHex(recipient.ephemeral), share, round2Aad(sid, s.myId, j), ekm);
    const env = signSession(ctx, 'round2', { recipient: j, enc: toHex(sealed.enc), ciphertext: toHex(sealed.ciphertext) });
    s.round2Out[String(j)] = { share: toHex(share), ekm: toHex(ekm), envelope: envelopeText(env) };
    s.sent.push(envelopeText(env));
    sendTo(ctx, recipient.identity, env);
  }
  ctx.dirty = true;
}

/** Decrypt and check each newly received share against its sender's commitment. */
async function checkNewShares(ctx: Ctx, s: SessionState): Promise<boolean> {
  const suite = getSuite(s.params.suite);
  let changed = false;
  for (const [id, text] of Object.entries(s.round2In)) {
    if (s.round2Status[id]) continue;
    const j = Number(id);
    const p = payloadOf(ctx, 'round2', text);
    const share = await openShare(
      fromHex(ctx.state.ephemeral.secretKey),
      { enc: fromHex(p.enc), ciphertext: fromHex(p.ciphertext) },
      round2Aad(fromHex(s.id), j, s.myId),
    );
    const commitment = round1FromPayload(payloadOf(ctx, 'round1', s.round1[id] as string)).commitment;
    const ok = share !== null && verifyShare(suite, commitment, s.myId, share, ctx.cache.points(suite.name));
    s.round2Status[id] = ok ? 'ok' : 'bad';
    if (ok && share) s.round2Shares[id] = toHex(share);
    changed = true;
    if (!ok) complain(ctx, s, j, text);
  }
  const f = fault(ctx);
  if (f?.kind === 'false-complaint') {
    const target = f.target ?? ids(s).find((i) => i !== s.myId) ?? 0;
    const text = s.round2In[String(target)];
    if (text && !s.complaints[`${s.myId}>${target}`]) {
      complain(ctx, s, target, text);
      changed = true;
    }
  }
  if (changed) ctx.dirty = true;
  return changed;
}

function complain(ctx: Ctx, s: SessionState, accused: number, round2Text: string): void {
  const env = signSession(ctx, 'complaint', { accused, round2: round2Text });
  s.complaints[`${s.myId}>${accused}`] = envelopeText(env);
  s.sent.push(envelopeText(env));
  broadcast(ctx, env);
  const c = culpritsOf(s, [s.roster[accused - 1]?.identity ?? ''])[0];
  ctx.effects.push({ type: 'notice', notice: { kind: 'info', message: `the share from ${c?.name ?? '?'} (#${accused}) is bad; complaint sent` } });
}

/** Answer complaints against me by revealing the share (and its encryption randomness). */
function justifyComplaints(ctx: Ctx, s: SessionState): boolean {
  let changed = false;
  for (const key of Object.keys(s.complaints)) {
    const [accuser, accused] = key.split('>').map(Number) as [number, number];
    if (accused !== s.myId || s.justifications[key]) continue;
    const out = s.round2Out[String(accuser)];
    if (!out) continue;
    const env = signSession(ctx, 'justification', { accuser, share: out.share, ekm: out.ekm });
    s.justifications[key] = envelopeText(env);
    s.sent.push(envelopeText(env));
    broadcast(ctx, env);
    changed = true;
  }
  if (changed) ctx.dirty = true;
  return changed;
}

/** Every complaint that has its justification gets a verdict; the session then fails. */
async function judgeComplaints(ctx: Ctx, s: SessionState): Promise<boolean> {
  const sc = sessionContextOf(ctx.state, s, ctx.cache);
  const culprits: string[] = [];
  const evidence = [];
  const reasons = new Set<string>();
  for (const [key, complaint] of Object.entries(s.complaints)) {
    const justification = s.justifications[key];
    if (!justification) continue;
    const accused = key.split('>')[1] as string;
    const ev = { kind: 'complaint' as const, round1: s.round1[accused] as string, complaint, justification };
    const v = await judgeEvidence(ctx.crypto, sc, ev);
    if (!v.ok) continue; // cannot happen for stored, validated messages; never blame on it
    culprits.push(v.culprit);
    evidence.push(ev);
    reasons.add(v.reason);
  }
  if (culprits.length === 0) return false;
  const reason = reasons.has('bad-share') ? 'bad-share' : 'false-complaint';
  const names = culpritsOf(s, [...new Set(culprits)]).map((c) => `${c.name} (#${c.id})`).join(', ');
  failSession(
    ctx,
    reason,
    culprits,
    evidence,
    reason === 'bad-share' ? `${names} sent a bad share (the revealed share does not match their commitment)` : `${names} complained about a good share`,
  );
  return true;
}

function finishRound3(ctx: Ctx, s: SessionState): boolean {
  const n = s.roster.length;
  if (Object.keys(s.round2Status).length < n - 1) return false;
  if (Object.values(s.round2Status).includes('bad')) return false; // waiting for justification(s)
  if (Object.keys(s.complaints).some((k) => k.startsWith(`${s.myId}>`))) return false; // I complained
  const suite = getSuite(s.params.suite);
  const shares = new Map(Object.entries(s.round2Shares).map(([k, v]) => [Number(k), fromHex(v)]));
  const r = dkgRound3(suite, secretOf(s), round1Map(ctx, s), shares, ctx.cache.points(suite.name));
  if (!r.ok) {
    // Unreachable: every share was verified one by one above.
    failSession(ctx, 'dkg-failed', [], [], `round 3 failed for shares from ${r.badShares.join(', ')}`);
    return true;
  }
  const pkpHash = publicKeyPackageHash(r.publicKeyPackage);
  const sc = sessionContextOf(ctx.state, s, ctx.cache);
  const hashes = (store: Record<string, string>): string[] => ids(s).map((i) => hashOf(ctx, store[String(i)] as string));
  const tHash = transcriptHash(s.id, sc.rosterHash, hashes(s.starts), hashes(s.round1), hashes(s.echoes));
  s.result = {
    signingShare: toHex(r.keyPackage.signingShare),
    verifyingShare: toHex(r.keyPackage.verifyingShare),
    verifyingKey: toHex(r.keyPackage.verifyingKey),
    verifyingShares: r.publicKeyPackage.verifyingShares.map((v) => ({ identifier: v.identifier, verifyingShare: toHex(v.verifyingShare) })),
    publicKeyPackageHash: pkpHash,
    transcriptHash: tHash,
  };
  const payload: ConfirmationPayload = { groupKey: s.result.verifyingKey, publicKeyPackage: pkpHash, transcript: tHash };
  const env = signSession(ctx, 'confirmation', payload);
  s.confirmations[String(s.myId)] = envelopeText(env);
  s.sent.push(envelopeText(env));
  broadcast(ctx, env);
  ctx.dirty = true;
  return true;
}

/**
 * After my confirmation: judge each confirmation as it arrives, then echo the n confirmations,
 * then succeed once all n confirm-echoes agree with mine.
 *
 * Why a confirmation of another key or PublicKeyPackage is proof against its signer, and never
 * blames an honest participant: the echoes have agreed, so the signer's own signed echo lists
 * exactly my round-1 set. An honest participant computes its key from the set it echoed (it keeps
 * the first round-1 envelope of each sender and fails on any second one), and that set alone
 * determines the group key and the PublicKeyPackage (publicKeyPackageFromCommitments). Only the
 * transcript hash can differ between honest participants: it also covers the roster, Start and
 * echo envelopes as each received them, and a coordinator can sign two rosters for one session
 * (names are not in the session id), and a peer can sign two spellings of one Start or echo
 * payload. So a transcript-only difference fails the session without blame.
 *
 * Why the confirm-echo round: without it, a signer who sends a true confirmation to Alice and a
 * false one to Bob makes Alice succeed (her n agree) while Bob fails. Alice now needs Bob's
 * confirm-echo, which Bob sends only if all his confirmations agree; he sends his failure record
 * instead, which Alice verifies and adopts.
 */
async function confirmStep(ctx: Ctx, s: SessionState): Promise<boolean> {
  const mine = payloadOf(ctx, 'confirmation', s.confirmations[String(s.myId)] as string);
  const held = ids(s).filter((i) => s.confirmations[String(i)] !== undefined);
  const confirmation = (i: number): ConfirmationPayload => payloadOf(ctx, 'confirmation', s.confirmations[String(i)] as string);
  const lying = held.filter((i) => confirmation(i).groupKey !== mine.groupKey || confirmation(i).publicKeyPackage !== mine.publicKeyPackage);
  if (lying.length > 0) {
    await blameFalseConfirmations(ctx, s, lying);
    return true;
  }
  const otherTranscript = held.filter((i) => confirmation(i).transcript !== mine.transcript);
  if (otherTranscript.length > 0) {
    // Relayed first: if the signer equivocated, whoever holds its other confirmation catches it.
    relay(ctx, otherTranscript.map((i) => s.confirmations[String(i)] as string));
    const names = culpritsOf(s, otherTranscript.map((i) => s.roster[i - 1]?.identity ?? '')).map((c) => c.name).join(', ');
    failSession(ctx, 'confirmation-mismatch', [], [], `confirmations disagree on the transcript (${names} received other roster, start or echo messages); no one can be blamed from them`);
    return true;
  }
  const n = s.roster.length;
  if (held.length < n) return false;
  const acks = (s.confirmEchoes ??= {});
  const myAck = acks[String(s.myId)];
  if (!myAck) {
    const payload: ConfirmEchoPayload = { confirmations: ids(s).map((i) => hashOf(ctx, s.confirmations[String(i)] as string)) };
    const env = signSession(ctx, 'confirm-echo', payload);
    acks[String(s.myId)] = envelopeText(env);
    s.sent.push(envelopeText(env));
    broadcast(ctx, env);
    ctx.dirty = true;
    return true;
  }
  if (!has(acks, n)) return false;
  const list = (text: string): string[] => parsedConfirmEcho(ctx, text).confirmations;
  const myList = list(myAck);
  const disagreeing = ids(s).filter((i) => list(acks[String(i)] as string).join() !== myList.join());
  if (disagreeing.length > 0) {
    if (s.confirmRelayed === true) return false;
    relayConfirmEvidence(ctx, s, disagreeing);
    return true;
  }
  s.outcome = 'success';
  ctx.dirty = true;
  recordHistory(ctx.state, historyRecordOf(s));
  ctx.effects.push({ type: 'notice', notice: { kind: 'success', message: `all ${n} confirmed group key ${mine.groupKey}`, phase: 'success' } });
  return true;
}

function parsedConfirmEcho(ctx: Ctx, text: string): ConfirmEchoPayload {
  return ctx.cache.memo('payload:confirm-echo', text, () => {
    const p = parsePayload('confirm-echo', readTrusted(text).payload);
    if (!p.ok) throw new Error('stored confirm-echo no longer parses');
    return p.value;
  });
}

/** Re-broadcast envelopes I hold (evidence for others); callers bound how often. */
function relay(ctx: Ctx, texts: readonly string[]): void {
  const enc = new TextEncoder();
  for (const t of texts) ctx.effects.push({ type: 'broadcast', bytes: enc.encode(t) });
  ctx.dirty = true;
}

/**
 * Fail naming the signers of confirmations that contradict their own echoes, each with its
 * signed confirmation, its echo and the n round-1 envelopes as evidence. Each piece is checked
 * with the same judge a third party uses before anyone is named; if the evidence cannot be
 * checked or would not fit in a failure record, the failure is reported without blame.
 */
async function blameFalseConfirmations(ctx: Ctx, s: SessionState, lying: number[]): Promise<void> {
  const sc = sessionContextOf(ctx.state, s, ctx.cache);
  const round1 = ids(s).map((i) => s.round1[String(i)] as string);
  const culprits: string[] = [];
  const evidence: Evidence[] = [];
  for (const i of lying) {
    const ev: Evidence = { kind: 'false-confirmation', confirmation: s.confirmations[String(i)] as string, echo: s.echoes[String(i)] as string, round1 };
    const v = await judgeEvidence(ctx.crypto, sc, ev);
    if (!v.ok || v.reason !== 'confirmation-mismatch') continue; // never blame on evidence that does not check
    culprits.push(v.culprit);
    evidence.push(ev);
  }
  const names = culpritsOf(s, lying.map((i) => s.roster[i - 1]?.identity ?? '')).map((c) => `${c.name} (#${c.id})`).join(', ');
  const first = evidence[0];
  if (first && fitsInRecord(ctx, sc, first, culprits[0] as string)) {
    failSession(ctx, 'confirmation-mismatch', culprits, evidence, `${names} confirmed another group key than the round-1 set they echoed gives`);
    return;
  }
  const why = first ? 'the evidence is too large for a failure record' : 'the evidence does not check';
  failSession(ctx, 'confirmation-mismatch', [], [], `confirmations disagree (${names} confirmed another group key); ${why}, so nobody is blamed`);
}

function fitsInRecord(ctx: Ctx, sc: SessionContext, ev: Evidence, culprit: string): boolean {
  try {
    return createFailureRecord(ctx.crypto, identityOf(ctx.state), sc, 'confirmation-mismatch', [culprit], [ev]).bytes.length <= MAX_FAILURE_RECORD_BYTES;
  } catch {
    return false;
  }
}

/**
 * Someone echoed other confirmations than I hold. Re-broadcast the confirmations in question
 * and every confirm-echo I hold (once): whoever signed two versions of either is then caught
 * with both by everyone.
 */
function relayConfirmEvidence(ctx: Ctx, s: SessionState, disagreeing: number[]): void {
  s.confirmRelayed = true;
  const acks = s.confirmEchoes ?? {};
  const mine = parsedConfirmEcho(ctx, acks[String(s.myId)] as string).confirmations;
  const suspects = new Set<number>();
  for (const d of disagreeing) {
    parsedConfirmEcho(ctx, acks[String(d)] as string).confirmations.forEach((h, k) => {
      if (mine[k] !== h) suspects.add(k + 1);
    });
  }
  relay(ctx, [...[...suspects].map((i) => s.confirmations[String(i)] as string), ...Object.values(acks)]);
  const names = culpritsOf(s, disagreeing.map((d) => s.roster[d - 1]?.identity ?? '')).map((c) => c.name).join(', ');
  ctx.effects.push({ type: 'notice', notice: { kind: 'info', message: `confirmations differ (${names} hold others); waiting for the conflicting messages` } });
}
