import { describe, expect, it } from 'vitest';
import { checkRun, median, networkGoals, summarize, type OneRun } from './summary';

const run = (ceremonyMs: number, cpu: number[], setupMs = 100, directPairs = 3): OneRun => ({
  setupMs,
  directPairs,
  ceremonyMs,
  fromConfirmMs: ceremonyMs + 10,
  cpuPerParticipantMs: cpu,
  cpuMs: cpu.reduce((a, b) => a + b, 0),
  maxFds: 40,
  peakRssMiB: [60, 61],
  serverErrors: { rate_limited: 2 },
  spawnMs: 500,
  wallMs: 2000,
});

describe('network bench summary', () => {
  it('takes medians over the reps; limit = bare DKG CPU of all ÷ cores + 4 RTT; waiting = ceremony − the median participant’s CPU', () => {
    const row = summarize(
      'webrtc',
      3,
      [run(300, [100, 110, 120]), run(500, [200, 210, 220]), run(400, [150, 160, 170], 120, 2)],
      2,
      2,
      [1, 1.5, 2],
      300,
    );
    expect(row).toMatchObject({
      kind: 'webrtc',
      n: 3,
      t: 3,
      reps: 3,
      ceremonyMs: 400,
      cpuMs: 480,
      computingMs: 160,
      waitingMs: 240,
      setupMs: 100,
      directPairs: 2,
      contention: 1.5,
    });
    // The limit is what the work needs (the bare DKG), not what the participants spent.
    expect(row.limitMs).toBe(300 / 2 + 8);
    expect(row.bareCpuMs).toBe(300);
    expect(row.cpuVsBare).toBeCloseTo(480 / 300, 12);
    expect(row.ratio).toBeCloseTo(400 / 158, 12);
    expect(row.idleMs).toBe(400 - 240);
    expect(row.ratioLoadAdjusted).toBeCloseTo(400 / 158 / 1.5, 12);
    expect(row.benchSeconds).toBe(6);
    expect(row.serverErrors).toEqual({ rate_limited: 6 });
  });

  it('marks set-up incomplete when a rep never got every data channel, and refuses an empty row', () => {
    expect(
      Number.isNaN(summarize('webrtc', 3, [run(300, [1, 1, 1]), run(300, [1, 1, 1], NaN)], 1, 2, [], 10).setupMs),
    ).toBe(true);
    expect(() => summarize('relay', 5, [], 1, 2, [], 10)).toThrow(/no ceremony measured for relay n=5/);
    expect(() => summarize('relay', 5, [run(300, [1, 1])], 1, 2, [], NaN)).toThrow(/no bare DKG baseline for n=5/);
  });

  it('judges ≤ 1.5× at n = 5, 10 and ≤ 2× at n = 20; a size that failed is a failed goal, one not run is not measured', () => {
    // limit = 200 ÷ 2 cores + 0 RTT = 100 ms
    const at = (n: number, ceremonyMs: number) => summarize('relay', n, [run(ceremonyMs, [100, 100])], 0, 2, [], 200);
    const goals = networkGoals([at(5, 150), at(10, 151), at(20, 200)], ['relay', 'webrtc'], 2, {
      'webrtc:20': 'worker 3 exited with SIGSEGV',
    });
    expect(goals.map((g) => g.pass)).toEqual([true, false, true, null, null, false]);
    expect(goals[5]!.value).toMatch(/failed: worker 3 exited with SIGSEGV/);
    expect(goals[3]!.value).toBe('not measured');
  });

  it('a ceremony that did not measure what it claims is refused, naming why', () => {
    expect(() => checkRun(run(300, [100, 110, 120], 100, 0), 3, 'relay')).not.toThrow();
    expect(() => checkRun(run(300, [100, 0, 120], 100, 0), 3, 'relay')).toThrow(/CPU reported by 2 of 3/);
    expect(() => checkRun(run(300, [100, 110], 100, 0), 3, 'relay')).toThrow(/CPU reported by 2 of 3/);
    expect(() => checkRun(run(300, [100, 110, 120], 100, 1), 3, 'relay')).toThrow(/1 data channels in a relay-only/);
    expect(() => checkRun({ ...run(300, [1, 1, 1]), fromConfirmMs: 200 }, 3, 'webrtc')).toThrow(/codes match/);
    expect(() => checkRun({ ...run(300, [1, 1, 1]), maxFds: 0 }, 3, 'webrtc')).toThrow(/descriptor/);
  });

  it('median of an even count is the mean of the middle two; of none is NaN', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(Number.isNaN(median([]))).toBe(true);
  });
});
