/**
 * Proof of holding: an old holder shows that they hold signing share i of a key, before a
 * lifecycle ceremony lets them deal (refresh, reshare) or help (repair). It is the suite's own
 * Schnorr signature (schnorr.ts) by the signing share, checked against verifying share i in the
 * public key package, over a message that binds the new session, the purpose, the suite, the
 * identifier and the public key package. So a proof cannot be replayed into another session,
 * another purpose, another key or another identifier, and only the holder of s_i can make one.
 */
import { encodeFields } from '../encoding.js';
import { decodeScalar, equalBytes, isValidIdentifier } from '../dkg/group.js';
import type { KeyPackage, PublicKeyPackage, Rng } from '../dkg/types.js';
import { getSuite, isSuiteName } from '../suites.js';
import { publicKeyPackageHash } from '../transcript.js';
import { LifecycleError } from './errors.js';
import { schnorrSign, schnorrVerify } from './schnorr.js';

/** Why a lifecycle ceremony asks an old holder to prove their share. */
export type LifecyclePurpose = 'refresh' | 'repair' | 'reshare' | 'sign';
/** 'sign': a member of a signing room proves the share it approves with (machine/signing/approval.ts). */
export const LIFECYCLE_PURPOSES: readonly LifecyclePurpose[] = ['refresh', 'repair', 'reshare', 'sign'];

/** Domain tag of the signed message (versioned: a change makes old proofs fail, never mean something else). */
export const PROOF_OF_HOLDING_TAG = 'frost-ceremony/lifecycle/proof-of-holding/v1';

/** What the proof binds besides the share: the new ceremony. */
export interface HoldingContext {
  /** The new ceremony's session id (32 bytes). */
  sessionId: Uint8Array;
  purpose: LifecyclePurpose;
}

/** The public proof an old holder sends (its sender is the envelope's signer, mapped to `identifier`). */
export interface ProofOfHolding {
  identifier: number;
  /** The suite's Schnorr signature (schnorr.ts) over {@link proofOfHoldingMessage}. */
  signature: Uint8Array;
}

/** The exact bytes signed: tag, purpose, session id, suite, identifier, group key, verifying share i, PKP hash. */
export function proofOfHoldingMessage(pkp: PublicKeyPackage, identifier: number, ctx: HoldingContext): Uint8Array {
  const share = pkp.verifyingShares.find((v) => v.identifier === identifier);
  if (!share) throw new LifecycleError('bad-input', `identifier ${identifier} has no verifying share`);
  return encodeFields([
    PROOF_OF_HOLDING_TAG,
    ctx.purpose,
    ctx.sessionId,
    pkp.suite,
    identifier,
    pkp.verifyingKey,
    share.verifyingShare,
    publicKeyPackageHash(pkp),
  ]);
}

function assertContext(ctx: HoldingContext): void {
  if (!(ctx?.sessionId instanceof Uint8Array) || ctx.sessionId.length !== 32)
    throw new LifecycleError('bad-input', 'session id must be 32 bytes');
  if (!LIFECYCLE_PURPOSES.includes(ctx.purpose)) throw new LifecycleError('bad-input', 'unknown lifecycle purpose');
}

/** Makes the proof for the holder of `keyPackage` (which must belong to `pkp`). */
export function proveHolding(
  keyPackage: KeyPackage,
  pkp: PublicKeyPackage,
  ctx: HoldingContext,
  rng: Rng,
): ProofOfHolding {
  assertContext(ctx);
  if (!isSuiteName(pkp?.suite) || keyPackage?.suite !== pkp.suite)
    throw new LifecycleError('bad-input', 'key package and public key package suites differ');
  const suite = getSuite(pkp.suite);
  const sk = decodeScalar(suite, keyPackage.signingShare);
  const mine = pkp.verifyingShares.find((v) => v.identifier === keyPackage.identifier);
  if (
    sk === undefined ||
    sk === 0n ||
    !mine ||
    !equalBytes(mine.verifyingShare, suite.internals.Point.BASE.multiply(sk).toBytes())
  )
    throw new LifecycleError('bad-input', 'this key package does not belong to the public key package');
  const message = proofOfHoldingMessage(pkp, keyPackage.identifier, ctx);
  return { identifier: keyPackage.identifier, signature: schnorrSign(suite, sk, message, rng) };
}

/**
 * Checks a proof of holding from the participant whom the channel knows as `sender` (the
 * identifier the signed envelope's key was assigned in the new roster). The identifier in the
 * proof must be the sender's: a proof for someone else's share is rejected, naming the sender.
 * Throws LifecycleError('bad-proof-of-holding' | 'malformed', [sender]); returns nothing on success.
 */
export function verifyHolding(pkp: PublicKeyPackage, ctx: HoldingContext, sender: number, proof: ProofOfHolding): void {
  assertContext(ctx);
  if (!isSuiteName(pkp?.suite)) throw new LifecycleError('bad-input', 'unknown suite');
  if (!isValidIdentifier(sender)) throw new LifecycleError('bad-input', 'invalid sender identifier');
  const suite = getSuite(pkp.suite);
  if (
    typeof proof !== 'object' ||
    proof === null ||
    !isValidIdentifier(proof.identifier) ||
    !(proof.signature instanceof Uint8Array)
  )
    throw new LifecycleError('malformed', `proof of holding from ${sender} is malformed`, [sender]);
  if (proof.signature.length !== suite.signatureBytes)
    throw new LifecycleError(
      'malformed',
      `proof of holding from ${sender} has ${proof.signature.length} bytes, not ${suite.signatureBytes}`,
      [sender],
    );
  if (proof.identifier !== sender)
    throw new LifecycleError(
      'bad-proof-of-holding',
      `participant ${sender} sent a proof for share ${proof.identifier}`,
      [sender],
      { proof },
    );
  const share = pkp.verifyingShares.find((v) => v.identifier === sender);
  if (!share)
    throw new LifecycleError('bad-proof-of-holding', `participant ${sender} holds no share of this key`, [sender], {
      proof,
    });
  const message = proofOfHoldingMessage(pkp, sender, ctx);
  if (!schnorrVerify(suite, share.verifyingShare, message, proof.signature))
    throw new LifecycleError(
      'bad-proof-of-holding',
      `participant ${sender}'s proof does not verify under verifying share ${sender}`,
      [sender],
      {
        proof,
        message,
        verifyingShare: share.verifyingShare,
      },
    );
}
