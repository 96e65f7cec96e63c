/**
 * "Safe to fund" (issue 14): after success every custodian (a) proves their backup opens and
 * (b) checks on their own screen that the address (fundingCheck.ts) is the one everybody reads
 * aloud; their app then broadcasts one signed `fund-ack` bound (by its envelope) to this room,
 * generation and session, carrying the group key and address it confirmed and the hash of the
 * backup file that opened. Nothing here is part of the transcript or certificate; the acks
 * together are the funding receipt (fundingReceipt.ts), which anyone verifies offline.
 *
 * Checks on every ack (the sender is the key that signed it, never a field): session and sender
 * in roster (sessionContext.ts, before this module), the group key and address equal OURS (a
 * mismatch is refused as 'funding-mismatch' naming the sender, the signed ack kept as evidence,
 * and it never counts), one per sender (the same content again, in any spelling, changes
 * nothing; other content from the same signer is equivocation: both kept as evidence, refused
 * naming them, and that custodian no longer counts as acknowledged). The session has succeeded,
 * so nobody is blamed in the ceremony's sense and nothing is re-run: the screens say who.
 * An ack that arrives before I reach success is kept (one per sender) and judged at success.
 */
import { envelopeText, readTrusted, type Envelope } from '../envelope.js';
import { isHex } from '../encoding.js';
import { ProtocolError } from '../errors.js';
import { fundingCheckOf, fundingCheckProblem, type FundingCheckKind } from '../fundingCheck.js';
import { parsePayload, type FundAckPayload } from '../messages.js';
import type { SessionMessage } from '../sessionContext.js';
import { broadcast, culpritsOf, reject, signSession, type Ctx } from './context.js';
import type { SessionState } from './types.js';

/** The custodian's own acknowledgement: they proved their backup and checked `checked` aloud. */
export function acknowledgeFunding(ctx: Ctx, checked: string, backupProof: string): void {
  const s = ctx.state.session;
  if (!s || s.outcome !== 'success' || !s.result)
    throw new ProtocolError('wrong-phase', 'the funding check comes after a successful ceremony', [], 'funding');
  if (!isHex(backupProof, 32))
    throw new ProtocolError(
      'invalid-params',
      'the backup proof must be the SHA-256 (32 bytes, hex) of the backup file that opened',
      [],
      'funding',
    );
  const problem = fundingCheckProblem(s.params.suite, s.result.verifyingKey, {
    groupKey: s.result.verifyingKey,
    checked,
  });
  if (problem) throw new ProtocolError('invalid-params', `not acknowledged: ${problem}`, [], 'funding');
  const payload: FundAckPayload = { groupKey: s.result.verifyingKey, checked, backupProof };
  const acks = (s.fundingAcks ??= {});
  const mine = acks[String(s.myId)];
  if (mine !== undefined) {
    const prev = parsePayload('fund-ack', readTrusted(mine).payload);
    // The same acknowledgement again (a second click, a resumed CLI): nothing new to sign.
    if (prev.ok && prev.value.checked === checked && prev.value.backupProof === backupProof) return;
    // A second, different one would be equivocation by my own device: never signed.
    throw new ProtocolError(
      'wrong-phase',
      'you have already acknowledged this key (with another address or backup file); an acknowledgement is given once',
      [],
      'funding',
    );
  }
  const env = signSession(ctx, 'fund-ack', payload);
  const text = envelopeText(env);
  acks[String(s.myId)] = text;
  (s.fundingVerdicts ??= {})[String(s.myId)] = 'ok';
  s.sent.push(text);
  ctx.dirty = true;
  broadcast(ctx, env);
}

/** A `fund-ack` of this session (already checked for session, sender in roster and schema). */
export function onFundAck(ctx: Ctx, s: SessionState, m: SessionMessage<'fund-ack'>, text: string): void {
  const who = culpritsOf(s, [m.envelope.from]);
  if (s.outcome === 'failed' || s.outcome === 'aborted')
    return reject(
      ctx,
      new ProtocolError('wrong-phase', 'a funding acknowledgement for a ceremony that did not succeed', who, 'funding'),
    );
  const key = String(m.senderId);
  const acks = (s.fundingAcks ??= {});
  const prev = acks[key];
  if (prev !== undefined) {
    if (prev === text || readTrusted(prev).hash === m.envelope.hash) return;
    return contradiction(ctx, s, m.senderId, prev, text, m.envelope);
  }
  acks[key] = text;
  ctx.dirty = true;
  judgeFundingAcks(ctx);
}

