import { afterEach, describe, expect, it, vi } from 'vitest';
import { x25519 } from '@noble/curves/ed25519.js';
import { CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from '@hpke/core';
import { Chacha20Poly1305 } from '@hpke/chacha20poly1305';
import { fromHex, toHex, utf8 } from './encoding.js';
import {
  checkShareCrypto,
  hpkeOpenBase,
  hpkeSealBase,
  openShare,
  RFC9180_A21,
  round2Aad,
  sealShare,
  ShareCryptoUnavailableError,
  type ShareCipher,
} from './hpke.js';

const sk = new Uint8Array(32).fill(5);
const pk = x25519.getPublicKey(sk);
const sid = new Uint8Array(32).fill(1);
const share = new Uint8Array(32).fill(42);
const ekm = new Uint8Array(32).fill(7);

const plaintextOf = (r: Awaited<ReturnType<typeof openShare>>): Uint8Array | null => (r.ok ? r.plaintext : null);

describe('HPKE (RFC 9180) known answer', () => {
  it('A.2.1 base mode, DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 / ChaCha20Poly1305, sequence 0: seal and open byte for byte', () => {
    const v = RFC9180_A21;
    const sealed = hpkeSealBase(fromHex(v.pkRm), fromHex(v.info), fromHex(v.aad), fromHex(v.pt), fromHex(v.ikmE));
    expect(toHex(sealed.enc)).toBe(v.enc);
    expect(toHex(sealed.ciphertext)).toBe(v.ct);
    const opened = hpkeOpenBase(fromHex(v.skRm), fromHex(v.info), fromHex(v.aad), {
      enc: fromHex(v.enc),
      ciphertext: fromHex(v.ct),
    });
    expect(opened.ok && new TextDecoder().decode(opened.plaintext)).toBe('Beauty is truth, truth beauty');
  });

  it('the vector is the RFC one (pkRm is X25519(skRm), as A.2.1 lists)', () => {
    expect(toHex(x25519.getPublicKey(fromHex(RFC9180_A21.skRm)))).toBe(RFC9180_A21.pkRm);
  });
});

describe('round-2 sealing', () => {
  it('opens with the recipient key and the same aad; deterministic given ekm', async () => {
    const a = await sealShare(pk, share, round2Aad(sid, 1, 2), ekm);
    const b = await sealShare(pk, share, round2Aad(sid, 1, 2), ekm);
    expect(a).toEqual(b);
    expect(a.ciphertext.length).toBe(32 + 16);
    expect(plaintextOf(await openShare(sk, a, round2Aad(sid, 1, 2)))).toEqual(share);
    const c = await sealShare(pk, share, round2Aad(sid, 1, 2), new Uint8Array(32).fill(8));
    expect(c.enc).not.toEqual(a.enc);
  });

  it('an invalid ciphertext is reported as such (not thrown): another session, sender, recipient, key, a flipped bit, a low-order or short enc', async () => {
    const a = await sealShare(pk, share, round2Aad(sid, 1, 2), ekm);
    const invalid = async (key: Uint8Array, sealed: typeof a, aad: Uint8Array): Promise<void> => {
      const r = await openShare(key, sealed, aad);
      expect(r.ok).toBe(false);
    };
    await invalid(sk, a, round2Aad(new Uint8Array(32), 1, 2));
    await invalid(sk, a, round2Aad(sid, 3, 2));
    await invalid(sk, a, round2Aad(sid, 1, 3));
    await invalid(new Uint8Array(32).fill(6), a, round2Aad(sid, 1, 2));
    const ct = a.ciphertext.slice();
    ct[0] = (ct[0] as number) ^ 1;
    await invalid(sk, { enc: a.enc, ciphertext: ct }, round2Aad(sid, 1, 2));
    await invalid(sk, { enc: new Uint8Array(32), ciphertext: a.ciphertext }, round2Aad(sid, 1, 2)); // u = 0, low order
    await invalid(sk, { enc: a.enc.subarray(1), ciphertext: a.ciphertext }, round2Aad(sid, 1, 2));
    await invalid(sk, { enc: a.enc, ciphertext: a.ciphertext.subarray(0, 10) }, round2Aad(sid, 1, 2));
  });
});

/** @hpke/core with the platform's WebCrypto X25519: what shipped before, the interoperability reference. */
function platformSuite(): CipherSuite {
  return new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Chacha20Poly1305() });
}
const buf = (b: Uint8Array): ArrayBuffer => b.slice().buffer as ArrayBuffer;
const INFO = utf8('frost-ceremony/round2/v1');

