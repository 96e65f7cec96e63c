/**
 * Test signing: proves that a set of key packages from a DKG really produce a group signature
 * (noble's RFC 9591 commit / signShare / aggregate, nonces from the injected rng), and
 * verification of a group signature in the suite's own format (BIP-340 for secp256k1-tr).
 */
import type { KeyPackage, PublicKeyPackage, Rng } from './dkg/types.js';
import { decodePoint, decodeScalar, equalBytes, isValidIdentifier } from './dkg/group.js';
import { identifierToHex } from './frostJson/hex.js';
import { getSuite, isSuiteName, type Suite, type SuiteName } from './suites.js';

/** Why a test signing failed. */
export type SigningErrorCode = 'bad-input' | 'inconsistent-key-package' | 'bad-signature-share' | 'invalid-signature';

/** Typed signing failure; `culprits` are the identifiers at fault when known. */
export class SigningError extends Error {
  override readonly name = 'SigningError';
  constructor(
    readonly code: SigningErrorCode,
    message: string,
    readonly culprits: readonly number[] = [],
  ) {
    super(message);
  }
}

/**
 * FROST-signs `message` with the given key packages (at least minSigners of them, and at least
 * two: noble, like frost-rs, signs with two or more; for a 1-of-n key any two will do), then
 * verifies the result against the group key. Returns the signature; throws SigningError.
 */
export function testSign(
  keyPackages: readonly KeyPackage[],
  publicKeyPackage: PublicKeyPackage,
  message: Uint8Array,
  rng: Rng,
): Uint8Array {
  const pkp = publicKeyPackage;
  if (!isSuiteName(pkp?.suite)) throw new SigningError('bad-input', 'unknown suite');
  if (!(message instanceof Uint8Array)) throw new SigningError('bad-input', 'message must be bytes');
  if (typeof rng !== 'function') throw new SigningError('bad-input', 'rng must be a function');
  const suite = getSuite(pkp.suite);
  assertPublicKeyPackage(suite, pkp);
  if (!Array.isArray(keyPackages)) throw new SigningError('bad-input', 'keyPackages must be an array');
  for (const kp of keyPackages) assertKeyPackageShape(suite, kp);
  const frost = suite.internals.frost;
  const min = Math.max(2, pkp.minSigners);
  if (keyPackages.length < min || pkp.verifyingShares.length < keyPackages.length)
    throw new SigningError(
      'bad-input',
      `need ${min}..${pkp.verifyingShares.length} key packages, got ${keyPackages.length}`,
    );

  const verifyingShares: Record<string, Uint8Array> = {};
  for (const v of pkp.verifyingShares) verifyingShares[identifierToHex(suite, v.identifier)] = v.verifyingShare;
  const pub = {
    signers: { min, max: pkp.verifyingShares.length },
    commitments: [pkp.verifyingKey],
    verifyingShares,
  };
  const seen = new Set<number>();
  for (const kp of keyPackages) {
    const mine = verifyingShares[identifierToHex(suite, kp.identifier)];
    if (
      kp.suite !== pkp.suite ||
      seen.has(kp.identifier) ||
      !mine ||
      !equalBytes(mine, kp.verifyingShare) ||
      !equalBytes(kp.verifyingKey, pkp.verifyingKey)
    )
      throw new SigningError('inconsistent-key-package', `key package ${kp.identifier} does not belong to this group`, [
        kp.identifier,
      ]);
    seen.add(kp.identifier);
  }

  const signers = keyPackages.map((kp) => ({
    id: kp.identifier,
    secret: { identifier: identifierToHex(suite, kp.identifier), signingShare: kp.signingShare },
  }));
  // noble's RNG type allows an omitted length; it always passes one (32 bytes per nonce).
  const nobleRng = (len?: number) => rng(len ?? 32) as Uint8Array<ArrayBuffer>;
  let rounds;
  const sigShares: Record<string, Uint8Array> = {};
  try {
    rounds = signers.map((s) => ({ ...s, ...frost.commit(s.secret, nobleRng) }));
    const list = rounds.map((r) => r.commitments);
    for (const r of rounds) sigShares[r.secret.identifier] = frost.signShare(r.secret, pub, r.nonces, list, message);
  } catch (e) {
    // Inputs were validated above, so this is the rng (wrong output) or a noble invariant.
    throw new SigningError('bad-input', `signing failed: ${(e as Error).message}`);
  }
  const commitmentList = rounds.map((r) => r.commitments);
  let signature: Uint8Array;
  try {
    signature = frost.aggregate(pub, commitmentList, message, sigShares);
  } catch (e) {
    const cheaters = (e as { cheaters?: unknown }).cheaters;
    const culprits = Array.isArray(cheaters)
      ? signers.filter((s) => cheaters.includes(s.secret.identifier)).map((s) => s.id)
      : [];
    throw new SigningError('bad-signature-share', `aggregation failed: ${(e as Error).message}`, culprits);
  }
  if (!verifyGroupSignature(pkp.suite, pkp.verifyingKey, message, signature))
    throw new SigningError('invalid-signature', 'the aggregated signature does not verify under the group key');
  return signature;
}

/** Structure and encodings of a PublicKeyPackage (bad-input otherwise). */
function assertPublicKeyPackage(suite: Suite, pkp: PublicKeyPackage): void {
  const bad = (what: string) => new SigningError('bad-input', `public key package: ${what}`);
  if (!Number.isInteger(pkp.minSigners) || pkp.minSigners < 1) throw bad('invalid minSigners');
  if (typeof decodePoint(suite, pkp.verifyingKey) === 'string') throw bad('invalid verifying key');
  if (!Array.isArray(pkp.verifyingShares) || pkp.verifyingShares.length < 2)
    throw bad('needs at least two verifying shares');
  const ids = new Set<number>();
  for (const v of pkp.verifyingShares) {
    if (!isValidIdentifier(v?.identifier) || ids.has(v.identifier)) throw bad('invalid or duplicate identifier');
    if (typeof decodePoint(suite, v.verifyingShare) === 'string') throw bad(`invalid verifying share ${v.identifier}`);
    ids.add(v.identifier);
  }
}

/** Structure and encodings of a KeyPackage (bad-input, naming it, otherwise). */
function assertKeyPackageShape(suite: Suite, kp: KeyPackage): void {
  const id = kp?.identifier;
  if (!isValidIdentifier(id)) throw new SigningError('bad-input', 'key package with an invalid identifier');
  if (
    decodeScalar(suite, kp.signingShare) === undefined ||
    !(kp.verifyingShare instanceof Uint8Array) ||
    !(kp.verifyingKey instanceof Uint8Array)
  )
    throw new SigningError('bad-input', `key package ${id} is malformed`, [id]);
}

/**
 * Verifies a group signature: RFC 9591 Schnorr for the suite (RFC 8032-compatible for ed25519 /
 * ed448; BIP-340 under the x-only key for secp256k1-tr). False on malformed input.
 */
export function verifyGroupSignature(
  suite: SuiteName,
  verifyingKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    if (!isSuiteName(suite)) return false;
    const s = getSuite(suite);
    if (!(signature instanceof Uint8Array) || signature.length !== s.signatureBytes) return false;
    return s.internals.frost.verify(signature, message, verifyingKey);
  } catch {
    return false;
  }
}
