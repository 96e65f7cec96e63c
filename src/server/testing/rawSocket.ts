/**
 * Test helper: a WebSocket client on a bare TCP socket, for what no WebSocket library will send
 * (a message left unfinished, a message in many tiny fragments). It performs the RFC 6455
 * handshake, sends masked frames as given, answers pings, and reads the server's frames.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** A frame from the server. */
export interface RawFrame {
  readonly opcode: number;
  readonly fin: boolean;
  readonly payload: Buffer;
}

export interface RawWebSocket {
  readonly socket: Socket;
  /** Sends one frame (RFC 6455 §5.2), masked as a client must. */
  frame(opcode: number, fin: boolean, payload: Buffer | string): void;
  /** Resolves with the next frame from the server (pings are answered, and returned too), or undefined once the socket closed. */
  next(): Promise<RawFrame | undefined>;
  /** How many pings the server has sent so far. */
  pings(): number;
}

export const OPCODE = { continuation: 0, text: 1, close: 8, ping: 9, pong: 10 } as const;

/** Opens `ws://host:port/path` on a raw socket; resolves after the 101 answer. */
export function openRawWebSocket(
  port: number,
  path = '/ws',
  headers: Record<string, string> = {},
): Promise<RawWebSocket> {
  const socket = connect(port, '127.0.0.1');
  let buf = Buffer.alloc(0);
  let upgraded = false;
  let closed = false;
  let pings = 0;
  const frames: RawFrame[] = [];
  const waiting: ((f: RawFrame | undefined) => void)[] = [];

  function frame(opcode: number, fin: boolean, payload: Buffer | string): void {
    const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
    const len = body.length;
    const head = len < 126 ? Buffer.alloc(2) : len < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
    head[0] = (fin ? 0x80 : 0) | opcode;
    if (len < 126) head[1] = 0x80 | len;
    else if (len < 65536) {
      head[1] = 0x80 | 126;
      head.writeUInt16BE(len, 2);
    } else {
      head[1] = 0x80 | 127;
      head.writeBigUInt64BE(BigInt(len), 2);
    }
    const mask = randomBytes(4);
    const masked = Buffer.allocUnsafe(len);
    for (let i = 0; i < len; i++) masked[i] = (body[i] as number) ^ (mask[i & 3] as number);
    if (!socket.destroyed) socket.write(Buffer.concat([head, mask, masked]));
  }

  function push(f: RawFrame | undefined): void {
    const w = waiting.shift();
    if (w !== undefined) w(f);
    else if (f !== undefined) frames.push(f);
  }

  function parse(): void {
    for (;;) {
      if (buf.length < 2) return;
      let len = (buf[1] as number) & 0x7f;
      let off = 2;
      if (len === 126) {
        if (buf.length < 4) return;
        len = buf.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (buf.length < 10) return;
        len = Number(buf.readBigUInt64BE(2));
        off = 10;
      }
      if (buf.length < off + len) return;
      const f = {
        opcode: (buf[0] as number) & 0x0f,
        fin: ((buf[0] as number) & 0x80) !== 0,
        payload: Buffer.from(buf.subarray(off, off + len)),
      };
      buf = buf.subarray(off + len);
      if (f.opcode === OPCODE.ping) {
        pings++;
        frame(OPCODE.pong, true, f.payload);
      }
      push(f);
    }
  }

  return new Promise((resolve, reject) => {
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      while (waiting.length > 0) waiting.shift()?.(undefined);
      if (!upgraded) reject(new Error('closed before the upgrade'));
    });
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1');
        buf = buf.subarray(end + 4);
        if (!head.startsWith('HTTP/1.1 101')) {
          socket.destroy();
          reject(new Error(head.split('\r\n')[0]));
          return;
        }
        upgraded = true;
        resolve({
          socket,
          frame,
          next: () => {
            const f = frames.shift();
            if (f !== undefined) return Promise.resolve(f);
            if (closed) return Promise.resolve(undefined);
            return new Promise((r) => waiting.push(r));
          },
          pings: () => pings,
        });
      }
      parse();
    });
    const extra = Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n${extra}\r\n`,
    );
  });
}

/** The close code in a close frame's payload (1005 when it carries none). */
export function closeCode(f: RawFrame): number {
  return f.payload.length >= 2 ? f.payload.readUInt16BE(0) : 1005;
}
