/**
 * Reshare, dealing (redistribution as in Desmedt–Jajodia 1997 and Wong–Wang–Wing 2002, the
 * verifiable form of frost-rs issue #519 / PR #570): dealer i ∈ S holds s_i = f(i). It draws
 * g_i(x) = λ_i·s_i + b_1·x + … + b_{t'−1}·x^{t'−1}, with λ_i its Lagrange coefficient at 0 in
 * S, so Σ_{i∈S} g_i(0) = Σ λ_i·s_i = f(0) = the group secret. It broadcasts the Feldman
 * commitment E_i = [g_i,0·G, …, g_i,t'−1·G] (t' elements, the constant term included: anyone
 * checks E_i,0 = λ_i·Y_i) and sends g_i(j) to each new participant j, confidentially.
 */
import { decodeScalar, encodeScalar, equalBytes, evalPolynomial } from '../dkg/group.js';
import { randomScalar } from '../dkg/round1.js';
import type { KeyPackage, Rng } from '../dkg/types.js';
import { LifecycleError } from './errors.js';
import { baseTimes, lagrangeAt } from './math.js';
import { checkReshareParams, type ReshareParams } from './reshareParams.js';

/** Public: broadcast to every dealer and new participant. */
export interface ReshareCommitment {
  /** g_i,k·G for k = 0 … t'−1 (exactly t' elements). */
  commitment: Uint8Array[];
}

/** A dealer's output: its broadcast and, per new participant, the SECRET sub-share g_i(j). */
export interface ReshareDealing {
  package: ReshareCommitment;
  shares: Map<number, Uint8Array>;
}

/** Deals for the old holder of `keyPackage`, which must be in S. */
export function reshareDeal(params: ReshareParams, keyPackage: KeyPackage, rng: Rng): ReshareDealing {
  const p = checkReshareParams(params);
  const { suite } = p;
  const { Fn, Point } = suite.internals;
  const i = keyPackage?.identifier;
  if (keyPackage?.suite !== suite.name || !p.dealers.includes(i))
    throw new LifecycleError('bad-input', 'this key package is not one of the dealers’');
  const s = decodeScalar(suite, keyPackage.signingShare);
  const mine = p.oldPublicKeyPackage.verifyingShares.find((v) => v.identifier === i)?.verifyingShare;
  if (s === undefined || !mine || !equalBytes(baseTimes(suite, s).toBytes(), mine))
    throw new LifecycleError('bad-input', 'key package does not belong to the old public key package');
  if (typeof rng !== 'function') throw new LifecycleError('bad-input', 'rng must be a function');
  const g: bigint[] = [Fn.mul(lagrangeAt(suite, p.dealers, i), s)];
  for (let k = 1; k < p.newMinSigners; k++) g.push(randomScalar(suite, rng));
  return {
    package: { commitment: g.map((a) => Point.BASE.multiply(a).toBytes()) },
    shares: new Map(p.newParticipants.map((j) => [j, encodeScalar(suite, evalPolynomial(suite, g, BigInt(j)))])),
  };
}
