/**
 * Evidence and verdicts. Every blame is backed by signed messages anyone can check:
 * - equivocation: two different signed messages of a one-per-session kind from one sender (for
 *   complaints: about the same other party). "Different" is a different content hash, i.e.
 *   different canonical content (canonicalJson.ts): a respelling is the same message;
 * - invalid-round1: a signed round-1 envelope whose COCKTAIL msg1 fails the checks of Round 2
 *   steps 1–2 on its own (does not parse as t-of-n with valid points, |C_j| ≠ t, bad PoP);
 * - complaint: the accuser's signed complaint (the pairwise-key reveal S^e, S^d with its DLEQ
 *   proof) and the accused's signed round-1 envelope, whose msg1 binds the ciphertext bytes to
 *   the accused (spec "Ciphertexts Not Bound by the Transcript", options 2 + 3). checkDispute
 *   re-derives the key, decrypts and VSS-checks: a bad ciphertext names the accused ('bad-share'),
 *   a good one or an invalid proof names the accuser ('false-complaint');
 * - false-confirmation: a signed confirmation (CertEq signature), the same signer's signed echo,
 *   and the n round-1 envelopes that echo lists. The echo pins the msg1 set its signer holds, and
 *   that set (with the roster) alone determines T, so a signature that does not verify on that T
 *   under the signer's static key contradicts its signer's own echo.
 */
import { CocktailError } from './cocktail/errors.js';
import { checkDispute } from './cocktail/dispute.js';
import type { Msg1 } from './cocktail/messages.js';
import { verify as schnorrVerify } from './cocktail/schnorr.js';
import { ceremonyTranscript, checkedMsg1, cocktailSessionOf, disputeOf } from './cocktailBinding.js';
import { fromHex } from './encoding.js';
import type { IdentityCrypto } from './identity.js';
import type { Evidence, FailureReason } from './messages.js';
import { openSessionMessage, type SessionContext, type SessionMessage } from './sessionContext.js';
import { judgeRosterEquivocation } from './rosterEquivocation.js';

/**
 * Message kinds of which a sender may sign only one per session (for complaints: one per
 * accused). An honest sender persists each before sending it and
 * resends only that, so two different ones are proof of equivocation.
 */
export const ONE_PER_SESSION = [
  'reveal',
  'start',
  'round1',
  'echo',
  'complaint',
  'confirmation',
  'confirm-echo',
] as const;
type OnePerSession = (typeof ONE_PER_SESSION)[number];

/** The slot a one-per-session message fills: its sender and, for pairwise kinds, the other party. */
export function slotOf(m: SessionMessage<OnePerSession>, type: OnePerSession): string {
  const p = m.payload as { accused?: number };
  if (type === 'complaint') return `${m.senderId}>${p.accused}`;
  return String(m.senderId);
}

export type Verdict = { ok: true; culprit: string; reason: FailureReason } | { ok: false; reason: string };

