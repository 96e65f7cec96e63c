import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryNetwork, outputsOf, createMemoryStateStore } from '../ceremony/index';
import { toHex, generateIdentity, type FaultKind, createParticipant } from '../protocol/index';
import { runHeadless, type HeadlessResult } from './headless';
import { humanLine, type ProgressEvent } from './headlessReport';
import type { CoordinatorPlan } from './headlessState';

const rng = (n: number) => new Uint8Array(randomBytes(n));

interface Spec {
  name: string;
  fault?: FaultKind;
  /** Answers to questions, in order (default: none → the run uses autoConfirm). */
  answers?: boolean[];
}

/**
 * `onEvent` runs synchronously inside the participant's own emit, so a test can act
 * at an exact point of the run (polling with a timer races the run under CPU load).
 */
function setup(
  specs: Spec[],
  plan: CoordinatorPlan,
  extra: { restartStalledAfterMs?: number; acceptSmallerGroup?: boolean } = {},
  onEvent?: (index: number, e: ProgressEvent) => void,
) {
  const net = createMemoryNetwork();
  const ids = specs.map(() => generateIdentity(rng));
  const room = { id: 'room-headless-test', secret: rng(32), coordinator: ids[0]!.publicKey };
  const events: ProgressEvent[][] = specs.map(() => []);
  const questions: string[][] = specs.map(() => []);
  const written: number[] = [];
  const runs = specs.map((spec, i) => {
    const answers = spec.answers ? [...spec.answers] : undefined;
    return runHeadless({
      state: createParticipant({
        identity: ids[i]!,
        name: spec.name,
        room,
        isCoordinator: i === 0,
        rng,
        ...(spec.fault ? { fault: spec.fault } : {}),
      }),
      transport: net.transport(toHex(ids[i]!.publicKey)),
      stateStore: createMemoryStateStore(),
      rng,
      autoConfirm: answers === undefined,
      ...(extra.acceptSmallerGroup ? { acceptSmallerGroup: true } : {}),
      ask: async (q) => {
        questions[i]!.push(q);
        return answers?.shift() ?? false;
      },
      ...(i === 0
        ? {
            coordinator: {
              plan,
              ...(extra.restartStalledAfterMs !== undefined
                ? { restartStalledAfterMs: extra.restartStalledAfterMs }
                : {}),
            },
          }
        : {}),
      emit: (e) => {
        events[i]!.push(e);
        onEvent?.(i, e);
      },
      writeOutputs: async (s) => {
        written.push(outputsOf(s).identifier);
        return [`key-package-${outputsOf(s).identifier}.json`];
      },
      lingerMs: 10,
      tickMs: 20,
    });
  });
  return { runs, events, questions, written, ids, net };
}

const plan3: CoordinatorPlan = { suite: 'ed25519', minSigners: 2, maxSigners: 3, label: 'unit' };

