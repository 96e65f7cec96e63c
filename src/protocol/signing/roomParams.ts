/**
 * What a signing ROOM is about (issue 17): the key and the request, carried in the coordinator's
 * signed roster (`SessionParams.signing`) and hashed into the session id (session.ts), so the
 * verification code read aloud covers them, and two custodians with matching codes were shown the
 * same key and the same request. Every member parses them itself (`prepareSigningRoom`): the
 * public key package from its frost-rs JSON, the request with the same `prepareRequest` the local
 * signer uses. Nothing here is trusted from the coordinator beyond "this is what was asked".
 */
import { canonicalJson } from '../canonicalJson.js';
import type { KeyPackage, PublicKeyPackage } from '../dkg/types.js';
import { bytesEqual } from '../encoding.js';
import { parsePublicKeyPackage } from '../frostJson/index.js';
import { publicKeyPackageHash } from '../transcript.js';
import type { SuiteName } from '../suites.js';
import { SignError } from './errors.js';
import { requestFromJson, type SigningRecord } from './record.js';
import { blockingProblems, prepareRequest, type PreparedRequest, type SigningRequest } from './request.js';
import { initialReputation, jailedNow, type ReputationState } from './selection.js';

/**
 * Largest signing params (characters of their canonical JSON). The roster carries them, and a
 * failure record (a restart without someone) embeds the roster, escaped twice more: this keeps
 * that record below MAX_FAILURE_RECORD_BYTES (tested in machine/signing/blame.test.ts). About a
 * 15 kB message, or a PSBT of some 80 inputs.
 */
export const MAX_SIGNING_ROOM_CHARS = 32_000;

/** The signing part of a signing room's parameters (plain JSON, as in the roster). */
export interface SigningRoomParams {
  /** The key: frost-rs JSON of its public key package. */
  publicKeyPackage: string;
  /** The request, in the signing record's form (message as hex; PSBT as base64 with its network). */
  request: SigningRecord['request'];
  /** SHA-256 (hex) of the key's certificate file, when the coordinator gave one (shown, and kept in the record). */
  certificateHash?: string;
  /** The holders' standing before this signing (absent: everyone at 0, session 1). */
  reputation?: ReputationState;
}

/** A room's parameters as one member parsed and checked them. */
export interface PreparedSigningRoom {
  pkp: PublicKeyPackage;
  /** Hex of publicKeyPackageHash(pkp). */
  pkpHash: string;
  request: SigningRequest;
  /** The request's view, hash and messages (hash and messages non-null: a blocked request is refused). */
  prepared: PreparedRequest & { requestHash: Uint8Array; messages: Uint8Array[] };
  reputation: ReputationState;
}

/**
 * Parses and checks a room's signing parameters against the session's suite and threshold.
 * Throws SignError: 'bad-request' (unusable key or request, suite or threshold not the key's,
 * a reputation that does not list exactly the key's holders), 'unverifiable-request' (the request
 * cannot be checked by a signer: a PSBT with blocking problems, a blind 32-byte Taproot message).
 */
export function prepareSigningRoom(p: SigningRoomParams, suite: SuiteName, minSigners: number): PreparedSigningRoom {
  const size = canonicalJson(p).length;
  if (size > MAX_SIGNING_ROOM_CHARS)
    throw new SignError(
      'bad-request',
      `the key and request take ${size} characters; a signing room carries at most ${MAX_SIGNING_ROOM_CHARS} (sign a shorter message, or split the transaction)`,
    );
  let pkp: PublicKeyPackage;
  try {
    pkp = parsePublicKeyPackage(p.publicKeyPackage);
  } catch (e) {
    throw new SignError('bad-request', `the key's public key package does not parse: ${(e as Error).message}`);
  }
  if (pkp.suite !== suite) throw new SignError('bad-request', `the room is for ${suite} but the key is ${pkp.suite}`);
  if (pkp.minSigners !== minSigners)
    throw new SignError('bad-request', `the room asks ${minSigners} signers but the key needs ${pkp.minSigners}`);
  const request = requestFromJson(p.request);
  const prepared = prepareRequest(request, pkp);
  if (prepared.requestHash === null || prepared.messages === null)
    throw new SignError(
      'unverifiable-request',
      `the request cannot be signed: ${blockingProblems(prepared.view)
        .map((x) => x.text)
        .join(' ')}`,
    );
  const ids = pkp.verifyingShares.map((v) => v.identifier);
  const reputation = p.reputation ?? initialReputation(ids);
  const listed = reputation.entries?.map((e) => e.identifier) ?? [];
  if (canonicalJson([...listed].sort((a, b) => a - b)) !== canonicalJson([...ids].sort((a, b) => a - b)))
    throw new SignError('bad-request', "the reputation must list exactly the key's share holders");
  jailedNow(reputation); // validates its shape (throws SignError('bad-selection-input'))
  return {
    pkp,
    pkpHash: publicKeyPackageHash(pkp),
    request,
    prepared: prepared as PreparedSigningRoom['prepared'],
    reputation,
  };
}

/**
 * Throws SignError('bad-key-package') unless `kp` is share `kp.identifier` of `pkp` (same suite,
 * group key and verifying share): a member never approves for a key it does not hold.
 */
export function assertHoldsKey(kp: KeyPackage, pkp: PublicKeyPackage): void {
  const mine = pkp.verifyingShares.find((v) => v.identifier === kp.identifier);
  if (
    kp.suite !== pkp.suite ||
    !mine ||
    !bytesEqual(mine.verifyingShare, kp.verifyingShare) ||
    !bytesEqual(kp.verifyingKey, pkp.verifyingKey)
  )
    throw new SignError('bad-key-package', 'your key package is not a share of the key this room signs with');
}
