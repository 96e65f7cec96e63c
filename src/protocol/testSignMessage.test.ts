/** The test-signing message layout, byte for byte (known answers written out by hand, not by the code under test). */
import { describe, expect, it } from 'vitest';
import { toHex } from './encoding.js';
import {
  DEFAULT_TEST_TEXT,
  MAX_TEST_TEXT_BYTES,
  TEST_SIGN_PREFIX,
  parseTestSignMessage,
  testSignMessage,
  testTextProblem,
} from './testSignMessage.js';

const SID = Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0')).join('');

describe('test-signing message (known answers)', () => {
  it('prefix "frost-ceremony test signature v1\\0" (33 bytes) || session id (32) || length (1) || UTF-8 text', () => {
    expect(toHex(TEST_SIGN_PREFIX)).toBe('66726f73742d636572656d6f6e792074657374207369676e6174757265207631' + '00');
    expect(toHex(testSignMessage(SID, DEFAULT_TEST_TEXT))).toBe(
      '66726f73742d636572656d6f6e792074657374207369676e6174757265207631' + // "frost-ceremony test signature v1"
        '00' + // NUL
        '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f' + // session id
        '0e' + // 14 bytes of text
        '74657374207369676e6174757265', // "test signature"
    );
    expect(toHex(testSignMessage('ab'.repeat(32), 'Grüße, 東京 ✓'))).toBe(
      '66726f73742d636572656d6f6e792074657374207369676e617475726520763100' +
        'ab'.repeat(32) +
        '13' +
        '4772c3bcc39f652c20e69db1e4baac20e29c93',
    );
  });

  it('reads back exactly what it wrote, and nothing else', () => {
    const m = testSignMessage(SID, 'hello, group');
    expect(parseTestSignMessage(m)).toEqual({ sessionId: SID, text: 'hello, group' });
    expect(parseTestSignMessage(m.subarray(0, m.length - 1))).toBeNull();
    expect(parseTestSignMessage(new Uint8Array(32))).toBeNull();
    const wrongPrefix = m.slice();
    wrongPrefix[0] = 0x46;
    expect(parseTestSignMessage(wrongPrefix)).toBeNull();
  });

  it('every test message is longer than 32 bytes and starts with the prefix', () => {
    expect(testSignMessage(SID, 'x').length).toBe(67);
    expect(testSignMessage(SID, 'x'.repeat(MAX_TEST_TEXT_BYTES)).length).toBe(66 + MAX_TEST_TEXT_BYTES);
  });

  it('refuses texts that are empty, long, unprintable, padded, or not NFC', () => {
    for (const bad of [
      '',
      'x'.repeat(MAX_TEST_TEXT_BYTES + 1),
      'é'.repeat(71), // 142 bytes
      'a\0b',
      'line\nbreak',
      'tab\there',
      'Treasury \u202e3-fo-2', // bidi override
      'zero\u200bwidth',
      'no\u00a0break',
      ' leading',
      'trailing ',
      'e\u0301', // decomposed é
      '\ud800', // lone surrogate
      '\u0001\u0000\u0001', // a Solana-shaped header
    ])
      expect(testTextProblem(bad), JSON.stringify(bad)).not.toBeNull();
    for (const good of [DEFAULT_TEST_TEXT, 'Grüße, 東京 ✓', 'pay 1 sat to nobody', '#1 of 2: ok?'])
      expect(testTextProblem(good)).toBeNull();
    expect(() => testSignMessage(SID, 'a\nb')).toThrow(/printable/);
    expect(() => testSignMessage('zz', 'ok')).toThrow(/session id/);
  });
});
