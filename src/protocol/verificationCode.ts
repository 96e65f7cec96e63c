/**
 * The code participants read aloud: 16 decimal digits in four groups (≈53 bits).
 *
 * Commit-then-reveal (the usual short-authentication-string construction): each Hello
 * carries `codeNonceCommitment(nonce)` for a fresh random 32-byte nonce; the commitments are
 * part of the roster and so of the session id; after the lock everyone reveals its nonce and
 * the code is a tagged hash of the session id and all nonces in roster order. Whoever fixes
 * a roster (the coordinator) therefore cannot know its code before every honest member has
 * revealed, which happens only after that roster is locked: no grinding, one guess per roster.
 */
import { bytesEqual, taggedHash } from './encoding.js';

export const CODE_TAG = 'frost-ceremony/verification-code/v2';
export const CODE_NONCE_COMMIT_TAG = 'frost-ceremony/code-nonce/v1';
/** Bytes of a code nonce. */
export const CODE_NONCE_BYTES = 32;

/** The commitment carried in Hello and roster: H(tag, nonce). */
export function codeNonceCommitment(nonce: Uint8Array): Uint8Array {
  if (nonce.length !== CODE_NONCE_BYTES) throw new Error(`code nonce must be ${CODE_NONCE_BYTES} bytes`);
  return taggedHash(CODE_NONCE_COMMIT_TAG, [nonce]);
}

/** Whether `nonce` opens `commitment`. */
export function opensCommitment(nonce: Uint8Array, commitment: Uint8Array): boolean {
  return nonce.length === CODE_NONCE_BYTES && bytesEqual(codeNonceCommitment(nonce), commitment);
}

/** The code of a session, from its id and every member's revealed nonce in roster order. */
export function verificationCode(sessionId: Uint8Array, nonces: readonly Uint8Array[]): string {
  if (nonces.length < 1 || nonces.some((x) => x.length !== CODE_NONCE_BYTES))
    throw new Error('one 32-byte nonce per roster member is needed');
  const h = taggedHash(CODE_TAG, [sessionId, nonces.length, ...nonces]);
  let x = 0n;
  for (let i = 0; i < 8; i++) x = (x << 8n) | BigInt(h[i] as number);
  const digits = (x % 10n ** 16n).toString().padStart(16, '0');
  return `${digits.slice(0, 4)} ${digits.slice(4, 8)} ${digits.slice(8, 12)} ${digits.slice(12, 16)}`;
}
