/**
 * A bench worker process (`node bin/tsx.mjs bench/network/worker.ts`, spawned by workers.ts with
 * an IPC channel): hosts exactly one headless participant, or one end of a round-trip probe.
 * One participant per process, as with real CLI participants: @roamhq/wrtc's peer connections
 * are spread over n processes instead of n(n−1) in one (which runs out of descriptors at n = 20),
 * and the n participants can use every core.
 *
 * Everything it reports is stamped with the machine-wide wall clock (epochMs). Its protocol CPU
 * time is measured from entering round 1 (it holds all n start signatures) to its success.
 */
import { readdirSync } from 'node:fs';
import {
  cpuMs,
  directLinks,
  epochMs,
  linksUp,
  rng,
  startParticipant,
  transportFor,
  type BenchParticipant,
  type JoinSpec,
  type NetKind,
} from './participant.js';
import type { FromWorker, ToWorker } from './workers.js';
import { median } from '../stats.js';

const send = (m: FromWorker): void => {
  process.send?.(m);
};

/** Open file descriptors of this process (Linux; -1 elsewhere). */
function openFds(): number {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return -1;
  }
}

let participant: BenchParticipant | undefined;
let cpuAtRound1 = NaN;
/** Error frames from the server, by code (a rate-limited relay participant stalls until it resyncs). */
const serverErrors: Record<string, number> = {};
let maxFds = openFds();
let poll: ReturnType<typeof setInterval> | undefined;
let reportStatus: (() => void) | undefined;

async function join(spec: JoinSpec): Promise<void> {
  let lastStatus = '';
  let up = false;
  participant = await startParticipant(spec, {
    onAsked: () => send({ t: 'asked', at: epochMs() }),
    onRound1: () => {
      cpuAtRound1 = cpuMs();
      send({ t: 'round1', at: epochMs() });
    },
    onSuccess: () => send({ t: 'success', at: epochMs(), cpuMs: cpuMs() - cpuAtRound1 }),
    onProblem: (text) => send({ t: 'problem', text }),
    onServerError: (code) => {
      serverErrors[code] = (serverErrors[code] ?? 0) + 1;
    },
  });
  const tr = participant.transport;
  const report = () => {
    const status = { direct: directLinks(tr), present: tr.presence().length };
    const key = `${status.direct}/${status.present}`;
    if (key !== lastStatus) {
      lastStatus = key;
      send({ t: 'status', ...status });
    }
  };
  // Set-up only: polled until "codes match" (stopped in release()), so the ceremony itself is not
  // slowed by the bench. Descriptors are counted at milestones only (a listing costs ~1 ms at n = 20).
  poll = setInterval(() => {
    report();
    if (!up && linksUp(tr, spec.n, spec.kind)) {
      up = true;
      maxFds = Math.max(maxFds, openFds());
      send({ t: 'linksUp', at: epochMs() });
    }
  }, 5);
  reportStatus = report;
  void participant.done.then((r) => send({ t: 'done', exitCode: r.exitCode, message: r.message }));
}

/** One end of the round-trip probe: 'echo' answers every ping; 'ping' measures and reports the median. */
async function rtt(m: Extract<ToWorker, { t: 'rtt' }>): Promise<void> {
  const tr = await transportFor(m.serverUrl, m.roomId, m.self, m.kind);
  let waiting: (() => void) | undefined;
  tr.onEnvelope((bytes, from) => {
    if (m.role === 'echo') {
      const back = new Uint8Array(bytes);
      back[0] = 0xbb; // a different envelope: the transport drops repeats of one it has seen
      tr.send(from, back);
    } else if (bytes[0] === 0xbb) waiting?.();
  });
  tr.start();
  const cleanup = () => tr.stop();
  process.once('exit', cleanup);
  if (m.role === 'echo') return;
  const giveUp = Date.now() + 60_000;
  while (!linksUp(tr, 2, m.kind)) {
    if (Date.now() > giveUp)
      throw new Error(`network bench: the ${m.kind} RTT link never came up (${JSON.stringify(tr.links())})`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const rtts: number[] = [];
  for (let i = 0; i < m.trips + 3; i++) {
    const msg = new Uint8Array(256);
    msg[0] = 0xaa;
    new DataView(msg.buffer).setUint32(1, i);
    msg.set(rng(32), 8);
    const t0 = performance.now();
    await new Promise<void>((resolve, reject) => {
      const to = setTimeout(() => reject(new Error(`network bench: ${m.kind} ping ${i} not answered in 10 s`)), 10_000);
      waiting = () => {
        clearTimeout(to);
        resolve();
      };
      tr.send(m.peer, msg);
    });
    if (i >= 3) rtts.push(performance.now() - t0); // the first trips warm the path up
  }
  send({ t: 'rttResult', ms: median(rtts) });
}

function end(): void {
  if (poll !== undefined) clearInterval(poll);
  maxFds = Math.max(maxFds, openFds());
  // Peak resident memory of this participant's process (KiB on Linux), for the scale section.
  send({ t: 'ended', maxFds, serverErrors, maxRssKiB: process.resourceUsage().maxRSS });
  participant?.stop();
  // Leave after the IPC message is out; wrtc's teardown may crash, which no longer matters then.
  setTimeout(() => process.exit(0), 50);
}

process.on('message', (raw) => {
  const m = raw as ToWorker;
  const fail = (e: unknown) => send({ t: 'error', message: e instanceof Error ? e.message : String(e) });
  try {
    if (m.t === 'join') join(m.spec).catch(fail);
    else if (m.t === 'release') {
      if (poll !== undefined) clearInterval(poll);
      reportStatus?.();
      maxFds = Math.max(maxFds, openFds());
      participant?.release();
    } else if (m.t === 'rtt') rtt(m).catch(fail);
    else if (m.t === 'end') end();
  } catch (e) {
    fail(e);
  }
});
// The orchestrator went away: do not linger as an orphan.
process.on('disconnect', () => process.exit(0));
// Load wrtc before saying ready, so the set-up time does not include loading a native module.
if ((process.env.FROST_BENCH_KIND as NetKind | undefined) === 'webrtc') await import('@roamhq/wrtc');
send({ t: 'ready' });
