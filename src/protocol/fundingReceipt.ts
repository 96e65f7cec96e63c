/**
 * The funding receipt (`funding-receipt.json`, issue 14 "Safe to fund"): the n signed funding
 * acknowledgements of a successful ceremony, one per custodian in identifier order, as their exact
 * wire texts. Verified offline together with the success certificate, which supplies the signed
 * roster (who the custodians are) and the certified group key: every acknowledgement's identity
 * signature, its room / generation / session (a replay from another ceremony is refused), its
 * signer in the roster and at its own position, no custodian twice, the group key and address it
 * confirms equal to the certified key's (fundingCheck.ts, the same rule as the live machine), and
 * all n present. Every problem is reported naming the custodian.
 *
 * What it proves and what not: SECURITY.md, "What the funding receipt proves".
 */
import { z } from 'zod';
import type { Culprit } from './errors.js';
import { verifyCertificate, type CertificateSummary } from './certificate.js';
import { fundingCheckProblem } from './fundingCheck.js';
import { createNobleIdentityCrypto, type IdentityCrypto } from './identity.js';
import type { ParticipantState } from './machine/types.js';
import { openRoster, openSessionMessage } from './sessionContext.js';
import { parseStrictJson, StrictJsonError } from './strictJson.js';
import { MAX_PARTICIPANTS } from './session.js';
import type { SuiteName } from './suites.js';

export const FUNDING_RECEIPT_FORMAT = 'frost-ceremony/funding-receipt/v1';

const receiptSchema = z
  .object({
    format: z.literal(FUNDING_RECEIPT_FORMAT),
    sessionId: z.string().regex(/^[0-9a-f]{64}$/),
    groupKey: z.string().regex(/^(?:[0-9a-f]{2}){1,57}$/),
    /** Wire texts of the fund-ack envelopes, in identifier order. */
    acknowledgements: z.array(z.string().max(4096)).max(MAX_PARTICIPANTS),
  })
  .strict();

/** The receipt of a session whose n acknowledgements all verified here, or null (not yet complete). */
export function fundingReceiptOf(state: ParticipantState): string | null {
  const s = state.session;
  if (!s || s.outcome !== 'success' || !s.result || !s.fundingAcks) return null;
  const ids = s.roster.map((_, i) => String(i + 1));
  if (!ids.every((i) => s.fundingVerdicts?.[i] === 'ok' && s.fundingAcks?.[i] !== undefined)) return null;
  return JSON.stringify(
    {
      format: FUNDING_RECEIPT_FORMAT,
      sessionId: s.id,
      groupKey: s.result.verifyingKey,
      acknowledgements: ids.map((i) => s.fundingAcks?.[i] as string),
    },
    null,
    1,
  );
}

/** One verified acknowledgement. */
export interface FundingAckSummary {
  id: number;
  name: string;
  identity: string;
  /** The address (or fingerprint) the custodian checked aloud. */
  checked: string;
  /** SHA-256 of the encrypted backup file that opened (hex). */
  backupProof: string;
}

export type FundingReceiptCheck =
  | { ok: true; certificate: CertificateSummary; acknowledgements: FundingAckSummary[] }
  /** `problems` each name the custodian at fault where one can be named; `culprits` collects them. */
  | { ok: false; reason: string; problems: string[]; culprits: Culprit[] };