/**
 * Judges every ack not judged yet against my own result, once I have succeeded (idempotent;
 * called after each step). A mismatch is refused once, naming its signer, and stays as evidence.
 */
export function judgeFundingAcks(ctx: Ctx): void {
  const s = ctx.state.session;
  if (!s || s.outcome !== 'success' || !s.result || !s.fundingAcks) return;
  const verdicts = (s.fundingVerdicts ??= {});
  for (const [key, text] of Object.entries(s.fundingAcks)) {
    if (verdicts[key] !== undefined) continue;
    const p = parsePayload('fund-ack', readTrusted(text).payload);
    const problem = p.ok ? fundingCheckProblem(s.params.suite, s.result.verifyingKey, p.value) : p.reason;
    verdicts[key] = problem ?? 'ok';
    ctx.dirty = true;
    if (problem) {
      const who = culpritsOf(s, [s.roster[Number(key) - 1]?.identity ?? '']);
      reject(
        ctx,
        new ProtocolError(
          'funding-mismatch',
          `${who[0]?.name ?? `participant #${key}`} acknowledged another key: ${problem} (their signed acknowledgement is kept as evidence)`,
          who,
          'funding',
        ),
      );
    }
  }
}

/** Two different signed acks from one custodian: both kept, refused naming them; they no longer count. */
function contradiction(ctx: Ctx, s: SessionState, id: number, first: string, second: string, env: Envelope): void {
  const key = String(id);
  const verdicts = (s.fundingVerdicts ??= {});
  if (s.conflicts[`fund-ack:${key}`] !== undefined && verdicts[key] === EQUIVOCATED) return;
  s.conflicts[`fund-ack:${key}`] ??= [first, second];
  verdicts[key] = EQUIVOCATED;
  ctx.dirty = true;
  const who = culpritsOf(s, [env.from]);
  reject(
    ctx,
    new ProtocolError(
      'equivocation',
      `${who[0]?.name ?? `participant #${key}`} signed two different funding acknowledgements (both kept as evidence); they do not count as having checked`,
      who,
      'funding',
    ),
  );
}

/** Verdict of a custodian who signed two different acks. */
export const EQUIVOCATED = 'two different signed acknowledgements';

/** The funding step as the screens see it (secret-free). */
export interface FundingView {
  /** What is checked aloud for this key, and the strings that count. */
  kind: FundingCheckKind;
  /** The string to show first (mainnet address, Solana address, fingerprint). */
  primary: string;
  accepted: string[];
  /** Ids whose acknowledgement verified against our key. */
  acknowledged: number[];
  /** Ids we still wait for (no valid ack yet), me included until I acknowledge. */
  waitingFor: number[];
  /** Ids whose ack does not count, with why (another key/address, or two different acks). */
  refused: { id: number; problem: string }[];
  /** My own acknowledgement is signed and sent. */
  mine: boolean;
  /** All n acknowledged with our key: "Safe to fund". */
  safeToFund: boolean;
}

/** Null before success. */
export function fundingViewOf(s: SessionState): FundingView | null {
  if (s.outcome !== 'success' || !s.result) return null;
  const c = fundingCheckOf(s.params.suite, s.result.verifyingKey);
  const verdicts = s.fundingVerdicts ?? {};
  const ids = s.roster.map((_, i) => i + 1);
  const acknowledged = ids.filter((i) => verdicts[String(i)] === 'ok');
  const refused = ids.flatMap((i) => {
    const v = verdicts[String(i)];
    return v !== undefined && v !== 'ok' ? [{ id: i, problem: v }] : [];
  });
  return {
    kind: c.kind,
    primary: c.primary,
    accepted: c.accepted,
    acknowledged,
    waitingFor: ids.filter((i) => !acknowledged.includes(i) && !refused.some((r) => r.id === i)),
    refused,
    mine: verdicts[String(s.myId)] === 'ok',
    safeToFund: acknowledged.length === ids.length,
  };
}
