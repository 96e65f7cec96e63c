/**
 * In-memory simulation: N participants running the real state machine, every message
 * serialised to bytes and delivered in a (seeded) shuffled order, optionally with duplicates,
 * with optional serialise/deserialise of every state before every step. The "users" are
 * scripted: everyone confirms the code, the coordinator locks once all have said hello and
 * restarts after a failure (without the culprits) or when the network goes quiet (without
 * whoever it still waits for). Used by tests, the CLI `simulate` command and the demo mode.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, toHex, utf8 } from './encoding.js';
import { generateIdentity, type IdentityCrypto, type IdentityKeyPair, type Rng } from './identity.js';
import type { SuiteName } from './suites.js';
import { createParticipant, step } from './machine/step.js';
import { createProtocolCache, type ProtocolCache } from './cache.js';
import { deserialize, serialize } from './machine/serialize.js';
import { phaseOf, view, type CeremonyView } from './machine/view.js';
import type { ProtocolErrorData } from './errors.js';
import type { KeyPackage, PublicKeyPackage } from './dkg/index.js';
import { keyPackageOf, publicKeyPackageOf } from './machine/outputs.js';
import { certificateOf } from './certificate.js';
import type { Effect, Event, FaultSpec, ParticipantState } from './machine/types.js';

/** Deterministic byte stream (SHA-256 of seed ‖ counter). For tests and demos only. */
export function seededRng(seed: string): Rng {
  const s = utf8(seed);
  let counter = 0;
  return (length: number) => {
    const out = new Uint8Array(length);
    for (let off = 0; off < length; off += 32) {
      const c = new Uint8Array([counter >>> 24, (counter >>> 16) & 255, (counter >>> 8) & 255, counter & 255]);
      counter++;
      out.set(sha256(concatBytes(s, c)).subarray(0, Math.min(32, length - off)), off);
    }
    return out;
  };
}

export interface SimulationOptions {
  suite: SuiteName;
  minSigners: number;
  maxSigners: number;
  label?: string;
  /**
   * t = 1 only: the coordinator allows a key every participant can use alone, and every
   * scripted custodian accepts it before confirming the code (without it a 1-of-n lock is refused).
   */
  allowSingleSigner?: boolean;
  /** Fault per participant index (0-based; index 0 is the coordinator). */
  faults?: Record<number, FaultSpec>;
  /** Randomness: a seed (deterministic) or an rng factory per participant. */
  seed?: string;
  rngFor?: (index: number) => Rng;
  /** Deliver in random order (default true) and re-deliver some messages (default true). */
  shuffle?: boolean;
  duplicates?: boolean;
  /** Round-trip every state through serialize/deserialize before every step. */
  roundTripStates?: boolean;
  /** Coordinator restarts after failures / when stuck (default true). */
  autoRestart?: boolean;
  /** Stop after this many generations (default 5). */
  maxGenerations?: number;
  /** Identity signatures (default noble; the CLI may pass createNodeIdentityCrypto()). */
  crypto?: IdentityCrypto;
  /** Identity keys (default generateIdentity with each participant's rng); attack tests craft their own. */
  identityFor?: (index: number, rng: Rng) => IdentityKeyPair;
  /** ZF frost-client contact per participant index, sent in their Hello (issue 14 d). */
  frostClientContactFor?: (index: number) => string | undefined;
  /** Observe every step (e.g. to assert on effects). */
  onStep?: (index: number, event: Event, effects: Effect[], before: ParticipantState, after: ParticipantState) => void;
}

export interface SimParticipant {
  index: number;
  name: string;
  identity: IdentityKeyPair;
  rng: Rng;
  state: ParticipantState;
  cache: ProtocolCache;
}

export interface SimulationResult {
  participants: SimParticipant[];
  views: CeremonyView[];
  /** Generations the coordinator went through, each with its outcome and blamed names. */
  generations: { generation: number; outcome: string; blamed: string[]; excluded: string[] }[];
  /** Messages delivered. */
  delivered: number;
  /** Why the coordinator could not restart, when it could not (e.g. fewer than t left). */
  refused: ProtocolErrorData | null;
  /** Outputs of the last generation, when it succeeded: key packages of those in it (by index). */
  keyPackages: { index: number; keyPackage: KeyPackage }[];
  publicKeyPackage: PublicKeyPackage | null;
  certificate: string | null;
}

interface Packet {
  to: number;
  bytes: Uint8Array;
}

