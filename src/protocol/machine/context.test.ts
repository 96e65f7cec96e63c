import { describe, expect, it } from 'vitest';
import { runSimulation } from '../simulation.js';
import { createNodeIdentityCrypto } from '../../platform/node.js';
import { createProtocolCache } from '../cache.js';
import { readTrusted } from '../envelope.js';
import { parsePayload } from '../messages.js';
import { failSession, MAX_FAILURE_RECORD_BYTES, type Ctx } from './context.js';
import { verifyFailureRecord } from '../failure.js';
import { seededRng } from '../simulation.js';

const crypto = createNodeIdentityCrypto();

async function ctxInRound1(): Promise<{ ctx: Ctx; others: string[] }> {
  let st = null as unknown as Ctx['state'];
  await runSimulation({
    suite: 'ed25519',
    minSigners: 2,
    maxSigners: 3,
    seed: 'ctx',
    crypto,
    autoRestart: false,
    onStep: (i, _e, _f, _b, after) => {
      if (i === 0 && after.session && Object.keys(after.session.round1).length === 3 && !st)
        st = structuredClone(after);
    },
  });
  const ctx: Ctx = { state: st, effects: [], rng: seededRng('c'), crypto, dirty: false, cache: createProtocolCache() };
  return { ctx, others: st.session!.roster.slice(1).map((r) => r.identity) };
}

describe('failure records made by failSession', () => {
  it('keep one proof per culprit; verifiers still judge the proof', async () => {
    const { ctx, others } = await ctxInRound1();
    const s = ctx.state.session!;
    const p2 = others[0]!;
    // The same (bogus) proof three times: failSession must keep it once. Verifiers then judge it.
    const ev = { kind: 'equivocation' as const, first: s.round1['2']!, second: s.round1['2']! };
    failSession(ctx, 'equivocation', [p2, p2, p2], [ev, ev, ev], 'test');
    const rec = s.failure!.record;
    const payload = parsePayload('failure', readTrusted(rec).payload);
    expect(payload.ok && payload.value.evidence.length).toBe(1);
    expect(payload.ok && payload.value.culprits).toEqual([p2]);
    // Identical messages prove nothing: the record is refused by verifiers.
    expect((await verifyFailureRecord(crypto, rec)).ok).toBe(false);
  });

  it('leave out trailing evidence (and its culprit) when the record would be too large', async () => {
    const { ctx, others } = await ctxInRound1();
    const big = (c: string): { kind: 'invalid-round1'; round1: string } => ({
      kind: 'invalid-round1',
      round1: c.repeat(80_000 / 64),
    });
    failSession(ctx, 'invalid-round1', others, others.map(big), 'test');
    const s = ctx.state.session!;
    expect(new TextEncoder().encode(s.failure!.record).length).toBeLessThanOrEqual(MAX_FAILURE_RECORD_BYTES);
    expect(s.failure!.culprits).toEqual([others[0]]);
    expect(ctx.effects.some((e) => e.type === 'broadcast')).toBe(true);
  });
});
