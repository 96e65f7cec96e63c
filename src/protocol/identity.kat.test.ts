/**
 * Known answers for identity keys (identity.ts): the fingerprint custodians compare on screen and
 * the ed25519 public key of a fixed seed. Frozen: a changed fingerprint tag or truncation would show
 * the same person under a different fingerprint in another version.
 */
import { describe, expect, it } from 'vitest';
import { fingerprint, identityFromSecret } from './identity.js';
import { toHex } from './encoding.js';

describe('identity known answers', () => {
  it('fingerprint of a fixed identity key, from hex and from bytes', () => {
    const key = new Uint8Array(32).fill(0x11);
    expect(fingerprint(toHex(key))).toBe('e2a1-cf4e-cff2-6847');
    expect(fingerprint(key)).toBe('e2a1-cf4e-cff2-6847');
  });

  it('public key of a fixed seed', () => {
    expect(toHex(identityFromSecret(new Uint8Array(32).fill(0x07)).publicKey)).toBe(
      'ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c',
    );
  });
});
