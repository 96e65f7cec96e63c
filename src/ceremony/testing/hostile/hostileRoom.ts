/**
 * Test helper: n participants, each a real ceremony shell (createCeremony + createParticipant,
 * as in ceremony.test.ts) on a {@link LyingNetwork}, with seeded identities and randomness so a
 * failing case replays exactly. Waiting is by quiescence (no delivery pending, every shell
 * settled), never by time.
 */
import { createCeremony, type Ceremony } from '../../ceremony';
import { createMemoryStateStore, type StateStore } from '../../persistence/stateStore';
import {
  generateIdentity,
  type IdentityKeyPair,
  createParticipant,
  type FaultSpec,
  type Notice,
  type CeremonyView,
  sealEnvelope,
  type MessageType,
  createNobleIdentityCrypto,
  toHex,
  seededRng,
} from '../../../protocol/index';
import { createLyingNetwork, type LyingNetwork, type LyingNetworkOptions } from './lyingNetwork';

export interface HostileParticipant {
  name: string;
  /** Network member name (identity hex, or an instance name for a second copy). */
  member: string;
  identity: IdentityKeyPair;
  hex: string;
  ceremony: Ceremony;
  store: StateStore;
  notices: Notice[];
}

export interface HostileRoom {
  net: LyingNetwork;
  roomId: string;
  roomSecret: Uint8Array;
  coordinator: IdentityKeyPair;
  people: HostileParticipant[];
  /** Adds a participant (not started). `instance` = a second copy of an existing identity. */
  add(opts: { name: string; identity?: IdentityKeyPair; instance?: string; fault?: FaultSpec }): HostileParticipant;
  startAll(): Promise<void>;
  /** Waits until no delivery is pending and every shell has processed everything. */
  settle(): Promise<void>;
  views(): CeremonyView[];
}

export interface HostileRoomOptions {
  seed: string;
  /** Names of the participants; the first is the coordinator. */
  names: string[];
  roomId?: string;
  network?: Omit<LyingNetworkOptions, 'seed'>;
  faults?: Record<number, FaultSpec>;
  /** Identities to use (same order as names), e.g. the same people in two rooms. */
  identities?: IdentityKeyPair[];
}

export function createHostileRoom(opts: HostileRoomOptions): HostileRoom {
  const net = createLyingNetwork({ seed: opts.seed, ...opts.network });
  const roomId =
    opts.roomId ??
    `hostile-${opts.seed}`
      .replace(/[^A-Za-z0-9_-]/g, '-')
      .padEnd(16, '0')
      .slice(0, 64);
  const roomSecret = seededRng(`${opts.seed}/secret`)(32);
  const coordinator = opts.identities?.[0] ?? generateIdentity(seededRng(`${opts.seed}/id/${opts.names[0]}`));
  const people: HostileParticipant[] = [];

  function add(a: {
    name: string;
    identity?: IdentityKeyPair;
    instance?: string;
    fault?: FaultSpec;
  }): HostileParticipant {
    const identity =
      a.identity ?? (people.length === 0 ? coordinator : generateIdentity(seededRng(`${opts.seed}/id/${a.name}`)));
    const hex = toHex(identity.publicKey);
    const rng = seededRng(`${opts.seed}/rng/${a.instance ?? a.name}`);
    const store = createMemoryStateStore();
    const state = createParticipant({
      identity,
      name: a.name,
      room: { id: roomId, secret: roomSecret, coordinator: coordinator.publicKey },
      isCoordinator: hex === toHex(coordinator.publicKey),
      rng,
      ...(a.fault ? { fault: a.fault } : {}),
    });
    const ceremony = createCeremony({ state, transport: net.transport(hex, a.instance), stateStore: store, rng });
    const p: HostileParticipant = {
      name: a.name,
      member: a.instance ?? hex,
      identity,
      hex,
      ceremony,
      store,
      notices: [],
    };
    ceremony.subscribe((_s, n) => void p.notices.push(...n));
    people.push(p);
    return p;
  }

  opts.names.forEach((name, i) => {
    const identity = opts.identities?.[i];
    add({ name, ...(identity ? { identity } : {}), ...(opts.faults?.[i] ? { fault: opts.faults[i] } : {}) });
  });

  async function settle(): Promise<void> {
    for (let i = 0; i < 1_000_000; i++) {
      await Promise.all(people.map((p) => p.ceremony.settled()));
      if (net.pending() === 0) {
        // One more turn: a shell may still be between its queue and its sends.
        await new Promise((r) => setImmediate(r));
        await Promise.all(people.map((p) => p.ceremony.settled()));
        if (net.pending() === 0) return;
      }
      await net.idle();
    }
    throw new Error('network never went quiet');
  }

  return {
    net,
    roomId,
    roomSecret,
    coordinator,
    people,
    add,
    async startAll() {
      for (const p of people) await p.ceremony.start();
      await settle();
    },
    settle,
    views: () => people.map((p) => p.ceremony.snapshot().view),
  };
}

