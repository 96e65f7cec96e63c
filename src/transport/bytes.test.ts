import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from './bytes';

describe('frame base64 (@scure/base)', () => {
  it('round trips large frames', () => {
    const b = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 131) & 255);
    expect(base64ToBytes(bytesToBase64(b))).toEqual(b);
  });

  it('refuses what is not one canonical padded base64 spelling (atob took these)', () => {
    expect(base64ToBytes('QQ==')).toEqual(new Uint8Array([0x41]));
    for (const bad of ['QR==', 'QQ', 'Q Q==', 'QQ==\n', '-_-_', 'QUJ='])
      expect(() => base64ToBytes(bad), bad).toThrow();
  });
});
