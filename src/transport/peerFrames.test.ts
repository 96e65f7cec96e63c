import { describe, expect, it } from 'vitest';
import { envelopeHash } from './bytes';
import { createEnvelopeStore } from './envelopeStore';
import { decodePeerFrame, encodeEnvelopeFrame, encodeHashFrame } from './peerFrames';

const limits = { maxEnvelopeBytes: 10, maxHashesPerFrame: 2 };

describe('peer frames', () => {
  it('round-trips envelopes and hash lists', () => {
    const env = new Uint8Array([7, 8, 9]);
    expect(decodePeerFrame(encodeEnvelopeFrame(env, 'all'), limits)).toEqual({
      ok: true,
      frame: { kind: 'envelope', audience: 'all', bytes: env },
    });
    expect(decodePeerFrame(encodeEnvelopeFrame(env, 'direct').buffer, limits)).toMatchObject({
      frame: { audience: 'direct' },
    });
    const h = [envelopeHash(env), envelopeHash(new Uint8Array([1]))];
    expect(decodePeerFrame(encodeHashFrame('want', h), limits)).toEqual({
      ok: true,
      frame: { kind: 'want', hashes: h },
    });
  });

  it('names what is wrong with garbage', () => {
    const cases: [unknown, string][] = [
      ['text', 'not_binary'],
      [{ length: 1 }, 'not_binary'],
      [new Uint8Array(0), 'empty'],
      [new Uint8Array([1]), 'empty'],
      [new Uint8Array(12).fill(1), 'too_large'],
      [new Uint8Array([99, 1]), 'unknown_kind'],
      [new Uint8Array([3, 1, 2]), 'bad_hash_list'],
      [encodeHashFrame('inventory', [new Uint8Array(32), new Uint8Array(32), new Uint8Array(32)]), 'too_large'],
    ];
    for (const [data, reason] of cases)
      expect([data, decodePeerFrame(data, limits)]).toEqual([data, { ok: false, reason }]);
  });
});

describe('envelope store', () => {
  it('dedups by hash, bounds size, scopes inventories by audience, and remembers rejections', () => {
    const s = createEnvelopeStore({ maxEntries: 3, maxBytes: 100, maxRejected: 1 });
    const a = new Uint8Array([1]);
    const b = new Uint8Array([2]);
    const c = new Uint8Array([3]);
    expect(s.add(a, 'all').status).toBe('new');
    expect(s.add(a, 'all').status).toBe('duplicate');
    expect(s.add(b, { to: 'bob' }).status).toBe('new');
    expect(s.add(c, { to: 'carol' }).status).toBe('new');
    expect(s.add(new Uint8Array([4]), 'all').status).toBe('full');
    expect(s.inventoryFor('bob')).toEqual([envelopeHash(a), envelopeHash(b)]);
    expect(s.inventoryFor('carol')).toEqual([envelopeHash(a), envelopeHash(c)]);
    s.reject(envelopeHash(b));
    expect(s.has(envelopeHash(b))).toBe(false);
    expect(s.add(b, { to: 'bob' }).status).toBe('rejected');
    s.reject(envelopeHash(c)); // maxRejected 1: the older rejection is forgotten
    expect(s.isRejected(envelopeHash(b))).toBe(false);
    expect(s.size).toBe(1);
    expect(
      createEnvelopeStore({ maxEntries: 9, maxBytes: 2, maxRejected: 1 }).add(new Uint8Array(3), 'all').status,
    ).toBe('full');
  });
});
