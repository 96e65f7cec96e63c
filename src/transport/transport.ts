import SimplePeerDefault from 'simple-peer/simplepeer.min.js';
import { backoffDelay, type BackoffOptions } from './backoff';
import { base64ToBytes, bytesToBase64, toHex } from './bytes';
import { createEnvelopeStore, type HeldEnvelope } from './envelopeStore';
import { createPeerLink, type PeerLink, type SimplePeerCtor } from './peerLink';
import {
  decodePeerFrame,
  encodeEnvelopeFrame,
  encodeHashFrame,
  type BadPeerDataReason,
  type PeerFrame,
} from './peerFrames';
import { createSignalClient, type SignalStatus, type WebSocketCtor } from './signalClient';
import { isId, MAX_ENVELOPE_BYTES, type ErrorCode, type ServerFrame } from '../wire/index';

/** State of the link to one peer, for the UI. */
export type LinkState = 'connecting' | 'direct' | 'relayed' | 'down';
/** How an envelope arrived. */
export type DeliveryPath = 'direct' | 'relay';

/**
 * Receives each distinct envelope once. `from` is the peer that handed it over (server-stamped
 * on the relay, the channel's peer on a data channel) — not necessarily its author: the
 * application must identify authors by signature. Return `false` to mark the envelope invalid:
 * it is then forgotten, never forwarded, and refused if it comes again.
 */
export type EnvelopeHandler = (bytes: Uint8Array, from: string, path: DeliveryPath) => boolean | void;

/** Options of {@link createTransport}. */
export interface TransportOptions {
  /**
   * Signalling endpoint: ws(s)://host/ws, or the app's http(s) origin (then `/ws` is used); or a
   * list of them (processes sharing rooms through Redis), tried in turn on each reconnect.
   */
  readonly serverUrl: string | readonly string[];
  readonly roomId: string;
  /** This participant's peer id (e.g. hex of its identity key). */
  readonly selfId: string;
  /** STUN/TURN servers; default [] (loopback and LAN). */
  readonly iceServers?: RTCIceServer[];
  /** No data channels at all: everything goes through the server. */
  readonly relayOnly?: boolean;
  /** WebRTC implementation for Node (`@roamhq/wrtc`); the browser's own is used otherwise. */
  readonly wrtc?: unknown;
  /** WebSocket implementation for Node < 22 (the `ws` package's WebSocket). */
  readonly WebSocketImpl?: WebSocketCtor | typeof WebSocket;
  /** Reconnect (server) and redial (data channel) backoff. */
  readonly backoff?: BackoffOptions;
  /** simple-peer constructor; default the prebuilt bundle (browser, and Node with `wrtc`). */
  readonly SimplePeer?: SimplePeerCtor;
  /** Which peers to try a data channel with (default all); others use the relay. Both sides apply it. */
  readonly directWith?: (peerId: string) => boolean;
  /** Largest envelope accepted from the app or from a peer (bytes); default MAX_ENVELOPE_BYTES (192 KiB, src/wire/limits.ts). */
  readonly maxEnvelopeBytes?: number;
  /** Envelopes held for dedup and resend; defaults 20 000 and 64 MiB. */
  readonly maxStoredEnvelopes?: number;
  /**
   * Envelopes first handed over by one peer that are kept (and not rejected by the app); default
   * a quarter of `maxStoredEnvelopes`, so one member of the room cannot fill the store alone.
   */
  readonly maxStoredPerPeer?: number;
  readonly maxStoredBytes?: number;
  /** Signalling keepalive (ms); default 20 000; 0 disables. */
  readonly keepaliveMs?: number;
  /**
   * Periodic anti-entropy (ms): inventories go to every present mesh peer this often, so an
   * envelope lost on the way (a lying or overloaded server, a dropped frame) is still
   * delivered. Default 30 000; 0 disables. A transport timer, not a protocol one.
   */
  readonly resyncMs?: number;
}

