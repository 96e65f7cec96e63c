/**
 * Evidence and verdicts. Every blame is backed by signed messages anyone can check:
 * - equivocation: two different signed messages of a one-per-session kind from one sender (for
 *   pairwise kinds: to the same other party). "Different" is a different content hash, i.e.
 *   different canonical content (canonicalJson.ts): a respelling is the same message;
 * - invalid-round1: a signed round-1 package that fails its checks (bad proof, bad point…);
 * - complaint: the accuser's signed complaint (embedding the accused's signed, sealed share),
 *   the accused's signed justification (share + encapsulation randomness) and the accused's
 *   round-1 package. Re-sealing the revealed share must reproduce the signed ciphertext
 *   (else the accused revealed something it did not send); then the share is checked against
 *   the commitment: bad → accused at fault, good → accuser at fault (false complaint);
 * - false-confirmation: a signed confirmation, the same signer's signed echo, and the n round-1
 *   envelopes that echo lists. The echo pins the round-1 set its signer holds, and that set alone
 *   determines the group key, the PublicKeyPackage and the transcript hash (session id and the
 *   round-1 hashes: transcript.ts), so a confirmation of another key, package or transcript
 *   contradicts its signer's own echo.
 */
import { checkRound1Packages, verifyShare, type Round1Package } from './dkg/index.js';
import { bytesEqual, fromHex, toHex } from './encoding.js';
import { sealShare, round2Aad } from './hpke.js';
import type { IdentityCrypto } from './identity.js';
import type { Evidence, FailureReason, Round1Payload } from './messages.js';
import { openSessionMessage, type SessionContext, type SessionMessage } from './sessionContext.js';
import { getSuite } from './suites.js';
import { judgeRosterEquivocation } from './rosterEquivocation.js';
import { publicKeyPackageFromCommitments, publicKeyPackageHash, transcriptHash } from './transcript.js';

/**
 * Message kinds of which a sender may sign only one per session (for round2, complaint and
 * justification: one per other party). An honest sender persists each before sending it and
 * resends only that, so two different ones are proof of equivocation.
 */
export const ONE_PER_SESSION = [
  'reveal',
  'start',
  'round1',
  'echo',
  'round2',
  'complaint',
  'justification',
  'confirmation',
  'confirm-echo',
] as const;
type OnePerSession = (typeof ONE_PER_SESSION)[number];

/** The slot a one-per-session message fills: its sender and, for pairwise kinds, the other party. */
export function slotOf(m: SessionMessage<OnePerSession>, type: OnePerSession): string {
  const p = m.payload as { recipient?: number; accused?: number; accuser?: number };
  if (type === 'round2') return `${m.senderId}>${p.recipient}`;
  if (type === 'complaint') return `${m.senderId}>${p.accused}`;
  if (type === 'justification') return `${p.accuser}>${m.senderId}`;
  return String(m.senderId);
}

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
      const r = checkRound1Packages(
        suite,
        new Map([[m.senderId, round1FromPayload(m.payload)]]),
        ctx.params.minSigners,
      );
      if (r.ok) return { ok: false, reason: 'round-1 package is valid' };
      return { ok: true, culprit: m.envelope.from, reason: 'invalid-round1' };
    }
    case 'complaint': {
      const c = openSessionMessage(crypto, ctx, ev.complaint, 'complaint');
      if (c instanceof Error) return { ok: false, reason: `complaint: ${c.message}` };
      const accused = ctx.roster[c.payload.accused - 1];
      if (!accused || c.payload.accused === c.senderId)
        return { ok: false, reason: 'complaint names no other participant' };
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
        resealed = await sealShare(
          fromHex(recipient.ephemeral),
          share,
          round2Aad(fromHex(ctx.sessionId), c.payload.accused, c.senderId),
          fromHex(j.payload.ekm),
        );
      } catch {
        return { ok: false, reason: 'cannot re-seal to the accuser key' };
      }
      const sameCiphertext =
        bytesEqual(resealed.enc, fromHex(s.payload.enc)) &&
        bytesEqual(resealed.ciphertext, fromHex(s.payload.ciphertext));
      if (!sameCiphertext) return { ok: true, culprit: accused.identity, reason: 'bad-share' };
      const good = verifyShare(suite, round1FromPayload(r1.payload).commitment, c.senderId, share);
      return good
        ? { ok: true, culprit: c.envelope.from, reason: 'false-complaint' }
        : { ok: true, culprit: accused.identity, reason: 'bad-share' };
    }
    case 'roster-equivocation':
      return judgeRosterEquivocation(crypto, ctx, ev.roster);
    case 'false-confirmation': {
      const c = openSessionMessage(crypto, ctx, ev.confirmation, 'confirmation');
      if (c instanceof Error) return { ok: false, reason: `confirmation: ${c.message}` };
      const e = openSessionMessage(crypto, ctx, ev.echo, 'echo');
      if (e instanceof Error) return { ok: false, reason: `echo: ${e.message}` };
      if (e.senderId !== c.senderId) return { ok: false, reason: 'echo and confirmation have different signers' };
      const expected = confirmedByRound1Set(crypto, ctx, e.payload.round1, ev.round1);
      if (typeof expected === 'string') return { ok: false, reason: expected };
      if (
        c.payload.groupKey === expected.groupKey &&
        c.payload.publicKeyPackage === expected.publicKeyPackage &&
        c.payload.transcript === expected.transcript
      )
        return { ok: false, reason: 'the confirmation matches the round-1 set its signer echoed' };
      return { ok: true, culprit: c.envelope.from, reason: 'confirmation-mismatch' };
    }
  }
}

/**
 * The group key, PublicKeyPackage hash and transcript hash that every honest participant holding this round-1
 * set confirms. `hashes` is an echo's list (content hashes in identifier order); `round1` the
 * envelopes, which must be exactly those, one per identifier, and valid (else a reason string:
 * no verdict is drawn from a set an honest participant would not have echoed).
 */
export function confirmedByRound1Set(
  crypto: IdentityCrypto,
  ctx: SessionContext,
  hashes: readonly string[],
  round1: readonly string[],
): { groupKey: string; publicKeyPackage: string; transcript: string } | string {
  const n = ctx.roster.length;
  if (hashes.length !== n || round1.length !== n) return `the round-1 set must have ${n} packages`;
  const packages = new Map<number, Round1Package>();
  for (let k = 0; k < n; k++) {
    const m = openSessionMessage(crypto, ctx, round1[k] as string, 'round1');
    if (m instanceof Error) return `round-1 package #${k + 1}: ${m.message}`;
    if (m.senderId !== k + 1) return `round-1 package #${k + 1} is signed by #${m.senderId}`;
    if (m.envelope.hash !== hashes[k]) return `round-1 package #${k + 1} is not the one echoed`;
    packages.set(k + 1, round1FromPayload(m.payload));
  }
  const suite = getSuite(ctx.params.suite);
  if (!checkRound1Packages(suite, packages, ctx.params.minSigners).ok) return 'the echoed round-1 set is invalid';
  const pkp = publicKeyPackageFromCommitments(suite, packages, ctx.params.minSigners);
  if (!pkp) return 'the echoed round-1 set gives no group key';
  return {
    groupKey: toHex(pkp.verifyingKey),
    publicKeyPackage: publicKeyPackageHash(pkp),
    transcript: transcriptHash(ctx.sessionId, hashes),
  };
}
