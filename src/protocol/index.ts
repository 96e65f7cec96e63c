/**
 * The protocol core: pure, no I/O. Everything the shell (src/ceremony), the store, the UI and
 * the CLI need is exported from here.
 */
export * from './errors.js';
export * from './encoding.js';
export * from './identity.js';
export * from './session.js';
export * from './verificationCode.js';
export * from './envelope.js';
export * from './messages.js';
export * from './hpke.js';
export * from './sessionContext.js';
export * from './blame.js';
export * from './failure.js';
export * from './reputation.js';
export * from './transcript.js';
export * from './certificate.js';
export * from './cache.js';
export * from './testSignMessage.js';
export * from './machine/types.js';
export { createParticipant, step, heldMessages, type CreateParticipantOptions, type StepDeps } from './machine/step.js';
export { serialize, deserialize } from './machine/serialize.js';
export { view, phaseOf, failureMessage, type CeremonyView, type PersonView, type RoundProgress, type ComplaintView } from './machine/view.js';
export { helloMac } from './machine/lobby.js';
export { keyPackageOf, publicKeyPackageOf } from './machine/outputs.js';
export { MAX_GENERATIONS_PER_ROOM, restartsLeft } from './machine/attempts.js';
export { pruneAfterSuccess, isPruned, KEPT_FOR_TEST_SIGNING } from './machine/prune.js';
export { faultsEnabled } from './machine/faults.js';
export { runSimulation, seededRng, type SimulationOptions, type SimulationResult, type SimParticipant } from './testing/simulation.js';
export { SUITE_NAMES, getSuite, isSuiteName, suiteByCiphersuiteId, type SuiteName, type Suite } from './suites.js';
export {
  dkgRound1,
  dkgRound2Shares,
  dkgRound3,
  checkRound1Packages,
  verifyShare,
  type KeyPackage,
  type PublicKeyPackage,
  type Round1Package,
  type Round1Secret,
} from './dkg/index.js';
export * as frostJson from './frostJson/index.js';
export { testSign, verifyGroupSignature, SigningError, type SigningErrorCode } from './signing.js';
export * as signingCeremony from './signing/index.js';
