import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from './base64url';
import { formatInvite, InviteError, newRoom, parseInvite } from './invite';

const bytes = (n: number, v = 7) => new Uint8Array(n).fill(v);

describe('invite links', () => {
  it('round-trip, with everything secret in the fragment', () => {
    const { roomId, roomSecret } = newRoom((n) => bytes(n, 42));
    const link = formatInvite({
      origin: 'http://127.0.0.1:8790/some/path',
      roomId,
      roomSecret,
      coordinator: bytes(32, 9),
    });
    const url = new URL(link);
    expect(url.pathname).toBe('/');
    expect(url.search).toBe('');
    expect(url.hash).toContain(toBase64Url(roomSecret));
    const back = parseInvite(link);
    expect(back).toEqual({ origin: 'http://127.0.0.1:8790', roomId, roomSecret, coordinator: bytes(32, 9) });
  });

  it.each([
    ['not a url', /not a link/],
    ['ftp://x/#join=a.b.c', /https/],
    ['http://x/', /no ceremony/],
    ['http://x/#join=short.AAAA.00', /room id/],
    [`http://x/#join=${'a'.repeat(24)}.AAAA.${'0'.repeat(64)}`, /wrong length/],
    [`http://x/#join=${'a'.repeat(24)}.${toBase64Url(bytes(32))}.${'0'.repeat(63)}`, /coordinator key/],
    [`http://x/#join=${'a'.repeat(24)}.${toBase64Url(bytes(32))}!.${'0'.repeat(64)}`, /secret/],
  ])('rejects a damaged link %s with a plain explanation', (link, message) => {
    expect(() => parseInvite(link)).toThrow(InviteError);
    expect(() => parseInvite(link)).toThrow(message);
  });

  it('never throws anything but InviteError on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          parseInvite(s);
        } catch (e) {
          expect(e).toBeInstanceOf(InviteError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('carries what the coordinator set out to make, so a joiner sees it before joining (issue 15.1)', () => {
    const { roomId, roomSecret } = newRoom((n) => bytes(n, 42));
    const params = { suite: 'secp256k1-tr' as const, t: 2, n: 3, label: 'Treasury 2026 · “cold”' };
    const link = formatInvite({
      origin: 'http://127.0.0.1:8790',
      roomId,
      roomSecret,
      coordinator: bytes(32, 9),
      params,
    });
    expect(parseInvite(link).params).toEqual(params);
    // Links without the part (made before it existed) still parse, without params.
    expect(
      parseInvite(formatInvite({ origin: 'http://127.0.0.1:8790', roomId, roomSecret, coordinator: bytes(32, 9) }))
        .params,
    ).toBeUndefined();
  });

  it.each([
    ['not base64url', '!!!!'],
    ['not JSON', toBase64Url(new TextEncoder().encode('nope'))],
    ['unknown suite', toBase64Url(new TextEncoder().encode('{"suite":"rsa","t":2,"n":3,"label":"x"}'))],
    ['t above n', toBase64Url(new TextEncoder().encode('{"suite":"ed25519","t":4,"n":3,"label":"x"}'))],
    ['t not an integer', toBase64Url(new TextEncoder().encode('{"suite":"ed25519","t":1.5,"n":3,"label":"x"}'))],
    ['extra field', toBase64Url(new TextEncoder().encode('{"suite":"ed25519","t":2,"n":3,"label":"x","x":1}'))],
    [
      'bidi override in the label',
      toBase64Url(new TextEncoder().encode('{"suite":"ed25519","t":1,"n":2,"label":"Treasury \u202e3-of-2"}')),
    ],
    [
      'label too long',
      toBase64Url(new TextEncoder().encode(JSON.stringify({ suite: 'ed25519', t: 2, n: 3, label: 'x'.repeat(201) }))),
    ],
  ])('rejects an invite whose key description is damaged: %s', (_what, part) => {
    const link = `http://x/#join=${'a'.repeat(24)}.${toBase64Url(bytes(32))}.${'0'.repeat(64)}.${part}`;
    expect(() => parseInvite(link)).toThrow(InviteError);
    expect(() => parseInvite(link)).toThrow(/description of the key/);
  });

  it('base64url round-trips any bytes and agrees with Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
        const s = toBase64Url(b);
        expect(s).toBe(Buffer.from(b).toString('base64url'));
        expect(fromBase64Url(s)).toEqual(b);
      }),
    );
  });
});
