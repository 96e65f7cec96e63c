import { describe, expect, it } from 'vitest';
import { fmtNum, renderTables, stampLine } from './table';

const stamp = {
  command: 'npm run bench --',
  date: '2026-11-25T07:00:00.123Z',
  mode: 'full',
  seconds: 61.4,
  machine: { cores: 2, loadavgAtStart: [1.23, 2, 3] },
};

const result = {
  machine: { cpus: 2, cpuModel: 'AMD EPYC', memGiB: 23.5, node: 'v20.20.2', platform: 'linux x64' },
  lastCommand: 'npm run bench --',
  seconds: 700,
  partSeconds: { protocol: 120, network: 400 },
  parts: {
    protocol: {
      ...stamp,
      rows: [
        { suite: 'ed25519', n: 10, t: 7, oursMs: 139.2, nobleMs: 617, ratio: 0.2256, reps: 5 },
        { suite: 'ed448', n: 20, t: 14, oursMs: 580, nobleMs: 2541, ratio: 0.228, reps: 5 },
      ],
      goals: [
        { goal: 'every suite ≤ 1.0× bare noble at n=10', value: 'worst ed25519 0.23×', pass: true },
        { goal: 'ed25519 participant at n=100 under 8 s CPU (absolute)', value: 'not measured', pass: null },
      ],
    },
    network: {
      ...stamp,
      cores: 2,
      openFileLimit: '20000 soft / 20000 hard',
      rows: [
        {
          kind: 'webrtc',
          n: 20,
          t: 14,
          reps: 3,
          setupMs: 17242,
          directPairs: 190,
          ceremonyMs: 108853,
          limitMs: 45791,
          ratio: 2.377,
          computingMs: 4579,
          waitingMs: 104274,
          cpuMs: 91577,
          rttMs: 0.64,
          ratioLoadAdjusted: 1.23,
          maxFds: 1268,
        },
      ],
      failures: { 'relay:20': 'worker 3 exited with SIGSEGV' },
      goals: [{ goal: 'webrtc n=20: ceremony ≤ 3× limit', value: '2.38×', pass: true }],
    },
    server: { ...stamp, error: 'server part: bare relay did not start' },
  },
};

describe('bench:table', () => {
  it('renders one section per part with its command, date, cores, load and duration, the table and the verdicts', () => {
    const md = renderTables(result);
    expect(md).toContain('Machine: 2 × AMD EPYC, 23.5 GiB, Node v20.20.2, linux x64.');
    expect(md).toContain('protocol 120 s, network 400 s; total 700 s');
    expect(md).toContain(
      '`npm run bench --` — 2026-11-25 07:00:00 UTC, full, 2 cores, load average at start 1.2 / 2.0 / 3.0, took 61 s',
    );
    expect(md).toContain('| suite | n=10 | n=20 |');
    expect(md).toContain('| ed25519 | 0.23× (139 / 617) |  |');
    expect(md).toContain(
      '| 20 | webrtc | 3 | 108 853 | 45 791 | **2.38×** | 17 242 | 190/190 | 4 579 / 104 274 | 91 577 | 0.64 | 1.23× |',
    );
    expect(md).toContain('Failed: relay:20: worker 3 exited with SIGSEGV');
    expect(md).toContain(
      'Open-file limit (`ulimit -n`): 20000 soft / 20000 hard; most descriptors one participant process held: 1268.',
    );
    expect(md).toContain('- **PASS** every suite ≤ 1.0× bare noble at n=10: worst ed25519 0.23×');
    expect(md).toContain('- n/a ed25519 participant at n=100 under 8 s CPU (absolute): not measured');
    expect(md).toContain('Error: server part: bare relay did not start');
    expect(md).not.toContain('### 3. Browsers');
  });

  it('formats numbers for reading and says when a part recorded no run details', () => {
    expect([fmtNum(3), fmtNum(0.357), fmtNum(12.34), fmtNum(1234.5), fmtNum(NaN), fmtNum(null)]).toEqual([
      '3',
      '0.36',
      '12.3',
      '1 235',
      '–',
      '–',
    ]);
    expect(stampLine({})).toBe('`npm run bench` — no run details recorded');
  });
});
