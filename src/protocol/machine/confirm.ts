/**
 * The confirmation round (COCKTAIL Round 3, CertEq), after my own confirmation (sig_i on T) went
 * out: each confirmation is checked as it arrives (a signature that does not verify on my T under
 * its signer's static key is proof against its signer), then I echo the n confirmations, then
 * success once all n confirm-echoes agree with mine. Relays are bounded: once on a confirm-echo
 * mismatch.
 */
import { judgeEvidence } from '../blame.js';
import { verify as schnorrVerify } from '../cocktail/schnorr.js';
import { envelopeText } from '../envelope.js';
import { fromHex } from '../encoding.js';
import { createFailureRecord } from '../failure.js';
import type { ConfirmEchoPayload, Evidence } from '../messages.js';
import type { SessionContext } from '../sessionContext.js';
import {
  broadcast,
  culpritsOf,
  failSession,
  historyRecordOf,
  identityOf,
  MAX_FAILURE_RECORD_BYTES,
  recordHistory,
  sessionContextOf,
  signSession,
  type Ctx,
} from './context.js';
import { cocktailOf, transcriptOf } from './cocktailState.js';
import { has, hashOf, ids, payloadOf } from './stored.js';
import type { SessionState } from './types.js';
import { pruneAfterSuccess } from './prune.js';

/**
 * After my confirmation: check each confirmation as it arrives, then echo the n confirmations,
 * then succeed once all n confirm-echoes agree with mine (spec Round 3 steps 4–5: success needs
 * all n signatures valid on T).
 *
 * Why a signature that does not verify on my T is proof against its signer, and never blames an
 * honest participant: the echoes have agreed, so the signer's own signed echo lists exactly my
 * msg1 set. T is a function of that set and the roster alone (cocktailBinding.ts: context from
 * the session id and P_1..P_n, the commitments, PoPs and ephemerals, our extension), so every
 * honest participant signs this same T with the static key the roster names for it.
 *
 * Why the confirm-echo round: without it, a signer who sends a true confirmation to Alice and a
 * false one to Bob makes Alice succeed (her n agree) while Bob fails. Alice now needs Bob's
 * confirm-echo, which Bob sends only if all his confirmations agree; he sends his failure record
 * instead, which Alice verifies and adopts.
 */
export async function confirmStep(ctx: Ctx, s: SessionState): Promise<boolean> {
  const session = cocktailOf(ctx, s);
  const T = transcriptOf(ctx, s);
  const held = ids(s).filter((i) => s.confirmations[String(i)] !== undefined);
  const lying = held.filter((i) => {
    const text = s.confirmations[String(i)] as string;
    const ok = ctx.cache.memo('certeq-ok', `${s.echoes[String(s.myId)] ?? ''}\u0000${text}`, () =>
      schnorrVerify(
        session.suite,
        session.staticPublicKeys[i - 1] as Uint8Array,
        fromHex(payloadOf(ctx, 'confirmation', text).certeq),
        T,
      ),
    );
    return !ok;
  });
  if (lying.length > 0) {
    await blameFalseConfirmations(ctx, s, lying);
    return true;
  }
  const n = s.roster.length;
  if (held.length < n) return false;
  const acks = (s.confirmEchoes ??= {});
  const myAck = acks[String(s.myId)];
  if (!myAck) {
    const payload: ConfirmEchoPayload = {
      confirmations: ids(s).map((i) => hashOf(ctx, s.confirmations[String(i)] as string)),
    };
    const env = signSession(ctx, 'confirm-echo', payload);
    acks[String(s.myId)] = envelopeText(env);
    s.sent.push(envelopeText(env));
    broadcast(ctx, env);
    ctx.dirty = true;
    return true;
  }
  if (!has(acks, n)) return false;
  const list = (text: string): string[] => payloadOf(ctx, 'confirm-echo', text).confirmations;
  const myList = list(myAck);
  const disagreeing = ids(s).filter((i) => list(acks[String(i)] as string).join() !== myList.join());
  if (disagreeing.length > 0) {
    if (s.confirmRelayed === true) return false;
    relayConfirmEvidence(ctx, s, disagreeing);
    return true;
  }
  s.outcome = 'success';
  // The result is confirmed: the DKG's working secrets go now, in the same save that records
  // the success (ctx.dirty), so no saved state after success ever holds them.
  pruneAfterSuccess(ctx.state);
  ctx.dirty = true;
  recordHistory(ctx.state, historyRecordOf(s));
  ctx.effects.push({
    type: 'notice',
    notice: {
      kind: 'success',
      message: `all ${n} confirmed group key ${s.result?.verifyingKey ?? ''}`,
      phase: 'success',
    },
  });
  return true;
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
    const ev: Evidence = {
      kind: 'false-confirmation',
      confirmation: s.confirmations[String(i)] as string,
      echo: s.echoes[String(i)] as string,
      round1,
    };
    const v = await judgeEvidence(ctx.crypto, sc, ev);
    if (!v.ok || v.reason !== 'confirmation-mismatch') continue; // never blame on evidence that does not check
    culprits.push(v.culprit);
    evidence.push(ev);
  }
  const names = culpritsOf(
    s,
    lying.map((i) => s.roster[i - 1]?.identity ?? ''),
  )
    .map((c) => `${c.name} (#${c.id})`)
    .join(', ');
  const first = evidence[0];
  if (first && fitsInRecord(ctx, sc, first, culprits[0] as string)) {
    failSession(
      ctx,
      'confirmation-mismatch',
      culprits,
      evidence,
      `${names} signed something other than the transcript of the round-1 set they echoed`,
    );
    return;
  }
  const why = first ? 'the evidence is too large for a failure record' : 'the evidence does not check';
  failSession(
    ctx,
    'confirmation-mismatch',
    [],
    [],
    `confirmations disagree (the transcript signature of ${names} does not verify); ${why}, so nobody is blamed`,
  );
}

function fitsInRecord(ctx: Ctx, sc: SessionContext, ev: Evidence, culprit: string): boolean {
  try {
    return (
      createFailureRecord(ctx.crypto, identityOf(ctx.state), sc, 'confirmation-mismatch', [culprit], [ev]).bytes
        .length <= MAX_FAILURE_RECORD_BYTES
    );
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
  const mine = payloadOf(ctx, 'confirm-echo', acks[String(s.myId)] as string).confirmations;
  const suspects = new Set<number>();
  for (const d of disagreeing) {
    payloadOf(ctx, 'confirm-echo', acks[String(d)] as string).confirmations.forEach((h, k) => {
      if (mine[k] !== h) suspects.add(k + 1);
    });
  }
  relay(ctx, [...[...suspects].map((i) => s.confirmations[String(i)] as string), ...Object.values(acks)]);
  const names = culpritsOf(
    s,
    disagreeing.map((d) => s.roster[d - 1]?.identity ?? ''),
  )
    .map((c) => c.name)
    .join(', ');
  ctx.effects.push({
    type: 'notice',
    notice: {
      kind: 'info',
      message: `confirmations differ (${names} hold others); waiting for the conflicting messages`,
    },
  });
}
