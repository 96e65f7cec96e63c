/**
 * Networked ceremony bench (issue 6 §2): n headless participants, each in its own process
 * (worker.ts: the CLI's headless driver with its own transport — WebRTC through @roamhq/wrtc, or
 * relay-only), against the real signalling server in a child process on loopback, suite
 * ed25519, t = ⌊2n/3⌋+1. One process per participant for every n, so the ratio means the same
 * at every size (all n processes can use all cores) and no process holds n(n−1) peer
 * connections: in one process, @roamhq/wrtc aborts with "Too many open files" at n = 20.
 *
 * Everyone answers "codes match" at the same instant, once every participant is on the verify
 * screen and all its links are up, so set-up (join → all links up) is measured apart from the
 * ceremony. The ceremony is timed from the moment all n start signatures are in (the first
 * participant entering round 1) to the moment all n hold the confirmed result (the last one
 * reaching success), on the machine-wide clock.
 *
 * The limit, measured in the same run, is what the work needs, not what we spend (issue 18): the
 * bare @noble/curves DKG's CPU for all n participants (one participant's, from
 * bench/protocol/dkgBench.ts, × n) ÷ cores, plus 4 message delays (round 1, echo, round 2,
 * confirmation) at the round-trip time measured with a ping-pong between two worker processes
 * over one link of the same kind. Our own CPU (each participant process from entering round 1 to
 * its success) is reported beside it.
 */
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { newRoom } from '../../src/ceremony/invite.js';
import { toHex } from '../../src/protocol/encoding.js';
import { generateIdentity } from '../../src/protocol/identity.js';
import { cpuMs, epochMs, rng, type NetKind } from './participant.js';
import {
  checkRun,
  formatNetworkRows,
  networkGoals,
  sumCounts,
  summarize,
  thresholdFor,
  type Goal,
  type NetworkRow,
  type OneRun,
} from './summary.js';
import {
  bundledWorkerEntry,
  endWorkers,
  killWorkers,
  sleep,
  spawnWorkers,
  TSX_ENTRY,
  waitUntil,
  type BenchWorker,
  type WorkerEntry,
} from './workers.js';
import { spawnServer } from '../../src/transport/testing/testHarness.js';
import { bareDkgParticipantMs } from '../protocol/dkgBench.js';

export type { NetKind } from './participant.js';
export type { NetworkRow, OneRun } from './summary.js';

export interface NetworkBenchResult {
  cores: number;
  /** `ulimit -n` (soft) the participant processes inherit; each one needs only a few dozen descriptors. */
  openFileLimit: string;
  rows: NetworkRow[];
  /** (kind, n) whose ceremonies failed twice in a row, with the error. */
  failures: Record<string, string>;
  goals: Goal[];
}

export interface NetworkBenchOptions {
  ns?: readonly number[];
  kinds?: readonly NetKind[];
  /** Repetitions per n (default 3); a function to spend fewer on the large, slow sizes. */
  reps?: number | ((n: number) => number);
  /** Runs of the bare noble DKG per n for the limit (median; default 3). */
  bareReps?: number;
  log?: (line: string) => void;
}

/** Spins ~`wallMs` of wall time; returns wall ÷ CPU obtained (≥ 1 when other processes share the cores). */
export function contentionProbe(wallMs = 150): number {
  const c0 = cpuMs();
  const t0 = performance.now();
  let x = 0;
  while (performance.now() - t0 < wallMs) x += Math.sqrt(x + 1);
  const cpu = cpuMs() - c0;
  return x > 0 && cpu > 0 ? Math.max(1, (performance.now() - t0) / cpu) : 1;
}

