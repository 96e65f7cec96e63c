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
import { envelopeText } from '../envelope.js';
import { fromHex, toHex } from '../encoding.js';
import { isShareCryptoUnavailable, PURE_SHARE_CIPHER, round2Aad, type SealedShare } from '../hpke.js';
import type { ConfirmationPayload, EchoPayload, Round1Payload } from '../messages.js';
import { getSuite } from '../suites.js';
import { publicKeyPackageHash, transcriptHash } from '../transcript.js';
import {
  broadcast,
  culpritsOf,
  failSession,
  sendTo,
  sessionContextOf,
  signSession,
  stopForDeviceFault,
  type Ctx,
} from './context.js';
import { confirmStep } from './confirm.js';
import { faultsEnabled } from './faults.js';
import { has, hashOf, ids, payloadOf } from './stored.js';
import type { SessionState } from './types.js';

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
  const disagreeing = ids(s).filter(
    (i) => payloadOf(ctx, 'echo', s.echoes[String(i)] as string).round1.join() !== mine.join(),
  );
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
    const names = culpritsOf(s, culprits)
      .map((c) => `${c.name} (#${c.id})`)
      .join(', ');
    failSession(
      ctx,
      'invalid-round1',
      culprits,
      check.culprits.map((c) => ({
        kind: 'invalid-round1' as const,
        round1: s.round1[String(c.identifier)] as string,
      })),
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
      message: `round-1 sets differ (${culpritsOf(
        s,
        disagreeing.map((d) => s.roster[d - 1]?.identity ?? ''),
      )
        .map((c) => c.name)
        .join(', ')} hold another set); waiting for the conflicting messages`,
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
  const cipher = ctx.shareCipher ?? PURE_SHARE_CIPHER;
  // Seal every share first, send after: a device that cannot seal sends nothing and stops
  // with its cause, instead of throwing (which dropped every later message: issue 11.4).
  const out: { j: number; share: Uint8Array; ekm: Uint8Array; sealed: SealedShare }[] = [];
  for (const j of others) {
    let share = shares.get(j) as Uint8Array;
    if (f?.kind === 'bad-share' && (f.target === undefined || f.target === j)) share = tamperShare(suite, share);
    const ekm = ctx.rng(32);
    const recipient = s.roster[j - 1] as { identity: string; ephemeral: string };
    try {
      out.push({
        j,
        share,
        ekm,
        sealed: await cipher.seal(fromHex(recipient.ephemeral), share, round2Aad(sid, s.myId, j), ekm),
      });
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      stopForDeviceFault(
        ctx,
        `this device could not encrypt the shares for the others (${why}); nothing was sent and nobody is at fault. Ask the coordinator to restart without you, and join again from another browser or device`,
      );
      return;
    }
  }
  for (const { j, share, ekm, sealed } of out) {
    const recipient = s.roster[j - 1] as { identity: string; ephemeral: string };
    const env = signSession(ctx, 'round2', {
      recipient: j,
      enc: toHex(sealed.enc),
      ciphertext: toHex(sealed.ciphertext),
    });
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
    let opened;
    try {
      opened = await (ctx.shareCipher ?? PURE_SHARE_CIPHER).open(
        fromHex(ctx.state.ephemeral.secretKey),
        { enc: fromHex(p.enc), ciphertext: fromHex(p.ciphertext) },
        round2Aad(fromHex(s.id), j, s.myId),
      );
    } catch (e) {
      // This device cannot decrypt: that is no evidence against the sender, so no complaint
      // (it would be judged a false complaint against me). Stop locally with the cause.
      const why = e instanceof Error ? e.message : String(e);
      const device = isShareCryptoUnavailable(e) ? '' : ' (unexpected error)';
      stopForDeviceFault(
        ctx,
        `this device could not decrypt the shares it received${device}: ${why}. Nobody is at fault; ask the coordinator to restart without you, and join again from another browser or device`,
      );
      return true;
    }
    const share = opened.ok ? opened.plaintext : null;
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
  ctx.effects.push({
    type: 'notice',
    notice: { kind: 'info', message: `the share from ${c?.name ?? '?'} (#${accused}) is bad; complaint sent` },
  });
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
  const names = culpritsOf(s, [...new Set(culprits)])
    .map((c) => `${c.name} (#${c.id})`)
    .join(', ');
  failSession(
    ctx,
    reason,
    culprits,
    evidence,
    reason === 'bad-share'
      ? `${names} sent a bad share (the revealed share does not match their commitment)`
      : `${names} complained about a good share`,
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
  const tHash = transcriptHash(
    s.id,
    ids(s).map((i) => hashOf(ctx, s.round1[String(i)] as string)),
  );
  s.result = {
    signingShare: toHex(r.keyPackage.signingShare),
    verifyingShare: toHex(r.keyPackage.verifyingShare),
    verifyingKey: toHex(r.keyPackage.verifyingKey),
    verifyingShares: r.publicKeyPackage.verifyingShares.map((v) => ({
      identifier: v.identifier,
      verifyingShare: toHex(v.verifyingShare),
    })),
    publicKeyPackageHash: pkpHash,
    transcriptHash: tHash,
  };
  const payload: ConfirmationPayload = {
    groupKey: s.result.verifyingKey,
    publicKeyPackage: pkpHash,
    transcript: tHash,
  };
  const env = signSession(ctx, 'confirmation', payload);
  s.confirmations[String(s.myId)] = envelopeText(env);
  s.sent.push(envelopeText(env));
  broadcast(ctx, env);
  ctx.dirty = true;
  return true;
}
