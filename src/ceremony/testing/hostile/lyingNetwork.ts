/**
 * A hostile network for tests: the same {@link Transport} contract as the real transport and
 * memoryNetwork, but every delivery passes through a seeded adversary that may drop, reorder,
 * duplicate, tamper with or replace it, inject bytes of its own ("the server speaks"), take links
 * down and up, or split the room. It models what an untrusted signalling server plus a bad
 * network can do; it cannot forge signatures (it holds no identity key).
 *
 * Like the real transport (WIRE.md "Delivery"), each member keeps what it sent and received and,
 * when a link comes up or a member (re)starts, hands over everything the other side may have
 * (audience all, or addressed to it): that is the anti-entropy which heals drops once the
 * adversary lets traffic through.
 */
import type { DeliveryPath, EnvelopeHandler, LinkState, Transport, SignalStatus } from '../../../transport/index';

/** Peer id the network uses for bytes the "server" makes up. */
export const SERVER_ID = 'server';

export interface Delivery {
  /** Member (instance) that handed the bytes over, or SERVER_ID. */
  from: string;
  /** Member (instance) that receives them. */
  to: string;
  /** Peer id (identity hex) of the receiver. */
  toId: string;
  bytes: Uint8Array;
  kind: 'broadcast' | 'send' | 'resync' | 'inject';
}

/** What the adversary does with one delivery: undefined = deliver as is; [] = drop; several = all of them, in order. */
export type Interceptor = (d: Delivery, net: LyingNetwork) => readonly Uint8Array[] | undefined;

export interface LyingNetworkOptions {
  seed: string;
  /** Deliver pending items in random order (seeded) instead of FIFO. */
  reorder?: boolean;
  /** Receivers drop bytes they already got (the real transport's dedup by hash). Default true. */
  dedup?: boolean;
  intercept?: Interceptor;
  /** Called before each delivery (e.g. to flap links). */
  beforeDelivery?: (net: LyingNetwork) => void;
}

export interface LyingNetwork {
  /** A transport for one participant. `instance` names a second copy of one identity (a split room). */
  transport(selfId: string, instance?: string): Transport;
  /** The server sends bytes of its own to every instance of `toId`. */
  inject(toId: string, bytes: Uint8Array): void;
  setLink(a: string, b: string, up: boolean): void;
  linkUp(a: string, b: string): boolean;
  /** Member (instance) names. */
  members(): string[];
  /** Every delivery offered to the adversary so far (before tampering): material for replays. */
  readonly log: Delivery[];
  /** Seeded uniform number in [0, 1). */
  rand(): number;
  pending(): number;
  idle(): Promise<void>;
}

interface Member {
  name: string;
  selfId: string;
  handlers: Set<EnvelopeHandler>;
  presenceCbs: Set<(peers: readonly string[]) => void>;
  linkCbs: Set<(links: Record<string, LinkState>) => void>;
  seen: Set<string>;
  /** What this member holds, with its audience ('all' or a peer id): resent on link-up. */
  store: Map<string, { bytes: Uint8Array; audience: string }>;
  started: boolean;
}

