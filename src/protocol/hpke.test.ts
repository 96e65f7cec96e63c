import { describe, expect, it } from 'vitest';
import { x25519 } from '@noble/curves/ed25519.js';
import { openShare, round2Aad, sealShare } from './hpke.js';

describe('HPKE round-2 sealing', () => {
  const sk = new Uint8Array(32).fill(5);
  const pk = x25519.getPublicKey(sk);
  const sid = new Uint8Array(32).fill(1);
  const share = new Uint8Array(32).fill(42);
  const ekm = new Uint8Array(32).fill(7);

  it('opens with the recipient key and the same aad; deterministic given ekm', async () => {
    const a = await sealShare(pk, share, round2Aad(sid, 1, 2), ekm);
    const b = await sealShare(pk, share, round2Aad(sid, 1, 2), ekm);
    expect(a).toEqual(b);
    expect(a.ciphertext.length).toBe(32 + 16);
    expect(await openShare(sk, a, round2Aad(sid, 1, 2))).toEqual(share);
    const c = await sealShare(pk, share, round2Aad(sid, 1, 2), new Uint8Array(32).fill(8));
    expect(c.enc).not.toEqual(a.enc);
  });

  it('fails for another session, sender, recipient, key or a flipped bit', async () => {
    const a = await sealShare(pk, share, round2Aad(sid, 1, 2), ekm);
    expect(await openShare(sk, a, round2Aad(new Uint8Array(32), 1, 2))).toBeNull();
    expect(await openShare(sk, a, round2Aad(sid, 3, 2))).toBeNull();
    expect(await openShare(sk, a, round2Aad(sid, 1, 3))).toBeNull();
    expect(await openShare(new Uint8Array(32).fill(6), a, round2Aad(sid, 1, 2))).toBeNull();
    const ct = a.ciphertext.slice();
    ct[0] = (ct[0] as number) ^ 1;
    expect(await openShare(sk, { enc: a.enc, ciphertext: ct }, round2Aad(sid, 1, 2))).toBeNull();
  });
});
