/**
 * Issue 18 "Measure the right thing", protocol part: one participant's CPU through the state
 * machine's `step()` for everything it receives and sends in a whole ceremony, against the bare
 * @noble/curves DKG for one participant, measured interleaved in the same process.
 *
 * How the measured participant's inputs are made without timing anyone else's work:
 *  1. Record: a whole t-of-n ceremony runs in memory (`runSimulation`, the real machine, every
 *     message serialised to bytes and delivered in a seeded shuffled order, no duplicates). For
 *     the measured participant (index 1, not the coordinator) it keeps every event in the order it
 *     was applied (announce, each received envelope's bytes, confirmCode) and the effects it
 *     produced.
 *  2. Replay (timed): a fresh participant with the same identity, rng stream and invite, and its
 *     OWN protocol cache (as the headless participant has: `deps: { cache }`, noble identity
 *     crypto), is stepped through exactly those events; only these `step()` calls are inside the
 *     timer. So the figure contains parsing every peer's envelope, checking its signature, the
 *     DKG checks, decrypting shares, encrypting and signing its own messages, echo,
 *     confirmation, status and view work done in step() — and none of the other participants'.
 *  3. The replay must be faithful or the figure means nothing: its initial state equals the
 *     recorded one byte for byte, every effect it produces equals the recorded effect (same
 *     bytes), and it ends in success with the group key every other participant got.
 *
 * Beside it, in the same process and alternating order: the library calls of src/protocol/dkg
 * only (the old figure, labelled "library calls only") and the bare noble DKG
 * (`DKG.round1/round2/round3` of `@noble/curves/abstract/frost.js` via the suite objects), both
 * from dkgBench.ts, same suite, n and t.
 *
 * The whole-ceremony part times `runSimulation` as the CLI `simulate` command calls it (node
 * identity crypto, one shared cache, shuffled with duplicates) against the bare noble DKG of all
 * n participants in one process.
 *
 * Time is process CPU time (`process.cpuUsage`: other processes on the shared cores do not
 * count); medians of the reps.
 */
import {
  createParticipant,
  createProtocolCache,
  deserialize,
  fromHex,
  generateIdentity,
  keyPackageOf,
  phaseOf,
  publicKeyPackageOf,
  runSimulation,
  seededRng,
  serialize,
  step,
  toHex,
  SUITE_NAMES,
  type Effect,
  type Event,
  type ParticipantState,
  type Rng,
  type SuiteName,
} from '../../src/protocol/index.js';
import { createNodeIdentityCrypto } from '../../src/platform/node.js';
import { ed25519_FROST, ristretto255_FROST } from '@noble/curves/ed25519.js';
import { ed448_FROST } from '@noble/curves/ed448.js';
import { p256_FROST } from '@noble/curves/nist.js';
import { schnorr_FROST, secp256k1_FROST } from '@noble/curves/secp256k1.js';
import { prepareDkgUnit, thresholdFor } from './dkgBench.js';
import { median } from '../stats.js';

/** Process CPU time in ms (user + system). */
export const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** The measured participant: the second one (index 1), an ordinary custodian, not the coordinator. */
export const MEASURED = 1;

/** What the record pass keeps of the measured participant. */
export interface Recording {
  suite: SuiteName;
  n: number;
  t: number;
  seed: string;
  /** serialize() of its state before its first step. */
  initial: string;
  events: Event[];
  /** The effects each event produced, in order. */
  effects: Effect[][];
  /** Group verifying key every participant ended with (hex). */
  groupKey: string;
  /** Participants that ended with a key package. */
  finished: number;
}

const simSeed = (suite: SuiteName, n: number) => `stepbench/${suite}/${n}`;

