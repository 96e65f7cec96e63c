/**
 * RFC 9591 signing rounds on noble's FROST engine (`@noble/curves/abstract/frost.js`), for all
 * six suites; the ciphersuite contexts are the frost-rs ones (suites.ts) and the frost-rs
 * signing vectors check every step (rounds.vectors.test.ts). For `secp256k1-tr` the group key
 * is already the BIP-341 output key Q (frost-rs `post_dkg`), and noble's schnorr_FROST signs as
 * frost-secp256k1-tr does (even-y key, nonces negated for an odd-y group commitment, BIP-340
 * challenge), so the signature verifies as BIP-340 under x(Q): a Taproot key-path signature.
 *
 * Round 1 is nonces.ts (`createNonce`). Round 2: `round2Sign` (RFC 9591 §5.2). Every share is
 * checked on its own against its signer's verifying share (§5.4 `verify_signature_share`)
 * before aggregation (§5.3); an invalid one is a SignError('invalid-share') naming the signer,
 * with evidence that `checkShareEvidence` re-checks from the public key package alone.
 */
import type { KeyPackage, PublicKeyPackage } from '../dkg/types.js';
import { decodePoint, decodeScalar, equalBytes, isValidIdentifier } from '../dkg/group.js';
import { identifierToHex } from '../frostJson/hex.js';
import { getSuite, isSuiteName, type Suite } from '../suites.js';
import { verifyGroupSignature } from '../signing.js';
import { taggedHash } from '../encoding.js';
import { SignError } from './errors.js';
import type { ConsumedNonce, SigningCommitment } from './nonces.js';

/** RFC 9591 `SigningPackage`: the commitment list (sorted by identifier) and the message. */
export interface SigningPackage {
  commitments: SigningCommitment[];
  message: Uint8Array;
}

/** One signer's round-2 output. */
export interface SignatureShare {
  identifier: number;
  share: Uint8Array;
}

/** Evidence that `share` is not a valid signature share for `signingPackage` (re-check with checkShareEvidence). */
export interface ShareEvidence {
  signingPackage: SigningPackage;
  share: SignatureShare;
}

/** SignError('invalid-share') with the evidence of every invalid share. */
export class InvalidShareError extends SignError {
  constructor(readonly evidence: readonly ShareEvidence[]) {
    super(
      'invalid-share',
      `invalid signature share from ${evidence.map((e) => `signer ${e.share.identifier}`).join(', ')}`,
      evidence.map((e) => e.share.identifier),
    );
  }
}

/** Domain tag of signingPackageHash. */
export const SIGNING_PACKAGE_TAG = 'frost-ceremony/signing-package/v1';

/**
 * Hash of a signing package (suite, message, commitment list): a signer's signed share message
 * must carry it, so that the envelope binds the share to the package it was made for. Only then
 * is (package, share) evidence against the signer; without that binding anyone could pair a
 * good share with a package it was not made for.
 */
export function signingPackageHash(pkp: PublicKeyPackage, pkg: SigningPackage): Uint8Array {
  checkSigningPackage(pkp, pkg);
  const fields: (Uint8Array | string | number)[] = [pkp.suite, pkp.verifyingKey, pkg.message, pkg.commitments.length];
  for (const c of pkg.commitments) fields.push(c.identifier, c.hiding, c.binding);
  return taggedHash(SIGNING_PACKAGE_TAG, fields);
}

/** Fewest signers noble (like frost-rs) signs with: the threshold, and at least two. */
export function signersNeeded(pkp: PublicKeyPackage): number {
  return Math.max(2, pkp.minSigners);
}

function suiteOf(pkp: PublicKeyPackage): Suite {
  if (!pkp || !isSuiteName(pkp.suite)) throw new SignError('bad-key-package', 'not a public key package');
  const suite = getSuite(pkp.suite);
  if (!Number.isInteger(pkp.minSigners) || pkp.minSigners < 1)
    throw new SignError('bad-key-package', 'invalid threshold');
  if (typeof decodePoint(suite, pkp.verifyingKey) === 'string')
    throw new SignError('bad-key-package', 'invalid group verifying key');
  if (!Array.isArray(pkp.verifyingShares) || pkp.verifyingShares.length < signersNeeded(pkp))
    throw new SignError('bad-key-package', 'too few verifying shares');
  return suite;
}

/** noble's `FrostPublic` for a public key package. */
function noblePublic(suite: Suite, pkp: PublicKeyPackage) {
  const verifyingShares: Record<string, Uint8Array> = {};
  for (const v of pkp.verifyingShares) verifyingShares[identifierToHex(suite, v.identifier)] = v.verifyingShare;
  return {
    signers: { min: signersNeeded(pkp), max: pkp.verifyingShares.length },
    commitments: [pkp.verifyingKey],
    verifyingShares,
  };
}

