/**
 * Refresh, final step (frost-rs `refresh_dkg_shares`): check every received zero-share against
 * its dealer's commitment (with the identity constant term put back), then
 *   s'_i = s_i + Σ_ℓ f_ℓ(i)                 (new signing share)
 *   Y'_j = Y_j + Σ_ℓ Σ_{k≥1} C_{ℓ,k}·j^k     (new verifying shares, for every participant j)
 *   Y' = Y, min_signers unchanged            (group key and threshold stay)
 * Holders of the old key who did not take part have no verifying share in the new package.
 */
import { decodeScalar, encodeScalar, equalBytes, evalPolynomial } from '../dkg/group.js';
import type { KeyPackage, PublicKeyPackage } from '../dkg/types.js';
import { getSuite, type GroupPoint } from '../suites.js';
import { LifecycleError } from './errors.js';
import { baseTimes, decodePoints, evalZeroConstantCommitment, verifyingSharePoint } from './math.js';
import { refreshPolynomial } from './refreshRound2.js';
import type { RefreshPackage, RefreshSecret } from './refreshRound1.js';
import { assertSenders } from './senders.js';
import type { BadShareEvidence } from './shareEvidence.js';

/** Input of {@link refreshShares}. Maps are keyed by the sender's channel identifier. */
export interface RefreshFinishInput {
  secret: RefreshSecret;
  /** Round-1 packages of every OTHER participant. */
  packages: ReadonlyMap<number, RefreshPackage>;
  /** Zero-shares addressed to this holder by every OTHER participant. */
  shares: ReadonlyMap<number, Uint8Array>;
  oldKeyPackage: KeyPackage;
  oldPublicKeyPackage: PublicKeyPackage;
}

/**
 * Checks every package's commitment (exactly t−1 valid elements). A commitment of t elements is a
 * dealer that committed to a constant term of its own — not a sharing of zero — and is blamed as
 * 'nonzero-constant-term' with the package as evidence.
 */
export function checkRefreshPackages(
  secret: RefreshSecret,
  packages: ReadonlyMap<number, RefreshPackage>,
): Map<number, GroupPoint[]> {
  const suite = getSuite(secret.suite);
  const t = secret.minSigners;
  assertSenders(
    secret.participants.filter((p) => p !== secret.identifier),
    packages,
    'refresh round-1 package',
  );
  const nonzero: number[] = [];
  const wrongLength: number[] = [];
  for (const [id, p] of packages) {
    const n = Array.isArray(p?.commitment) ? p.commitment.length : -1;
    if (n === t) nonzero.push(id);
    else if (n !== t - 1) wrongLength.push(id);
  }
  if (nonzero.length > 0)
    throw new LifecycleError(
      'nonzero-constant-term',
      `refresh dealer(s) ${nonzero.join(', ')} committed to a constant term: a refresh deals a sharing of zero, whose constant term is the identity and is not sent`,
      nonzero,
      nonzero.map((id) => ({ dealer: id, package: packages.get(id) })),
    );
  if (wrongLength.length > 0)
    throw new LifecycleError(
      'wrong-commitment-length',
      `refresh commitment(s) from ${wrongLength.join(', ')} do not have ${t - 1} elements`,
      wrongLength,
    );
  const out = new Map<number, GroupPoint[]>();
  for (const [id, p] of packages) out.set(id, decodePoints(suite, p.commitment, id, 'refresh commitment'));
  return out;
}

