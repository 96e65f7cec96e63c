/**
 * Round-2 confidentiality: HPKE (RFC 9180) base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
 * ChaCha20-Poly1305 (suite ids 0x0020 / 0x0001 / 0x0003), one message per context (sequence 0).
 *
 * Written on @noble (x25519, HKDF, ChaCha20-Poly1305: audited, pure JavaScript) instead of a
 * platform-backed HPKE: the platform's WebCrypto X25519 is missing in some browsers and may
 * throw, and a recipient whose device could not open a share used to complain about a good
 * share (and be judged a false complainer). Here nothing depends on the platform, and the two
 * ways opening can go wrong are told apart:
 * - the ciphertext is invalid (`{ ok: false }`): attributable to the sender, whose signed
 *   envelope carries it; the machine complains;
 * - this device cannot run the cipher (`ShareCryptoUnavailableError`): a local fault, never a
 *   verdict on anyone; the machine stops locally and names the cause.
 *
 * The bytes are RFC 9180's (checked against RFC 9180 A.2.1 in hpke.test.ts). The encapsulation
 * randomness `ekm` is the `ikmE` of DeriveKeyPair (RFC 9180 §7.1.3) and is kept by the sender:
 * revealing it (with the share) in a justification lets anyone re-seal and compare with the
 * signed ciphertext, so a sender cannot send one share and reveal another.
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { expand, extract } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesEqual, concatBytes, encodeFields, fromHex, utf8 } from './encoding.js';

const INFO = utf8('frost-ceremony/round2/v1');
const AAD_TAG = 'frost-ceremony/round2-aad/v1';

/** RFC 9180 §7: KEM 0x0020 DHKEM(X25519, HKDF-SHA256), KDF 0x0001 HKDF-SHA256, AEAD 0x0003 ChaCha20Poly1305. */
const KEM_ID = 0x0020;
const KDF_ID = 0x0001;
const AEAD_ID = 0x0003;
/** Nsecret, Nenc / Npk / Nsk, Nk, Nn (RFC 9180 §7.1, §7.3). */
const N_SECRET = 32;
const N_PK = 32;
const N_K = 32;
const N_N = 12;
const N_TAG = 16;
const MODE_BASE = 0x00;
const VERSION_LABEL = utf8('HPKE-v1');
const EMPTY = new Uint8Array(0);

const i2osp2 = (n: number): Uint8Array => Uint8Array.of((n >> 8) & 0xff, n & 0xff);
/** suite_id of the KEM (§4.1) and of the whole HPKE suite (§5.1). */
const KEM_SUITE_ID = concatBytes(utf8('KEM'), i2osp2(KEM_ID));
const HPKE_SUITE_ID = concatBytes(utf8('HPKE'), i2osp2(KEM_ID), i2osp2(KDF_ID), i2osp2(AEAD_ID));

/** RFC 9180 §4: LabeledExtract(salt, label, ikm). */
function labeledExtract(suiteId: Uint8Array, salt: Uint8Array, label: string, ikm: Uint8Array): Uint8Array {
  return extract(sha256, concatBytes(VERSION_LABEL, suiteId, utf8(label), ikm), salt);
}

/** RFC 9180 §4: LabeledExpand(prk, label, info, L). */
function labeledExpand(
  suiteId: Uint8Array,
  prk: Uint8Array,
  label: string,
  info: Uint8Array,
  length: number,
): Uint8Array {
  return expand(sha256, prk, concatBytes(i2osp2(length), VERSION_LABEL, suiteId, utf8(label), info), length);
}

/** §7.1.3 DeriveKeyPair for X25519: sk = LabeledExpand(dkp_prk, "sk", "", Nsk). */
function deriveKeyPair(ikm: Uint8Array): { sk: Uint8Array; pk: Uint8Array } {
  const prk = labeledExtract(KEM_SUITE_ID, EMPTY, 'dkp_prk', ikm);
  const sk = labeledExpand(KEM_SUITE_ID, prk, 'sk', EMPTY, 32);
  return { sk, pk: x25519.getPublicKey(sk) };
}

/** §4.1 ExtractAndExpand(dh, kem_context). */
function extractAndExpand(dh: Uint8Array, kemContext: Uint8Array): Uint8Array {
  const prk = labeledExtract(KEM_SUITE_ID, EMPTY, 'eae_prk', dh);
  return labeledExpand(KEM_SUITE_ID, prk, 'shared_secret', kemContext, N_SECRET);
}

