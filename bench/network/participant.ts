/**
 * One headless bench participant (runs inside a worker process, see worker.ts): its own transport
 * (WebRTC through @roamhq/wrtc, or relay-only) and the same `runHeadless` driver the CLI uses,
 * with an in-memory state store. It answers "codes match" only when told to (`release`), so the
 * orchestrator can start everyone's ceremony at the same instant once the mesh is up.
 */
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import { createMemoryStateStore } from '../../src/ceremony/persistence/stateStore.js';
import { runHeadless, type HeadlessResult } from '../../src/cli/headless.js';
import { fromHex, toHex } from '../../src/protocol/encoding.js';
import { identityFromSecret } from '../../src/protocol/identity.js';
import { createParticipant } from '../../src/protocol/machine/step.js';
import { createTransport, type Transport, type TransportOptions } from '../../src/transport/transport.js';

export type NetKind = 'webrtc' | 'relay';

export const rng = (n: number): Uint8Array => new Uint8Array(randomBytes(n));

/** Wall clock shared by every process on the machine, with sub-millisecond resolution. */
export const epochMs = (): number => performance.timeOrigin + performance.now();

export const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export async function transportFor(
  serverUrl: string,
  roomId: string,
  selfId: string,
  kind: NetKind,
): Promise<Transport> {
  // wrtc is loaded only for WebRTC runs: relay-only workers stay free of its native threads.
  const wrtc = kind === 'webrtc' ? (await import('@roamhq/wrtc')).default : undefined;
  return createTransport({
    serverUrl,
    roomId,
    selfId,
    relayOnly: kind === 'relay',
    ...(wrtc !== undefined ? { wrtc } : {}),
    WebSocketImpl: WebSocket as unknown as TransportOptions['WebSocketImpl'],
    backoff: { baseMs: 50, maxMs: 400 },
  });
}

/** Every other participant present, and (WebRTC) every link a data channel. */
export function linksUp(tr: Transport, n: number, kind: NetKind): boolean {
  if (tr.presence().length < n - 1) return false;
  if (kind === 'relay') return true;
  const l = Object.values(tr.links());
  return l.length >= n - 1 && l.every((s) => s === 'direct');
}

export const directLinks = (tr: Transport): number => Object.values(tr.links()).filter((s) => s === 'direct').length;

/** What the orchestrator tells a worker to be (all hex strings: it crosses an IPC channel). */
export interface JoinSpec {
  serverUrl: string;
  kind: NetKind;
  roomId: string;
  roomSecret: string;
  /** Identity public key of participant 0 (the coordinator). */
  coordinator: string;
  /** This participant's identity secret key. */
  secretKey: string;
  index: number;
  n: number;
  t: number;
}

export interface ParticipantHooks {
  /** The code question was asked (the participant is on the verify screen). */
  onAsked(): void;
  /** First phase of the DKG proper reached: this participant holds all n start signatures. */
  onRound1(): void;
  onSuccess(): void;
  onProblem(text: string): void;
  /** An error frame from the signalling server (e.g. rate_limited). */
  onServerError(code: string): void;
}

export interface BenchParticipant {
  transport: Transport;
  /** Answers "codes match". */
  release(): void;
  done: Promise<HeadlessResult>;
  stop(): void;
}

export async function startParticipant(spec: JoinSpec, hooks: ParticipantHooks): Promise<BenchParticipant> {
  const identity = identityFromSecret(fromHex(spec.secretKey));
  const isCoordinator = spec.index === 0;
  const room = { id: spec.roomId, secret: fromHex(spec.roomSecret), coordinator: fromHex(spec.coordinator) };
  const transport = await transportFor(spec.serverUrl, spec.roomId, toHex(identity.publicKey), spec.kind);
  transport.onServerError((code) => hooks.onServerError(code));
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const run = runHeadless({
    state: createParticipant({ identity, name: `P${spec.index + 1}`, room, isCoordinator, rng }),
    transport,
    stateStore: createMemoryStateStore(),
    rng,
    autoConfirm: false,
    ask: async (q) => {
      if (/Lock the roster/.test(q)) return true;
      hooks.onAsked();
      await released;
      return true;
    },
    ...(isCoordinator
      ? { coordinator: { plan: { suite: 'ed25519' as const, minSigners: spec.t, maxSigners: spec.n, label: 'bench' } } }
      : {}),
    emit: (e) => {
      if (e.t === 'failed' || e.t === 'rejected')
        hooks.onProblem(`P${spec.index + 1}: ${JSON.stringify(e).slice(0, 300)}`);
    },
    writeOutputs: async () => [],
    lingerMs: 20,
    tickMs: 1000,
  });
  let seenRound1 = false;
  let seenSuccess = false;
  run.ceremony.subscribe((snap) => {
    const p = snap.view.phase;
    if (!seenRound1 && ['round1', 'echo', 'round2', 'confirm', 'success'].includes(p)) {
      seenRound1 = true;
      hooks.onRound1();
    }
    if (!seenSuccess && p === 'success') {
      seenSuccess = true;
      hooks.onSuccess();
    }
  });
  return {
    transport,
    release,
    done: run.done,
    stop() {
      run.stop(130, 'bench over');
      transport.stop();
    },
  };
}