/** Pass 1: a whole ceremony in memory; keeps the measured participant's events and effects. */
export async function recordCeremony(suite: SuiteName, n: number): Promise<Recording> {
  const t = thresholdFor(n);
  const seed = simSeed(suite, n);
  const events: Event[] = [];
  const effects: Effect[][] = [];
  let initial: string | undefined;
  const sim = await runSimulation({
    suite,
    minSigners: t,
    maxSigners: n,
    label: 'step bench',
    seed,
    // Each message once (a real mesh delivers each once; duplicates would only add cheap
    // "already have it" steps) but in a shuffled order, so early messages are buffered as in a
    // real ceremony.
    shuffle: true,
    duplicates: false,
    autoRestart: false,
    onStep: (index, event, effs, before) => {
      if (index !== MEASURED) return;
      initial ??= serialize(before);
      events.push(event);
      effects.push(effs);
    },
  });
  const last = sim.generations.at(-1);
  const pkp = sim.publicKeyPackage;
  if (
    initial === undefined ||
    pkp === null ||
    sim.keyPackages.length !== n ||
    (last !== undefined && last.outcome !== 'success')
  )
    throw new Error(
      `${suite} n=${n}: the recorded ceremony did not succeed (${JSON.stringify(sim.generations)}, ${sim.keyPackages.length} key packages)`,
    );
  return {
    suite,
    n,
    t,
    seed,
    initial,
    events,
    effects,
    groupKey: toHex(pkp.verifyingKey),
    finished: sim.keyPackages.length,
  };
}

/**
 * The measured participant as runSimulation creates it (same rng stream: identity first, then
 * createParticipant), so the replay draws the same randomness at the same points.
 */
function freshParticipant(rec: Recording): { state: ParticipantState; rng: Rng } {
  const rng = seededRng(`${rec.seed}/participant/${MEASURED}`);
  const identity = generateIdentity(rng);
  const recorded = deserialize(rec.initial);
  const state = createParticipant({
    identity,
    name: `P${MEASURED + 1}`,
    room: {
      id: recorded.room.id,
      secret: fromHex(recorded.room.secret),
      coordinator: fromHex(recorded.room.coordinator),
    },
    isCoordinator: false,
    rng,
    simulated: true,
  });
  return { state, rng };
}

export interface ReplayResult {
  /** CPU ms of the step() calls only. */
  stepMs: number;
  /** CPU ms of serialize() on each 'persist' effect, as the ceremony shell saves state (not in stepMs). */
  persistMs: number;
  state: ParticipantState;
  effects: Effect[][];
}

/** Pass 2: the measured participant alone, through step(), with its own cache; only step() is timed. */
export async function replay(rec: Recording): Promise<ReplayResult> {
  const { state: start, rng } = freshParticipant(rec);
  const cache = createProtocolCache();
  let state = start;
  const effects: Effect[][] = [];
  // One timer around the whole loop: process.cpuUsage is a system call, and timing each step
  // would add its cost ~2 × events times. States to persist are kept and serialised after it.
  const toPersist: ParticipantState[] = [];
  const t0 = cpuMs();
  for (const event of rec.events) {
    const r = await step(state, event, rng, { cache });
    state = r.state;
    effects.push(r.effects);
    if (r.effects.some((e) => e.type === 'persist')) toPersist.push(state);
  }
  const stepMs = cpuMs() - t0;
  const t1 = cpuMs();
  for (const s of toPersist) serialize(s);
  const persistMs = cpuMs() - t1;
  return { stepMs, persistMs, state, effects };
}

const effectKey = (e: Effect): string =>
  e.type === 'broadcast'
    ? `b:${toHex(e.bytes)}`
    : e.type === 'send'
      ? `s:${e.to}:${toHex(e.bytes)}`
      : e.type === 'notice'
        ? `n:${e.notice.kind}`
        : 'p';

/**
 * Throws unless the replay is the recorded participant: same initial state, the same effects
 * (same bytes sent) for every event, success, and the group key of all the others.
 */
export function checkReplay(rec: Recording, r: ReplayResult): void {
  const where = `${rec.suite} n=${rec.n}`;
  if (serialize(freshParticipant(rec).state) !== rec.initial)
    throw new Error(`${where}: the replayed participant does not start from the recorded state`);
  if (r.effects.length !== rec.effects.length)
    throw new Error(`${where}: ${r.effects.length} steps replayed, ${rec.effects.length} recorded`);
  rec.effects.forEach((want, i) => {
    const got = (r.effects[i] ?? []).map(effectKey).join('|');
    if (got !== want.map(effectKey).join('|'))
      throw new Error(`${where}: step ${i + 1} (${rec.events[i]?.type}) produced other effects than recorded`);
  });
  if (phaseOf(r.state) !== 'success')
    throw new Error(`${where}: the measured participant ended in phase ${phaseOf(r.state)}, not success`);
  const kp = keyPackageOf(r.state);
  const pkp = publicKeyPackageOf(r.state);
  if (
    kp === null ||
    pkp === null ||
    toHex(kp.verifyingKey) !== rec.groupKey ||
    toHex(pkp.verifyingKey) !== rec.groupKey
  )
    throw new Error(`${where}: the measured participant's group key differs from the others'`);
}

