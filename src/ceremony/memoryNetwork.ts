import type { DeliveryPath, EnvelopeHandler, LinkState, Transport, SignalStatus } from '../transport/index';
import { toHex } from '../protocol/index';

/**
 * An in-memory "room" for rehearsals and tests: every participant gets a {@link Transport}
 * with the same contract as the real one (broadcast, send, dedup by content, presence,
 * link states), but envelopes travel through this object instead of WebRTC or a server.
 * Delivery is asynchronous, so the shell sees the same interleavings as on a network.
 */
export interface MemoryNetwork {
  /** A transport for one participant (peer id = its identity key hex). */
  transport(selfId: string): Transport;
  /** Cuts a participant off for good (a rehearsal "peer that vanishes"). */
  vanish(peerId: string): void;
  /** Resolves when no delivery is pending (tests). */
  idle(): Promise<void>;
}

interface Member {
  handlers: Set<EnvelopeHandler>;
  presenceCbs: Set<(peers: readonly string[]) => void>;
  linkCbs: Set<(links: Record<string, LinkState>) => void>;
  seen: Set<string>;
  started: boolean;
}

function key(bytes: Uint8Array): string {
  // Content identity for dedup; the in-memory network needs no cryptographic hash.
  return toHex(bytes);
}

export function createMemoryNetwork(opts: { schedule?: (fn: () => void) => void } = {}): MemoryNetwork {
  const schedule = opts.schedule ?? ((fn) => setTimeout(fn, 0));
  const members = new Map<string, Member>();
  const vanished = new Set<string>();
  let pending = 0;
  let idleWaiters: (() => void)[] = [];

  const live = (id: string) => members.get(id)?.started === true && !vanished.has(id);
  const presentFor = (self: string) => [...members.keys()].filter((id) => id !== self && live(id)).sort();

  function linksFor(self: string): Record<string, LinkState> {
    const out: Record<string, LinkState> = {};
    for (const id of members.keys()) if (id !== self) out[id] = live(id) && live(self) ? 'direct' : 'down';
    return out;
  }

  function announce(): void {
    for (const [id, m] of members) {
      if (!live(id)) continue;
      const peers = presentFor(id);
      const links = linksFor(id);
      for (const cb of m.presenceCbs) cb(peers);
      for (const cb of m.linkCbs) cb(links);
    }
  }

  function deliver(from: string, to: string, bytes: Uint8Array): void {
    if (!live(from)) return;
    pending++;
    schedule(() => {
      pending--;
      const m = members.get(to);
      // What was already on its way when the sender vanished still arrives, as on a network.
      if (m && live(to)) {
        const k = key(bytes);
        if (!m.seen.has(k)) {
          m.seen.add(k);
          for (const h of m.handlers) {
            if (h(bytes.slice(), from, 'direct' satisfies DeliveryPath) === false) m.seen.delete(k);
          }
        }
      }
      if (pending === 0) {
        const w = idleWaiters;
        idleWaiters = [];
        for (const fn of w) fn();
      }
    });
  }

  return {
    transport(selfId) {
      const m: Member = {
        handlers: new Set(),
        presenceCbs: new Set(),
        linkCbs: new Set(),
        seen: new Set(),
        started: false,
      };
      members.set(selfId, m);
      const status = (): SignalStatus => ({ state: live(selfId) ? 'open' : 'idle', attempt: 0 });
      const sub = <T>(set: Set<T>, cb: T) => {
        set.add(cb);
        return () => void set.delete(cb);
      };
      return {
        start() {
          if (m.started) return;
          m.started = true;
          announce();
        },
        stop() {
          m.started = false;
          announce();
        },
        broadcast(bytes) {
          for (const id of presentFor(selfId)) deliver(selfId, id, bytes);
        },
        send(to, bytes) {
          deliver(selfId, to, bytes);
        },
        onEnvelope: (cb) => sub(m.handlers, cb),
        onPresence: (cb) => sub(m.presenceCbs, cb),
        presence: () => presentFor(selfId),
        links: () => linksFor(selfId),
        onLinks: (cb) => sub(m.linkCbs, cb),
        status,
        onStatus: () => () => {},
        onServerError: () => () => {},
        onBadPeerData: () => () => {},
        setPeers() {},
        addPeers() {},
      };
    },
    vanish(peerId) {
      vanished.add(peerId);
      announce();
    },
    idle() {
      return pending === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
