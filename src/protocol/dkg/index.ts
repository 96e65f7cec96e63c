/** FROST distributed key generation with culprit attribution (frost-rs compatible outputs). */
export * from './types.js';
export { createPointCache, type PointCache, type PointFault } from './group.js';
export { dkgRound1, checkRound1Packages, checkRound1PackagesOneByOne } from './round1.js';
export { dkgRound2Shares, verifyShare } from './round2.js';
export { dkgRound3, type Round3Result } from './round3.js';
export { tamperShare, tamperProof } from './faults.js';
