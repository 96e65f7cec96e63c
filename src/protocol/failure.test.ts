import { describe, expect, it } from 'vitest';
import { runSimulation } from './simulation.js';
import { createNodeIdentityCrypto } from '../platform/node.js';
import { createFailureRecord, verifyFailureRecord } from './failure.js';
import { readTrusted, envelopeText } from './envelope.js';
import { parsePayload } from './messages.js';
import { openRoster } from './sessionContext.js';
import { fromHex, fromUtf8 } from './encoding.js';
import { confirmFixture, confirmationPayload } from './testing/confirmations.js';
import { step } from './machine/step.js';
import type { Evidence } from './messages.js';

const crypto = createNodeIdentityCrypto();

describe('failure records', () => {
  it('a bad-share record verifies; re-signed to blame an honest participant instead, it does not', async () => {
    const r = await runSimulation({
      suite: 'ed25519',
      minSigners: 2,
      maxSigners: 3,
      seed: 'fr-bad-share',
      crypto,
      faults: { 1: { kind: 'bad-share' } },
      autoRestart: false,
    });
    const p1 = r.participants[0]!;
    const record = p1.state.session!.failure!.record;
    const ok = await verifyFailureRecord(crypto, record, p1.state.room.coordinator);
    expect(ok.ok && ok.summary.culprits.map((c) => c.name)).toEqual(['P2']);
    expect(ok.ok && ok.summary.reason).toBe('bad-share');
    const payload = parsePayload('failure', readTrusted(record).payload);
    if (!payload.ok) throw new Error('unreachable');
    const ctx = openRoster(crypto, payload.value.roster);
    if (ctx instanceof Error) throw ctx;
    const identity = {
      secretKey: fromHex(p1.state.identity.secretKey),
      publicKey: fromHex(p1.state.identity.publicKey),
    };
    const honest = r.participants[2]!.state.identity.publicKey;
    const framed = createFailureRecord(crypto, identity, ctx, 'bad-share', [honest], payload.value.evidence);
    const v = await verifyFailureRecord(crypto, envelopeText(framed));
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.reason).toMatch(/exactly the named culprits/);
    const noEvidence = createFailureRecord(crypto, identity, ctx, 'bad-share', [honest], []);
    expect((await verifyFailureRecord(crypto, envelopeText(noEvidence))).ok).toBe(false);
    const wrongReason = createFailureRecord(
      crypto,
      identity,
      ctx,
      'false-complaint',
      payload.value.culprits,
      payload.value.evidence,
    );
    expect((await verifyFailureRecord(crypto, envelopeText(wrongReason))).ok).toBe(false);
  });

  it('a false complaint is pinned on the accuser', async () => {
    const r = await runSimulation({
      suite: 'p256',
      minSigners: 2,
      maxSigners: 3,
      seed: 'fr-false',
      crypto,
      faults: { 2: { kind: 'false-complaint', target: 1 } },
      autoRestart: false,
    });
    for (const p of r.participants) {
      const v = await verifyFailureRecord(crypto, p.state.session!.failure!.record);
      expect(v.ok && [v.summary.reason, v.summary.culprits.map((c) => c.name)]).toEqual(['false-complaint', ['P3']]);
    }
  });

  it('an equivocation record carries both signed packages', async () => {
    const r = await runSimulation({
      suite: 'ed25519',
      minSigners: 2,
      maxSigners: 3,
      seed: 'fr-eq',
      crypto,
      faults: { 1: { kind: 'equivocate' } },
      autoRestart: false,
    });
    const rec = r.participants[0]!.state.session!.failure!.record;
    const v = await verifyFailureRecord(crypto, rec);
    expect(v.ok && v.payload.evidence.map((e) => e.kind)).toEqual(['equivocation']);
    expect(v.ok && v.summary.culprits.map((c) => c.name)).toEqual(['P2']);
  });

  it('rejects garbage and a record pinned to another coordinator', async () => {
    expect((await verifyFailureRecord(crypto, 'nope')).ok).toBe(false);
    const r = await runSimulation({
      suite: 'ed25519',
      minSigners: 2,
      maxSigners: 3,
      seed: 'fr-coord',
      crypto,
      faults: { 1: { kind: 'bad-proof' } },
      autoRestart: false,
    });
    const rec = r.participants[0]!.state.session!.failure!.record;
    expect((await verifyFailureRecord(crypto, rec)).ok).toBe(true);
    const v = await verifyFailureRecord(crypto, rec, '11'.repeat(32));
    expect(v.ok).toBe(false);
  });

  it('a false-confirmation record verifies; re-aimed at an honest participant, or with another signer’s echo or another round-1 set, it does not', async () => {
    const f = await confirmFixture('fr-confirm', crypto);
    const p = confirmationPayload(f.confirmations[2]!);
    const lie = f.signAs(2, 'confirmation', {
      certeq: p.certeq.slice(0, -2) + (p.certeq.endsWith('00') ? '01' : '00'),
    });
    const res = await step(f.p1, { type: 'receive', bytes: lie }, f.participants[0]!.rng, { crypto });
    const record = res.state.session!.failure!.record;
    const coordinator = f.p1.room.coordinator;
    const ok = await verifyFailureRecord(crypto, record, coordinator);
    expect(ok.ok && [ok.summary.reason, ok.summary.culprits.map((c) => c.name)]).toEqual([
      'confirmation-mismatch',
      ['P3'],
    ]);
    if (!ok.ok) return;
    const ev = ok.payload.evidence[0] as Evidence & { kind: 'false-confirmation' };
    const identity = { secretKey: fromHex(f.p1.identity.secretKey), publicKey: fromHex(f.p1.identity.publicKey) };
    const s = f.p1.session!;
    const p2 = s.roster[1]!.identity;
    const forge = (culprits: string[], evidence: Evidence[]) =>
      verifyFailureRecord(
        crypto,
        envelopeText(createFailureRecord(crypto, identity, ok.context, 'confirmation-mismatch', culprits, evidence)),
        coordinator,
      );
    const reasonOf = async (v: ReturnType<typeof forge>) => {
      const r = await v;
      return r.ok ? 'ok' : r.reason;
    };
    // P2's true confirmation with P2's echo proves nothing.
    const honest = { ...ev, confirmation: fromUtf8(f.confirmations[1]!), echo: s.echoes['2']! };
    expect(await reasonOf(forge([p2], [honest]))).toMatch(/verifies on the transcript of the round-1 set/);
    // The liar's confirmation, pinned on P2 by name: the evidence proves P3, not P2.
    expect(await reasonOf(forge([p2], [ev]))).toMatch(/exactly the named culprits/);
    // Another signer's echo.
    expect(await reasonOf(forge([s.roster[2]!.identity], [{ ...ev, echo: s.echoes['2']! }]))).toMatch(
      /different signers/,
    );
    // A round-1 set that is not the one echoed (two packages swapped; one missing).
    expect(
      await reasonOf(
        forge([s.roster[2]!.identity], [{ ...ev, round1: [ev.round1[1]!, ev.round1[0]!, ev.round1[2]!] }]),
      ),
    ).toMatch(/signed by|not the one echoed/);
    expect(await reasonOf(forge([s.roster[2]!.identity], [{ ...ev, round1: ev.round1.slice(0, 2) }]))).toMatch(
      /must have 3/,
    );
    // Naming the liar without evidence is refused; the unattributed form (no culprits, no evidence) verifies.
    expect(await reasonOf(forge([s.roster[2]!.identity], []))).toMatch(/exactly the named culprits/);
    expect(await reasonOf(forge([], []))).toBe('ok');
  });
});
