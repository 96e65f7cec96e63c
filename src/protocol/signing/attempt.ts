/**
 * One signing attempt as a receiver sees it: the signing packages (one per message, all with the
 * same signers), and round-2 share messages arriving from the network in any order, any number
 * of times. `receiveShares` is the pure handler: identity comes from the channel (`sender` is the
 * identifier whose signed envelope carried the message), never from a field the sender filled in.
 *
 * - a sender that is not a signer of this attempt: ignored, reported ('not-a-signer');
 * - a message for another package (its package hashes differ: a replay from an earlier attempt,
 *   or a package the coordinator changed): ignored, reported ('stale'); never blame, since an
 *   honest share for another package would look invalid here;
 * - the same message again (relay and mesh both deliver): idempotent ('duplicate');
 * - a different message for the same packages from one sender: 'equivocation', with both;
 * - shares are verified on arrival (RFC 9591 §5.4); an invalid one: 'invalid', with evidence.
 * `finishAttempt` aggregates once every signer's valid shares are in.
 */
import type { PublicKeyPackage } from '../dkg/types.js';
import { bytesEqual, toHex } from '../encoding.js';
import { getSuite } from '../suites.js';
import { SignError } from './errors.js';
import {
  aggregateSignature,
  checkSigningPackage,
  signingPackageHash,
  verifySignatureShare,
  type ShareEvidence,
  type SigningPackage,
} from './rounds.js';

/** Round-2 message of one signer: per signed message, the package hash it signed and its share. */
export interface ShareMessage {
  packageHashes: Uint8Array[];
  shares: Uint8Array[];
}

export interface AttemptState {
  readonly pkp: PublicKeyPackage;
  readonly packages: readonly SigningPackage[];
  readonly packageHashes: readonly Uint8Array[];
  readonly signers: readonly number[];
  /** Valid share messages, by signer. */
  readonly accepted: ReadonlyMap<number, ShareMessage>;
  /** Signers proven to have sent an invalid share (with evidence), by signer. */
  readonly invalid: ReadonlyMap<number, ShareEvidence[]>;
}

export type ReceiveResult =
  | { kind: 'accepted' }
  | { kind: 'duplicate' }
  | { kind: 'not-a-signer'; sender: number }
  | { kind: 'stale'; sender: number }
  | { kind: 'equivocation'; sender: number; first: ShareMessage; second: ShareMessage }
  | { kind: 'invalid'; sender: number; evidence: ShareEvidence[] };

/** Starts an attempt: every package must pass checkSigningPackage with exactly `signers`. */
export function startAttempt(
  pkp: PublicKeyPackage,
  packages: readonly SigningPackage[],
  signers: readonly number[],
): AttemptState {
  if (!Array.isArray(packages) || packages.length === 0)
    throw new SignError('bad-signing-package', 'an attempt signs at least one message');
  for (const p of packages) checkSigningPackage(pkp, p, signers);
  const sorted = [...signers].sort((a, b) => a - b);
  return {
    pkp,
    packages,
    packageHashes: packages.map((p) => signingPackageHash(pkp, p)),
    signers: sorted,
    accepted: new Map(),
    invalid: new Map(),
  };
}

function sameMessage(a: ShareMessage, b: ShareMessage): boolean {
  return (
    a.shares.length === b.shares.length &&
    a.packageHashes.length === b.packageHashes.length &&
    a.shares.every((s, i) => bytesEqual(s, b.shares[i]!)) &&
    a.packageHashes.every((h, i) => bytesEqual(h, b.packageHashes[i]!))
  );
}

/** Handles one share message from `sender` (the identifier its signed envelope proves). */
export function receiveShares(
  state: AttemptState,
  sender: number,
  msg: ShareMessage,
): { state: AttemptState; result: ReceiveResult } {
  const same = (result: ReceiveResult) => ({ state, result });
  if (!state.signers.includes(sender)) return same({ kind: 'not-a-signer', sender });
  const n = state.packages.length;
  const scalarBytes = getSuite(state.pkp.suite).scalarBytes;
  if (
    !msg ||
    !Array.isArray(msg.packageHashes) ||
    msg.packageHashes.length !== n ||
    !msg.packageHashes.every((h, i) => h instanceof Uint8Array && bytesEqual(h, state.packageHashes[i]!))
  )
    return same({ kind: 'stale', sender });
  const seen = state.accepted.get(sender);
  if (seen)
    return same(
      sameMessage(seen, msg) ? { kind: 'duplicate' } : { kind: 'equivocation', sender, first: seen, second: msg },
    );
  const knownBad = state.invalid.get(sender);
  if (knownBad) {
    const first: ShareMessage = { packageHashes: [...state.packageHashes], shares: knownBad.map((e) => e.share.share) };
    return same(sameMessage(first, msg) ? { kind: 'duplicate' } : { kind: 'equivocation', sender, first, second: msg });
  }
  // For the right packages, from a signer: the shares are its answer. Wrong count or size is its fault too.
  const evidence: ShareEvidence[] = [];
  for (let i = 0; i < n; i++) {
    const raw = Array.isArray(msg.shares) ? msg.shares[i] : undefined;
    // Keep evidence small: an oversized "share" is kept only up to one scalar more than needed.
    const share = raw instanceof Uint8Array ? raw.subarray(0, scalarBytes + 1) : new Uint8Array(0);
    const s = { identifier: sender, share };
    if (
      !Array.isArray(msg.shares) ||
      msg.shares.length !== n ||
      !(raw instanceof Uint8Array) ||
      !verifySignatureShare(state.pkp, state.packages[i]!, s)
    )
      evidence.push({ signingPackage: state.packages[i]!, share: s });
  }
  if (evidence.length) {
    const invalid = new Map(state.invalid);
    invalid.set(sender, evidence);
    return { state: { ...state, invalid }, result: { kind: 'invalid', sender, evidence } };
  }
  const accepted = new Map(state.accepted);
  accepted.set(sender, {
    packageHashes: msg.packageHashes.map((h) => Uint8Array.from(h)),
    shares: msg.shares.map((s) => Uint8Array.from(s)),
  });
  return { state: { ...state, accepted }, result: { kind: 'accepted' } };
}

/** Signers whose valid shares are still awaited (the screen's "waiting for"). */
export function awaitedSigners(state: AttemptState): number[] {
  return state.signers.filter((s) => !state.accepted.has(s) && !state.invalid.has(s));
}

/**
 * The signatures, once every signer's valid shares are in. Throws SignError('invalid-share')
 * naming the blamed when any signer sent invalid shares (the attempt must restart without them),
 * and SignError('bad-signing-package') naming who is still awaited.
 */
export function finishAttempt(state: AttemptState): Uint8Array[] {
  if (state.invalid.size)
    throw new SignError(
      'invalid-share',
      `invalid signature shares from ${[...state.invalid.keys()].join(', ')}`,
      [...state.invalid.keys()].sort((a, b) => a - b),
    );
  const waiting = awaitedSigners(state);
  if (waiting.length)
    throw new SignError('bad-signing-package', `still waiting for shares from ${waiting.join(', ')}`, waiting);
  return state.packages.map((pkg, i) =>
    aggregateSignature(
      state.pkp,
      pkg,
      state.signers.map((id) => ({ identifier: id, share: state.accepted.get(id)!.shares[i]! })),
    ),
  );
}

/** Hex of the attempt's package hashes (for logs and the screen). */
export function attemptId(state: AttemptState): string {
  return state.packageHashes.map(toHex).join(',');
}
