/**
 * Round-2 confidentiality: HPKE (RFC 9180) base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
 * ChaCha20-Poly1305. The encapsulation randomness `ekm` comes from the injected rng and is
 * kept by the sender: revealing it (with the share) in a justification lets anyone re-seal
 * and compare with the signed ciphertext, so a sender cannot send one share and reveal another.
 */
import { CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from '@hpke/core';
import { Chacha20Poly1305 } from '@hpke/chacha20poly1305';
import { encodeFields, utf8 } from './encoding.js';

const INFO = utf8('frost-ceremony/round2/v1');
const AAD_TAG = 'frost-ceremony/round2-aad/v1';

function createSuite(): CipherSuite {
  return new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Chacha20Poly1305() });
}

function buf(b: Uint8Array): ArrayBuffer {
  return b.slice().buffer as ArrayBuffer;
}

/** Associated data: binds the ciphertext to (session, sender id, recipient id). */
export function round2Aad(sessionId: Uint8Array, sender: number, recipient: number): Uint8Array {
  return encodeFields([AAD_TAG, sessionId, sender, recipient]);
}

export interface SealedShare {
  /** HPKE encapsulated key (32 bytes). */
  enc: Uint8Array;
  /** AEAD ciphertext (share ‖ 16-byte tag). */
  ciphertext: Uint8Array;
}

/** Deterministic given `ekm` (32 bytes of injected randomness). */
export async function sealShare(recipientPublicKey: Uint8Array, share: Uint8Array, aad: Uint8Array, ekm: Uint8Array): Promise<SealedShare> {
  const suite = createSuite();
  const pk = await suite.kem.deserializePublicKey(buf(recipientPublicKey));
  const ctx = await suite.createSenderContext({ recipientPublicKey: pk, ekm: buf(ekm), info: buf(INFO) });
  const ct = await ctx.seal(buf(share), buf(aad));
  return { enc: new Uint8Array(ctx.enc), ciphertext: new Uint8Array(ct) };
}

/** Returns the share, or null if the ciphertext does not open (wrong key, aad or tampering). */
export async function openShare(recipientSecretKey: Uint8Array, sealed: SealedShare, aad: Uint8Array): Promise<Uint8Array | null> {
  try {
    const suite = createSuite();
    const sk = await suite.kem.importKey('raw', buf(recipientSecretKey), false);
    const ctx = await suite.createRecipientContext({ recipientKey: sk, enc: buf(sealed.enc), info: buf(INFO) });
    return new Uint8Array(await ctx.open(buf(sealed.ciphertext), buf(aad)));
  } catch {
    return null;
  }
}
