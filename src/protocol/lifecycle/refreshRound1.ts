/**
 * Refresh, round 1 (frost-rs `refresh_dkg_part1`): each holder draws a random polynomial
 * f_i(x) = a_1·x + … + a_{t−1}·x^{t−1} with f_i(0) = 0 — a sharing of ZERO — and broadcasts
 * its commitment without the constant term: [a_1·G, …, a_{t−1}·G] (frost-rs removes the identity
 * element, whose encoding is not a valid element; receivers put it back). The threshold t is
 * the key's own: refresh must not change min_signers (frost-core 2.2 fix).
 *
 * frost-rs's package also carries a proof of knowledge; refresh_dkg_part2 never checks it, and it
 * proves nothing (its secret is the zero constant term, so z = k). We leave it out: the sender
 * of a package is the key that signed its envelope, and the holder proves its share separately
 * (proofOfHolding.ts).
 */
import { encodeScalar, isValidIdentifier } from '../dkg/group.js';
import { randomScalar } from '../dkg/round1.js';
import type { Rng } from '../dkg/types.js';
import type { Suite, SuiteName } from '../suites.js';
import { LifecycleError } from './errors.js';
import { identifierSet } from './math.js';

/** Public: broadcast to every other refreshing holder. */
export interface RefreshPackage {
  /** a_1·G … a_{t−1}·G (exactly t−1 elements); the constant term is the identity and is not sent. */
  commitment: Uint8Array[];
}

/** SECRET: never sent; persist before sending the package. */
export interface RefreshSecret {
  suite: SuiteName;
  identifier: number;
  minSigners: number;
  /** Every holder taking part (sorted), including this one. */
  participants: number[];
  /** a_1 … a_{t−1}, serialised scalars. */
  coefficients: Uint8Array[];
}

/**
 * Round 1 for holder `identifier` among `participants` (a subset of the key's holders, at least
 * t of them: holders left out are removed from the key, frost-rs semantics) for a t-of-n key.
 */
export function refreshRound1(
  suite: Suite,
  identifier: number,
  participants: readonly number[],
  minSigners: number,
  rng: Rng,
): { secret: RefreshSecret; package: RefreshPackage } {
  const ids = identifierSet(participants, 'participants');
  if (!isValidIdentifier(identifier) || !ids.includes(identifier))
    throw new LifecycleError('bad-input', 'this holder is not among the participants');
  // t = 1: a degree-0 sharing of zero gives every holder 0, so nothing would change.
  if (!Number.isInteger(minSigners) || minSigners < 2 || minSigners > ids.length)
    throw new LifecycleError(
      'bad-input',
      `refresh needs 2 ≤ t ≤ participants (t = ${minSigners}, ${ids.length} participants)`,
    );
  if (typeof rng !== 'function') throw new LifecycleError('bad-input', 'rng must be a function');
  const coeffs: bigint[] = [];
  for (let k = 1; k < minSigners; k++) coeffs.push(randomScalar(suite, rng));
  return {
    secret: {
      suite: suite.name,
      identifier,
      minSigners,
      participants: ids,
      coefficients: coeffs.map((a) => encodeScalar(suite, a)),
    },
    package: { commitment: coeffs.map((a) => suite.internals.Point.BASE.multiply(a).toBytes()) },
  };
}
