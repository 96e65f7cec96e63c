/** Property-based fuzzing of the server's frame boundary: nothing crashes, every answer is from the closed set. */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorFrame } from '../wire/index';
import { parseClientFrame } from './parseFrame';
import { createSignalServer, DEFAULT_LIMITS, type SignalServer } from './signalServer';
import { connectRaw, joinRaw } from './testing/testClient';

const TYPES = ['join', 'leave', 'signal', 'send', 'ping', 'teleport', '', 'JOIN'];
/** Frames that look almost right: known types with random or missing fields. */
const nearFrame = fc.record(
  {
    t: fc.oneof(fc.constantFrom(...TYPES), fc.string(), fc.integer()),
    room: fc.oneof(fc.constantFrom('r', 'other', ''), fc.string(), fc.integer(), fc.constant(null)),
    peer: fc.oneof(fc.constantFrom('a', 'b'), fc.string({ maxLength: 200 })),
    to: fc.oneof(fc.constantFrom('a', 'b', 'zz'), fc.string(), fc.constant(undefined)),
    data: fc.oneof(
      fc.base64String({ maxLength: 200 }),
      fc.string(),
      fc.jsonValue({ maxDepth: 20 }),
      fc.constant(undefined),
    ),
  },
  { requiredKeys: [] },
);
const anyText = fc.oneof(
  nearFrame.map((f) => JSON.stringify(f)),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.jsonValue({ maxDepth: 30 }).map((v) => JSON.stringify(v)),
  nearFrame.map((f) => JSON.stringify(f).slice(0, -3)), // truncated
);

describe('server frame fuzzing', () => {
  it('parseClientFrame never throws and only answers with known codes (20 000 cases)', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const r = parseClientFrame(text, Buffer.byteLength(text), DEFAULT_LIMITS);
        if (!r.ok) expect(ERROR_CODES).toContain(r.error.code);
      }),
      { numRuns: 20_000 },
    );
  });

  describe('a live server', () => {
    let s: SignalServer;
    beforeAll(async () => {
      s = await createSignalServer({
        staticDir: '/nonexistent',
        heartbeatMs: 0,
        sweepIntervalMs: 0,
        limits: { burst: 5000, ratePerSec: 5000 },
      });
    });
    afterAll(() => s.close());

    it('survives 2 000 random frames on one socket while another room is unaffected', async () => {
      const calm = await joinRaw(s.wsUrl, 'calm', 'x');
      const calm2 = await joinRaw(s.wsUrl, 'calm', 'y');
      const fuzzer = await connectRaw(s.wsUrl);
      const frames = fc.sample(anyText, { numRuns: 2000, seed: 42 });
      for (const f of frames) fuzzer.send(f);
      fuzzer.send({ t: 'ping' });
      await fuzzer.next(
        (f) =>
          f.t === 'pong' &&
          fuzzer.frames.filter((x) => x.t === 'pong').length === 1 + frames.filter((x) => x === '{"t":"ping"}').length,
      );
      for (const f of fuzzer.frames) if (f.t === 'error') expect(ERROR_CODES).toContain((f as ErrorFrame).code);
      expect(fuzzer.frames.filter((f) => f.t === 'error').length).toBeGreaterThan(300);
      calm.send({ t: 'send', room: 'calm', data: Buffer.from('still here').toString('base64') });
      expect(await calm2.next((f) => f.t === 'env')).toMatchObject({ from: 'x' });
      expect(calm.frames.some((f) => f.t === 'env' || f.t === 'signal')).toBe(false);
      for (const c of [calm, calm2, fuzzer]) c.close();
    });
  });
});
