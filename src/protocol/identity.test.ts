import { describe, expect, it } from 'vitest';
import { x25519 } from '@noble/curves/ed25519.js';
import { isUsableX25519PublicKey } from './identity.js';
import { fromHex } from './encoding.js';

describe('X25519 ephemeral key check', () => {
  // Small-order encodings (libsodium's blacklist, canonical and u ≥ p forms).
  const smallOrder = [
    '0000000000000000000000000000000000000000000000000000000000000000',
    '0100000000000000000000000000000000000000000000000000000000000000',
    'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
    '5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157',
    'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
    'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
    'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  ];
  // libsodium also lists these with the top bit set; RFC 7748 masks that bit, after which they
  // are ordinary points (X25519 and this check agree).
  const highBit = [
    'cdeb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b880',
    '4c9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f11d7',
    'd9ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
  ];
  it.each(highBit)('accepts %s like X25519 does', (hex) => {
    expect(isUsableX25519PublicKey(fromHex(hex))).toBe(true);
    expect(x25519.getSharedSecret(new Uint8Array(32).fill(0x5a), fromHex(hex)).some((b) => b !== 0)).toBe(true);
  });
  it.each(smallOrder)('refuses %s, on which X25519 gives an all-zero secret', (hex) => {
    expect(isUsableX25519PublicKey(fromHex(hex))).toBe(false);
    expect(() => x25519.getSharedSecret(new Uint8Array(32).fill(0x5a), fromHex(hex))).toThrow();
  });
  it('accepts real public keys', () => {
    for (let i = 1; i < 20; i++)
      expect(isUsableX25519PublicKey(x25519.getPublicKey(new Uint8Array(32).fill(i)))).toBe(true);
    expect(isUsableX25519PublicKey(new Uint8Array(31))).toBe(false);
  });
});