export interface StepBenchRow {
  suite: SuiteName;
  n: number;
  t: number;
  /** Median CPU ms of the participant's step() calls for the whole ceremony. */
  stepMs: number;
  /** Median CPU ms of serialize() on persist effects (the shell's saves; not in stepMs). */
  persistMs: number;
  /** Median CPU ms of src/protocol/dkg's library calls only (the old figure). */
  libMs: number;
  /** Median CPU ms of the bare noble DKG for one participant. */
  nobleMs: number;
  /** stepMs / nobleMs. */
  ratio: number;
  /** libMs / nobleMs. */
  libRatio: number;
  reps: number;
  /** Events the participant stepped through (receives, announce, confirmCode). */
  events: number;
  /** Envelope bytes it received and sent. */
  bytesIn: number;
  bytesOut: number;
}

export interface StepBenchOptions {
  suites?: readonly SuiteName[];
  ns?: readonly number[];
  reps?: number;
  /** One untimed run of each side first (default true). */
  warmUp?: boolean;
  onRow?: (row: StepBenchRow) => void;
}

/** Per-participant comparison; rows in suite order, then n. */
export async function runStepBench(opts: StepBenchOptions = {}): Promise<StepBenchRow[]> {
  const rows: StepBenchRow[] = [];
  const reps = opts.reps ?? 5;
  for (const suite of opts.suites ?? SUITE_NAMES) {
    for (const n of opts.ns ?? [3, 5, 10, 20]) {
      const rec = await recordCeremony(suite, n);
      const lib = prepareDkgUnit(suite, n);
      if (opts.warmUp ?? true) {
        checkReplay(rec, await replay(rec));
        lib.ours();
        lib.noble();
      }
      const s: number[] = [];
      const p: number[] = [];
      const o: number[] = [];
      const b: number[] = [];
      for (let r = 0; r < reps; r++) {
        // Rotate the order so drifts in machine speed hit all three alike.
        const order = [0, 1, 2].map((k) => (k + r) % 3);
        for (const k of order) {
          if (k === 0) {
            const res = await replay(rec);
            if (r === 0 && !(opts.warmUp ?? true)) checkReplay(rec, res);
            s.push(res.stepMs);
            p.push(res.persistMs);
          } else {
            const f = k === 1 ? lib.ours : lib.noble;
            const t0 = cpuMs();
            f();
            (k === 1 ? o : b).push(cpuMs() - t0);
          }
        }
      }
      const bytes = (es: Effect[]) =>
        es.reduce(
          (a, e) => a + (e.type === 'broadcast' ? e.bytes.length * (n - 1) : e.type === 'send' ? e.bytes.length : 0),
          0,
        );
      const row: StepBenchRow = {
        suite,
        n,
        t: rec.t,
        stepMs: median(s),
        persistMs: median(p),
        libMs: median(o),
        nobleMs: median(b),
        ratio: median(s) / median(b),
        libRatio: median(o) / median(b),
        reps,
        events: rec.events.length,
        bytesIn: rec.events.reduce((a, e) => a + (e.type === 'receive' ? e.bytes.length : 0), 0),
        bytesOut: rec.effects.reduce((a, es) => a + bytes(es), 0),
      };
      rows.push(row);
      opts.onRow?.(row);
    }
  }
  return rows;
}

export function formatStepBench(rows: readonly StepBenchRow[]): string {
  const head =
    'suite          n    t  step() ms  noble ms  ratio │ library calls only: ms  ratio │ persist ms  events  KiB in/out';
  const lines = rows.map(
    (r) =>
      `${r.suite.padEnd(14)}${String(r.n).padStart(3)}${String(r.t).padStart(5)}${r.stepMs.toFixed(1).padStart(11)}${r.nobleMs.toFixed(1).padStart(10)}${r.ratio.toFixed(2).padStart(7)} │${r.libMs.toFixed(1).padStart(23)}${r.libRatio.toFixed(2).padStart(7)} │${r.persistMs.toFixed(1).padStart(11)}${String(r.events).padStart(8)}  ${(r.bytesIn / 1024).toFixed(0)}/${(r.bytesOut / 1024).toFixed(0)}`,
  );
  return [head, ...lines].join('\n');
}

// ——— whole ceremony in one process ———

