import { describe, expect, it } from 'vitest';
import type { CeremonySnapshot } from '../ceremony/index';
import { type CeremonyView, fingerprint } from '../protocol/index';
import { createProgressTracker, createReporter, humanLine, type ProgressEvent } from './headlessReport';

const alice = { id: 1, identity: 'a'.repeat(64), fingerprint: 'f', name: 'Alice', isMe: true, isCoordinator: true };
const bob = { id: 2, identity: 'b'.repeat(64), fingerprint: 'f', name: 'Bob', isMe: false, isCoordinator: false };

function snap(v: Partial<CeremonyView>, extra: Partial<CeremonySnapshot> = {}): CeremonySnapshot {
  const view = {
    phase: 'lobby',
    generation: 0,
    candidates: [],
    roster: [],
    waitingFor: [],
    verificationCode: null,
    sessionId: null,
    failure: null,
    abortReason: null,
    ...v,
  } as unknown as CeremonyView;
  return {
    view,
    links: {},
    presence: [],
    server: { state: 'open' } as CeremonySnapshot['server'],
    badPeers: [],
    ...extra,
  };
}

describe('progress events', () => {
  it('reports only what changed: phase, code, whom we wait for, links, new bad peers', () => {
    let t = 0;
    const tracker = createProgressTracker(() => t);
    const first = tracker.update(snap({}), []);
    expect(first.map((e) => e.t)).toEqual(['server', 'lobby', 'phase']);
    expect(tracker.update(snap({}), [])).toEqual([]);
    const verify = snap(
      {
        phase: 'verify',
        roster: [alice, bob],
        verificationCode: '1234 5678',
        sessionId: 'ab'.repeat(32),
        waitingFor: [bob],
      },
      { links: { ['b'.repeat(64)]: 'direct' } },
    );
    const second = tracker.update(verify, []);
    expect(second.map((e) => e.t)).toEqual(['phase', 'code', 'waiting', 'links']);
    expect(second.find((e) => e.t === 'waiting')).toMatchObject({ for: [{ id: 2, name: 'Bob' }], seconds: 0 });
    t = 12_000;
    expect(tracker.reminder(verify)).toMatchObject({ t: 'waiting', seconds: 12 });
    const bad = { peer: 'mallory', reason: 'unknown_kind' };
    expect(tracker.update(snap({ ...verify.view }, { ...verify, badPeers: [bad] }), [])).toEqual([
      { t: 'bad-peer', peer: 'mallory', reason: 'unknown_kind' },
    ]);
    expect(tracker.update(snap({ ...verify.view }, { ...verify, badPeers: [bad] }), [])).toEqual([]);
    const rejected = tracker.update(verify, [
      {
        kind: 'rejected',
        message: 'x',
        error: {
          code: 'unknown-sender',
          message: 'sender is not in the roster',
          culprits: [{ identity: 'e'.repeat(64), name: 'Eve' }],
          round: 'round1',
        },
      },
    ]);
    expect(rejected).toEqual([
      {
        t: 'rejected',
        code: 'unknown-sender',
        message: 'sender is not in the roster',
        round: 'round1',
        culprits: [{ identity: 'e'.repeat(64), name: 'Eve' }],
      },
    ]);
  });

  it('human lines name the culprit, the peer that handed bytes over, and the failure', () => {
    const r: ProgressEvent = {
      t: 'rejected',
      code: 'malformed',
      message: 'envelope is not valid UTF-8 JSON',
      round: 'lobby',
      culprits: [],
      peer: 'mallory',
      path: 'relay',
    };
    expect(humanLine(r)).toBe(
      'rejected a message from unknown sender (handed over by peer mallory via relay): malformed: envelope is not valid UTF-8 JSON',
    );
    const named: ProgressEvent = {
      t: 'rejected',
      code: 'bad-share',
      message: 'bad share',
      round: 'round2',
      culprits: [{ identity: 'c'.repeat(64), id: 3, name: 'Carol' }],
    };
    expect(humanLine(named)).toBe(
      `rejected a message from Carol (#3) [${fingerprint('c'.repeat(64))}]: bad-share: bad share`,
    );
    expect(
      humanLine({
        t: 'waiting',
        phase: 'round1',
        generation: 0,
        for: [{ id: 2, name: 'Bob', identity: 'b' }],
        seconds: 30,
      }),
    ).toBe('waiting for Bob (#2) [b] in round1 (30s)');
  });

  it('success says t of n of the key made and, for Taproot, the x-only key (issue 15.2, 15.6)', () => {
    const key = '03' + 'ab'.repeat(32);
    const line = humanLine({
      t: 'success',
      generation: 1,
      identifier: 2,
      groupKey: key,
      files: ['out/key-package-2.json'],
      minSigners: 2,
      maxSigners: 2,
      xOnlyKey: key.slice(2),
    });
    expect(line.split('\n')).toEqual([
      `success: group key ${key} (you are participant #2)`,
      '  the key: 2 of 2 must sign',
      `  Taproot key (x-only, 32 bytes, the form Bitcoin tools use): ${'ab'.repeat(32)}`,
      '  wrote out/key-package-2.json',
    ]);
  });

  it('7.7: every name is printed with its fingerprint; look-alike and duplicate names in the lobby are flagged', () => {
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((x) => x.repeat(64)) as [string, string, string, string];
    const line = humanLine({
      t: 'lobby',
      generation: 0,
      candidates: [
        { id: null, name: 'Alice', identity: a },
        { id: null, name: '\u0410lice', identity: b },
        { id: null, name: 'Bob', identity: c },
        { id: null, name: 'Carol', identity: d },
      ],
    });
    expect(line).toBe(
      `lobby (generation 0): Alice [${fingerprint(a)}] (WARNING: looks like \u0410lice [${fingerprint(b)}]; check fingerprints), ` +
        `\u0410lice [${fingerprint(b)}] (WARNING: looks like Alice [${fingerprint(a)}]; check fingerprints), Bob [${fingerprint(c)}], Carol [${fingerprint(d)}]`,
    );
    const code = humanLine({
      t: 'code',
      code: '123-456',
      generation: 0,
      sessionId: 'x',
      roster: [{ id: 1, name: 'Alice', identity: a }],
    });
    expect(code).toContain(`Alice (#1) [${fingerprint(a)}]`);
  });

  it('--json-events: one JSON object per line on stdout, the human line on stderr', () => {
    const out: string[] = [];
    const err: string[] = [];
    createReporter(
      (t) => void out.push(t),
      (t) => void err.push(t),
      true,
    ).emit({ t: 'phase', phase: 'echo', generation: 1 });
    expect(out).toEqual(['{"t":"phase","phase":"echo","generation":1}\n']);
    expect(err).toEqual(['phase: echo (generation 1)\n']);
    const plain: string[] = [];
    createReporter(
      (t) => void plain.push(t),
      () => undefined,
      false,
    ).emit({ t: 'phase', phase: 'echo', generation: 1 });
    expect(plain).toEqual(['phase: echo (generation 1)\n']);
  });
});
