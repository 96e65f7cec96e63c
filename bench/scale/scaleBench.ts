/**
 * Scale section of `npm run bench` (issue 18 "Scale"), opt-in and heavy: `npm run bench -- --only scale`.
 *
 * - `simulate` at n = MAX_PARTICIPANTS (100) in a process of its own: wall and CPU time, and the
 *   process's peak resident memory ÷ n (all participants live in that process).
 * - A networked ceremony of 30 headless participants, each its own process (bench/network's
 *   `runOneCeremony`: the CLI's headless driver), relay-only and WebRTC, against the real server
 *   in its own process: ceremony time, CPU and peak memory per participant, descriptors per
 *   process, and the entries the server's room log holds afterwards (`/healthz` with details).
 * - Which limit stops a larger room, and at which n: the room log (entries, bytes, one sender's
 *   share) and the envelope size, fitted from two small `simulate` runs (footprint.ts) and checked
 *   against the two large runs; descriptors per WebRTC process, fitted from n = 5 and 30.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { MAX_PARTICIPANTS } from '../../src/wire/index.js';
import { DEFAULT_LIMITS } from '../../src/server/index.js';
import type { SuiteName } from '../../src/protocol/suites.js';
import { spawnServer } from '../../src/transport/testing/testHarness.js';
import { runOneCeremony, type NetKind, type OneRun } from '../network/networkBench.js';
import { bundledWorkerEntry } from '../network/workers.js';
import { median } from '../stats.js';
import {
  FIT_SIZES,
  fdGrowth,
  nByFds,
  roomLimits,
  roomTotal,
  simulateFootprint,
  type LogFootprint,
  type RoomLimits,
} from './footprint.js';

export interface SimulateScaleRun {
  suite: SuiteName;
  n: number;
  wallMs: number;
  cpuMs: number;
  rssBeforeMiB: number;
  peakRssMiB: number;
  /** (peak − before) ÷ n. */
  miBPerParticipant: number;
  footprint: LogFootprint;
}

export interface NetworkScaleRun {
  kind: NetKind;
  n: number;
  ceremonyMs: number;
  setupMs: number;
  cpuPerParticipantMedianMs: number;
  cpuPerParticipantMaxMs: number;
  peakRssMedianMiB: number;
  peakRssMaxMiB: number;
  maxFds: number;
  /** Entries in the server's room log once the ceremony is over (the whole log of that room). */
  serverLogEntries: number | null;
  serverErrors: Record<string, number>;
}

export interface ScaleResult {
  load: { before: number[]; after: number[] };
  simulate: SimulateScaleRun | { error: string };
  network: (NetworkScaleRun | { kind: NetKind; n: number; error: string })[];
  limits: RoomLimits & {
    suite: SuiteName;
    fitSizes: readonly number[];
    /** The fit's room-log entries at the simulate's and the network run's n (to compare with what they measured). */
    predictedEntries: Record<number, number>;
  };
  fds: { perPeer: number; base: number; nAt1024: number; nAt4096: number } | null;
  goals: { goal: string; value: string; pass: boolean | null }[];
  text: string;
}

function simulateInChild(suite: SuiteName, n: number): SimulateScaleRun {
  const r = spawnSync(process.execPath, ['bin/tsx.mjs', 'bench/scale/simulateChild.ts', suite, String(n)], {
    encoding: 'utf8',
    maxBuffer: 16 * 2 ** 20,
  });
  if (r.status !== 0) throw new Error(`simulate n=${n} exited ${r.status ?? r.signal}: ${r.stderr.slice(-500)}`);
  const o = JSON.parse(r.stdout.trim().split('\n').pop() as string) as Omit<SimulateScaleRun, 'miBPerParticipant'>;
  return { ...o, miBPerParticipant: (o.peakRssMiB - o.rssBeforeMiB) / n };
}

async function healthLogEntries(url: string): Promise<number | null> {
  try {
    const h = (await (await fetch(`${url}/healthz`)).json()) as { logEntries?: number };
    return h.logEntries ?? null;
  } catch {
    return null;
  }
}

