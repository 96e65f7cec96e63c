/**
 * Lifecycle ceremonies of a key (issue 16): the pure maths and messages of refresh, repair and
 * reshare, the proof of holding that admits old holders, and the certificate chain. Not yet
 * wired into the machine (that comes with the COCKTAIL-DKG core); see PROTOCOL.md
 * "Lifecycle ceremonies" and SECURITY.md "Lifecycle ceremonies".
 */
export { LifecycleError, LIFECYCLE_ERROR_CODES, type LifecycleErrorCode } from './errors.js';
export { schnorrSign, schnorrVerify } from './schnorr.js';
export {
  proveHolding,
  verifyHolding,
  proofOfHoldingMessage,
  PROOF_OF_HOLDING_TAG,
  LIFECYCLE_PURPOSES,
  type LifecyclePurpose,
  type HoldingContext,
  type ProofOfHolding,
} from './proofOfHolding.js';
export { refreshRound1, type RefreshPackage, type RefreshSecret } from './refreshRound1.js';
export { refreshRound2Shares } from './refreshRound2.js';
export { refreshShares, checkRefreshPackages, type RefreshFinishInput } from './refreshShares.js';
export { badShareEvidenceHolds, type BadShareEvidence } from './shareEvidence.js';
export { repairPart1, repairHelpers, type RepairPart1Output } from './repairPart1.js';
export { repairPart2, checkDeltaCommitments, sumScalars, type DeltaCommitmentEvidence } from './repairPart2.js';
export { repairPart3, keyPackageFromSigmas } from './repairPart3.js';
export {
  badDeltaEvidenceHolds,
  badSigmaEvidenceHolds,
  deltaCommitmentEvidenceHolds,
  type BadDeltaEvidence,
  type BadSigmaEvidence,
} from './repairEvidence.js';
export { checkReshareParams, type ReshareParams } from './reshareParams.js';
export { reshareDeal, type ReshareCommitment, type ReshareDealing } from './reshareDeal.js';
export { checkReshareCommitments, subSharingEvidenceHolds, type BadSubSharingEvidence } from './reshareCheck.js';
export { reshareFinish, resharePublicKeyPackage } from './reshareFinish.js';
export {
  LIFECYCLE_CERTIFICATE_FORMAT,
  makeLifecycleCertificateBody,
  confirmationMessage,
  confirmers,
  assembleLifecycleCertificate,
  certificateHash,
  verifyLifecycleCertificate,
  verifyLifecycleChain,
  type LifecycleCertificate,
  type LifecycleCertificateBody,
  type LifecycleCertificateInput,
} from './lifecycleCertificate.js';
export * as lifecycleMessages from './messages.js';