/** §5.1 KeySchedule in base mode (no PSK): the AEAD key and base nonce. */
function keySchedule(sharedSecret: Uint8Array, info: Uint8Array): { key: Uint8Array; baseNonce: Uint8Array } {
  const pskIdHash = labeledExtract(HPKE_SUITE_ID, EMPTY, 'psk_id_hash', EMPTY);
  const infoHash = labeledExtract(HPKE_SUITE_ID, EMPTY, 'info_hash', info);
  const context = concatBytes(Uint8Array.of(MODE_BASE), pskIdHash, infoHash);
  const secret = labeledExtract(HPKE_SUITE_ID, sharedSecret, 'secret', EMPTY);
  return {
    key: labeledExpand(HPKE_SUITE_ID, secret, 'key', context, N_K),
    baseNonce: labeledExpand(HPKE_SUITE_ID, secret, 'base_nonce', context, N_N),
  };
}

/** This device could not run the share cipher: a local fault, never evidence against a sender. */
export class ShareCryptoUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ShareCryptoUnavailableError';
  }
}

export function isShareCryptoUnavailable(e: unknown): e is ShareCryptoUnavailableError {
  return e instanceof ShareCryptoUnavailableError;
}

export interface SealedShare {
  /** HPKE encapsulated key (32 bytes). */
  enc: Uint8Array;
  /** AEAD ciphertext (share ‖ 16-byte tag). */
  ciphertext: Uint8Array;
}

/** Outcome of opening: the plaintext, or why the ciphertext itself is invalid (the sender's doing). */
export type ShareOpenResult = { ok: true; plaintext: Uint8Array } | { ok: false; reason: string };

/**
 * RFC 9180 SealBase with the encapsulation key pair derived from `ikmE` (§7.1.3), one message
 * (sequence number 0). Deterministic given `ikmE`. Throws on an unusable recipient key.
 */
export function hpkeSealBase(
  pkR: Uint8Array,
  info: Uint8Array,
  aad: Uint8Array,
  plaintext: Uint8Array,
  ikmE: Uint8Array,
): SealedShare {
  if (pkR.length !== N_PK) throw new Error(`recipient key must be ${N_PK} bytes`);
  const e = deriveKeyPair(ikmE);
  const dh = x25519.getSharedSecret(e.sk, pkR); // throws on a low-order key (RFC 9180 §7.1.4)
  const shared = extractAndExpand(dh, concatBytes(e.pk, pkR));
  const { key, baseNonce } = keySchedule(shared, info);
  return { enc: e.pk, ciphertext: chacha20poly1305(key, baseNonce, aad).encrypt(plaintext) };
}

/**
 * RFC 9180 OpenBase (sequence number 0). `{ ok: false }` for what the sender controls (a
 * malformed or low-order `enc`, a tag that does not verify); anything else that fails is this
 * device's fault and throws ShareCryptoUnavailableError.
 */
