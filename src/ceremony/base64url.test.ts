import { describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from './base64url';

describe('invite base64url (@scure/base, unpadded, strict)', () => {
  it('encodes unpadded and round trips every length', () => {
    expect(toBase64Url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
    for (let n = 0; n < 40; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n) & 255);
      expect(fromBase64Url(toBase64Url(b))).toEqual(b);
    }
  });

  it('refuses padding, the standard alphabet, impossible lengths, whitespace and non-canonical bits', () => {
    for (const bad of ['QQ==', '+/', 'Q', 'QU JD', 'QR', 'QUJ', '-_'])
      expect(() => fromBase64Url(bad), bad).toThrow('not base64url');
  });
});
