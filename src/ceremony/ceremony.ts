/**
 * The imperative shell around the pure protocol machine: it feeds transport events and user
 * actions into `step`, carries out the effects in order (persist → then send), and tells
 * listeners what changed. The browser store and the CLI's headless participant both drive a
 * ceremony through this one object, so they run the same code.
 */
import {
  serialize,
  step,
  type StepDeps,
  type Effect,
  type Event,
  type Notice,
  type ParticipantState,
  view,
  type CeremonyView,
  type Rng,
} from '../protocol/index';
import type { LinkState, Transport, SignalStatus } from '../transport/index';
import type { StateStore } from './persistence/stateStore';

export interface CeremonyOptions {
  /** A fresh participant (createParticipant) or one restored from the state store. */
  state: ParticipantState;
  transport: Transport;
  stateStore: StateStore;
  rng: Rng;
  deps?: StepDeps;
  /**
   * After my holdings change, a status (progress gossip for the peers' matrix) is sent at
   * most once per this many ms (default 400; ×⌈n/10⌉ for rooms above 10). `null` turns it off.
   */
  statusDelayMs?: number | null;
}

/** Everything the UI or CLI shows, derived after each change. Secret-free. */
export interface CeremonySnapshot {
  view: CeremonyView;
  links: Record<string, LinkState>;
  presence: readonly string[];
  server: SignalStatus;
  /** Peers that sent bytes the transport could not even parse (named by peer id). */
  badPeers: { peer: string; reason: string }[];
}

export type CeremonyListener = (snapshot: CeremonySnapshot, notices: readonly Notice[]) => void;

/** A persistence failure: nothing was sent, the previous state is kept. */
export class CeremonyPersistError extends Error {
  constructor(override readonly cause: unknown) {
    super(`could not save the ceremony state, so nothing was sent: ${String((cause as Error)?.message ?? cause)}`);
    this.name = 'CeremonyPersistError';
  }
}

export interface Ceremony {
  /** Connects and (re)announces / resends what this participant signed. */
  start(): Promise<void>;
  stop(): void;
  /** Queues a user action or a received message; resolves when its effects are carried out. */
  dispatch(event: Event): Promise<readonly Notice[]>;
  state(): ParticipantState;
  snapshot(): CeremonySnapshot;
  subscribe(listener: CeremonyListener): () => void;
  /** Resolves once every queued event is processed. */
  settled(): Promise<void>;
}

const MAX_BAD_PEERS = 50;
const STATUS_DELAY_MS = 400;

const STATUS_PREFIX = new TextEncoder().encode('{"v":1,"type":"status"');

/** Cheap check on the wire bytes (as sealEnvelope writes them); anything else is simply kept. */
function isStatusEnvelope(bytes: Uint8Array): boolean {
  if (bytes.length < STATUS_PREFIX.length) return false;
  for (let i = 0; i < STATUS_PREFIX.length; i++) if (bytes[i] !== STATUS_PREFIX[i]) return false;
  return true;
}

/** What my status would say: which senders' messages I hold, per round. */
function holdingsKey(state: ParticipantState): string {
  const s = state.session;
  if (!s) return '';
  const k = (r: Record<string, unknown>): string => Object.keys(r).sort().join(',');
  return [s.id, k(s.starts), k(s.round1), k(s.echoes), s.result ? 'r2' : '', k(s.confirmations)].join('|');
}