/** The network side of one participant in one room. */
export interface Transport {
  /** Connects to the server (and then to peers). Idempotent; after status 'replaced' it reconnects (taking the id back). */
  start(): void;
  /** Closes the server connection and every data channel. `start()` may be called again. */
  stop(): void;
  /** Sends an envelope to every mesh peer (data channel where open, relay otherwise). */
  broadcast(bytes: Uint8Array): void;
  /** Sends an envelope to one peer (data channel if open, else relay, which also keeps it for later). */
  send(to: string, bytes: Uint8Array): void;
  onEnvelope(cb: EnvelopeHandler): () => void;
  /** Peers in the room (server presence), excluding self, sorted. */
  onPresence(cb: (peers: readonly string[]) => void): () => void;
  presence(): readonly string[];
  /** Link state per mesh peer. */
  links(): Record<string, LinkState>;
  onLinks(cb: (links: Record<string, LinkState>) => void): () => void;
  /** Server connection status. */
  status(): SignalStatus;
  onStatus(cb: (s: SignalStatus) => void): () => void;
  /** Error frames from the server (limits, replaced, …). */
  onServerError(cb: (code: ErrorCode, message: string) => void): () => void;
  /** Garbage or oversized data from a peer, named by peer id; the data is dropped. */
  onBadPeerData(cb: (from: string, reason: BadPeerDataReason) => void): () => void;
  /** Restricts the mesh to these peers ('all' = everyone present, the default). */
  setPeers(ids: readonly string[] | 'all'): void;
  /** Adds peers to an explicit mesh set (no-op in 'all' mode). */
  addPeers(ids: readonly string[]): void;
}