export function hpkeOpenBase(skR: Uint8Array, info: Uint8Array, aad: Uint8Array, sealed: SealedShare): ShareOpenResult {
  if (sealed.enc.length !== N_PK)
    return { ok: false, reason: `encapsulated key is ${sealed.enc.length} bytes, not ${N_PK}` };
  if (sealed.ciphertext.length < N_TAG) return { ok: false, reason: 'ciphertext shorter than its tag' };
  let key: Uint8Array;
  let baseNonce: Uint8Array;
  try {
    const pkR = x25519.getPublicKey(skR);
    let dh: Uint8Array;
    try {
      dh = x25519.getSharedSecret(skR, sealed.enc);
    } catch {
      // DH with a low-order encapsulated key: RFC 9180 §7.1.4 ValidationError, the sender's key.
      return { ok: false, reason: 'encapsulated key is of low order' };
    }
    ({ key, baseNonce } = keySchedule(extractAndExpand(dh, concatBytes(sealed.enc, pkR)), info));
  } catch (e) {
    throw new ShareCryptoUnavailableError(
      `this device could not derive the decryption key: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
  const aead = chacha20poly1305(key, baseNonce, aad);
  try {
    return { ok: true, plaintext: aead.decrypt(sealed.ciphertext) };
  } catch {
    // The only way decrypt fails on well-sized input is a tag mismatch (§5.2 OpenError): made
    // by whoever sealed it (wrong key, aad or plaintext binding), or altered on the way. Before
    // saying so, make sure this device's AEAD works at all (else it is the device's fault).
    assertAeadWorks();
    return { ok: false, reason: 'the ciphertext does not decrypt (authentication tag mismatch)' };
  }
}

/** Associated data: binds the ciphertext to (session, sender id, recipient id). */
export function round2Aad(sessionId: Uint8Array, sender: number, recipient: number): Uint8Array {
  return encodeFields([AAD_TAG, sessionId, sender, recipient]);
}

/** How a participant seals and opens round-2 shares (injectable so tests can fault the device). */
export interface ShareCipher {
  /** Deterministic given `ekm`; throws ShareCryptoUnavailableError when this device cannot seal. */
  seal(recipientPublicKey: Uint8Array, share: Uint8Array, aad: Uint8Array, ekm: Uint8Array): Promise<SealedShare>;
  /** `{ ok: false }` only for an invalid ciphertext; throws ShareCryptoUnavailableError for a device fault. */
  open(recipientSecretKey: Uint8Array, sealed: SealedShare, aad: Uint8Array): Promise<ShareOpenResult>;
}

/** Deterministic given `ekm` (32 bytes of injected randomness). */
export async function sealShare(
  recipientPublicKey: Uint8Array,
  share: Uint8Array,
  aad: Uint8Array,
  ekm: Uint8Array,
): Promise<SealedShare> {
  return hpkeSealBase(recipientPublicKey, INFO, aad, share, ekm);
}

/** The share, `{ ok: false }` if the ciphertext is invalid; throws ShareCryptoUnavailableError for a device fault. */
export async function openShare(
  recipientSecretKey: Uint8Array,
  sealed: SealedShare,
  aad: Uint8Array,
): Promise<ShareOpenResult> {
  return hpkeOpenBase(recipientSecretKey, INFO, aad, sealed);
}

/** The shipped share cipher: pure, the same on every platform. */
export const PURE_SHARE_CIPHER: ShareCipher = { seal: sealShare, open: openShare };

/**
 * RFC 9180 A.2.1 (base mode, this suite), sequence number 0: the known answer the capability
 * check runs before a ceremony starts.
 */
export const RFC9180_A21 = {
  info: '4f6465206f6e2061204772656369616e2055726e',
  ikmE: '909a9b35d3dc4713a5e72a4da274b55d3d3821a37e5d099e74a647db583a904b',
  pkRm: '4310ee97d88cc1f088a5576c77ab0cf5c3ac797f3d95139c6c84b5429c59662a',
  skRm: '8057991eef8f1f1af18f4a9491d16a1ce333f695d4db8e38da75975c4478e0fb',
  enc: '1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a',
  aad: '436f756e742d30',
  pt: '4265617574792069732074727574682c20747275746820626561757479',
  ct: '1c5250d8034ec2b784ba2cfd69dbdb8af406cfe3ff938e131f0def8c8b60b4db21993c62ce81883d2dd1b51a28',
} as const;

/** The AEAD round-trips a fixed message; throws ShareCryptoUnavailableError if not. */
function assertAeadWorks(): void {
  let ok: boolean;
  try {
    const k = new Uint8Array(N_K).fill(1);
    const n = new Uint8Array(N_N).fill(2);
    const m = Uint8Array.of(1, 2, 3);
    ok = bytesEqual(chacha20poly1305(k, n).decrypt(chacha20poly1305(k, n).encrypt(m)), m);
  } catch (e) {
    throw new ShareCryptoUnavailableError('this device cannot run ChaCha20-Poly1305', { cause: e });
  }
  if (!ok) throw new ShareCryptoUnavailableError('this device computes ChaCha20-Poly1305 wrongly');
}

/**
 * Capability check, run before a custodian's device commits to a ceremony: seal and open the
 * RFC 9180 A.2.1 vector with `cipher`'s primitives and compare byte for byte. Throws
 * ShareCryptoUnavailableError (with the cause) if this device cannot do round 2.
 */
export async function checkShareCrypto(cipher: ShareCipher = PURE_SHARE_CIPHER): Promise<void> {
  const v = RFC9180_A21;
  try {
    // The vector's info/aad are not ours, so the suite is checked through the raw functions
    // when the cipher is the shipped one, and through a round trip when it is another.
    if (cipher === PURE_SHARE_CIPHER) {
      const sealed = hpkeSealBase(fromHex(v.pkRm), fromHex(v.info), fromHex(v.aad), fromHex(v.pt), fromHex(v.ikmE));
      if (!bytesEqual(sealed.enc, fromHex(v.enc)) || !bytesEqual(sealed.ciphertext, fromHex(v.ct)))
        throw new ShareCryptoUnavailableError('this device computes HPKE (RFC 9180 A.2.1) wrongly');
      const opened = hpkeOpenBase(fromHex(v.skRm), fromHex(v.info), fromHex(v.aad), sealed);
      if (!opened.ok || !bytesEqual(opened.plaintext, fromHex(v.pt)))
        throw new ShareCryptoUnavailableError('this device cannot open an RFC 9180 A.2.1 ciphertext');
      return;
    }
    const aad = fromHex(v.aad);
    const sealed = await cipher.seal(fromHex(v.pkRm), fromHex(v.pt), aad, fromHex(v.ikmE));
    const opened = await cipher.open(fromHex(v.skRm), sealed, aad);
    if (!opened.ok || !bytesEqual(opened.plaintext, fromHex(v.pt)))
      throw new ShareCryptoUnavailableError('this device cannot open a share it sealed');
  } catch (e) {
    if (e instanceof ShareCryptoUnavailableError) throw e;
    throw new ShareCryptoUnavailableError(
      `this device cannot encrypt shares: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
}