/** Verifies a funding receipt against the success certificate it belongs to (both JSON text). */
export function verifyFundingReceipt(
  receiptJson: string,
  certificateJson: string,
  opts: { crypto?: IdentityCrypto } = {},
): FundingReceiptCheck {
  const crypto = opts.crypto ?? createNobleIdentityCrypto();
  const bad = (reason: string): FundingReceiptCheck => ({ ok: false, reason, problems: [reason], culprits: [] });
  const cert = verifyCertificate(certificateJson, { crypto });
  if (!cert.ok) return bad(`the certificate does not verify: ${cert.reason}`);
  const c = cert.summary;
  let raw: unknown;
  try {
    raw = parseStrictJson(receiptJson);
  } catch (e) {
    return bad(
      e instanceof StrictJsonError && e.code === 'duplicate-field'
        ? `not a funding receipt: ${e.message}`
        : 'not a funding receipt: not JSON',
    );
  }
  const r = receiptSchema.safeParse(raw);
  if (!r.success)
    return bad(`not a funding receipt: ${r.error.issues[0]?.path.join('.') ?? ''} ${r.error.issues[0]?.message ?? ''}`);
  const receipt = r.data;
  if (receipt.sessionId !== c.sessionId)
    return bad(`the receipt is for session ${receipt.sessionId}, the certificate for ${c.sessionId}`);
  if (receipt.groupKey !== c.groupKey)
    return bad(`the receipt is for group key ${receipt.groupKey}, the certificate certifies ${c.groupKey}`);
  // The certificate verified, so its roster opens: the session as a third party sees it.
  const ctx = openRoster(crypto, (parseStrictJson(certificateJson) as { roster: string }).roster);
  if (ctx instanceof Error) return bad(`the certificate's roster: ${ctx.message}`);

  const problems: string[] = [];
  const culprits = new Map<string, Culprit>();
  const person = (id: number): Culprit => {
    const p = c.participants[id - 1];
    return p ? { identity: p.identity, id, name: p.name } : { identity: '' };
  };
  const label = (p: Culprit): string => `${p.name ?? '?'} (#${p.id ?? '?'})`;
  const blame = (p: Culprit, why: string): void => {
    problems.push(`${label(p)}: ${why}`);
    if (p.identity) culprits.set(p.identity, p);
  };
  const seen = new Map<number, FundingAckSummary>();
  receipt.acknowledgements.forEach((text, k) => {
    const m = openSessionMessage(crypto, ctx, text, 'fund-ack');
    if (m instanceof Error) {
      // A bad signature cannot be pinned on its claimed signer (anyone can write their key).
      const claimed = claimedSender(text);
      const id = claimed ? c.participants.findIndex((p) => p.identity === claimed) + 1 : 0;
      if (m.code === 'bad-signature' || id === 0)
        problems.push(
          `acknowledgement ${k + 1}${id > 0 ? ` (claims to be from ${label(person(id))})` : ''}: ${m.message}`,
        );
      else blame(person(id), `acknowledgement ${k + 1} is not one of this ceremony: ${m.message}`);
      return;
    }
    const who = person(m.senderId);
    if (seen.has(m.senderId)) return blame(who, 'appears twice in the receipt');
    if (m.senderId !== k + 1)
      return blame(who, `their acknowledgement is at position ${k + 1}, not at their identifier`);
    const problem = fundingCheckProblem(c.suite as SuiteName, c.groupKey, m.payload);
    if (problem) return blame(who, `acknowledged another key: ${problem}`);
    seen.set(m.senderId, {
      id: m.senderId,
      name: who.name ?? '',
      identity: who.identity,
      checked: m.payload.checked,
      backupProof: m.payload.backupProof,
    });
  });
  for (const p of c.participants)
    if (!seen.has(p.id) && !problems.some((x) => x.startsWith(`${label(person(p.id))}:`)))
      blame(person(p.id), 'no valid acknowledgement in the receipt');
  if (problems.length > 0)
    return {
      ok: false,
      reason: `the funding receipt does not verify: ${problems.join('; ')}`,
      problems,
      culprits: [...culprits.values()],
    };
  return { ok: true, certificate: c, acknowledgements: [...seen.values()].sort((a, b) => a.id - b.id) };
}

/** The `from` an envelope text claims, without trusting it (for the words of an error only). */
function claimedSender(text: string): string | null {
  try {
    const f = (JSON.parse(text) as { from?: unknown }).from;
    return typeof f === 'string' ? f : null;
  } catch {
    return null;
  }
}

/** The checked strings of a verified receipt (for a summary line). */
export function fundingReceiptLines(check: Extract<FundingReceiptCheck, { ok: true }>): string[] {
  return check.acknowledgements.map(
    (a) => `#${a.id} ${a.name}: checked ${a.checked}, backup ${a.backupProof.slice(0, 16)}… opened`,
  );
}
