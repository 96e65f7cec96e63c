import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { encodeTextFrame, encodeTrustedEnvFrame } from './wsFrame';

// ws's own frame parser (exported at runtime, not in its type definitions).
interface Receiver {
  on(event: 'message', cb: (data: Buffer, isBinary: boolean) => void): void;
  on(event: 'error', cb: (err: Error) => void): void;
  write(chunk: Buffer): void;
}
const ReceiverClass = (
  createRequire(import.meta.url)('ws') as { Receiver: new (opts: { isServer: boolean }) => Receiver }
).Receiver;

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
    expect(encodeTextFrame('x'.repeat(65536)).subarray(0, 10)).toEqual(
      Buffer.from([0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0]),
    );
  });

  it('builds relayed envelope frames byte for byte as JSON.stringify + encodeTextFrame would (500 cases)', () => {
    const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/);
    // Sizes around each length form: < 126, < 65 536 and beyond (base64 grows by 4/3).
    const size = fc.oneof(
      fc.integer({ min: 1, max: 120 }),
      fc.integer({ min: 40, max: 2000 }),
      fc.integer({ min: 49_100, max: 49_200 }),
    );
    fc.assert(
      fc.property(
        id,
        id,
        size,
        fc.integer({ min: 0, max: 255 }),
        fc.option(id, { nil: undefined }),
        (room, from, n, fill, to) => {
          const b64 = Buffer.alloc(n, fill).toString('base64');
          const frame =
            to === undefined ? { t: 'env', room, from, data: b64 } : { t: 'env', room, from, data: b64, to };
          // Buffer.equals, not toEqual: a deep comparison of 65 KB buffers is very slow.
          return encodeTrustedEnvFrame(room, from, b64, to).equals(encodeTextFrame(JSON.stringify(frame)));
        },
      ),
      { numRuns: 500 },
    );
  });
});