export async function runSimulation(opts: SimulationOptions): Promise<SimulationResult> {
  const seed = opts.seed ?? 'frost-ceremony simulation';
  const shuffleRng = seededRng(`${seed}/network`);
  const rand = (k: number): number => {
    const b = shuffleRng(4);
    return (
      ((((b[0] as number) << 24) | ((b[1] as number) << 16) | ((b[2] as number) << 8) | (b[3] as number)) >>> 0) % k
    );
  };
  const n = opts.maxSigners;
  const rngs = Array.from({ length: n }, (_, i) => opts.rngFor?.(i) ?? seededRng(`${seed}/participant/${i}`));
  const identities = rngs.map((r, i) => opts.identityFor?.(i, r) ?? generateIdentity(r));
  const coordinator = identities[0] as IdentityKeyPair;
  const roomSecret = seededRng(`${seed}/room`)(32);
  const room = {
    id: 'room-' + toHex(seededRng(`${seed}/room-id`)(6)),
    secret: roomSecret,
    coordinator: coordinator.publicKey,
  };
  // One memo for everyone: results are the same with or without it, only faster.
  const cache = createProtocolCache();
  const ps: SimParticipant[] = identities.map((identity, index) => ({
    index,
    name: `P${index + 1}`,
    identity,
    rng: rngs[index] as Rng,
    cache,
    state: createParticipant({
      identity,
      name: `P${index + 1}`,
      room,
      isCoordinator: index === 0,
      rng: rngs[index] as Rng,
      // Everyone here lives in this in-memory network only: a simulation by definition.
      simulated: true,
      ...(opts.faults?.[index] ? { fault: opts.faults[index] } : {}),
      ...(opts.frostClientContactFor?.(index) !== undefined
        ? { frostClientContact: opts.frostClientContactFor(index) as string }
        : {}),
    }),
  }));
  const byIdentity = new Map(ps.map((p) => [toHex(p.identity.publicKey), p.index]));
  const queue: Packet[] = [];
  let delivered = 0;

  let refused: ProtocolErrorData | null = null;
  const clicked = new Set<string>();
  const apply = async (p: SimParticipant, event: Event): Promise<void> => {
    const before = opts.roundTripStates ? deserialize(serialize(p.state)) : p.state;
    const r = await step(before, event, p.rng, {
      cache: p.cache,
      ...(opts.crypto ? { crypto: opts.crypto } : {}),
    });
    opts.onStep?.(p.index, event, r.effects, before, r.state);
    p.state = r.state;
    for (const e of r.effects) {
      if (
        (event.type === 'restart' || event.type === 'restartWithout') &&
        e.type === 'notice' &&
        e.notice.kind === 'rejected' &&
        e.notice.error
      )
        refused = e.notice.error;
      if (e.type === 'broadcast') for (const q of ps) if (q !== p) queue.push({ to: q.index, bytes: e.bytes });
      if (e.type === 'send') {
        const to = byIdentity.get(e.to);
        if (to !== undefined && to !== p.index) queue.push({ to, bytes: e.bytes });
      }
    }
    // The scripted user: codes always match when read aloud. One click per session: if the
    // device refuses it (e.g. it cannot do round 2), clicking again changes nothing.
    const v = phaseOf(p.state);
    const s = p.state.session;
    if (v === 'verify' && s && !s.codeConfirmed && !clicked.has(`${p.index}/${s.id}`)) {
      clicked.add(`${p.index}/${s.id}`);
      await apply(p, { type: 'confirmCode', acceptSingleSigner: opts.allowSingleSigner === true });
    }
  };

  const coord = ps[0] as SimParticipant;
  for (const p of ps) await apply(p, { type: 'announce' });
  const maxGenerations = opts.maxGenerations ?? 5;
  for (let guard = 0; guard < 1_000_000; guard++) {
    if (queue.length > 0) {
      const i = opts.shuffle === false ? 0 : rand(queue.length);
      const [pkt] = queue.splice(i, 1) as [Packet];
      if (opts.duplicates !== false && rand(8) === 0) queue.push(pkt);
      delivered++;
      await apply(ps[pkt.to] as SimParticipant, { type: 'receive', bytes: pkt.bytes });
      continue;
    }
    // Network quiet: what would the coordinator do?
    const st = coord.state;
    if (!st.session && st.generation === 0 && Object.keys(st.candidates).length === n) {
      await apply(coord, {
        type: 'lock',
        params: {
          suite: opts.suite,
          minSigners: opts.minSigners,
          label: opts.label ?? 'simulation',
          ...(opts.allowSingleSigner === true && opts.minSigners === 1 ? { singleSigner: true as const } : {}),
        },
        roster: ps.map((p) => toHex(p.identity.publicKey)),
      });
      continue;
    }
    if (
      opts.autoRestart === false ||
      !st.session ||
      st.session.outcome === 'success' ||
      st.generation + 1 >= maxGenerations
    )
      break;
    const before = queue.length;
    if (st.session.outcome === 'failed') await apply(coord, { type: 'restart' });
    else {
      const waiting = view(st)
        .waitingFor.map((w) => w.identity)
        .filter((id) => id !== st.identity.publicKey);
      if (waiting.length === 0) break;
      await apply(coord, { type: 'restartWithout', identities: waiting });
    }
    if (queue.length === before) break; // restart refused (e.g. too few left)
  }
  const generations = coord.state.history.map((h) => ({
    generation: h.generation,
    outcome: h.outcome,
    blamed: h.blamed.map((id) => ps[byIdentity.get(id) ?? -1]?.name ?? id),
    excluded: h.excluded.map((id) => ps[byIdentity.get(id) ?? -1]?.name ?? id),
  }));
  const keyPackages = ps.flatMap((p) => {
    const kp = keyPackageOf(p.state);
    return kp ? [{ index: p.index, keyPackage: kp }] : [];
  });
  return {
    participants: ps,
    views: ps.map((p) => view(p.state)),
    generations,
    delivered,
    refused,
    keyPackages,
    publicKeyPackage: publicKeyPackageOf(coord.state),
    certificate: certificateOf(coord.state),
  };
}