/** Median round trip of small envelopes between two worker processes over one link of this kind. */
export async function measureRtt(
  serverUrl: string,
  kind: NetKind,
  trips = 30,
  entry: WorkerEntry = TSX_ENTRY,
): Promise<number> {
  const ws = await spawnWorkers(2, kind, `${kind} rtt`, entry);
  try {
    const { roomId } = newRoom(rng);
    const [a, b] = ws as [BenchWorker, BenchWorker];
    b.send({ t: 'rtt', role: 'echo', serverUrl, kind, roomId, self: 'rtt-b', peer: 'rtt-a', trips });
    a.send({ t: 'rtt', role: 'ping', serverUrl, kind, roomId, self: 'rtt-a', peer: 'rtt-b', trips });
    await waitUntil(
      () => a.got.rttResult !== undefined || a.problems.length + b.problems.length > 0,
      () => `the ${kind} round trips`,
      90_000,
      ws,
    );
    const r = a.got.rttResult;
    if (r === undefined)
      throw new Error(`network bench: ${kind} RTT probe failed: ${[...a.problems, ...b.problems].join(' | ')}`);
    return r.ms;
  } finally {
    await endWorkers(ws);
  }
}

/** How long to wait for every data channel before starting anyway (missing pairs use the relay). */
const MESH_WAIT_MS = 30_000;

/**
 * One ceremony with n participants, each in a fresh worker process (cold, like a CLI participant),
 * over this transport kind. `entry`: how workers start (runNetworkBench passes a bundle).
 */
export async function runOneCeremony(
  serverUrl: string,
  n: number,
  kind: NetKind,
  entry: WorkerEntry = TSX_ENTRY,
): Promise<OneRun> {
  const t = thresholdFor(n);
  const t0 = Date.now();
  const ws = await spawnWorkers(n, kind, `${kind} n=${n} participant`, entry);
  const spawnMs = Date.now() - t0;
  try {
    const ids = Array.from({ length: n }, () => generateIdentity(rng));
    const { roomId, roomSecret } = newRoom(rng);
    const coordinator = toHex(ids[0]!.publicKey);
    const tJoin = epochMs();
    ws.forEach((w, i) =>
      w.send({
        t: 'join',
        spec: {
          serverUrl,
          kind,
          roomId,
          roomSecret: toHex(roomSecret),
          coordinator,
          secretKey: toHex(ids[i]!.secretKey),
          index: i,
          n,
          t,
        },
      }),
    );
    const problems = () => ws.flatMap((w) => w.problems);
    const what = () =>
      `${ws.filter((w) => w.got.asked).length}/${n} at verify, links up ${ws.filter((w) => w.got.linksUp).length}/${n}, direct ${ws.map((w) => w.got.status?.direct ?? 0).join(',')}, present ${ws.map((w) => w.got.status?.present ?? 0).join(',')}; problems: ${problems().slice(0, 3).join(' | ')}`;
    // Generous limits (they only turn a hang into an error): a loaded 2-core machine is slow at n = 20.
    const limitMs = 60_000 + n * n * 1000;
    const failedEarly = () =>
      ws.some((w) => w.got.error !== undefined || (w.got.done !== undefined && w.got.done.exitCode !== 0));
    await waitUntil(() => ws.every((w) => w.got.asked) || failedEarly(), what, limitMs, ws);
    // Links: wait for every data channel, but not forever; pairs that never open use the relay,
    // and the row says how many were direct.
    const meshGiveUp = Date.now() + MESH_WAIT_MS;
    await waitUntil(
      () => ws.every((w) => w.got.linksUp) || Date.now() > meshGiveUp || failedEarly(),
      what,
      limitMs,
      ws,
    );
    if (failedEarly()) throw new Error(`network bench: ${kind} n=${n} failed before the ceremony: ${what()}`);
    const complete = ws.every((w) => w.got.linksUp);
    const setupMs = complete ? Math.max(...ws.map((w) => w.got.linksUp!.at)) - tJoin : NaN;
    const directPairs = kind === 'relay' ? 0 : ws.reduce((a, w) => a + (w.got.status?.direct ?? 0), 0) / 2;
    await sleep(50); // let set-up stragglers (ICE, acks) settle before the clock starts
    const tConfirm = epochMs();
    for (const w of ws) w.send({ t: 'release' });
    await waitUntil(
      () => ws.every((w) => w.got.success) || failedEarly(),
      () =>
        `${ws.filter((w) => w.got.success).length}/${n} at success (round 1: ${ws.filter((w) => w.got.round1).length}); problems: ${problems().slice(0, 3).join(' | ')}`,
      limitMs,
      ws,
    );
    if (failedEarly())
      throw new Error(
        `network bench: ${kind} n=${n} ceremony failed: ${ws
          .map((w) => w.got.done?.message ?? w.got.error?.message)
          .filter(Boolean)
          .join(' | ')}; problems: ${problems().slice(0, 3).join(' | ')}`,
      );
    const tEnd = Math.max(...ws.map((w) => w.got.success!.at));
    const tAllIn = Math.min(...ws.map((w) => w.got.round1!.at));
    // Each participant leaves by itself shortly after success; its exit code must be 0.
    await waitUntil(
      () => ws.every((w) => w.got.done !== undefined || w.gone() !== undefined),
      () => `${ws.filter((w) => !w.got.done).length} participants to finish`,
      30_000,
    );
    const bad = ws.find((w) => w.got.done !== undefined && w.got.done.exitCode !== 0);
    if (bad)
      throw new Error(`network bench: ${bad.label} ended with ${bad.got.done!.exitCode}: ${bad.got.done!.message}`);
    const ended = await endWorkers(ws);
    // Protocol CPU per participant: from entering round 1 to its own success (not the start
    // signatures before, nor leaving after); reported at success, so a crash in wrtc's teardown loses nothing.
    const cpuPerParticipantMs = ws.map((w) => w.got.success!.cpuMs);
    const run: OneRun = {
      setupMs,
      directPairs,
      ceremonyMs: tEnd - tAllIn,
      fromConfirmMs: tEnd - tConfirm,
      cpuPerParticipantMs,
      cpuMs: cpuPerParticipantMs.reduce((a, b) => a + b, 0),
      maxFds: Math.max(...ended.map((e) => e?.maxFds ?? 0)),
      peakRssMiB: ended.flatMap((e) => (e === undefined ? [] : [e.maxRssKiB / 1024])),
      serverErrors: sumCounts(ended.map((e) => e?.serverErrors ?? {})),
      spawnMs,
      wallMs: Date.now() - t0,
    };
    checkRun(run, n, kind);
    return run;
  } finally {
    await killWorkers(ws);
  }
}

