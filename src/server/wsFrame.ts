/**
 * One complete, unmasked WebSocket text frame (RFC 6455 §5.2: FIN, opcode 1, no extensions)
 * carrying `text` as UTF-8. Server-to-client frames are not masked, so a frame relayed to a
 * whole room is built once and the same bytes are written to every member's socket, instead of
 * `ws` framing it again (two writes and a header allocation) for each of them. Only valid while
 * no extension (permessage-deflate) is negotiated: the server turns it off.
 */
export function encodeTextFrame(text: string): Buffer {
  const length = Buffer.byteLength(text, 'utf8');
  const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81;
  if (header === 2) {
    frame[1] = length;
  } else if (header === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.write(text, header, length, 'utf8');
  return frame;
}