describe('headless participant driver', () => {
  it('with --yes: the coordinator locks the first n candidates, everyone confirms and succeeds', async () => {
    const { runs, events, written } = setup([{ name: 'Alice' }, { name: 'Bob' }, { name: 'Carol' }], plan3);
    const results = await Promise.all(runs.map((r) => r.done));
    expect(results.map((r) => r.exitCode)).toEqual([0, 0, 0]);
    expect(written.sort()).toEqual([1, 2, 3]);
    const codes = events.map((ev) => ev.find((e): e is Extract<ProgressEvent, { t: 'code' }> => e.t === 'code')?.code);
    expect(new Set(codes).size).toBe(1);
    const keys = events.map(
      (ev) => ev.find((e): e is Extract<ProgressEvent, { t: 'success' }> => e.t === 'success')?.groupKey,
    );
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('asks on the terminal; a participant answering no rejects the code and exits 1, the others stop with code-mismatch', async () => {
    const { runs, questions } = setup([{ name: 'Alice' }, { name: 'Bob', answers: [false] }, { name: 'Carol' }], plan3);
    const results: HeadlessResult[] = await Promise.all(runs.map((r) => r.done));
    expect(questions[1]![0]).toMatch(/Do all participants see the same code\? \[y\/N\]/);
    expect(results[1]).toEqual({ exitCode: 1, message: expect.stringMatching(/you rejected the verification code/) });
    expect(results[0]!.exitCode).toBe(1);
    expect(results[0]!.message).toMatch(/different verification code/);
  });

  it('a Taproot key: success reports t of n and the x-only key beside the frost-rs form (issue 15.6)', async () => {
    const plan: CoordinatorPlan = { suite: 'secp256k1-tr', minSigners: 2, maxSigners: 3, label: 'unit' };
    const { runs, events } = setup([{ name: 'Alice' }, { name: 'Bob' }, { name: 'Carol' }], plan);
    expect((await Promise.all(runs.map((r) => r.done))).map((r) => r.exitCode)).toEqual([0, 0, 0]);
    for (const ev of events) {
      const success = ev.find((e): e is Extract<ProgressEvent, { t: 'success' }> => e.t === 'success');
      expect(success?.groupKey).toMatch(/^0[23][0-9a-f]{64}$/);
      expect(success?.xOnlyKey).toBe(success!.groupKey.slice(2));
      expect([success?.minSigners, success?.maxSigners]).toEqual([2, 3]);
    }
  });

  it('with --yes the coordinator restarts without a culprit named by blame, and the next generation succeeds', async () => {
    const plan: CoordinatorPlan = { suite: 'ed25519', minSigners: 2, maxSigners: 4, label: 'unit' };
    const { runs, events } = setup(
      [{ name: 'Alice' }, { name: 'Bob' }, { name: 'Mallory', fault: 'bad-share' }, { name: 'Dave' }],
      plan,
    );
    const [alice, bob, mallory, dave] = await Promise.all(runs.map((r) => r.done));
    expect(mallory).toEqual({ exitCode: 1, message: expect.stringMatching(/restarted without you/) });
    expect([alice!.exitCode, bob!.exitCode, dave!.exitCode]).toEqual([0, 0, 0]);
    const failed = events[1]!.find((e): e is Extract<ProgressEvent, { t: 'failed' }> => e.t === 'failed');
    expect(failed?.reason).toBe('bad-share');
    expect(failed?.culprits.map((c) => c.name)).toEqual(['Mallory']);
    const restarting = events[0]!.find((e): e is Extract<ProgressEvent, { t: 'restarting' }> => e.t === 'restarting');
    expect(restarting?.without.map((p) => p.name)).toEqual(['Mallory']);
    const success = events[1]!.find((e): e is Extract<ProgressEvent, { t: 'success' }> => e.t === 'success');
    expect(success?.generation).toBe(1);
  });

  it('restarts without a silent participant once progress stalled, and the next generation succeeds', async () => {
    const { runs, events } = setup([{ name: 'Alice' }, { name: 'Bob' }, { name: 'Silent', fault: 'silent' }], plan3, {
      restartStalledAfterMs: 1500,
      acceptSmallerGroup: true,
    });
    const [alice, bob, silent] = await Promise.all(runs.map((r) => r.done));
    expect([alice!.exitCode, bob!.exitCode]).toEqual([0, 0]);
    // The code line says what the new attempt makes: 2 of 2 (issue 15.2).
    const codes = events[1]!.filter((e): e is Extract<ProgressEvent, { t: 'code' }> => e.t === 'code');
    expect(codes.map((c) => c.params && `${c.params.t} of ${c.params.n}`)).toEqual(['2 of 3', '2 of 2']);
    expect(humanLine(codes[1]!)).toMatch(/it covers the key "unit": ed25519, 2 of 2 must sign, attempt 2/);
    expect(silent!.exitCode).toBe(1);
    const waited = events[1]!.filter((e): e is Extract<ProgressEvent, { t: 'waiting' }> => e.t === 'waiting');
    expect(waited.some((w) => w.for.map((p) => p.name).join() === 'Silent')).toBe(true);
    const restarting = events[0]!.filter((e): e is Extract<ProgressEvent, { t: 'restarting' }> => e.t === 'restarting');
    expect(restarting.some((r) => r.without.map((p) => p.name).join() === 'Silent')).toBe(true);
    expect(events[1]!.some((e) => e.t === 'restarted' && e.generation === 1)).toBe(true);
  });

  it('--yes does not accept a restarted attempt whose key needs every piece, unless --accept-smaller-group (issue 15.2)', async () => {
    const { runs, events } = setup([{ name: 'Alice' }, { name: 'Bob' }, { name: 'Silent', fault: 'silent' }], plan3, {
      restartStalledAfterMs: 1500,
    });
    const [alice, bob] = await Promise.all(runs.slice(0, 2).map((r) => r.done));
    runs[2]!.stop(130, 'test over');
    for (const r of [alice!, bob!]) {
      expect(r.exitCode).toBe(1);
      expect(r.message).toMatch(
        /makes a key that 2 of 2 must sign: if any piece is lost, the key is lost; not accepted with --yes \(add --accept-smaller-group/,
      );
    }
    expect(events[1]!.some((e) => e.t === 'success')).toBe(false);
  });

  it('after a restart, the coordinator locks without a participant who never came back for the next generation', async () => {
    const plan: CoordinatorPlan = { suite: 'ed25519', minSigners: 2, maxSigners: 4, label: 'unit' };
    // Dave leaves for good the moment generation 0 fails (before he could hear of a restart).
    const { runs, events, ids } = setup(
      [{ name: 'Alice' }, { name: 'Bob' }, { name: 'Mallory', fault: 'bad-share' }, { name: 'Dave' }],
      plan,
      { restartStalledAfterMs: 1000, acceptSmallerGroup: true },
      (i, e) => {
        if (i === 3 && e.t === 'failed') runs[3]!.stop(130, 'gone');
      },
    );
    const [alice, bob, mallory] = await Promise.all(runs.slice(0, 3).map((r) => r.done));
    expect([alice!.exitCode, bob!.exitCode, mallory!.exitCode]).toEqual([0, 0, 1]);
    const restarts = events[0]!.filter((e): e is Extract<ProgressEvent, { t: 'restarting' }> => e.t === 'restarting');
    expect(restarts.map((r) => r.why)).toEqual([
      expect.stringMatching(/sent a secret share that does not match/),
      'they did not come back for generation 1',
    ]);
    expect(restarts[1]!.without.map((p) => p.identity)).toEqual([toHex(ids[3]!.publicKey)]);
    const success = events[1]!.find((e): e is Extract<ProgressEvent, { t: 'success' }> => e.t === 'success');
    expect(success?.generation).toBe(1);
  });

  it('stop() ends the run at once with the given exit code', async () => {
    const { runs } = setup([{ name: 'Alice' }], plan3);
    runs[0]!.stop(130, 'stopped by SIGINT');
    expect(await runs[0]!.done).toEqual({ exitCode: 130, message: 'stopped by SIGINT' });
  });

  it('bytes that are not an envelope are rejected naming the peer that handed them over, and the ceremony goes on', async () => {
    const { runs, events, net } = setup([{ name: 'Alice' }, { name: 'Bob' }, { name: 'Carol' }], plan3);
    const mallory = net.transport('mallory');
    mallory.start();
    mallory.broadcast(new TextEncoder().encode('not an envelope'));
    const results = await Promise.all(runs.map((r) => r.done));
    expect(results.map((r) => r.exitCode)).toEqual([0, 0, 0]);
    for (const ev of events) {
      expect(ev).toContainEqual(
        expect.objectContaining({ t: 'rejected', code: 'malformed', peer: 'mallory', culprits: [] }),
      );
    }
    mallory.stop();
  });
});
