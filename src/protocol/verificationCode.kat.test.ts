/**
 * Known answers for the verification code (verificationCode.ts, PROTOCOL.md "Verification code"):
 * the code-nonce commitment carried in Hello and the 16-digit code read aloud. Frozen: if the tag,
 * the field encoding or the digit extraction changed, custodians on two versions would read
 * different codes for one session.
 */
import { describe, expect, it } from 'vitest';
import { codeNonceCommitment, verificationCode } from './verificationCode.js';
import { toHex } from './encoding.js';

const filled = (b: number) => new Uint8Array(32).fill(b);

describe('verification code known answers', () => {
  it('commitment to a fixed nonce', () => {
    expect(toHex(codeNonceCommitment(filled(0x41)))).toBe(
      '9715f098e81e0606d564589674853f5e5ad997bfed0a6b0e173b7ce848036a92',
    );
  });

  it('code of a fixed session id and two nonces in roster order', () => {
    expect(verificationCode(filled(0x51), [filled(0x41), filled(0x42)])).toBe('2305 6572 6323 1878');
  });
});
