/**
 * Refresh, round 2 (frost-rs `refresh_dkg_part2`): holder i sends each other participant ℓ the
 * share f_i(ℓ) of its zero-sharing, confidentially (round2::Package.signing_share encoding),
 * and keeps f_i(i).
 */
import { decodeScalar, encodeScalar, evalPolynomial } from '../dkg/group.js';
import { getSuite } from '../suites.js';
import { LifecycleError } from './errors.js';
import type { RefreshSecret } from './refreshRound1.js';

/** The polynomial [0, a_1, …, a_{t−1}] of a refresh secret. */
export function refreshPolynomial(secret: RefreshSecret): bigint[] {
  const suite = getSuite(secret.suite);
  const coeffs = secret.coefficients.map((c) => decodeScalar(suite, c));
  if (coeffs.length !== secret.minSigners - 1 || coeffs.some((c) => c === undefined))
    throw new LifecycleError('bad-input', 'refresh secret is corrupt');
  return [0n, ...(coeffs as bigint[])];
}

/** f_i(ℓ) for every other participant ℓ (the map key is the recipient). */
export function refreshRound2Shares(secret: RefreshSecret): Map<number, Uint8Array> {
  const suite = getSuite(secret.suite);
  const f = refreshPolynomial(secret);
  const out = new Map<number, Uint8Array>();
  for (const l of secret.participants) {
    if (l === secret.identifier) continue;
    out.set(l, encodeScalar(suite, evalPolynomial(suite, f, BigInt(l))));
  }
  return out;
}