/** Checks one piece of evidence in the context of a session and says whom it proves at fault. */
export async function judgeEvidence(crypto: IdentityCrypto, ctx: SessionContext, ev: Evidence): Promise<Verdict> {
  switch (ev.kind) {
    case 'equivocation': {
      for (const type of ONE_PER_SESSION) {
        const a = openSessionMessage(crypto, ctx, ev.first, type);
        if (a instanceof Error) continue;
        const b = openSessionMessage(crypto, ctx, ev.second, type);
        if (b instanceof Error) return { ok: false, reason: `second message: ${b.message}` };
        if (a.envelope.from !== b.envelope.from) return { ok: false, reason: 'messages from different senders' };
        if (slotOf(a, type) !== slotOf(b, type))
          return { ok: false, reason: `${type} messages to different participants` };
        if (a.envelope.hash === b.envelope.hash) return { ok: false, reason: 'messages are identical' };
        return { ok: true, culprit: a.envelope.from, reason: 'equivocation' };
      }
      return { ok: false, reason: `first message is not a valid ${ONE_PER_SESSION.join('/')} of this session` };
    }
    case 'invalid-round1': {
      const m = openSessionMessage(crypto, ctx, ev.round1, 'round1');
      if (m instanceof Error) return { ok: false, reason: m.message };
      const bad = msg1Problem(ctx, m.senderId, m.payload.msg1);
      if (bad === null) return { ok: false, reason: 'round-1 message is valid' };
      return { ok: true, culprit: m.envelope.from, reason: 'invalid-round1' };
    }
    case 'complaint': {
      const c = openSessionMessage(crypto, ctx, ev.complaint, 'complaint');
      if (c instanceof Error) return { ok: false, reason: `complaint: ${c.message}` };
      const accused = ctx.roster[c.payload.accused - 1];
      if (!accused || c.payload.accused === c.senderId)
        return { ok: false, reason: 'complaint names no other participant' };
      const r1 = openSessionMessage(crypto, ctx, ev.round1, 'round1');
      if (r1 instanceof Error) return { ok: false, reason: `round-1 message: ${r1.message}` };
      if (r1.senderId !== c.payload.accused) return { ok: false, reason: 'round-1 message is not the accused one' };
      const session = cocktailSessionOf(ctx);
      let msg1: Msg1;
      try {
        msg1 = checkedMsg1(session, r1.senderId, r1.payload.msg1);
      } catch (e) {
        // The accused signed a msg1 that is invalid on its own: at fault whatever the complaint says.
        if (e instanceof CocktailError) return { ok: true, culprit: accused.identity, reason: 'invalid-round1' };
        throw e;
      }
      const dispute = disputeOf(session, c.payload.accused, c.senderId, msg1, fromHex(c.payload.reveal));
      // A reveal that is not even well-formed proves nothing: its signer complained falsely.
      if (typeof dispute === 'string') return { ok: true, culprit: c.envelope.from, reason: 'false-complaint' };
      const verdict = checkDispute(session.suite, dispute);
      return verdict.culprit === c.payload.accused
        ? { ok: true, culprit: accused.identity, reason: 'bad-share' }
        : { ok: true, culprit: c.envelope.from, reason: 'false-complaint' };
    }
    case 'roster-equivocation':
      return judgeRosterEquivocation(crypto, ctx, ev.roster);
    case 'false-confirmation': {
      const c = openSessionMessage(crypto, ctx, ev.confirmation, 'confirmation');
      if (c instanceof Error) return { ok: false, reason: `confirmation: ${c.message}` };
      const e = openSessionMessage(crypto, ctx, ev.echo, 'echo');
      if (e instanceof Error) return { ok: false, reason: `echo: ${e.message}` };
      if (e.senderId !== c.senderId) return { ok: false, reason: 'echo and confirmation have different signers' };
      const T = transcriptOfRound1Set(crypto, ctx, e.payload.round1, ev.round1);
      if (typeof T === 'string') return { ok: false, reason: T };
      const suite = cocktailSessionOf(ctx).suite;
      const key = fromHex((ctx.roster[c.senderId - 1] as { static: string }).static);
      if (schnorrVerify(suite, key, fromHex(c.payload.certeq), T))
        return {
          ok: false,
          reason: 'the CertEq signature verifies on the transcript of the round-1 set its signer echoed',
        };
      return { ok: true, culprit: c.envelope.from, reason: 'confirmation-mismatch' };
    }
  }
}

/** Why sender j's msg1 is invalid on its own (cocktailBinding.ts checkedMsg1), or null. */
function msg1Problem(ctx: SessionContext, sender: number, msg1Hex: string): string | null {
  try {
    checkedMsg1(cocktailSessionOf(ctx), sender, msg1Hex);
    return null;
  } catch (e) {
    if (e instanceof CocktailError) return e.message;
    throw e;
  }
}

/**
 * The transcript T every honest participant holding this round-1 set signs. `hashes` is an
 * echo's list (content hashes in identifier order); `round1` the envelopes, which must be exactly
 * those, one per identifier, and valid (else a reason string: no verdict is drawn from a set an
 * honest participant would not have echoed).
 */
export function transcriptOfRound1Set(
  crypto: IdentityCrypto,
  ctx: SessionContext,
  hashes: readonly string[],
  round1: readonly string[],
): Uint8Array | string {
  const n = ctx.roster.length;
  if (hashes.length !== n || round1.length !== n) return `the round-1 set must have ${n} messages`;
  const session = cocktailSessionOf(ctx);
  const msgs: Msg1[] = [];
  for (let k = 0; k < n; k++) {
    const m = openSessionMessage(crypto, ctx, round1[k] as string, 'round1');
    if (m instanceof Error) return `round-1 message #${k + 1}: ${m.message}`;
    if (m.senderId !== k + 1) return `round-1 message #${k + 1} is signed by #${m.senderId}`;
    if (m.envelope.hash !== hashes[k]) return `round-1 message #${k + 1} is not the one echoed`;
    try {
      msgs.push(checkedMsg1(session, k + 1, m.payload.msg1));
    } catch (e) {
      if (e instanceof CocktailError) return 'the echoed round-1 set is invalid';
      throw e;
    }
  }
  return ceremonyTranscript(ctx, session, msgs);
}