function nobleCommitments(suite: Suite, list: readonly SigningCommitment[]) {
  return list.map((c) => ({ identifier: identifierToHex(suite, c.identifier), hiding: c.hiding, binding: c.binding }));
}

/**
 * Checks a signing package against the key before anything is signed or blamed: the message is
 * bytes; the commitment list is sorted by identifier without duplicates (RFC 9591 §5.2: "the
 * list MUST be sorted"; a duplicate would let one signer count twice), has between the needed
 * number of signers and n entries, names only members of the group, and every commitment is a
 * valid non-identity element. `expectedSigners`, when given, must be exactly the identifiers.
 */
export function checkSigningPackage(
  pkp: PublicKeyPackage,
  pkg: SigningPackage,
  expectedSigners?: readonly number[],
): void {
  const suite = suiteOf(pkp);
  const bad = (why: string, culprits: number[] = []) =>
    new SignError('bad-signing-package', `signing package: ${why}`, culprits);
  if (!pkg || !(pkg.message instanceof Uint8Array)) throw bad('the message must be bytes');
  const list = pkg.commitments;
  if (!Array.isArray(list)) throw bad('no commitment list');
  const need = signersNeeded(pkp);
  if (list.length < need || list.length > pkp.verifyingShares.length)
    throw bad(`${list.length} commitments; need ${need}..${pkp.verifyingShares.length}`);
  const members = new Set(pkp.verifyingShares.map((v) => v.identifier));
  let prev = 0;
  for (const c of list) {
    if (!c || !isValidIdentifier(c.identifier) || !members.has(c.identifier))
      throw bad(`commitment from a non-member ${String(c?.identifier)}`);
    if (c.identifier <= prev)
      throw bad(
        c.identifier === prev ? `two commitments from signer ${c.identifier}` : 'commitments not sorted by identifier',
        [c.identifier],
      );
    prev = c.identifier;
    if (typeof decodePoint(suite, c.hiding) === 'string' || typeof decodePoint(suite, c.binding) === 'string')
      throw bad(`invalid commitment from signer ${c.identifier}`, [c.identifier]);
  }
  if (expectedSigners) {
    const want = [...expectedSigners].sort((a, b) => a - b).join(',');
    if (list.map((c) => c.identifier).join(',') !== want)
      throw bad(
        `the commitments are from ${list.map((c) => c.identifier).join(', ')}, the selected signers are ${want}`,
      );
  }
}

/**
 * Round 2 (RFC 9591 §5.2 `sign`): this signer's share of the signature over `pkg.message`.
 * Takes only a ConsumedNonce (nonces.ts), whose commitment must be the one the package lists
 * for this signer (else a coordinator could make us sign with someone else's commitment).
 */
export function round2Sign(
  keyPackage: KeyPackage,
  pkp: PublicKeyPackage,
  pkg: SigningPackage,
  nonce: ConsumedNonce,
): SignatureShare {
  const suite = suiteOf(pkp);
  checkSigningPackage(pkp, pkg);
  const id = keyPackage?.identifier;
  const mine = pkp.verifyingShares.find((v) => v.identifier === id);
  if (
    !mine ||
    keyPackage.suite !== pkp.suite ||
    decodeScalar(suite, keyPackage.signingShare) === undefined ||
    !equalBytes(mine.verifyingShare, keyPackage.verifyingShare) ||
    !equalBytes(keyPackage.verifyingKey, pkp.verifyingKey)
  )
    throw new SignError('bad-key-package', 'the key package does not belong to this public key package');
  if (!nonce || nonce.suite !== pkp.suite || nonce.commitment.identifier !== id)
    throw new SignError('bad-signing-package', "the nonce is not this signer's");
  const listed = pkg.commitments.find((c) => c.identifier === id);
  if (!listed)
    throw new SignError('bad-signing-package', `the signing package has no commitment from this signer (${id})`);
  if (!equalBytes(listed.hiding, nonce.commitment.hiding) || !equalBytes(listed.binding, nonce.commitment.binding))
    throw new SignError(
      'bad-signing-package',
      'the signing package lists a different commitment for this signer than the one it sent',
    );
  // noble zeroes a nonce pair after one signShare: an all-zero pair is one already used.
  if (nonce.hiding.every((b) => b === 0) || nonce.binding.every((b) => b === 0))
    throw new SignError(
      'nonce-reused',
      'this nonce was already used to sign; using it twice would reveal the signing share',
    );
  try {
    const share = suite.internals.frost.signShare(
      { identifier: identifierToHex(suite, id), signingShare: keyPackage.signingShare },
      noblePublic(suite, pkp),
      { hiding: nonce.hiding as Uint8Array<ArrayBuffer>, binding: nonce.binding as Uint8Array<ArrayBuffer> },
      nobleCommitments(suite, pkg.commitments),
      pkg.message,
    );
    return { identifier: id, share };
  } catch (e) {
    // Inputs were checked above; what is left is noble's own refusal, reported as such.
    throw new SignError('bad-signing-package', `signing refused: ${(e as Error).message}`);
  }
}

