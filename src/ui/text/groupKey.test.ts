import { describe, expect, it } from 'vitest';
import { secp256k1, schnorr } from '@noble/curves/secp256k1.js';
import { groupKeyForms } from './groupKey';

describe('group key forms (issue 15.6)', () => {
  it('shows a Taproot key x-only first, with the 33-byte form beside it', () => {
    const priv = secp256k1.utils.randomSecretKey();
    const compressed = Buffer.from(secp256k1.getPublicKey(priv, true)).toString('hex');
    const f = groupKeyForms('FROST-secp256k1-SHA256-TR-v1', compressed);
    // The x-only key is the one BIP-340 derives from the same secret.
    expect(f.primary.hex).toBe(Buffer.from(schnorr.getPublicKey(priv)).toString('hex'));
    expect(f.primary.hex).toHaveLength(64);
    expect(f.full?.hex).toBe(compressed);
  });

  it('leaves other key types as they are', () => {
    const hex = 'ab'.repeat(32);
    expect(groupKeyForms('FROST-ED25519-SHA512-v1', hex)).toEqual({
      primary: { hex, caption: 'Group public key' },
      full: null,
    });
    const k1 = `02${'cd'.repeat(32)}`;
    expect(groupKeyForms('FROST-secp256k1-SHA256-v1', k1).full).toBeNull();
  });
});
