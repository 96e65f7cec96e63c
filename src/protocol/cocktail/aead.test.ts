// XAES-256-GCM (C2SP XAES-256-GCM.md) is built here from noble's AES-ECB and AES-GCM: check the
// spec's own test vector, and that a changed byte fails authentication.
import { expect, it } from 'vitest';
import { xaes256gcmDecrypt, xaes256gcmEncrypt } from './aead.js';

it('matches the C2SP XAES-256-GCM test vector and rejects a modified ciphertext', () => {
  const key = new Uint8Array(32).fill(1);
  const nonce = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWX');
  const ct = xaes256gcmEncrypt(key, nonce, new TextEncoder().encode('XAES-256-GCM'));
  expect(Buffer.from(ct).toString('hex')).toBe('ce546ef63c9cc60765923609b33a9a1974e96e52daf2fcf7075e2271');
  expect(new TextDecoder().decode(xaes256gcmDecrypt(key, nonce, ct)!)).toBe('XAES-256-GCM');
  ct[0]! ^= 1;
  expect(xaes256gcmDecrypt(key, nonce, ct)).toBeNull();
});