/** Content identity for dedup (tests run in Node; no cryptographic hash needed). */
function hexKey(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** mulberry32 over a string-hashed seed: a small deterministic scheduler rng. */
function seededUniform(seed: string): () => number {
  let a = 0x9e3779b9;
  for (let i = 0; i < seed.length; i++) a = Math.imul(a ^ seed.charCodeAt(i), 0x85ebca6b) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createLyingNetwork(opts: LyingNetworkOptions): LyingNetwork {
  const members = new Map<string, Member>();
  const down = new Set<string>();
  const queue: Delivery[] = [];
  const log: Delivery[] = [];
  const rand = seededUniform(opts.seed);
  const dedup = opts.dedup ?? true;
  let scheduled = false;
  let idleWaiters: (() => void)[] = [];

  const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
  const isUp = (a: string, b: string) => !down.has(pairKey(a, b));
  const started = () => [...members.values()].filter((m) => m.started);

  function presenceFor(m: Member): string[] {
    return [
      ...new Set(
        started()
          .filter((o) => o.selfId !== m.selfId)
          .map((o) => o.selfId),
      ),
    ].sort();
  }

  function linksFor(m: Member): Record<string, LinkState> {
    const out: Record<string, LinkState> = {};
    for (const o of members.values()) {
      if (o.selfId === m.selfId) continue;
      const up = o.started && m.started && isUp(m.name, o.name);
      if (up || out[o.selfId] === undefined) out[o.selfId] = up ? 'direct' : 'down';
    }
    return out;
  }

  function announce(): void {
    for (const m of started()) {
      for (const cb of m.presenceCbs) cb(presenceFor(m));
      for (const cb of m.linkCbs) cb(linksFor(m));
    }
  }

  function enqueue(d: Delivery): void {
    queue.push(d);
    if (!scheduled) {
      scheduled = true;
      setImmediate(pump);
    }
  }

  /** Hands `from` everything `to` may have (the transport's inventory/want exchange). */
  function resync(from: Member, to: Member): void {
    for (const { bytes, audience } of from.store.values())
      if (audience === 'all' || audience === to.selfId)
        enqueue({ from: from.name, to: to.name, toId: to.selfId, bytes, kind: 'resync' });
  }

  function pump(): void {
    scheduled = false;
    const i = opts.reorder === true ? Math.floor(rand() * queue.length) : 0;
    const [d] = queue.splice(i, 1);
    if (d) {
      opts.beforeDelivery?.(net);
      deliver(d);
    }
    if (queue.length > 0) {
      scheduled = true;
      setImmediate(pump);
    } else {
      const w = idleWaiters;
      idleWaiters = [];
      for (const fn of w) fn();
    }
  }

  function deliver(d: Delivery): void {
    const to = members.get(d.to);
    if (!to || !to.started) return;
    if (d.from !== SERVER_ID) {
      const from = members.get(d.from);
      if (!from || !from.started || !isUp(d.from, d.to)) return; // lost; the sender still holds it
    }
    log.push(d);
    const out = opts.intercept?.(d, net) ?? [d.bytes];
    for (const bytes of out) {
      const k = hexKey(bytes);
      if (dedup && to.seen.has(k)) continue;
      to.seen.add(k);
      to.store.set(k, { bytes, audience: d.kind === 'send' || d.kind === 'inject' ? to.selfId : 'all' });
      const path: DeliveryPath = d.from === SERVER_ID ? 'relay' : 'direct';
      for (const h of to.handlers)
        h(bytes.slice(), d.from === SERVER_ID ? SERVER_ID : (members.get(d.from)?.selfId ?? d.from), path);
    }
  }

  const net: LyingNetwork = {
    transport(selfId, instance) {
      const name = instance ?? selfId;
      if (members.has(name)) throw new Error(`member ${name} exists`);
      const m: Member = {
        name,
        selfId,
        handlers: new Set(),
        presenceCbs: new Set(),
        linkCbs: new Set(),
        seen: new Set(),
        store: new Map(),
        started: false,
      };
      members.set(name, m);
      const sub = <T>(set: Set<T>, cb: T) => {
        set.add(cb);
        return () => void set.delete(cb);
      };
      const status = (): SignalStatus => ({ state: m.started ? 'open' : 'idle', attempt: 0 });
      const keep = (bytes: Uint8Array, audience: string) => {
        const k = hexKey(bytes);
        m.seen.add(k);
        m.store.set(k, { bytes: bytes.slice(), audience });
      };
      return {
        start() {
          if (m.started) return;
          m.started = true;
          // A (re)join: inventories both ways with everyone present.
          for (const o of started())
            if (o !== m && isUp(m.name, o.name)) {
              resync(m, o);
              resync(o, m);
            }
          announce();
        },
        stop() {
          m.started = false;
          announce();
        },
        broadcast(bytes) {
          keep(bytes, 'all');
          for (const o of started())
            if (o.selfId !== selfId)
              enqueue({ from: name, to: o.name, toId: o.selfId, bytes: bytes.slice(), kind: 'broadcast' });
        },
        send(to, bytes) {
          keep(bytes, to);
          for (const o of started())
            if (o.selfId === to) enqueue({ from: name, to: o.name, toId: to, bytes: bytes.slice(), kind: 'send' });
        },
        onEnvelope: (cb) => sub(m.handlers, cb),
        onPresence: (cb) => sub(m.presenceCbs, cb),
        presence: () => presenceFor(m),
        links: () => linksFor(m),
        onLinks: (cb) => sub(m.linkCbs, cb),
        status,
        onStatus: () => () => {},
        onServerError: () => () => {},
        onBadPeerData: () => () => {},
        setPeers() {},
        addPeers() {},
      };
    },
    inject(toId, bytes) {
      for (const o of started())
        if (o.selfId === toId) enqueue({ from: SERVER_ID, to: o.name, toId, bytes: bytes.slice(), kind: 'inject' });
    },
    setLink(a, b, up) {
      const k = pairKey(a, b);
      if (up === !down.has(k)) return;
      if (up) down.delete(k);
      else down.add(k);
      const ma = members.get(a);
      const mb = members.get(b);
      if (up && ma?.started && mb?.started) {
        resync(ma, mb);
        resync(mb, ma);
      }
      announce();
    },
    linkUp: (a, b) => isUp(a, b),
    members: () => [...members.keys()],
    log,
    rand,
    pending: () => queue.length,
    idle: () => (queue.length === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve))),
  };
  return net;
}
