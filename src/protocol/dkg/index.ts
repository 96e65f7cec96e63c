/**
 * FROST distributed key generation with culprit attribution (frost-rs compatible outputs).
 *
 * Per participant and DKG run:
 *   const cache = createPointCache(suite);                       // one per DKG run
 *   const { secret, package } = dkgRound1(suite, me, t, n, rng, cache);  // persist secret, then send
 *   checkRound1Packages(suite, allN, t, cache)                    // names every bad sender
 *   dkgRound2Shares(suite, secret, others)                        // send each confidentially
 *   dkgRound3(suite, secret, allN, received, cache)               // or { ok: false, badShares }
 * The cache only saves time (each point is decoded and validated once); results are the same
 * without it. Remote faults are returned, never thrown; DkgInputError means local misuse.
 */
export * from './types.js';
export { createPointCache, type PointCache, type PointFault } from './group.js';
export { dkgRound1, checkRound1Packages, checkRound1PackagesOneByOne } from './round1.js';
export { dkgRound2Shares, verifyShare } from './round2.js';
export { dkgRound3, type Round3Result } from './round3.js';
export { tamperShare, tamperProof } from './faults.js';
export { checkKeyPackage, type KeyPackageMismatch } from './consistency.js';
