/**
 * Building blocks for interactive test signing between participants (RFC 9591 via noble,
 * as in signing.ts, which runs all signers in one place): one signer's round 1 (nonces and
 * their commitments), its signature share, the check of one share, and aggregation. The
 * nonces are SECRET and single-use: the caller persists them before sending the commitments
 * and deletes them once the share is made.
 */
import type { KeyPackage, PublicKeyPackage, Rng } from './dkg/types.js';
import { identifierToHex } from './frostJson/hex.js';
import { getSuite, type Suite } from './suites.js';
import { SigningError, verifyGroupSignature } from './signing.js';

/** SECRET: one signer's nonce pair for one signing. */
export interface SigningNonces {
  hiding: Uint8Array;
  binding: Uint8Array;
}

/** A signer's public nonce commitments. */
export interface SigningCommitment {
  identifier: number;
  hiding: Uint8Array;
  binding: Uint8Array;
}

function frostPublic(suite: Suite, pkp: PublicKeyPackage) {
  const verifyingShares: Record<string, Uint8Array> = {};
  for (const v of pkp.verifyingShares) verifyingShares[identifierToHex(suite, v.identifier)] = v.verifyingShare;
  return {
    signers: { min: Math.max(2, pkp.minSigners), max: pkp.verifyingShares.length },
    commitments: [pkp.verifyingKey],
    verifyingShares,
  };
}

function nobleList(suite: Suite, list: readonly SigningCommitment[]) {
  return [...list]
    .sort((a, b) => a.identifier - b.identifier)
    .map((c) => ({ identifier: identifierToHex(suite, c.identifier), hiding: c.hiding, binding: c.binding }));
}

const nobleRng = (rng: Rng) => (len?: number) => rng(len ?? 32) as Uint8Array<ArrayBuffer>;

/** Round 1 for one signer: fresh nonces (SECRET) and their commitments. */
export function signingCommit(kp: KeyPackage, rng: Rng): { nonces: SigningNonces; commitment: SigningCommitment } {
  const suite = getSuite(kp.suite);
  try {
    const r = suite.internals.frost.commit(
      { identifier: identifierToHex(suite, kp.identifier), signingShare: kp.signingShare },
      nobleRng(rng),
    );
    return {
      nonces: { hiding: r.nonces.hiding, binding: r.nonces.binding },
      commitment: { identifier: kp.identifier, hiding: r.commitments.hiding, binding: r.commitments.binding },
    };
  } catch (e) {
    throw new SigningError('bad-input', `commit failed: ${(e as Error).message}`);
  }
}

/** Round 2 for one signer: its signature share over the commitment list. Consumes (zeroes) the nonces. */
export function signingShare(
  kp: KeyPackage,
  pkp: PublicKeyPackage,
  nonces: SigningNonces,
  list: readonly SigningCommitment[],
  message: Uint8Array,
): Uint8Array {
  const suite = getSuite(kp.suite);
  try {
    return suite.internals.frost.signShare(
      { identifier: identifierToHex(suite, kp.identifier), signingShare: kp.signingShare },
      frostPublic(suite, pkp),
      { hiding: nonces.hiding, binding: nonces.binding },
      nobleList(suite, list),
      message,
    );
  } catch (e) {
    throw new SigningError('bad-input', `signing failed: ${(e as Error).message}`);
  }
}

/** Whether one signer's share is correct for this commitment list and message (RFC 9591 §5.4). */
export function verifySigningShare(
  pkp: PublicKeyPackage,
  list: readonly SigningCommitment[],
  message: Uint8Array,
  identifier: number,
  share: Uint8Array,
): boolean {
  const suite = getSuite(pkp.suite);
  try {
    return suite.internals.frost.verifyShare(
      frostPublic(suite, pkp),
      nobleList(suite, list),
      message,
      identifierToHex(suite, identifier),
      share,
    );
  } catch {
    return false;
  }
}

/**
 * Aggregates the shares (one per signer in `list`) and verifies the result under the group key.
 * Throws SigningError naming the signers whose shares do not verify.
 */
export function aggregateSigningShares(
  pkp: PublicKeyPackage,
  list: readonly SigningCommitment[],
  message: Uint8Array,
  shares: ReadonlyMap<number, Uint8Array>,
): Uint8Array {
  const suite = getSuite(pkp.suite);
  const bad = list.filter((c) => {
    const s = shares.get(c.identifier);
    return !s || !verifySigningShare(pkp, list, message, c.identifier, s);
  });
  if (bad.length > 0)
    throw new SigningError(
      'bad-signature-share',
      `signature share(s) from ${bad.map((c) => c.identifier).join(', ')} do not verify`,
      bad.map((c) => c.identifier),
    );
  const sigShares: Record<string, Uint8Array> = {};
  for (const c of list) sigShares[identifierToHex(suite, c.identifier)] = shares.get(c.identifier) as Uint8Array;
  let signature: Uint8Array;
  try {
    signature = suite.internals.frost.aggregate(frostPublic(suite, pkp), nobleList(suite, list), message, sigShares);
  } catch (e) {
    throw new SigningError('bad-signature-share', `aggregation failed: ${(e as Error).message}`);
  }
  if (!verifyGroupSignature(pkp.suite, pkp.verifyingKey, message, signature))
    throw new SigningError('invalid-signature', 'the aggregated signature does not verify under the group key');
  return signature;
}
