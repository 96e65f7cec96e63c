import type SimplePeerNs from 'simple-peer';

/** The simple-peer constructor (from 'simple-peer/simplepeer.min.js' or 'simple-peer'). */
export type SimplePeerCtor = new (opts?: SimplePeerNs.Options) => SimplePeerNs.Instance;

/** Events of one data-channel link. */
export interface PeerLinkEvents {
  /** simple-peer produced signalling data to relay to the other side. */
  signal(data: unknown): void;
  /** The data channel is open. */
  open(): void;
  /** A message arrived on the data channel (untrusted). */
  data(data: unknown): void;
  /** The link is gone (closed, failed, or destroyed); fires once. */
  closed(reason: string): void;
}

/** One simple-peer connection to one peer, tagged with a connection id chosen by the initiator. */
export interface PeerLink {
  readonly cid: string;
  readonly initiator: boolean;
  isOpen(): boolean;
  /** Feeds signalling data from the other side. */
  signal(data: unknown): void;
  /** Sends bytes; false when the channel is not open or the send failed. */
  send(bytes: Uint8Array): boolean;
  destroy(): void;
}

/** Options of {@link createPeerLink}. */
export interface PeerLinkOptions {
  readonly SimplePeer: SimplePeerCtor;
  readonly cid: string;
  readonly initiator: boolean;
  readonly iceServers: RTCIceServer[];
  readonly wrtc?: unknown;
  readonly events: PeerLinkEvents;
}

/** Creates a link; the initiator starts emitting `signal` (offer, candidates) at once. */
export function createPeerLink(o: PeerLinkOptions): PeerLink {
  let open = false;
  let done = false;
  const sp = new o.SimplePeer({
    initiator: o.initiator,
    trickle: true,
    config: { iceServers: o.iceServers },
    ...(o.wrtc === undefined ? {} : { wrtc: o.wrtc as SimplePeerNs.Options['wrtc'] }),
  });
  function finish(reason: string): void {
    if (done) return;
    done = true;
    open = false;
    o.events.closed(reason);
  }
  sp.on('signal', (d: unknown) => {
    if (!done) o.events.signal(d);
  });
  sp.on('connect', () => {
    if (done) return;
    open = true;
    o.events.open();
  });
  sp.on('data', (d: unknown) => {
    if (!done) o.events.data(d);
  });
  // simple-peer throws on an 'error' without a listener; every failure ends the link.
  sp.on('error', (err: Error & { code?: string }) => {
    finish(err.code ?? 'error');
    sp.destroy();
  });
  sp.on('close', () => finish('closed'));
  return {
    cid: o.cid,
    initiator: o.initiator,
    isOpen: () => open && !done,
    signal(data) {
      if (done) return;
      try {
        sp.signal(data as SimplePeerNs.SignalData);
      } catch {
        // Garbage signalling data from the other side ends this attempt, nothing more.
        finish('bad_signal');
        sp.destroy();
      }
    },
    send(bytes) {
      if (!open || done) return false;
      try {
        sp.send(bytes);
        return true;
      } catch {
        return false;
      }
    },
    destroy() {
      finish('destroyed');
      sp.destroy();
    },
  };
}
