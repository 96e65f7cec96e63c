/**
 * Failure records: a signed statement "session S failed because of R; culprits C; evidence E".
 * Anyone can verify one from its bytes alone (the coordinator's roster envelope is embedded).
 * Blame reasons need evidence proving exactly the named culprits; the other reasons carry
 * no blame ('excluded-by-coordinator' lists who was left out, signed by the coordinator).
 */
import { openEnvelope, sealEnvelope, type Envelope } from './envelope.js';
import { utf8 } from './encoding.js';
import type { IdentityCrypto, IdentityKeyPair } from './identity.js';
import { parsePayload, type Evidence, type FailurePayload, type FailureReason } from './messages.js';
import { culpritOf, idOf, openRoster, type SessionContext } from './sessionContext.js';
import { judgeEvidence } from './blame.js';
import type { Culprit } from './errors.js';

/**
 * Reasons that blame someone and therefore need evidence. 'confirmation-mismatch' blames the
 * signer of a confirmation that contradicts its own echo (evidence 'false-confirmation'); it also
 * has an unattributed form, with no culprits and no evidence, for evidence too large to fit in a
 * record (confirm.ts).
 */
export const BLAME_REASONS: readonly FailureReason[] = [
  'equivocation',
  'invalid-round1',
  'bad-share',
  'false-complaint',
  'confirmation-mismatch',
];

/** Blame reasons that may also come without culprits (detected, not attributable). */
const MAY_BE_UNATTRIBUTED: readonly FailureReason[] = ['confirmation-mismatch'];

export function createFailureRecord(
  crypto: IdentityCrypto,
  identity: IdentityKeyPair,
  ctx: SessionContext,
  reason: FailureReason,
  culprits: readonly string[],
  evidence: readonly Evidence[],
): Envelope {
  const payload: FailurePayload = {
    reason,
    culprits: [...new Set(culprits)].sort(),
    evidence: [...evidence],
    roster: ctx.rosterText,
  };
  return sealEnvelope(crypto, identity, {
    type: 'failure',
    room: ctx.room,
    session: ctx.sessionId,
    generation: ctx.generation,
    payload,
  });
}

export interface FailureSummary {
  reason: FailureReason;
  /** Who is proven at fault (or, for 'excluded-by-coordinator', who was left out). */
  culprits: Culprit[];
  /** Who signed the record. */
  signer: Culprit;
  sessionId: string;
  generation: number;
  room: string;
  /** Content hash of the record envelope (referenced by Restart). */
  hash: string;
  /** Per culprit, the reasons proven by the evidence. */
  proven: Record<string, FailureReason[]>;
}

export type FailureCheck =
  | { ok: true; summary: FailureSummary; context: SessionContext; payload: FailurePayload }
  | { ok: false; reason: string };

/**
 * Verifies a failure record offline: signatures, session, and that the evidence proves exactly
 * the named culprits. `expectedCoordinator` pins the roster signer (from the invite).
 */
export async function verifyFailureRecord(
  crypto: IdentityCrypto,
  record: Uint8Array | string,
  expectedCoordinator?: string,
): Promise<FailureCheck> {
  const o = openEnvelope(crypto, typeof record === 'string' ? utf8(record) : record);
  if (!o.ok) return { ok: false, reason: o.error.message };
  const env = o.envelope;
  if (env.type !== 'failure') return { ok: false, reason: `not a failure record (${env.type})` };
  const p = parsePayload('failure', env.payload);
  if (!p.ok) return { ok: false, reason: p.reason };
  const ctx = openRoster(crypto, p.value.roster, expectedCoordinator);
  if (ctx instanceof Error) return { ok: false, reason: `roster: ${ctx.message}` };
  if (env.session !== ctx.sessionId || env.generation !== ctx.generation || env.room !== ctx.room)
    return { ok: false, reason: 'record is not about the embedded roster session' };
  if (idOf(ctx, env.from) === 0 && env.from !== ctx.coordinator)
    return { ok: false, reason: 'signer is not in the roster' };
  const claimed = [...new Set(p.value.culprits)].sort();
  if (claimed.length !== p.value.culprits.length) return { ok: false, reason: 'culprit listed twice' };
  const proven: Record<string, FailureReason[]> = {};
  for (const ev of p.value.evidence) {
    const v = await judgeEvidence(crypto, ctx, ev);
    if (!v.ok) return { ok: false, reason: `evidence does not verify: ${v.reason}` };
    (proven[v.culprit] ??= []).push(v.reason);
  }
  const reason = p.value.reason;
  const unattributed = MAY_BE_UNATTRIBUTED.includes(reason) && claimed.length === 0 && p.value.evidence.length === 0;
  if (BLAME_REASONS.includes(reason) && !unattributed) {
    const provenIds = Object.keys(proven).sort();
    if (claimed.length === 0) return { ok: false, reason: 'a blame record must name culprits' };
    if (provenIds.join() !== claimed.join())
      return { ok: false, reason: 'evidence does not prove exactly the named culprits' };
    if (!Object.values(proven).some((rs) => rs.includes(reason)))
      return { ok: false, reason: `no evidence of ${reason}` };
  } else if (reason === 'excluded-by-coordinator') {
    if (env.from !== ctx.coordinator) return { ok: false, reason: 'only the coordinator excludes participants' };
    if (claimed.some((c) => idOf(ctx, c) === 0)) return { ok: false, reason: 'excluded identity is not in the roster' };
  } else if (!unattributed && (claimed.length > 0 || p.value.evidence.length > 0)) {
    return { ok: false, reason: `${reason} blames nobody` };
  }
  return {
    ok: true,
    context: ctx,
    payload: p.value,
    summary: {
      reason,
      culprits: claimed.map((c) => culpritOf(ctx, c)),
      signer: culpritOf(ctx, env.from),
      sessionId: ctx.sessionId,
      generation: ctx.generation,
      room: ctx.room,
      hash: env.hash,
      proven,
    },
  };
}
