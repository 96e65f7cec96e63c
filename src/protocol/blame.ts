/**
 * Evidence and verdicts. Every blame is backed by signed messages anyone can check:
 * - equivocation: two different signed messages of a one-per-session kind from one sender;
 * - invalid-round1: a signed round-1 package that fails its checks (bad proof, bad point…);
 * - complaint: the accuser's signed complaint (embedding the accused's signed, sealed share),
 *   the accused's signed justification (share + encapsulation randomness) and the accused's
 *   round-1 package. Re-sealing the revealed share must reproduce the signed ciphertext
 *   (else the accused revealed something it did not send); then the share is checked against
 *   the commitment: bad → accused at fault, good → accuser at fault (false complaint).
 */
import { checkRound1Packages, verifyShare, type Round1Package } from './dkg/index.js';
import { bytesEqual, fromHex } from './encoding.js';
import { sealShare, round2Aad } from './hpke.js';
import type { IdentityCrypto } from './identity.js';
import type { Evidence, FailureReason, Round1Payload } from './messages.js';
import { openSessionMessage, type SessionContext } from './sessionContext.js';
import { getSuite } from './suites.js';
import { judgeRosterEquivocation } from './rosterEquivocation.js';

/** Message kinds of which a sender may sign only one per session. */
export const ONE_PER_SESSION = ['round1', 'echo', 'confirmation'] as const;

export function round1FromPayload(p: Round1Payload): Round1Package {
  return { commitment: p.commitment.map((c) => fromHex(c)), proofOfKnowledge: fromHex(p.proofOfKnowledge) };
}

export type Verdict = { ok: true; culprit: string; reason: FailureReason } | { ok: false; reason: string };

/** Checks one piece of evidence in the context of a session and says whom it proves at fault. */
export async function judgeEvidence(crypto: IdentityCrypto, ctx: SessionContext, ev: Evidence): Promise<Verdict> {
  const suite = getSuite(ctx.params.suite);
  switch (ev.kind) {
    case 'equivocation': {
      for (const type of ONE_PER_SESSION) {
        const a = openSessionMessage(crypto, ctx, ev.first, type);
        if (a instanceof Error) continue;
        const b = openSessionMessage(crypto, ctx, ev.second, type);
        if (b instanceof Error) return { ok: false, reason: `second message: ${b.message}` };
        if (a.envelope.from !== b.envelope.from) return { ok: false, reason: 'messages from different senders' };
        if (a.envelope.hash === b.envelope.hash) return { ok: false, reason: 'messages are identical' };
        return { ok: true, culprit: a.envelope.from, reason: 'equivocation' };
      }
      return { ok: false, reason: 'first message is not a valid round1/echo/confirmation of this session' };
    }
    case 'invalid-round1': {
      const m = openSessionMessage(crypto, ctx, ev.round1, 'round1');
      if (m instanceof Error) return { ok: false, reason: m.message };
      const r = checkRound1Packages(suite, new Map([[m.senderId, round1FromPayload(m.payload)]]), ctx.params.minSigners);
      if (r.ok) return { ok: false, reason: 'round-1 package is valid' };
      return { ok: true, culprit: m.envelope.from, reason: 'invalid-round1' };
    }
    case 'complaint': {
      const c = openSessionMessage(crypto, ctx, ev.complaint, 'complaint');
      if (c instanceof Error) return { ok: false, reason: `complaint: ${c.message}` };
      const accused = ctx.roster[c.payload.accused - 1];
      if (!accused || c.payload.accused === c.senderId) return { ok: false, reason: 'complaint names no other participant' };
      const s = openSessionMessage(crypto, ctx, c.payload.round2, 'round2');
      if (s instanceof Error) return { ok: false, reason: `complained share: ${s.message}` };
      if (s.senderId !== c.payload.accused || s.payload.recipient !== c.senderId)
        return { ok: false, reason: 'complained share is not from the accused to the accuser' };
      const j = openSessionMessage(crypto, ctx, ev.justification, 'justification');
      if (j instanceof Error) return { ok: false, reason: `justification: ${j.message}` };
      if (j.senderId !== c.payload.accused || j.payload.accuser !== c.senderId)
        return { ok: false, reason: 'justification does not answer this complaint' };
      const r1 = openSessionMessage(crypto, ctx, ev.round1, 'round1');
      if (r1 instanceof Error) return { ok: false, reason: `round-1 package: ${r1.message}` };
      if (r1.senderId !== c.payload.accused) return { ok: false, reason: 'round-1 package is not the accused one' };
      const recipient = ctx.roster[c.senderId - 1];
      if (!recipient) return { ok: false, reason: 'unknown accuser' };
      const share = fromHex(j.payload.share);
      let resealed;
      try {
        resealed = await sealShare(fromHex(recipient.ephemeral), share, round2Aad(fromHex(ctx.sessionId), c.payload.accused, c.senderId), fromHex(j.payload.ekm));
      } catch {
        return { ok: false, reason: 'cannot re-seal to the accuser key' };
      }
      const sameCiphertext =
        bytesEqual(resealed.enc, fromHex(s.payload.enc)) && bytesEqual(resealed.ciphertext, fromHex(s.payload.ciphertext));
      if (!sameCiphertext) return { ok: true, culprit: accused.identity, reason: 'bad-share' };
      const good = verifyShare(suite, round1FromPayload(r1.payload).commitment, c.senderId, share);
      return good ? { ok: true, culprit: c.envelope.from, reason: 'false-complaint' } : { ok: true, culprit: accused.identity, reason: 'bad-share' };
    }
    case 'roster-equivocation':
      return judgeRosterEquivocation(crypto, ctx, ev.roster);
  }
}
