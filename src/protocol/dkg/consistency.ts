/**
 * Consistency of stored key material (what a re-import check should run): the signing share
 * matches the verifying share, and the key package belongs to the public key package.
 * frost-rs's parsers do not check this; a backup that fails it would sign nothing valid.
 */
import { getSuite, isSuiteName } from '../suites.js';
import { decodeScalar, equalBytes, mulBase } from './group.js';
import type { KeyPackage, PublicKeyPackage } from './types.js';

/** Why a key package does not fit. */
export type KeyPackageMismatch =
  | 'suite-mismatch'
  | 'bad-signing-share'
  | 'verifying-share-mismatch'
  | 'not-in-public-package'
  | 'verifying-key-mismatch'
  | 'min-signers-mismatch';

/**
 * Checks signingShare·G == verifyingShare and, given the group's PublicKeyPackage, that the
 * key package's identifier, verifying share, group key and threshold are the group's.
 */
export function checkKeyPackage(
  kp: KeyPackage,
  pkp?: PublicKeyPackage,
): { ok: true } | { ok: false; reason: KeyPackageMismatch } {
  const fail = (reason: KeyPackageMismatch) => ({ ok: false as const, reason });
  if (!isSuiteName(kp.suite) || (pkp && pkp.suite !== kp.suite)) return fail('suite-mismatch');
  const suite = getSuite(kp.suite);
  const s = decodeScalar(suite, kp.signingShare);
  if (s === undefined || s === 0n) return fail('bad-signing-share');
  if (!equalBytes(mulBase(suite, s).toBytes(), kp.verifyingShare)) return fail('verifying-share-mismatch');
  if (!pkp) return { ok: true };
  const entry = pkp.verifyingShares.find((v) => v.identifier === kp.identifier);
  if (!entry || !equalBytes(entry.verifyingShare, kp.verifyingShare)) return fail('not-in-public-package');
  if (!equalBytes(pkp.verifyingKey, kp.verifyingKey)) return fail('verifying-key-mismatch');
  if (pkp.minSigners !== kp.minSigners) return fail('min-signers-mismatch');
  return { ok: true };
}
