import { describe, expect, it } from 'vitest';
import {
  bareCeremony,
  checkReplay,
  MEASURED,
  recordCeremony,
  replay,
  runCeremonyBench,
  runStepBench,
  simulateCeremony,
} from './stepBench';
import { shardStepUnits, stepUnitCost, stepUnits } from './stepPlan';

// Correctness of the harness only: nothing here looks at how long anything took.
describe('step-level protocol bench', () => {
  it('replays the measured participant exactly: same effects, success, the group key of all the others', async () => {
    const rec = await recordCeremony('ristretto255', 3);
    expect(rec.finished).toBe(3);
    // It stepped through every other participant's messages, not only its own.
    expect(rec.events.filter((e) => e.type === 'receive').length).toBeGreaterThanOrEqual(2 * 4);
    const r = await replay(rec);
    expect(() => checkReplay(rec, r)).not.toThrow();
    expect(r.stepMs).toBeGreaterThan(0);
  });

  it('refuses a replay that is not the recorded participant (a received envelope changed by one byte)', async () => {
    const rec = await recordCeremony('ed25519', 3);
    const k = rec.events.findIndex(
      (e) => e.type === 'receive' && rec.effects[rec.events.indexOf(e)]!.some((x) => x.type === 'broadcast'),
    );
    expect(k).toBeGreaterThanOrEqual(0);
    const ev = rec.events[k] as { type: 'receive'; bytes: Uint8Array };
    const bytes = ev.bytes.slice();
    const at = bytes.length - 10;
    bytes[at] = (bytes[at] as number) ^ 1;
    const tampered = { ...rec, events: rec.events.map((e, i) => (i === k ? { type: 'receive' as const, bytes } : e)) };
    await expect(replay(tampered).then((r) => checkReplay(tampered, r))).rejects.toThrow(
      /effects than recorded|not success|group key/,
    );
  });

  it('refuses a replay from another participant’s start', async () => {
    const rec = await recordCeremony('p256', 3);
    const other = { ...rec, seed: `${rec.seed}-other` };
    expect(() => checkReplay(other, { stepMs: 1, persistMs: 0, state: null as never, effects: rec.effects })).toThrow(
      /does not start from the recorded state/,
    );
    expect(MEASURED).toBe(1);
  });

  it('rows carry all three figures and their ratios', async () => {
    const [row] = await runStepBench({ suites: ['secp256k1'], ns: [3], reps: 1, warmUp: false });
    expect(row).toMatchObject({ suite: 'secp256k1', n: 3, t: 3, reps: 1 });
    expect(row!.ratio).toBeCloseTo(row!.stepMs / row!.nobleMs, 12);
    expect(row!.libRatio).toBeCloseTo(row!.libMs / row!.nobleMs, 12);
    expect(row!.bytesIn).toBeGreaterThan(0);
  });

  it('whole ceremony: simulate succeeds and the bare noble participants agree on one key', async () => {
    expect(bareCeremony('ed25519', 4, 's')).toMatch(/^[0-9a-f]{64}$/);
    expect(await simulateCeremony('ed25519', 4, 's')).toMatch(/^[0-9a-f]{64}$/);
    const [row] = await runCeremonyBench({ suites: ['ristretto255'], ns: [3], reps: 1 });
    expect(row!.ratio).toBeCloseTo(row!.simulateMs / row!.bareMs, 12);
  });

  it('plan: full = every suite at n = 3…20 through step() and at 10, 20 whole; quick = 3, 5 and 5; shards hold each unit once', () => {
    const full = stepUnits(false);
    expect(full.filter((u) => u.kind === 'step')).toHaveLength(24);
    expect(full.filter((u) => u.kind === 'ceremony').map((u) => u.n)).toEqual(
      Array.from({ length: 6 }, () => [10, 20]).flat(),
    );
    expect(stepUnits(true).map((u) => `${u.kind}${u.n}`)).toEqual([
      ...Array.from({ length: 6 }, () => ['step3', 'step5']).flat(),
      ...Array.from({ length: 6 }, () => 'ceremony5'),
    ]);
    const shards = shardStepUnits(full, 2);
    expect(
      shards
        .flat()
        .map((u) => `${u.kind}:${u.suite}:${u.n}`)
        .sort(),
    ).toEqual(full.map((u) => `${u.kind}:${u.suite}:${u.n}`).sort());
    expect(stepUnitCost({ kind: 'step', suite: 'ed25519', n: 20, reps: 5 })).toBeGreaterThan(
      stepUnitCost({ kind: 'step', suite: 'ed25519', n: 10, reps: 5 }),
    );
  });
});