export function createCeremony(opts: CeremonyOptions): Ceremony {
  const { transport, stateStore, rng, deps } = opts;
  let state = opts.state;
  let queue: Promise<unknown> = Promise.resolve();
  const listeners = new Set<CeremonyListener>();
  const badPeers: { peer: string; reason: string }[] = [];
  const unsubscribe: (() => void)[] = [];
  /** Generation whose roster the mesh is restricted to. */
  let meshGeneration: number | undefined;
  const statusDelayMs = opts.statusDelayMs === undefined ? STATUS_DELAY_MS : opts.statusDelayMs;
  let statusTimer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  /** One status after a quiet-ish interval, carrying whatever I hold by then (throttle, not per change). */
  function scheduleStatus(): void {
    if (statusDelayMs === null || statusTimer !== null || stopped) return;
    // Large rooms gossip less often: n statuses every interval must stay small next to the protocol's own traffic.
    const n = state.session?.roster.length ?? 0;
    statusTimer = setTimeout(
      () => {
        statusTimer = null;
        if (!stopped) enqueue({ type: 'status' }).catch((e) => reportLocal(e));
      },
      statusDelayMs * Math.max(1, Math.ceil(n / 10)),
    );
  }

  function snapshot(): CeremonySnapshot {
    return {
      view: view(state),
      links: transport.links(),
      presence: transport.presence(),
      server: transport.status(),
      badPeers: [...badPeers],
    };
  }

  function emit(notices: readonly Notice[]): void {
    const snap = snapshot();
    for (const l of listeners) l(snap, notices);
  }

  /** Once the roster is locked, only roster members get data channels. */
  function restrictMesh(): void {
    const session = state.session;
    if (!session) {
      // Back in a lobby after a restart: a replacement custodian may join (issue 15.2), so
      // everyone in the room may say hello again until the next roster is locked.
      if (meshGeneration !== undefined && state.generation > meshGeneration) {
        meshGeneration = undefined;
        transport.setPeers('all');
      }
      return;
    }
    if (meshGeneration === session.generation) return;
    meshGeneration = session.generation;
    transport.setPeers(session.roster.map((r) => r.identity).filter((id) => id !== state.identity.publicKey));
  }

  async function carryOut(next: ParticipantState, effects: readonly Effect[]): Promise<Notice[]> {
    const notices: Notice[] = [];
    // Persist first: the machine puts 'persist' before any send that depends on new state.
    if (effects.some((e) => e.type === 'persist')) {
      try {
        await stateStore.save(serialize(next));
      } catch (e) {
        throw new CeremonyPersistError(e);
      }
    }
    state = next;
    for (const e of effects) {
      if (e.type === 'broadcast') transport.broadcast(e.bytes);
      else if (e.type === 'send') transport.send(e.to, e.bytes);
      else if (e.type === 'notice') notices.push(e.notice);
    }
    return notices;
  }

  function enqueue(event: Event): Promise<readonly Notice[]> {
    const run = queue.then(async () => {
      const before = holdingsKey(state);
      const r = await step(state, event, rng, deps);
      const notices = await carryOut(r.state, r.effects);
      if (state.session && holdingsKey(state) !== before) scheduleStatus();
      restrictMesh();
      emit(notices);
      return notices;
    });
    queue = run.catch(() => undefined);
    return run;
  }

  return {
    async start() {
      unsubscribe.push(
        transport.onEnvelope((bytes) => {
          enqueue({ type: 'receive', bytes }).catch((e) => reportLocal(e));
          // Status gossip is superseded by the next one: the transport need not keep or forward it
          // (at n = 100 it would otherwise crowd the envelope store that the protocol relies on).
          return isStatusEnvelope(bytes) ? false : undefined;
        }),
        transport.onLinks(() => emit([])),
        transport.onPresence(() => emit([])),
        transport.onStatus(() => emit([])),
        transport.onBadPeerData((peer, reason) => {
          badPeers.push({ peer, reason: String(reason) });
          if (badPeers.length > MAX_BAD_PEERS) badPeers.shift();
          emit([]);
        }),
      );
      transport.start();
      restrictMesh();
      // A resumed participant first ends what must not survive a reload (a test-signing request
      // from before is never answered: SECURITY.md, "Test signing is not a signing oracle").
      if (state.announced) await enqueue({ type: 'resumed' });
      // A fresh participant announces itself; a resumed one re-sends what it signed, since
      // the transport's memory of sent envelopes did not survive the restart.
      await enqueue({ type: state.announced ? 'resend' : 'announce' });
    },
    stop() {
      stopped = true;
      if (statusTimer !== null) clearTimeout(statusTimer);
      statusTimer = null;
      for (const u of unsubscribe.splice(0)) u();
      transport.stop();
    },
    dispatch: enqueue,
    state: () => state,
    snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    settled: () => queue.then(() => undefined),
  };

  function reportLocal(e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    emit([{ kind: 'info', message: `local error: ${message}` }]);
  }
}