/** A misuse of the transport API by the application. */
export class TransportError extends Error {
  constructor(
    readonly code: 'envelope_too_large' | 'empty_envelope' | 'send_to_self' | 'bad_peer_id',
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/** Transport signals carried in server `signal` frames (JSON). */
type MeshSignal =
  | { k: 'hello'; inst: string; rtc: boolean; ack: boolean }
  | { k: 'rtc'; cid: string; d: unknown }
  | { k: 'pf'; d: string };

const MAX_HASHES_PER_FRAME = 1024;

/** Converts an http(s) origin to its ws(s) `/ws` endpoint; ws(s) URLs pass through. */
export function signalUrlFrom(serverUrl: string): string {
  const u = new URL(serverUrl);
  if (u.protocol === 'http:' || u.protocol === 'https:') {
    u.protocol = u.protocol === 'http:' ? 'ws:' : 'wss:';
    if (u.pathname === '/' || u.pathname === '') u.pathname = '/ws';
  }
  return u.toString();
}

function randomToken(): string {
  const b = new Uint8Array(8);
  crypto.getRandomValues(b);
  return toHex(b);
}

/** Creates a transport for one room; nothing happens until `start()`. */
export function createTransport(opts: TransportOptions): Transport {
  if (!isId(opts.selfId)) throw new TransportError('bad_peer_id', `invalid self id ${JSON.stringify(opts.selfId)}`);
  const self = opts.selfId;
  const SimplePeer = opts.SimplePeer ?? (SimplePeerDefault as unknown as SimplePeerCtor);
  const maxEnvelopeBytes = opts.maxEnvelopeBytes ?? MAX_ENVELOPE_BYTES;
  const relayOnly = opts.relayOnly ?? false;
  const directWith = opts.directWith ?? (() => true);
  const store = createEnvelopeStore({
    maxEntries: opts.maxStoredEnvelopes ?? 20_000,
    maxBytes: opts.maxStoredBytes ?? 64 * 1024 * 1024,
    maxRejected: 20_000,
  });
  const frameLimits = { maxEnvelopeBytes, maxHashesPerFrame: MAX_HASHES_PER_FRAME };
  const maxPerPeer = opts.maxStoredPerPeer ?? Math.floor((opts.maxStoredEnvelopes ?? 20_000) / 4);
  /** Kept envelopes per peer that first handed them over. */
  const perPeer = new Map<string, number>();
  const signal = createSignalClient({
    url: typeof opts.serverUrl === 'string' ? signalUrlFrom(opts.serverUrl) : opts.serverUrl.map(signalUrlFrom),
    room: opts.roomId,
    peer: self,
    ...(opts.WebSocketImpl === undefined ? {} : { WebSocketImpl: opts.WebSocketImpl as WebSocketCtor }),
    ...(opts.backoff === undefined ? {} : { backoff: opts.backoff }),
    ...(opts.keepaliveMs === undefined ? {} : { keepaliveMs: opts.keepaliveMs }),
  });

  const envelopeCbs = new Set<EnvelopeHandler>();
  const presenceCbs = new Set<(p: readonly string[]) => void>();
  const linkCbs = new Set<(l: Record<string, LinkState>) => void>();
  const serverErrorCbs = new Set<(c: ErrorCode, m: string) => void>();
  const badCbs = new Set<(from: string, r: BadPeerDataReason) => void>();

  const inst = randomToken();
  let cidCounter = 0;
  let present: string[] = [];
  let meshSet: Set<string> | 'all' = 'all';
  const links = new Map<string, PeerLink>();
  const remote = new Map<string, { inst: string; rtc: boolean }>();
  const redialAttempts = new Map<string, number>();
  const redialTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Peers whose last data-channel attempt ended without (or after) opening. */
  const failed = new Set<string>();
  let lastLinks = '';
  let running = false;
  let resyncTimer: ReturnType<typeof setInterval> | undefined;
  let soonTimer: ReturnType<typeof setTimeout> | undefined;

  const inMesh = (p: string) =>
    p !== self && (meshSet === 'all' ? present.includes(p) || links.has(p) : meshSet.has(p));
  const wantsDirect = (p: string) => !relayOnly && directWith(p);
  const isInitiator = (p: string) => self < p;

  function meshPeers(): string[] {
    const s = meshSet === 'all' ? new Set([...present, ...links.keys()]) : new Set(meshSet);
    s.delete(self);
    return [...s].sort();
  }

  function linkState(p: string): LinkState {
    const link = links.get(p);
    if (link?.isOpen()) return 'direct';
    if (!signal.joined() || !present.includes(p)) return 'down';
    const r = remote.get(p);
    if (!wantsDirect(p) || r?.rtc === false) return 'relayed';
    if (link !== undefined) return 'connecting';
    // A channel that failed (and is waiting to be redialled or re-offered): the relay carries it.
    return failed.has(p) ? 'relayed' : 'connecting';
  }

  function computeLinks(): Record<string, LinkState> {
    const out: Record<string, LinkState> = {};
    for (const p of meshPeers()) out[p] = linkState(p);
    return out;
  }

  function emitLinks(): void {
    const l = computeLinks();
    const key = JSON.stringify(l);
    if (key === lastLinks) return;
    lastLinks = key;
    for (const cb of linkCbs) cb(l);
  }

  function bad(from: string, reason: BadPeerDataReason): void {
    for (const cb of badCbs) cb(from, reason);
  }

  function sendSignal(to: string, data: MeshSignal): void {
    relayFrame({ t: 'signal', to, data });
  }

  /** Sends through the server; a frame refused while joined (full queue) calls for a resync. */
  function relayFrame(frame: Parameters<typeof signal.send>[0]): void {
    if (!signal.send(frame) && signal.joined()) resyncSoon();
  }

  /** Sends a peer frame on the data channel when open; otherwise inventories/wants go as signals. */
  function sendControl(to: string, frame: Uint8Array): void {
    const link = links.get(to);
    if (link?.isOpen() && link.send(frame)) return;
    sendSignal(to, { k: 'pf', d: bytesToBase64(frame) });
  }

  function sendHeld(to: string, e: HeldEnvelope): void {
    const frame = encodeEnvelopeFrame(e.bytes, e.audience === 'all' ? 'all' : 'direct');
    const link = links.get(to);
    if (link?.isOpen() && link.send(frame)) return;
    relayFrame({ t: 'send', to, data: bytesToBase64(frame) });
  }

  function sendInventory(to: string): void {
    const hashes = store.inventoryFor(to);
    for (let i = 0; i < hashes.length; i += MAX_HASHES_PER_FRAME) {
      sendControl(to, encodeHashFrame('inventory', hashes.slice(i, i + MAX_HASHES_PER_FRAME)));
    }
  }

  function receiveEnvelope(bytes: Uint8Array, audience: 'all' | 'direct', from: string, path: DeliveryPath): void {
    const r = store.add(bytes, audience === 'all' ? 'all' : { to: self });
    if (r.status === 'full') return bad(from, 'store_full');
    if (r.status !== 'new') return;
    const count = perPeer.get(from) ?? 0;
    if (count >= maxPerPeer) {
      store.remove(r.entry.hash);
      return bad(from, 'peer_quota');
    }
    perPeer.set(from, count + 1);
    let keep = true;
    for (const cb of envelopeCbs) {
      try {
        if (cb(bytes, from, path) === false) keep = false;
      } catch {
        // A throwing handler is the application's bug; delivery to the others goes on.
      }
    }
    if (!keep) {
      store.reject(r.entry.hash);
      perPeer.set(from, (perPeer.get(from) ?? 1) - 1);
    }
  }

  function receivePeerFrame(from: string, f: PeerFrame, path: DeliveryPath): void {
    switch (f.kind) {
      case 'envelope':
        return receiveEnvelope(f.bytes, f.audience, from, path);
      case 'inventory': {
        if (!inMesh(from)) return;
        const want = f.hashes.filter((h) => !store.has(h) && !store.isRejected(h));
        if (want.length > 0) sendControl(from, encodeHashFrame('want', want));
        return;
      }
      case 'want':
        if (!inMesh(from)) return;
        for (const h of f.hashes) {
          const e = store.get(h);
          if (e !== undefined && (e.audience === 'all' || e.audience.to === from)) sendHeld(from, e);
        }
        return;
    }
  }

  function clearRedial(p: string): void {
    const t = redialTimers.get(p);
    if (t !== undefined) clearTimeout(t);
    redialTimers.delete(p);
  }

  function dropLink(p: string): void {
    clearRedial(p);
    const link = links.get(p);
    if (link === undefined) return;
    links.delete(p);
    link.destroy();
  }

  function makeLink(p: string, initiator: boolean, cid: string): PeerLink {
    const link: PeerLink = createPeerLink({
      SimplePeer,
      cid,
      initiator,
      iceServers: opts.iceServers ?? [],
      wrtc: opts.wrtc,
      events: {
        signal: (d) => sendSignal(p, { k: 'rtc', cid, d }),
        open: () => {
          redialAttempts.delete(p);
          failed.delete(p);
          emitLinks();
          // Anti-entropy on every link opening.
          sendInventory(p);
        },
        data: (d) => {
          const r = decodePeerFrame(d, frameLimits);
          if (!r.ok) return bad(p, r.reason);
          receivePeerFrame(p, r.frame, 'direct');
        },
        closed: () => {
          if (links.get(p) !== link) return;
          links.delete(p);
          failed.add(p);
          if (running && initiator) scheduleRedial(p);
          emitLinks();
        },
      },
    });
    links.set(p, link);
    return link;
  }

  function canDial(p: string): boolean {
    return (
      running && inMesh(p) && wantsDirect(p) && isInitiator(p) && remote.get(p)?.rtc === true && present.includes(p)
    );
  }

  function dial(p: string): void {
    clearRedial(p);
    if (!canDial(p)) return;
    const old = links.get(p);
    if (old?.isOpen()) return;
    if (old !== undefined) {
      links.delete(p);
      old.destroy();
    }
    makeLink(p, true, `${inst}-${++cidCounter}`);
    emitLinks();
  }

  function scheduleRedial(p: string): void {
    if (!canDial(p) || redialTimers.has(p)) return;
    const attempt = (redialAttempts.get(p) ?? 0) + 1;
    redialAttempts.set(p, attempt);
    const t = setTimeout(
      () => {
        redialTimers.delete(p);
        dial(p);
      },
      backoffDelay(attempt, opts.backoff),
    );
    (t as { unref?: () => void }).unref?.();
    redialTimers.set(p, t);
  }

  function hello(p: string, ack: boolean): MeshSignal {
    return { k: 'hello', inst, rtc: wantsDirect(p), ack };
  }

  function onSignal(from: string, data: unknown): void {
    if (typeof data !== 'object' || data === null) return bad(from, 'bad_signal');
    const s = data as Partial<Record<string, unknown>>;
    switch (s.k) {
      case 'hello': {
        if (typeof s.inst !== 'string' || typeof s.rtc !== 'boolean' || s.inst.length > 64)
          return bad(from, 'bad_signal');
        const prev = remote.get(from);
        remote.set(from, { inst: s.inst, rtc: s.rtc });
        // A new instance of that peer (restarted process, reloaded tab): its old channel is dead.
        if (prev !== undefined && prev.inst !== s.inst) dropLink(from);
        if (s.ack !== true) sendSignal(from, hello(from, true));
        if (inMesh(from)) {
          // Anti-entropy on every (re)connect: tell the peer what we hold for it.
          sendInventory(from);
          if (!links.get(from)?.isOpen()) dial(from);
        }
        emitLinks();
        return;
      }
      case 'rtc': {
        if (typeof s.cid !== 'string' || s.cid.length > 80) return bad(from, 'bad_signal');
        if (!inMesh(from) || !wantsDirect(from)) return;
        const link = links.get(from);
        if (link !== undefined && link.cid === s.cid) return link.signal(s.d);
        const d = s.d as { type?: unknown } | null;
        // Only the lower id dials (glare-free); a new offer from it replaces any older link.
        if (isInitiator(from) || typeof d !== 'object' || d === null || d.type !== 'offer') return;
        if (link !== undefined) {
          links.delete(from);
          link.destroy();
        }
        makeLink(from, false, s.cid).signal(s.d);
        emitLinks();
        return;
      }
      case 'pf': {
        if (typeof s.d !== 'string') return bad(from, 'bad_signal');
        let bytes: Uint8Array;
        try {
          bytes = base64ToBytes(s.d);
        } catch {
          return bad(from, 'bad_base64');
        }
        const r = decodePeerFrame(bytes, frameLimits);
        if (!r.ok) return bad(from, r.reason);
        if (r.frame.kind === 'envelope') return bad(from, 'wrong_kind');
        return receivePeerFrame(from, r.frame, 'relay');
      }
      default:
        return bad(from, 'bad_signal');
    }
  }

  function onServerFrame(f: ServerFrame): void {
    switch (f.t) {
      case 'joined':
      case 'presence': {
        const before = new Set(present);
        present = f.peers.filter((p) => p !== self);
        for (const p of before) {
          // A peer that left: keep an open channel (it is peer to peer), drop a half-made one.
          if (!present.includes(p) && !links.get(p)?.isOpen()) dropLink(p);
        }
        for (const cb of presenceCbs) cb(present);
        if (f.t === 'joined') for (const p of present) sendSignal(p, hello(p, false));
        else {
          // A hello that overtook the presence change (scale-out servers) is acted on now.
          for (const p of present) {
            if (before.has(p) || !remote.has(p) || !inMesh(p)) continue;
            sendInventory(p);
            if (!links.has(p)) dial(p);
          }
        }
        emitLinks();
        return;
      }
      case 'signal':
        return onSignal(f.from, f.data);
      case 'env': {
        let bytes: Uint8Array;
        try {
          bytes = base64ToBytes(f.data);
        } catch {
          return bad(f.from, 'bad_base64');
        }
        const r = decodePeerFrame(bytes, frameLimits);
        if (!r.ok) return bad(f.from, r.reason);
        if (r.frame.kind !== 'envelope') return bad(f.from, 'wrong_kind');
        return receiveEnvelope(r.frame.bytes, r.frame.audience, f.from, 'relay');
      }
      case 'error':
        if (f.code === 'rate_limited') resyncSoon();
        for (const cb of serverErrorCbs) cb(f.code, f.message);
        return;
      default:
        return;
    }
  }

  /** Anti-entropy with every present mesh peer. */
  function resync(): void {
    if (!running || !signal.joined()) return;
    for (const p of present) {
      if (!inMesh(p)) continue;
      // A hello the server dropped is asked for again here; otherwise this pair would never
      // exchange inventories and a lost envelope would never be resent.
      if (remote.has(p)) sendInventory(p);
      else sendSignal(p, hello(p, false));
    }
  }

  /** Frames were dropped (rate limit, full queue): resync shortly, once. */
  function resyncSoon(): void {
    if (soonTimer !== undefined || !running) return;
    soonTimer = setTimeout(() => {
      soonTimer = undefined;
      resync();
    }, 1500);
    (soonTimer as { unref?: () => void }).unref?.();
  }

  signal.onFrame(onServerFrame);
  signal.onStatus(() => emitLinks());

  /** Present peers that just entered the mesh get an inventory and (if we dial) a channel. */
  function meshJoined(before: ReadonlySet<string>): void {
    for (const p of present) {
      if (!inMesh(p) || before.has(p)) continue;
      if (remote.has(p)) sendInventory(p);
      if (!links.has(p)) dial(p);
    }
    emitLinks();
  }

  function checkEnvelope(bytes: Uint8Array): void {
    if (bytes.length === 0) throw new TransportError('empty_envelope', 'cannot send an empty envelope');
    if (bytes.length > maxEnvelopeBytes) {
      throw new TransportError('envelope_too_large', `envelope of ${bytes.length} bytes exceeds ${maxEnvelopeBytes}`);
    }
  }

  return {
    start() {
      // Also the way back after 'replaced' (the signalling client then stops by itself).
      signal.start();
      if (running) return;
      running = true;
      const every = opts.resyncMs ?? 30_000;
      if (every > 0) {
        resyncTimer = setInterval(resync, every);
        (resyncTimer as { unref?: () => void }).unref?.();
      }
    },
    stop() {
      running = false;
      if (resyncTimer !== undefined) clearInterval(resyncTimer);
      if (soonTimer !== undefined) clearTimeout(soonTimer);
      resyncTimer = soonTimer = undefined;
      signal.stop();
      for (const p of [...links.keys()]) dropLink(p);
      for (const p of [...redialTimers.keys()]) clearRedial(p);
      present = [];
      remote.clear();
      failed.clear();
      emitLinks();
    },
    broadcast(bytes) {
      checkEnvelope(bytes);
      const copy = bytes.slice();
      store.add(copy, 'all');
      const frame = encodeEnvelopeFrame(copy, 'all');
      const mesh = meshPeers();
      const lacking = mesh.filter((p) => {
        const link = links.get(p);
        return !(link?.isOpen() && link.send(frame));
      });
      if (lacking.length === 0 && mesh.length > 0) return;
      const data = bytesToBase64(frame);
      // No channel at all (or nobody here yet): one relayed broadcast, kept in the room log for
      // everyone. Otherwise only the peers without a channel get it through the server.
      if (lacking.length === mesh.length) relayFrame({ t: 'send', data });
      else for (const p of lacking) relayFrame({ t: 'send', to: p, data });
    },
    send(to, bytes) {
      if (to === self) throw new TransportError('send_to_self', 'cannot send an envelope to self');
      if (!isId(to)) throw new TransportError('bad_peer_id', `invalid peer id ${JSON.stringify(to)}`);
      checkEnvelope(bytes);
      const copy = bytes.slice();
      store.add(copy, { to });
      const frame = encodeEnvelopeFrame(copy, 'direct');
      const link = links.get(to);
      if (link?.isOpen() && link.send(frame)) return;
      relayFrame({ t: 'send', to, data: bytesToBase64(frame) });
    },
    onEnvelope(cb) {
      envelopeCbs.add(cb);
      return () => envelopeCbs.delete(cb);
    },
    onPresence(cb) {
      presenceCbs.add(cb);
      return () => presenceCbs.delete(cb);
    },
    presence: () => present,
    links: computeLinks,
    onLinks(cb) {
      linkCbs.add(cb);
      return () => linkCbs.delete(cb);
    },
    status: () => signal.status(),
    onStatus: (cb) => signal.onStatus(cb),
    onServerError(cb) {
      serverErrorCbs.add(cb);
      return () => serverErrorCbs.delete(cb);
    },
    onBadPeerData(cb) {
      badCbs.add(cb);
      return () => badCbs.delete(cb);
    },
    setPeers(ids) {
      const before = new Set(present.filter(inMesh));
      meshSet = ids === 'all' ? 'all' : new Set(ids.filter((p) => p !== self));
      for (const p of [...links.keys()]) if (!inMesh(p)) dropLink(p);
      meshJoined(before);
    },
    addPeers(ids) {
      if (meshSet === 'all') return;
      const before = new Set(present.filter(inMesh));
      for (const p of ids) if (p !== self && isId(p)) meshSet.add(p);
      meshJoined(before);
    },
  };
}