describe('interoperability with the platform HPKE (real WebCrypto X25519 in Node)', () => {
  it('a share sealed here opens with @hpke/core, and one sealed there opens here: same bytes on the wire', async () => {
    const aad = round2Aad(sid, 1, 2);
    const mine = await sealShare(pk, share, aad, ekm);
    const suite = platformSuite();
    const theirSender = await suite.createSenderContext({
      recipientPublicKey: await suite.kem.deserializePublicKey(buf(pk)),
      ekm: buf(ekm),
      info: buf(INFO),
    });
    const theirCt = new Uint8Array(await theirSender.seal(buf(share), buf(aad)));
    expect(toHex(new Uint8Array(theirSender.enc))).toBe(toHex(mine.enc));
    expect(toHex(theirCt)).toBe(toHex(mine.ciphertext));
    const recipient = await suite.createRecipientContext({
      recipientKey: await suite.kem.importKey('raw', buf(sk), false),
      enc: buf(mine.enc),
      info: buf(INFO),
    });
    expect(new Uint8Array(await recipient.open(buf(mine.ciphertext), buf(aad)))).toEqual(share);
  });
});

describe('the platform has no (or a broken) WebCrypto X25519', () => {
  afterEach(() => vi.restoreAllMocks());

  /** Fault we cannot cause on this machine otherwise: the platform refuses X25519. */
  function breakPlatformX25519(how: 'absent' | 'throws'): void {
    const subtle = globalThis.crypto.subtle;
    const isX = (alg: unknown): boolean =>
      JSON.stringify(alg ?? '')
        .toUpperCase()
        .includes('X25519');
    const fail = (): never => {
      if (how === 'absent') throw new DOMException('Unrecognized name.', 'NotSupportedError');
      throw new Error('X25519 operation failed');
    };
    for (const m of ['importKey', 'generateKey', 'deriveBits', 'exportKey'] as const) {
      const orig = subtle[m].bind(subtle) as (...a: unknown[]) => Promise<unknown>;
      vi.spyOn(subtle, m).mockImplementation(((...args: unknown[]) => {
        const alg =
          m === 'generateKey'
            ? args[0]
            : m === 'importKey'
              ? args[2]
              : m === 'deriveBits'
                ? args[0]
                : (args[1] as { algorithm?: unknown })?.algorithm;
        if (isX(alg)) return Promise.reject(new Error('unreachable')).catch(fail);
        return orig(...args);
      }) as never);
    }
  }

  for (const how of ['absent', 'throws'] as const) {
    it(`X25519 ${how}: sealing and opening still work, and the old platform path really is broken here`, async () => {
      breakPlatformX25519(how);
      // The mock bites: the platform-backed HPKE can no longer import an X25519 key.
      await expect(platformSuite().kem.importKey('raw', buf(sk), false)).rejects.toThrow();
      const aad = round2Aad(sid, 1, 2);
      const a = await sealShare(pk, share, aad, ekm);
      expect(plaintextOf(await openShare(sk, a, aad))).toEqual(share);
      await expect(checkShareCrypto()).resolves.toBeUndefined();
    });
  }
});

describe('capability check', () => {
  it('passes with the shipped cipher and names the cause for a device that cannot seal or open', async () => {
    await expect(checkShareCrypto()).resolves.toBeUndefined();
    const cannotSeal: ShareCipher = { seal: () => Promise.reject(new Error('no X25519 here')), open: openShare };
    await expect(checkShareCrypto(cannotSeal)).rejects.toThrow(ShareCryptoUnavailableError);
    await expect(checkShareCrypto(cannotSeal)).rejects.toThrow(/no X25519 here/);
    const cannotOpen: ShareCipher = {
      seal: sealShare,
      open: () => Promise.reject(new ShareCryptoUnavailableError('no AEAD')),
    };
    await expect(checkShareCrypto(cannotOpen)).rejects.toThrow(/no AEAD/);
    const wrong: ShareCipher = {
      seal: sealShare,
      open: () => Promise.resolve({ ok: true, plaintext: new Uint8Array(3) }),
    };
    await expect(checkShareCrypto(wrong)).rejects.toThrow(ShareCryptoUnavailableError);
  });
});