const BARE = {
  ed25519: ed25519_FROST,
  ristretto255: ristretto255_FROST,
  ed448: ed448_FROST,
  p256: p256_FROST,
  secp256k1: secp256k1_FROST,
  'secp256k1-tr': schnorr_FROST,
} as const;

/** The bare noble DKG of all n participants in one process; returns the group key (all must agree). */
export function bareCeremony(suite: SuiteName, n: number, seed: string): string {
  const frost = BARE[suite];
  const t = thresholdFor(n);
  const ids = Array.from({ length: n }, (_, k) => frost.Identifier.fromNumber(k + 1));
  const r1 = ids.map((id, k) => {
    const rng = seededRng(`${seed}/bare/${k}`);
    return frost.DKG.round1(
      id,
      { min: t, max: n },
      undefined,
      (len?: number) => rng(len ?? 32) as Uint8Array<ArrayBuffer>,
    );
  });
  const r2 = r1.map((me, k) =>
    frost.DKG.round2(
      me.secret,
      r1.filter((_, j) => j !== k).map((o) => o.public),
    ),
  );
  const keys = r1.map((me, k) => {
    const others = r1.filter((_, j) => j !== k).map((o) => o.public);
    const toMe = r2.filter((_, j) => j !== k).map((m) => m[ids[k]!]!);
    return toHex(frost.DKG.round3(me.secret, others, toMe).public.commitments[0]!);
  });
  if (new Set(keys).size !== 1) throw new Error(`${suite} n=${n}: bare noble participants disagree on the group key`);
  return keys[0]!;
}

/** runSimulation as `frost-ceremony simulate` calls it; throws unless it succeeds with n key packages. */
export async function simulateCeremony(suite: SuiteName, n: number, seed: string): Promise<string> {
  const sim = await runSimulation({
    suite,
    minSigners: thresholdFor(n),
    maxSigners: n,
    label: 'simulation',
    seed,
    crypto: createNodeIdentityCrypto(),
    maxGenerations: n + 1,
  });
  if (sim.publicKeyPackage === null || sim.keyPackages.length !== n || sim.generations.length !== 1)
    throw new Error(`${suite} n=${n}: simulate did not succeed in one generation (${JSON.stringify(sim.generations)})`);
  return toHex(sim.publicKeyPackage.verifyingKey);
}

export interface CeremonyBenchRow {
  suite: SuiteName;
  n: number;
  t: number;
  simulateMs: number;
  bareMs: number;
  ratio: number;
  reps: number;
}

/** Whole ceremony in one process: simulate vs the bare noble DKG of all n, alternating. */
export async function runCeremonyBench(
  opts: {
    suites?: readonly SuiteName[];
    ns?: readonly number[];
    reps?: number;
    onRow?: (r: CeremonyBenchRow) => void;
  } = {},
): Promise<CeremonyBenchRow[]> {
  const rows: CeremonyBenchRow[] = [];
  const reps = opts.reps ?? 3;
  for (const suite of opts.suites ?? SUITE_NAMES) {
    for (const n of opts.ns ?? [10, 20]) {
      const sims: number[] = [];
      const bares: number[] = [];
      for (let r = 0; r < reps; r++) {
        const seed = `ceremonybench/${suite}/${n}/${r}`;
        for (const k of r % 2 === 0 ? [0, 1] : [1, 0]) {
          const t0 = cpuMs();
          if (k === 0) await simulateCeremony(suite, n, seed);
          else bareCeremony(suite, n, seed);
          (k === 0 ? sims : bares).push(cpuMs() - t0);
        }
      }
      const row = {
        suite,
        n,
        t: thresholdFor(n),
        simulateMs: median(sims),
        bareMs: median(bares),
        ratio: median(sims) / median(bares),
        reps,
      };
      rows.push(row);
      opts.onRow?.(row);
    }
  }
  return rows;
}

export function formatCeremonyBench(rows: readonly CeremonyBenchRow[]): string {
  const head = 'suite          n    t  simulate ms   bare ms  ratio';
  return [
    head,
    ...rows.map(
      (r) =>
        `${r.suite.padEnd(14)}${String(r.n).padStart(3)}${String(r.t).padStart(5)}${r.simulateMs.toFixed(0).padStart(13)}${r.bareMs.toFixed(0).padStart(10)}${r.ratio.toFixed(2).padStart(7)}`,
    ),
  ].join('\n');
}