/**
 * RFC 9591 §5.4: is `share` a valid signature share of its signer for `pkg`? The package must
 * pass checkSigningPackage (throws otherwise: that is not the signer's fault). A share that is
 * not a canonical scalar, or whose signer is not in the package, is invalid.
 */
export function verifySignatureShare(pkp: PublicKeyPackage, pkg: SigningPackage, share: SignatureShare): boolean {
  const suite = suiteOf(pkp);
  checkSigningPackage(pkp, pkg);
  if (!share || !pkg.commitments.some((c) => c.identifier === share.identifier)) return false;
  if (decodeScalar(suite, share.share) === undefined) return false;
  try {
    return suite.internals.frost.verifyShare(
      noblePublic(suite, pkp),
      nobleCommitments(suite, pkg.commitments),
      pkg.message,
      identifierToHex(suite, share.identifier),
      share.share,
    );
  } catch {
    return false;
  }
}

/**
 * RFC 9591 §5.3 `aggregate`, after checking every share (§5.4). Exactly one share per listed
 * signer: a missing one, a share from someone not listed (wrong sender) or two from one signer
 * are SignError('bad-signing-package') naming them; every invalid share is named at once in an
 * InvalidShareError with its evidence. The result is verified under the group key.
 */
export function aggregateSignature(
  pkp: PublicKeyPackage,
  pkg: SigningPackage,
  shares: readonly SignatureShare[],
): Uint8Array {
  const suite = suiteOf(pkp);
  checkSigningPackage(pkp, pkg);
  if (!Array.isArray(shares)) throw new SignError('bad-signing-package', 'no shares');
  const listed = new Set(pkg.commitments.map((c) => c.identifier));
  const byId = new Map<number, SignatureShare>();
  for (const s of shares) {
    if (!s || !listed.has(s.identifier))
      throw new SignError(
        'bad-signing-package',
        `a share from ${String(s?.identifier)}, who is not a signer of this package`,
        isValidIdentifier(s?.identifier) ? [s.identifier] : [],
      );
    if (byId.has(s.identifier))
      throw new SignError('bad-signing-package', `two shares from signer ${s.identifier}`, [s.identifier]);
    byId.set(s.identifier, s);
  }
  const missing = [...listed].filter((id) => !byId.has(id));
  if (missing.length)
    throw new SignError(
      'bad-signing-package',
      `no share yet from ${missing.map((m) => `signer ${m}`).join(', ')}`,
      missing,
    );
  const invalid: ShareEvidence[] = [];
  for (const c of pkg.commitments) {
    const s = byId.get(c.identifier)!;
    if (!verifySignatureShare(pkp, pkg, s)) invalid.push({ signingPackage: pkg, share: s });
  }
  if (invalid.length) throw new InvalidShareError(invalid);
  const sigShares: Record<string, Uint8Array> = {};
  for (const [id, s] of byId) sigShares[identifierToHex(suite, id)] = s.share;
  const signature = suite.internals.frost.aggregate(
    noblePublic(suite, pkp),
    nobleCommitments(suite, pkg.commitments),
    pkg.message,
    sigShares,
  );
  if (!verifyGroupSignature(pkp.suite, pkp.verifyingKey, pkg.message, signature))
    throw new SignError('invalid-signature', 'the aggregated signature does not verify under the group key');
  return signature;
}

/**
 * Re-checks evidence against the key the checker trusts (its own copy of the public key
 * package, never one from the evidence): true when the signing package is well-formed, the
 * share's signer is in it, and the share is NOT valid, i.e. the evidence proves the fault.
 * That the share was made by that signer FOR this package is not shown by the arithmetic: the
 * signer's signed envelope carrying the share and signingPackageHash(package) shows it, and the
 * ceremony layer keeps that envelope with this evidence (a signing record is attested by its
 * signers' identity signatures instead).
 */
export function checkShareEvidence(pkp: PublicKeyPackage, evidence: ShareEvidence): boolean {
  try {
    checkSigningPackage(pkp, evidence.signingPackage);
    if (!evidence.signingPackage.commitments.some((c) => c.identifier === evidence.share?.identifier)) return false;
    return !verifySignatureShare(pkp, evidence.signingPackage, evidence.share);
  } catch {
    return false;
  }
}
