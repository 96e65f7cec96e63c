import { describe, expect, it } from 'vitest';
import { fromBase64, fromHex, toBase64, toHex } from './encoding.js';

// The codecs are the libraries' (@noble/hashes, @scure/base); these pin the strictness callers rely on.
describe('hex and base64 (library codecs, strict)', () => {
  it('hex: lowercase, even length, round trip; anything else is "invalid hex"', () => {
    const b = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(fromHex(toHex(b))).toEqual(b);
    expect(toHex(new Uint8Array([0, 15, 16, 255]))).toBe('000f10ff');
    for (const bad of ['ABCD', '0F', 'abc', '0x00', ' 00', '00 ', 'zz', '０００'])
      expect(() => fromHex(bad), bad).toThrow('invalid hex');
    expect(fromHex('')).toEqual(new Uint8Array());
  });

  it('base64: padded standard alphabet, canonical only; anything else is "invalid base64"', () => {
    const b = Uint8Array.from({ length: 100 }, (_, i) => (i * 37) & 255);
    expect(fromBase64(toBase64(b))).toEqual(b);
    expect(toBase64(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe('+/+/');
    expect(fromBase64('QQ==')).toEqual(new Uint8Array([0x41]));
    // 'QR==' decodes to the same byte as 'QQ==' with atob: a second spelling, refused.
    for (const bad of ['QR==', 'QUJ=', 'QQ', 'Q===', 'QU JD', '-_-_', 'QUJ==', 'QQ==\n'])
      expect(() => fromBase64(bad), bad).toThrow('invalid base64');
  });
});