/** Lets everything through again: every link goes down and up, so each pair resyncs what it holds. */
export async function heal(room: HostileRoom): Promise<void> {
  const names = room.net.members();
  for (const a of names) for (const b of names) if (a < b) room.net.setLink(a, b, false);
  for (const a of names) for (const b of names) if (a < b) room.net.setLink(a, b, true);
  await room.settle();
}

/** Lock with the given roster (default: everyone, in order) and wait for every code to appear. */
export async function lockRoom(
  room: HostileRoom,
  params: { minSigners: number; label?: string; suite?: 'ed25519' } = { minSigners: 2 },
  roster?: string[],
  by = room.people[0]!,
): Promise<void> {
  await by.ceremony.dispatch({
    type: 'lock',
    params: { suite: params.suite ?? 'ed25519', minSigners: params.minSigners, label: params.label ?? 'hostile' },
    roster: roster ?? room.people.map((p) => p.hex),
  });
  await room.settle();
}

/** Everyone in `who` presses "codes match". */
export async function confirmCodes(room: HostileRoom, who = room.people): Promise<void> {
  for (const p of who) await p.ceremony.dispatch({ type: 'confirmCode' });
  await room.settle();
}

/** Distinct group keys that some participant holds as *confirmed*. The safety property: at most one. */
export function confirmedKeys(views: readonly CeremonyView[]): string[] {
  return [...new Set(views.filter((v) => v.groupKey.status === 'confirmed').map((v) => v.groupKey.hex as string))];
}

/** Same as confirmedKeys, read from the states (cheap enough to check on every delivery). */
export function confirmedKeysNow(room: HostileRoom): string[] {
  const keys = new Set<string>();
  for (const p of room.people) {
    const s = p.ceremony.state().session;
    if (s?.outcome === 'success' && s.result) keys.add(s.result.verifyingKey);
  }
  return [...keys];
}

/** Error codes a participant rejected input with (its bounded error list). */
export function errorCodes(p: HostileParticipant): string[] {
  return p.ceremony.snapshot().view.errors.map((e) => e.code);
}

/** Signs an envelope as `identity` (a malicious participant or coordinator re-signing its own messages). */
export function signAs(
  identity: IdentityKeyPair,
  f: { type: MessageType; room: string; session: string; generation: number; payload: unknown },
): Uint8Array {
  return sealEnvelope(createNobleIdentityCrypto(), identity, f).bytes;
}

/** Parses wire bytes loosely (tests only; the bytes are the network's, not verified). */
export function peek(
  bytes: Uint8Array,
): { type: string; room: string; session: string; gen: number; from: string; payload: string } | null {
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as {
      type: string;
      room: string;
      session: string;
      gen: number;
      from: string;
      payload: string;
    };
  } catch {
    return null;
  }
}
