/**
 * Progress of a session: whatever the messages held allow, in protocol order. The DKG is
 * COCKTAIL-DKG (C2SP v0.2.1, cocktailBinding.ts), wrapped in the ceremony's own steps:
 * Start → Round1 (msg1_i: commitment, PoP, ephemeral key, n encrypted shares; persisted before it
 * is sent) → EchoDigest of the n msg1s (split views caught before anyone decrypts) → Round 2
 * (decrypt and VSS-check my n shares; a bad one → Complaint with a pairwise-key reveal, judged by
 * everyone at once) → Confirmation (Round 3, CertEq: sig_i on T) → ConfirmEcho → success.
 * Called after every event; idempotent.
 */
import { judgeEvidence } from '../blame.js';
import { CocktailError } from '../cocktail/errors.js';
import { cocktailRound2 } from '../cocktail/decrypt.js';
import { revealPairwiseKey } from '../cocktail/dispute.js';
import { keyPackages } from '../cocktail/keyPackage.js';
import { cocktailRound1, type Round1Input } from '../cocktail/round1.js';
import { ceremonyExtension, encodeReveal } from '../cocktailBinding.js';
import { envelopeText } from '../envelope.js';
import { fromHex, sha256, toHex } from '../encoding.js';
import type { ConfirmationPayload, EchoPayload, Evidence } from '../messages.js';
import { publicKeyPackageHash } from '../transcript.js';
import { broadcast, culpritsOf, failSession, sendTo, sessionContextOf, signSession, type Ctx } from './context.js';
import { cocktailCache, cocktailOf, msg1Of, myStatic } from './cocktailState.js';
import { badProofMsg1, badShareMsg1 } from './cocktailFaults.js';
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
  if (s.round1[String(s.myId)] === undefined) {
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
  // Echoes agree: everyone decrypts the same msg1 set. Complaints (mine or others') are judged first.
  if (await judgeComplaints(ctx, s)) return true;
  if (s.result === null) return silent ? false : round2(ctx, s);
  return confirmStep(ctx, s);
}

/**
 * Round 1: msg1_i with randomness from the injected rng. Nothing secret of Round 1 is needed
 * later (Round 2 decrypts with d_i, derived from the master secret; e_i and the polynomial are
 * used only here), so what must survive a reload is the signed envelope itself: it is stored in
 * the state before it is broadcast (step() persists before any send), and a resumed participant
 * re-sends that same envelope instead of making a second msg1 (which would be equivocation).
 */
function sendRound1(ctx: Ctx, s: SessionState): void {
  const session = cocktailOf(ctx, s);
  const input: Round1Input = {
    session,
    index: s.myId,
    staticSecret: myStatic(ctx, s).secret,
    rng: ctx.rng,
    cache: cocktailCache(ctx, s),
  };
  const f = fault(ctx);
  const others = ids(s).filter((i) => i !== s.myId);
  // bad-share aims at one recipient (default: every other); a target not in this roster (left
  // in an earlier generation) gets nothing, so the fault does not show.
  const targets = f?.kind === 'bad-share' ? others.filter((j) => f.target === undefined || f.target === j) : [];
  const bytes =
    targets.length > 0
      ? badShareMsg1(input, targets)
      : f?.kind === 'bad-proof'
        ? badProofMsg1(input)
        : cocktailRound1(input).bytes;
  const env = signSession(ctx, 'round1', { msg1: toHex(bytes) });
  s.round1[String(s.myId)] = envelopeText(env);
  s.sent.push(envelopeText(env));
  ctx.dirty = true;
  if (f?.kind === 'equivocate') {
    // Test fault: a second, different msg1 to every other peer with an even position.
    const env2 = signSession(ctx, 'round1', { msg1: toHex(cocktailRound1(input).bytes) });
    others.forEach((i, k) => sendTo(ctx, (s.roster[i - 1] as { identity: string }).identity, k % 2 === 0 ? env : env2));
    return;
  }
  broadcast(ctx, env);
}