async function networkRun(
  n: number,
  kind: NetKind,
  entry: Awaited<ReturnType<typeof bundledWorkerEntry>>,
): Promise<{ one: OneRun; logEntries: number | null }> {
  // A fresh server per ceremony, so its room log is this ceremony's alone.
  const server = await spawnServer(['--health-details']);
  try {
    const one = await runOneCeremony(server.url, n, kind, entry);
    return { one, logEntries: await healthLogEntries(server.url) };
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
}

export interface ScaleOptions {
  /** Suite of the 100-participant simulate and of the fitted limits (default ristretto255). */
  suite?: SuiteName;
  simulateN?: number;
  networkN?: number;
  kinds?: readonly NetKind[];
  log?: (line: string) => void;
}

export async function runScaleBench(opts: ScaleOptions = {}): Promise<ScaleResult> {
  const suite = opts.suite ?? 'ristretto255';
  const simN = opts.simulateN ?? MAX_PARTICIPANTS;
  const netN = opts.networkN ?? 30;
  const kinds = opts.kinds ?? (['relay', 'webrtc'] as const);
  const log = opts.log ?? (() => {});
  const before = loadavg();

  const fit = roomLimits(await Promise.all(FIT_SIZES.map((n) => simulateFootprint(suite, n))));
  log(`scale: room limits fitted from simulate at n = ${FIT_SIZES.join(', ')} (${suite})`);

  const entry = await bundledWorkerEntry(log);
  const network: ScaleResult['network'] = [];
  let fds: ScaleResult['fds'] = null;
  try {
    for (const kind of kinds) {
      try {
        log(`scale: ${kind} n=${netN}, one process per participant…`);
        const { one, logEntries } = await networkRun(netN, kind, entry);
        const row: NetworkScaleRun = {
          kind,
          n: netN,
          ceremonyMs: one.ceremonyMs,
          setupMs: one.setupMs,
          cpuPerParticipantMedianMs: median(one.cpuPerParticipantMs),
          cpuPerParticipantMaxMs: Math.max(...one.cpuPerParticipantMs),
          peakRssMedianMiB: median(one.peakRssMiB),
          peakRssMaxMiB: Math.max(...one.peakRssMiB),
          maxFds: one.maxFds,
          serverLogEntries: logEntries,
          serverErrors: one.serverErrors,
        };
        network.push(row);
        log(`scale: ${kind} n=${netN}: ceremony ${(one.ceremonyMs / 1000).toFixed(1)} s, ${one.maxFds} fds`);
        if (kind === 'webrtc') {
          // Descriptors grow with the peer connections: a second, small size for the fit.
          const five = await networkRun(5, 'webrtc', entry);
          const g = fdGrowth(5, five.one.maxFds, netN, one.maxFds);
          fds = { ...g, nAt1024: nByFds(g, 1024), nAt4096: nByFds(g, 4096) };
        }
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        network.push({ kind, n: netN, error });
        log(`scale: ${kind} n=${netN} FAILED: ${error.slice(0, 300)}`);
      }
    }
  } finally {
    entry.dispose();
  }

  // The long one last, so the network figures exist even if it is cut short.
  let simulate: ScaleResult['simulate'];
  try {
    log(`scale: simulate n=${simN} (${suite}), one process…`);
    simulate = simulateInChild(suite, simN);
    log(
      `scale: simulate n=${simN}: ${(simulate.wallMs / 1000).toFixed(1)} s, peak ${simulate.peakRssMiB.toFixed(0)} MiB`,
    );
  } catch (e) {
    simulate = { error: e instanceof Error ? e.message : String(e) };
    log(`scale: simulate n=${simN} FAILED: ${simulate.error}`);
  }

  const limits = {
    ...fit,
    suite,
    fitSizes: FIT_SIZES,
    predictedEntries: { [simN]: roomTotal(fit.entries, simN), [netN]: roomTotal(fit.entries, netN) },
  };
  const goals: ScaleResult['goals'] = [
    {
      goal: `simulate completes at n = ${simN}`,
      value: 'error' in simulate ? simulate.error.slice(0, 200) : `${(simulate.wallMs / 1000).toFixed(1)} s`,
      pass: !('error' in simulate),
    },
    ...kinds.map((kind) => {
      const r = network.find((x) => x.kind === kind);
      return {
        goal: `networked ${kind} ceremony of ${netN} headless participants (own processes) completes`,
        value:
          r === undefined ? 'not run' : 'error' in r ? r.error.slice(0, 200) : `${(r.ceremonyMs / 1000).toFixed(1)} s`,
        pass: r === undefined ? null : !('error' in r),
      };
    }),
  ];
  const result: Omit<ScaleResult, 'text'> = {
    load: { before, after: loadavg() },
    simulate,
    network,
    limits,
    fds,
    goals,
  };
  return { ...result, text: formatScale(result) };
}

const f0 = (x: number): string => x.toFixed(0);

export function formatScale(r: Omit<ScaleResult, 'text'>): string {
  const L = r.limits;
  const lines: string[] = [];
  const load = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(' ');
  lines.push(`load average before ${load(r.load.before)}, after ${load(r.load.after)} (2 shared cores)`);
  if ('error' in r.simulate) lines.push(`simulate: FAILED ${r.simulate.error}`);
  else {
    const s = r.simulate;
    lines.push(
      `simulate ${s.suite} n=${s.n} (one process): ${(s.wallMs / 1000).toFixed(1)} s wall, ${(s.cpuMs / 1000).toFixed(1)} s CPU ` +
        `(${f0(s.cpuMs / s.n)} ms per participant); peak RSS ${f0(s.peakRssMiB)} MiB (${f0(s.rssBeforeMiB)} before) → ` +
        `${s.miBPerParticipant.toFixed(2)} MiB per participant; room log it would need ${s.footprint.entries} entries / ` +
        `${(s.footprint.bytes / 2 ** 20).toFixed(1)} MiB (fit from n = ${L.fitSizes.join(', ')} predicts ${f0(L.predictedEntries[s.n] ?? NaN)}), ` +
        `largest envelope ${(s.footprint.largestEnvelope / 1024).toFixed(1)} KiB`,
    );
  }
  lines.push(
    'link     n  ceremony s  set-up s  CPU/participant ms (median, max)  peak RSS/participant MiB (median, max)  fds/process  server log entries  server errors',
  );
  for (const x of r.network) {
    if ('error' in x) {
      lines.push(`${x.kind.padEnd(7)} ${String(x.n).padStart(3)}  FAILED ${x.error.slice(0, 300)}`);
      continue;
    }
    lines.push(
      [
        x.kind.padEnd(7),
        String(x.n).padStart(3),
        (x.ceremonyMs / 1000).toFixed(1).padStart(11),
        (x.setupMs / 1000).toFixed(1).padStart(9),
        `${f0(x.cpuPerParticipantMedianMs)}, ${f0(x.cpuPerParticipantMaxMs)}`.padStart(34),
        `${x.peakRssMedianMiB.toFixed(0)}, ${x.peakRssMaxMiB.toFixed(0)}`.padStart(40),
        String(x.maxFds).padStart(12),
        `${x.serverLogEntries ?? '?'} (fit ${f0(L.predictedEntries[x.n] ?? NaN)})`.padStart(19),
        `  ${JSON.stringify(x.serverErrors)}`,
      ].join(' '),
    );
  }
  lines.push(
    `room limits (${L.suite}, fitted from simulate at n = ${L.fitSizes.join(', ')}; room total a·n(n−1) + b·n + c): ` +
      `entries ${L.entries.a.toFixed(2)}, ${L.entries.b.toFixed(2)}, ${L.entries.c.toFixed(2)}; bytes ${f0(L.bytes.a)}, ${f0(L.bytes.b)}, ${f0(L.bytes.c)}; ` +
      `largest envelope ${f0(L.envelope.c)} + ${f0(L.envelope.d)}·n bytes`,
    `  maxLogEntries ${DEFAULT_LIMITS.maxLogEntries}: n ≤ ${L.nByLogEntries}; maxLogBytes ${DEFAULT_LIMITS.maxLogBytes / 2 ** 20} MiB: n ≤ ${L.nByLogBytes}; ` +
      `per-sender share ${DEFAULT_LIMITS.maxLogEntriesPerPeer} entries / ${DEFAULT_LIMITS.maxLogBytesPerPeer / 2 ** 20} MiB: n ≤ ${L.nByPeerShare}; ` +
      `envelope ≤ 192 KiB: n ≤ ${L.nByEnvelope}`,
  );
  if (r.fds !== null)
    lines.push(
      `WebRTC descriptors per participant process ≈ ${r.fds.perPeer.toFixed(1)}·(n−1) + ${f0(r.fds.base)} (fitted from n = 5 and the run above): ` +
        `ulimit -n 1024 → n ≤ ${r.fds.nAt1024}; 4096 → n ≤ ${r.fds.nAt4096}`,
    );
  lines.push(
    '',
    ...r.goals.map((g) => `${g.pass === null ? 'n/a ' : g.pass ? 'PASS' : 'FAIL'}  ${g.goal}: ${g.value}`),
  );
  return lines.join('\n');
}
