/**
 * Known answer for the field encoding under every hash and signature of the project
 * (encodeFields, PROTOCOL.md "Encoding"): each field is a type byte (0 bytes, 1 UTF-8 text,
 * 2 u32), a u32 big-endian length and the value. Frozen: a changed encoding fails here.
 */
import { describe, expect, it } from 'vitest';
import { encodeFields, taggedHash, toHex } from './encoding.js';

describe('encodeFields / taggedHash known answers', () => {
  it('text, number and bytes encode to the frozen bytes', () => {
    expect(toHex(encodeFields(['ab', 258, Uint8Array.of(0xff)]))).toBe(
      // 01 | 00000002 | "ab"   02 | 00000004 | 00000102   00 | 00000001 | ff
      '01' + '00000002' + '6162' + '02' + '00000004' + '00000102' + '00' + '00000001' + 'ff',
    );
  });

  it('a tagged hash is SHA-256 of the tag as the first text field', () => {
    // sha256(01 00000003 "tag" 00 00000000), computed once with node:crypto (an independent SHA-256) and frozen.
    expect(toHex(taggedHash('tag', [new Uint8Array(0)]))).toBe(
      '10fe94d6cb4f012690690676b7f6de07ff47599c9bffe24ff6e9d1fb2d3bbf78',
    );
  });
});