/** Returns the refreshed key package and public key package, or throws LifecycleError naming the culprits. */
export function refreshShares(input: RefreshFinishInput): {
  keyPackage: KeyPackage;
  publicKeyPackage: PublicKeyPackage;
} {
  const { secret, shares, oldKeyPackage: oldKp, oldPublicKeyPackage: oldPkp } = input;
  const suite = getSuite(secret.suite);
  const { Fn, Point } = suite.internals;
  const me = secret.identifier;
  // Local inputs (frost-rs InvalidMinSigners / UnknownIdentifier): the threshold cannot change.
  if (oldKp?.suite !== secret.suite || oldPkp?.suite !== secret.suite)
    throw new LifecycleError('bad-input', 'suite mismatch');
  if (oldKp.minSigners !== secret.minSigners || oldPkp.minSigners !== secret.minSigners)
    throw new LifecycleError(
      'bad-input',
      `refresh must keep min_signers (${oldPkp.minSigners}); the secret was made for ${secret.minSigners}`,
    );
  if (oldKp.identifier !== me) throw new LifecycleError('bad-input', 'old key package is not this holder’s');
  const oldShares = new Map(oldPkp.verifyingShares.map((v) => [v.identifier, v.verifyingShare]));
  const unknown = secret.participants.filter((p) => !oldShares.has(p));
  if (unknown.length > 0)
    throw new LifecycleError('bad-input', `participants ${unknown.join(', ')} hold no share of this key`);
  const oldS = decodeScalar(suite, oldKp.signingShare);
  if (
    oldS === undefined ||
    !equalBytes(baseTimes(suite, oldS).toBytes(), oldShares.get(me) as Uint8Array) ||
    !equalBytes(oldKp.verifyingKey, oldPkp.verifyingKey)
  )
    throw new LifecycleError('bad-input', 'old key package does not belong to the old public key package');

  const commitments = checkRefreshPackages(secret, input.packages);
  assertSenders(
    secret.participants.filter((p) => p !== me),
    shares,
    'refresh share',
  );

  // Round 2, Step 2: g^{f_ℓ(i)} ≟ Σ_k φ_{ℓk}·i^k with φ_{ℓ0} = identity.
  const bad: BadShareEvidence[] = [];
  const malformed: number[] = [];
  let sum = Fn.ZERO;
  for (const [dealer, bytes] of shares) {
    const s = decodeScalar(suite, bytes);
    if (s === undefined) {
      malformed.push(dealer);
      continue;
    }
    const C = commitments.get(dealer) as GroupPoint[];
    if (!baseTimes(suite, s).equals(evalZeroConstantCommitment(suite, C, me))) {
      bad.push({
        suite: suite.name,
        dealer,
        recipient: me,
        share: bytes,
        commitment: input.packages.get(dealer)!.commitment,
        zeroConstant: true,
      });
      continue;
    }
    sum = Fn.add(sum, s);
  }
  if (malformed.length > 0)
    throw new LifecycleError(
      'malformed',
      `refresh share(s) from ${malformed.join(', ')} are not canonical scalars`,
      malformed,
    );
  if (bad.length > 0)
    throw new LifecycleError(
      'bad-share',
      `refresh share(s) from ${bad.map((b) => b.dealer).join(', ')} do not match their commitments`,
      bad.map((b) => b.dealer),
      bad,
    );

  // Round 2, Step 3: s'_i = s_i + f_i(i) + Σ_ℓ f_ℓ(i).
  const own = refreshPolynomial(secret);
  const newS = Fn.add(Fn.add(oldS, evalPolynomial(suite, own, BigInt(me))), sum);
  const ownC = own.slice(1).map((a) => Point.BASE.multiply(a));
  const all = new Map(commitments);
  all.set(me, ownC);

  // Y'_j = Y_j + Σ_ℓ f_ℓ(j)·G for every participant j.
  const verifyingShares = secret.participants.map((j) => {
    let Y = verifyingSharePoint(suite, oldPkp, j);
    for (const C of all.values()) Y = Y.add(evalZeroConstantCommitment(suite, C, j));
    // Y' = identity would be unserialisable (probability ~2^-250 for honest randomness; a
    // malicious dealer cannot aim at it without knowing others' shares).
    if (Y.is0())
      throw new LifecycleError('bad-input', `new verifying share ${j} is the identity: run the refresh again`);
    return { identifier: j, verifyingShare: Y.toBytes() };
  });
  const mine = verifyingShares.find((v) => v.identifier === me)!.verifyingShare;
  // Self-check (Round 2, Step 4): Y'_i = G·s'_i, which the checks above guarantee.
  if (!equalBytes(baseTimes(suite, newS).toBytes(), mine))
    throw new LifecycleError('bad-input', 'refreshed share does not match its verifying share');
  return {
    keyPackage: {
      suite: suite.name,
      identifier: me,
      signingShare: encodeScalar(suite, newS),
      verifyingShare: mine,
      verifyingKey: oldPkp.verifyingKey,
      minSigners: secret.minSigners,
    },
    publicKeyPackage: {
      suite: suite.name,
      verifyingShares,
      verifyingKey: oldPkp.verifyingKey,
      minSigners: secret.minSigners,
    },
  };
}