/**
 * All n msg1s held: each must parse on its own as a t-of-n msg1 with valid points (else the
 * session fails naming its signer, with the signed envelope as evidence). Then my echo of the n
 * content hashes. The PoPs are checked once, by cocktailRound2, after the echoes agree (spec
 * Round 2 step 2; a bad one is blamed the same way).
 */
function sendEchoOrBlame(ctx: Ctx, s: SessionState): boolean {
  const bad: { i: number; why: string }[] = [];
  for (const i of ids(s)) {
    try {
      msg1Of(ctx, s, i);
    } catch (e) {
      if (!(e instanceof CocktailError)) throw e;
      bad.push({ i, why: e.message });
    }
  }
  if (bad.length > 0) {
    blameInvalidRound1(ctx, s, bad);
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

/** Fails naming the signers of invalid msg1s, each signed envelope as its evidence (blame.ts re-checks it). */
function blameInvalidRound1(ctx: Ctx, s: SessionState, bad: readonly { i: number; why: string }[]): void {
  const culprits = bad.map((b) => (s.roster[b.i - 1] as { identity: string }).identity);
  const names = culpritsOf(s, culprits)
    .map((c) => `${c.name} (#${c.id})`)
    .join(', ');
  failSession(
    ctx,
    'invalid-round1',
    culprits,
    bad.map((b) => ({ kind: 'invalid-round1' as const, round1: s.round1[String(b.i)] as string })),
    `invalid round-1 message from ${names}: ${bad.map((b) => b.why).join('; ')}`,
  );
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

/**
 * Round 2 (decrypt and VSS-check my n shares, x_i, Y, Y_1..Y_n) and Round 3 steps 1–2 (T with
 * our extension, sig_i): the result is kept and my confirmation carries sig_i. A ciphertext that
 * does not decrypt to a valid share → a complaint with the pairwise-key reveal for that one
 * ciphertext (dispute.ts), which everyone judges at once. The false-complaint rehearsal fault
 * reveals the key of a good ciphertext instead, and is judged against its sender.
 */
function round2(ctx: Ctx, s: SessionState): boolean {
  const session = cocktailOf(ctx, s);
  const me = myStatic(ctx, s);
  const msgs = ids(s).map((i) => msg1Of(ctx, s, i));
  const f = fault(ctx);
  if (f?.kind === 'false-complaint') {
    const target = f.target ?? ids(s).find((i) => i !== s.myId) ?? 0;
    const m = msgs[target - 1];
    if (m && target !== s.myId && !s.complaints[`${s.myId}>${target}`]) {
      complain(
        ctx,
        s,
        target,
        revealPairwiseKey(session.suite, {
          context: session.context,
          sender: target,
          recipient: s.myId,
          staticSecret: me.secret,
          senderStatic: session.staticPublicKeys[target - 1] as Uint8Array,
          senderEphemeral: m.ephemeral,
          senderCommitment: m.commitment,
          ciphertext: m.ciphertexts[s.myId - 1] as Uint8Array,
          claim: 'vss-mismatch',
        }),
      );
      return true;
    }
  }
  let r;
  try {
    r = cocktailRound2({
      session,
      index: s.myId,
      staticSecret: me.secret,
      msgs,
      extension: ceremonyExtension(sessionContextOf(ctx.state, s, ctx.cache)),
      cache: cocktailCache(ctx, s),
      ownMsg1: fromHex(payloadOf(ctx, 'round1', s.round1[String(s.myId)] as string).msg1),
    });
  } catch (e) {
    if (!(e instanceof CocktailError)) throw e;
    const ev = e.evidence;
    const accused = e.culprits[0];
    if ((e.code === 'bad-pop' || e.code === 'wrong-commitment-length' || e.code === 'malformed-msg1') && accused) {
      blameInvalidRound1(ctx, s, [{ i: accused, why: e.message }]);
      return true;
    }
    if (ev?.kind === 'dispute' && accused !== undefined && accused !== s.myId) {
      if (s.complaints[`${s.myId}>${accused}`]) return false;
      complain(ctx, s, accused, ev.dispute);
      return true;
    }
    // Not attributable to anyone else (my own message, or this code): stop without blame.
    failSession(ctx, 'dkg-failed', [], [], `round 2 failed: ${e.message}`);
    return true;
  }
  const { keyPackage, publicKeyPackage } = keyPackages(session.suite, s.myId, r.secretShare, r.outputs, session.t);
  s.result = {
    signingShare: toHex(keyPackage.signingShare),
    verifyingShare: toHex(keyPackage.verifyingShare),
    verifyingKey: toHex(keyPackage.verifyingKey),
    verifyingShares: publicKeyPackage.verifyingShares.map((v) => ({
      identifier: v.identifier,
      verifyingShare: toHex(v.verifyingShare),
    })),
    publicKeyPackageHash: publicKeyPackageHash(publicKeyPackage),
    transcriptHash: toHex(sha256(r.transcript)),
  };
  const transcript = r.transcript;
  ctx.cache.memo('cocktail-transcript', s.echoes[String(s.myId)] as string, () => transcript);
  const payload: ConfirmationPayload = { certeq: toHex(r.signature) };
  const env = signSession(ctx, 'confirmation', payload);
  s.confirmations[String(s.myId)] = envelopeText(env);
  s.sent.push(envelopeText(env));
  broadcast(ctx, env);
  ctx.dirty = true;
  return true;
}

function complain(ctx: Ctx, s: SessionState, accused: number, dispute: Parameters<typeof encodeReveal>[0]): void {
  const env = signSession(ctx, 'complaint', { accused, reveal: toHex(encodeReveal(dispute)) });
  s.complaints[`${s.myId}>${accused}`] = envelopeText(env);
  s.sent.push(envelopeText(env));
  broadcast(ctx, env);
  ctx.dirty = true;
  const c = culpritsOf(s, [s.roster[accused - 1]?.identity ?? ''])[0];
  ctx.effects.push({
    type: 'notice',
    notice: {
      kind: 'info',
      message: `the share from ${c?.name ?? '?'} (#${accused}) does not decrypt to a valid share; complaint sent`,
    },
  });
}

/**
 * Every complaint held (mine or anyone's) is judged at once with the shipping judge
 * (blame.ts: checkDispute on the accused's signed ciphertext); the session then fails naming
 * whom each proves at fault: the accused for a bad ciphertext, the accuser for a false claim.
 */
async function judgeComplaints(ctx: Ctx, s: SessionState): Promise<boolean> {
  if (Object.keys(s.complaints).length === 0) return false;
  const sc = sessionContextOf(ctx.state, s, ctx.cache);
  const culprits: string[] = [];
  const evidence: Evidence[] = [];
  const reasons = new Set<string>();
  for (const [key, complaint] of Object.entries(s.complaints)) {
    const accused = key.split('>')[1] as string;
    const ev: Evidence = { kind: 'complaint', round1: s.round1[accused] as string, complaint };
    const v = await judgeEvidence(ctx.crypto, sc, ev);
    if (!v.ok) continue; // cannot happen for stored, validated messages; never blame on it
    culprits.push(v.culprit);
    evidence.push(ev);
    reasons.add(v.reason);
  }
  if (culprits.length === 0) return false;
  const reason = reasons.has('bad-share')
    ? 'bad-share'
    : reasons.has('false-complaint')
      ? 'false-complaint'
      : 'invalid-round1';
  const names = culpritsOf(s, [...new Set(culprits)])
    .map((c) => `${c.name} (#${c.id})`)
    .join(', ');
  failSession(
    ctx,
    reason,
    culprits,
    evidence,
    reason === 'false-complaint'
      ? `${names} complained about a share that decrypts and verifies`
      : `${names} sent an encrypted share that does not decrypt to a share matching their commitment`,
  );
  return true;
}
