import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { encodeTextFrame } from './wsFrame';

// ws's own frame parser (exported at runtime, not in its type definitions).
interface Receiver {
  on(event: 'message', cb: (data: Buffer, isBinary: boolean) => void): void;
  on(event: 'error', cb: (err: Error) => void): void;
  write(chunk: Buffer): void;
}
const ReceiverClass = (createRequire(import.meta.url)('ws') as { Receiver: new (opts: { isServer: boolean }) => Receiver }).Receiver;

function decode(frames: Buffer[]): string[] {
  const out: string[] = [];
  const r = new ReceiverClass({ isServer: false });
  r.on('message', (data, isBinary) => {
    expect(isBinary).toBe(false);
    out.push(data.toString('utf8'));
  });
  r.on('error', (err) => {
    throw err;
  });
  for (const f of frames) r.write(f);
  return out;
}

describe('pre-built WebSocket text frames', () => {
  it('are read back by ws at every length-encoding boundary, with non-ASCII text', () => {
    const texts = [0, 1, 125, 126, 127, 65535, 65536, 300_000].map((n) => 'a'.repeat(n));
    texts.push('{"t":"signal","data":{"name":"Zoë 🔑 ключ"}}', 'é'.repeat(63) /* 126 bytes */);
    expect(decode(texts.map(encodeTextFrame))).toEqual(texts);
  });

  it('uses the shortest length form (2, 4 or 10 header bytes)', () => {
    expect(encodeTextFrame('x'.repeat(125)).length).toBe(127);
    expect(encodeTextFrame('x'.repeat(126)).subarray(0, 4)).toEqual(Buffer.from([0x81, 126, 0, 126]));
    expect(encodeTextFrame('x'.repeat(65536)).subarray(0, 10)).toEqual(Buffer.from([0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0]));
  });
});
