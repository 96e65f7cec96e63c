import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { isId, type ServerFrame } from '../wire/index';
import { encodeTextFrame, encodeTrustedEnvFrame } from './wsFrame';

/** A connection as the writer sees it. */
export interface WriteTarget {
  readonly ws: WebSocket;
  /** The TCP socket under `ws`: corked while frames to it are batched. */
  readonly socket: Duplex;
  corked: boolean;
}

/** Options of {@link createFrameWriter}. */
export interface FrameWriterOptions {
  /** A connection with more unsent bytes than this is a slow reader: `onSlowReader`, frame dropped. */
  readonly maxBufferedBytes: number;
  /** False when frames may have been rewritten (an outbound hook): then every frame is stringified. */
  readonly fastEnvelopes: boolean;
  readonly onSlowReader: (target: WriteTarget) => void;
}

/** Writes server frames to connections: the relay's hot path. */
export interface FrameWriter {
  write(target: WriteTarget, frame: ServerFrame): void;
  /**
   * Runs `relay` while `data` — a `send` frame's envelope that the caller has checked to be
   * base64 — may be framed without JSON.stringify (see encodeTrustedEnvFrame).
   */
  withCheckedEnvelope<T>(data: string, relay: () => T): T;
}

/**
 * Creates the writer. Three things make relaying cheap:
 * - a frame delivered to a whole room is serialised and WebSocket-framed once, and the same bytes
 *   are written to every member's socket (only the last frame is remembered: a WeakMap entry per
 *   frame costs the GC more);
 * - sockets written to are corked until the current I/O callback returns (process.nextTick), so
 *   everything one incoming chunk of frames sends to a socket leaves in one writev instead of one
 *   system call per frame. Holding them to the end of the whole event-loop turn (setImmediate)
 *   batched more but measured 3–4× the p50 and p99 latency at 1000 sockets;
 * - envelopes being relayed from a checked `send` skip JSON.stringify's scan of the base64.
 */
export function createFrameWriter(opts: FrameWriterOptions): FrameWriter {
  let lastFrame: ServerFrame | undefined;
  let lastWire: Buffer = Buffer.alloc(0);
  let checkedData: string | undefined;
  const corked: WriteTarget[] = [];
  let flushScheduled = false;

  function encode(frame: ServerFrame): Buffer {
    if (
      frame.t === 'env' &&
      frame.replay === undefined &&
      frame.data === checkedData &&
      opts.fastEnvelopes &&
      isId(frame.room) &&
      isId(frame.from) &&
      (frame.to === undefined || isId(frame.to))
    ) {
      return encodeTrustedEnvFrame(frame.room, frame.from, frame.data, frame.to);
    }
    return encodeTextFrame(JSON.stringify(frame));
  }

  function flush(): void {
    flushScheduled = false;
    for (const t of corked.splice(0)) {
      t.corked = false;
      t.socket.uncork();
    }
  }

  return {
    write(t, frame) {
      if (t.ws.readyState !== t.ws.OPEN) return;
      if (t.ws.bufferedAmount > opts.maxBufferedBytes) {
        // A reader that does not keep up must not make the server hold unbounded memory.
        opts.onSlowReader(t);
        return;
      }
      if (frame !== lastFrame) {
        lastWire = encode(frame);
        lastFrame = frame;
      }
      if (!t.corked) {
        t.corked = true;
        t.socket.cork();
        corked.push(t);
        if (!flushScheduled) {
          flushScheduled = true;
          process.nextTick(flush);
        }
      }
      // The complete frame goes straight to the socket (no extension is negotiated). `ws` writes
      // only pings, pongs and the close frame to it; the OPEN check keeps data after a close out.
      t.socket.write(lastWire);
    },
    withCheckedEnvelope(data, relay) {
      checkedData = data;
      try {
        return relay();
      } finally {
        checkedData = undefined;
      }
    },
  };
}
