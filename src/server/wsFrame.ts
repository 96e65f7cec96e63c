/**
 * One complete, unmasked WebSocket text frame (RFC 6455 §5.2: FIN, opcode 1, no extensions)
 * carrying `text` as UTF-8. Server-to-client frames are not masked, so a frame relayed to a
 * whole room is built once and the same bytes are written to every member's socket, instead of
 * `ws` framing it again (two writes and a header allocation) for each of them. Only valid while
 * no extension (permessage-deflate) is negotiated: the server turns it off.
 */
export function encodeTextFrame(text: string): Buffer {
  const length = Buffer.byteLength(text, 'utf8');
  const { frame, header } = allocFrame(length);
  frame.write(text, header, length, 'utf8');
  return frame;
}

/**
 * A buffer for a frame with `length` payload bytes, its header written: FIN + text opcode, and
 * the payload length in the shortest form (7 bits, 16 or 64). `header` is where the payload starts.
 */
function allocFrame(length: number): { frame: Buffer; header: number } {
  const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  return { frame, header };
}

/**
 * The frame of `{"t":"env","room":…,"from":…,"data":…[,"to":…]}` — byte for byte what
 * `encodeTextFrame(JSON.stringify(frame))` gives for that object — built by copying the strings
 * as they are. JSON.stringify scans every character of a ~1.4 KB envelope for escapes, which
 * was the largest cost of relaying; here nothing needs escaping, so the CALLER MUST GUARANTEE
 * that `room`, `from` and `to` are ids (`[A-Za-z0-9_-]`) and `data` is base64 (`[A-Za-z0-9+/=]`).
 */
export function encodeTrustedEnvFrame(room: string, from: string, data: string, to: string | undefined): Buffer {
  const head = `{"t":"env","room":"${room}","from":"${from}","data":"`;
  const tail = to === undefined ? '"}' : `","to":"${to}"}`;
  const { frame, header } = allocFrame(head.length + data.length + tail.length);
  // All ASCII: latin1 writes one byte per character without a UTF-8 pass.
  let at = header + frame.write(head, header, 'latin1');
  at += frame.write(data, at, 'latin1');
  frame.write(tail, at, 'latin1');
  return frame;
}
