/**
 * The agreed parameters of a reshare from the old t-of-n key to a new t'-of-n' committee. They
 * are fixed before anyone deals (the shell binds them into the new session id), because every
 * check depends on them: the dealer set S fixes each dealer's Lagrange weight λ_i.
 */
import type { PublicKeyPackage } from '../dkg/types.js';
import { getSuite, isSuiteName, type Suite } from '../suites.js';
import { LifecycleError } from './errors.js';
import { identifierSet } from './math.js';

export interface ReshareParams {
  /** The key's public key package as it is now (the old committee's). */
  oldPublicKeyPackage: PublicKeyPackage;
  /** S: the old holders who deal (at least the old t; each proves its share, proofOfHolding.ts). */
  dealers: number[];
  /** t': the new threshold (1 ≤ t' ≤ n'). */
  newMinSigners: number;
  /** The new committee's identifiers (n' of them), independent of the old ones. */
  newParticipants: number[];
}

/** Validated parameters with their suite, S and the new committee sorted. */
export interface CheckedReshareParams extends ReshareParams {
  suite: Suite;
}

/** Checks reshare parameters (a local fault, 'bad-input', when they do not fit the old key). */
export function checkReshareParams(p: ReshareParams): CheckedReshareParams {
  const pkp = p?.oldPublicKeyPackage;
  if (!isSuiteName(pkp?.suite)) throw new LifecycleError('bad-input', 'unknown suite');
  const dealers = identifierSet(p.dealers, 'dealers');
  const newParticipants = identifierSet(p.newParticipants, 'new participants');
  const old = new Set(pkp.verifyingShares.map((v) => v.identifier));
  const unknown = dealers.filter((d) => !old.has(d));
  if (unknown.length > 0)
    throw new LifecycleError('bad-input', `dealers ${unknown.join(', ')} hold no share of this key`);
  if (!Number.isInteger(pkp.minSigners) || dealers.length < pkp.minSigners)
    throw new LifecycleError(
      'bad-input',
      `a reshare needs at least ${pkp.minSigners} dealers from the old committee, got ${dealers.length}`,
    );
  if (!Number.isInteger(p.newMinSigners) || p.newMinSigners < 1 || p.newMinSigners > newParticipants.length)
    throw new LifecycleError(
      'bad-input',
      `new threshold ${p.newMinSigners} must be between 1 and the ${newParticipants.length} new participants`,
    );
  return { ...p, dealers, newParticipants, suite: getSuite(pkp.suite) };
}