/** `ulimit -n` as the shell reports it to the processes we start. */
function openFileLimit(): string {
  const r = spawnSync('sh', ['-c', 'echo "$(ulimit -Sn) soft / $(ulimit -Hn) hard"'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : 'unknown';
}

export async function runNetworkBench(opts: NetworkBenchOptions = {}): Promise<NetworkBenchResult> {
  const ns = opts.ns ?? [3, 5, 10, 20];
  const kinds = opts.kinds ?? (['webrtc', 'relay'] as const);
  const repsFor = (n: number) => (typeof opts.reps === 'function' ? opts.reps(n) : (opts.reps ?? 3));
  const log = opts.log ?? (() => {});
  const cores = cpus().length;
  const limit = openFileLimit();
  const entry = await bundledWorkerEntry(log);
  log(`network: open-file limit ${limit}; one process per participant (${entry.how})`);
  // The work the ceremony needs, in this run, before any participant process runs: the bare
  // noble DKG (the suite the participants use) of one participant, × n.
  const bareCpuMs = new Map<number, number>();
  for (const n of ns) {
    const one = bareDkgParticipantMs('ed25519', n, opts.bareReps ?? 3);
    bareCpuMs.set(n, one * n);
    log(
      `network: bare noble DKG (ed25519) n=${n}: ${one.toFixed(1)} ms per participant, ${(one * n).toFixed(0)} ms for all`,
    );
  }
  const server = await spawnServer();
  const rows: NetworkRow[] = [];
  const failures: Record<string, string> = {};
  try {
    for (const kind of kinds) {
      const rtt = await measureRtt(server.url, kind, 30, entry);
      if (!(rtt > 0)) throw new Error(`network bench: ${kind} RTT probe measured ${rtt} ms`);
      log(`network ${kind}: RTT ${rtt.toFixed(2)} ms (between two worker processes)`);
      for (const n of ns) {
        const runs: OneRun[] = [];
        const probes: number[] = [];
        const bare = bareCpuMs.get(n) as number;
        try {
          for (let r = 0; r < repsFor(n); r++) {
            probes.push(contentionProbe());
            let one: OneRun;
            try {
              one = await runOneCeremony(server.url, n, kind, entry);
            } catch (e) {
              // wrtc is not always well-behaved under load: one retry per repetition.
              log(
                `network ${kind} n=${n} rep ${r + 1} failed, retrying once: ${(e instanceof Error ? e.message : String(e)).slice(0, 300)}`,
              );
              one = await runOneCeremony(server.url, n, kind, entry);
            }
            probes.push(contentionProbe());
            const cpu = one.cpuMs;
            log(
              `network ${kind} n=${n} rep ${r + 1}: set-up ${one.setupMs.toFixed(0)} ms (${one.directPairs} direct pairs), ceremony ${one.ceremonyMs.toFixed(0)} ms, cpu ${cpu.toFixed(0)} ms, limit ${(bare / cores + 4 * rtt).toFixed(0)} ms${Object.keys(one.serverErrors).length > 0 ? `; server errors ${JSON.stringify(one.serverErrors)}` : ''}; ${(one.wallMs / 1000).toFixed(1)} s in all (${(one.spawnMs / 1000).toFixed(1)} s starting the processes)`,
            );
            runs.push(one);
          }
          rows.push(summarize(kind, n, runs, rtt, cores, probes, bare));
        } catch (e) {
          const message = e instanceof Error ? e.message : String(e);
          failures[`${kind}:${n}`] = message;
          log(`network ${kind} n=${n}: FAILED twice: ${message.slice(0, 500)}`);
          if (runs.length > 0) rows.push(summarize(kind, n, runs, rtt, cores, probes, bare));
        }
      }
    }
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    entry.dispose();
  }
  return { cores, openFileLimit: limit, rows, failures, goals: networkGoals(rows, kinds, cores, failures) };
}

export function formatNetworkBench(r: NetworkBenchResult): string {
  const failed = Object.entries(r.failures).map(([k, m]) => `FAILED ${k}: ${m.slice(0, 300)}`);
  return [
    formatNetworkRows(r.rows, r.cores),
    ...failed,
    `open-file limit: ${r.openFileLimit}`,
    '',
    ...r.goals.map((g) => `${g.pass === null ? 'n/a ' : g.pass ? 'PASS' : 'FAIL'}  ${g.goal}: ${g.value}`),
  ].join('\n');
}

/**
 * `node bin/tsx.mjs bench/network/networkBench.ts [--n 5,10,20] [--reps 3] [--reps-from-20 1]`: the
 * network part alone at chosen sizes (fewer reps from n = 20 up, where one WebRTC ceremony takes minutes).
 */
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const argv = process.argv.slice(2);
  const opt = (name: string, dflt: string): string => {
    const i = argv.indexOf(name);
    return i >= 0 ? (argv[i + 1] ?? dflt) : dflt;
  };
  const ns = opt('--n', '3,5,10,20').split(',').map(Number);
  const reps = Number(opt('--reps', '3'));
  const repsLarge = Number(opt('--reps-from-20', String(reps)));
  const load = () =>
    loadavg()
      .map((x) => x.toFixed(1))
      .join(' ');
  console.log(`load average at start ${load()}, ${new Date().toISOString()}`);
  const r = await runNetworkBench({ ns, reps: (n) => (n >= 20 ? repsLarge : reps), log: (s) => console.log(`  ${s}`) });
  console.log(formatNetworkBench(r));
  console.log(`load average at end ${load()}, ${new Date().toISOString()}`);
  process.exit(0);
}
