/**
 * Every fault is blamed on exactly the faulty participant (by everyone), honest participants
 * are never blamed, the failure records verify offline, and restarting without the culprit
 * succeeds.
 */
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../simulation.js';
import { createNodeIdentityCrypto } from '../../platform/node.js';
import { verifyFailureRecord } from '../failure.js';
import type { FaultSpec } from '../machine/types.js';
import type { SuiteName } from '../suites.js';

const crypto = createNodeIdentityCrypto();

const cases: { fault: FaultSpec; reason: string; suite: SuiteName }[] = [
  { fault: { kind: 'bad-share' }, reason: 'bad-share', suite: 'ed25519' },
  { fault: { kind: 'bad-share', target: 4 }, reason: 'bad-share', suite: 'p256' },
  { fault: { kind: 'bad-proof' }, reason: 'invalid-round1', suite: 'secp256k1' },
  { fault: { kind: 'equivocate' }, reason: 'equivocation', suite: 'ristretto255' },
  { fault: { kind: 'false-complaint', target: 2 }, reason: 'false-complaint', suite: 'ed25519' },
];

describe('faults (participant #3 of 4 misbehaves)', () => {
  it.each(cases)('$fault.kind (target $fault.target) → $reason, only P3 blamed', async ({ fault, reason, suite }) => {
    const r = await runSimulation({
      suite,
      minSigners: 2,
      maxSigners: 4,
      seed: `fault-${fault.kind}-${fault.target}`,
      faults: { 2: fault },
      autoRestart: false,
      crypto,
    });
    const culprit = r.participants[2]!.state.identity.publicKey;
    for (const p of r.participants) {
      const s = p.state.session!;
      expect(s.outcome, p.name).toBe('failed');
      expect(s.failure?.culprits, p.name).toEqual([culprit]);
      expect(s.failure?.reason, p.name).toBe(reason);
      // Everyone's record (own or adopted) verifies offline and names exactly P3.
      const v = await verifyFailureRecord(crypto, s.failure!.record, p.state.room.coordinator);
      expect(v.ok, JSON.stringify(v)).toBe(true);
      if (v.ok) expect(v.summary.culprits.map((c) => c.name)).toEqual(['P3']);
    }
    for (const v of r.views) expect(v.failure?.culprits.map((c) => c.id)).toEqual([3]);
  });

  it.each(cases)('$fault.kind: restart without the culprit succeeds', async ({ fault, suite }) => {
    const r = await runSimulation({
      suite,
      minSigners: 2,
      maxSigners: 4,
      seed: `restart-${fault.kind}`,
      faults: { 2: fault },
      crypto,
    });
    expect(r.generations.map((g) => [g.outcome, g.blamed])).toEqual([
      ['failed', ['P3']],
      ['success', []],
    ]);
    expect(r.views[2]!.phase).toBe('aborted');
    expect(r.views[2]!.abortReason?.code).toBe('excluded');
    for (const i of [0, 1, 3]) {
      const v = r.views[i]!;
      expect(v.phase).toBe('success');
      expect(v.roster.map((x) => x.name)).toEqual(['P1', 'P2', 'P4']);
      expect(v.history[0]?.blamed).toEqual([r.participants[2]!.state.identity.publicKey]);
    }
  });

  it('silent: nobody is blamed; everyone waits for P3; restart without P3 succeeds', async () => {
    const stuck = await runSimulation({
      suite: 'ed25519',
      minSigners: 2,
      maxSigners: 4,
      seed: 'silent',
      faults: { 2: { kind: 'silent' } },
      autoRestart: false,
      crypto,
    });
    for (const i of [0, 1, 3]) {
      const v = stuck.views[i]!;
      expect(v.phase).toBe('round1');
      expect(v.waitingFor.map((w) => w.name)).toEqual(['P3']);
      expect(v.failure).toBeNull();
    }
    const r = await runSimulation({
      suite: 'ed25519',
      minSigners: 2,
      maxSigners: 4,
      seed: 'silent',
      faults: { 2: { kind: 'silent' } },
      crypto,
    });
    expect(r.generations.map((g) => [g.outcome, g.blamed, g.excluded])).toEqual([
      ['failed', [], ['P3']],
      ['success', [], []],
    ]);
  });

  it('restart is refused when fewer than t would remain', async () => {
    const r = await runSimulation({
      suite: 'ed25519',
      minSigners: 3,
      maxSigners: 3,
      seed: 'too-few',
      faults: { 1: { kind: 'bad-share' } },
      crypto,
    });
    expect(r.generations.map((g) => g.outcome)).toEqual(['failed']);
    expect(r.views[0]!.phase).toBe('failed');
    expect(r.refused?.code).toBe('invalid-params');
    expect(r.refused?.message).toMatch(/only 2 participants would remain/);
  });
});

describe('a participant that missed the evidence', () => {
  it('adopts the verdict proven by the failure record inside the Restart', async () => {
    let early: import('../machine/types.js').ParticipantState | null = null;
    const r = await runSimulation({
      suite: 'ed25519',
      minSigners: 2,
      maxSigners: 4,
      seed: 'late',
      crypto,
      faults: { 2: { kind: 'bad-share' } },
      autoRestart: false,
      onStep: (i, _e, _f, _b, after) => {
        if (i === 1 && !early && after.session?.round1[String(after.session.myId)]) early = after; // P2 in round 1: no evidence yet
      },
    });
    const { step } = await import('../machine/step.js');
    const coord = r.participants[0]!;
    const restarted = await step(coord.state, { type: 'restart' }, coord.rng, { crypto });
    const restartBytes = restarted.effects.flatMap((e) =>
      e.type === 'broadcast' && new TextDecoder().decode(e.bytes).includes('"type":"restart"') ? [e.bytes] : [],
    );
    expect(restartBytes.length).toBe(1);
    const p2 = await step(
      early as unknown as import('../machine/types.js').ParticipantState,
      { type: 'receive', bytes: restartBytes[0]! },
      r.participants[1]!.rng,
      { crypto },
    );
    expect(p2.state.generation).toBe(1);
    expect(p2.state.history[0]?.blamed).toEqual([r.participants[2]!.state.identity.publicKey]);
    expect(p2.state.history[0]?.reason).toBe('bad-share');
    // …and says hello for the next generation with a fresh ephemeral key.
    expect(p2.state.ephemeral.publicKey).not.toBe(
      (early as unknown as import('../machine/types.js').ParticipantState).ephemeral.publicKey,
    );
    expect(
      p2.effects.some((e) => e.type === 'broadcast' && new TextDecoder().decode(e.bytes).includes('"type":"hello"')),
    ).toBe(true);
  });
});
