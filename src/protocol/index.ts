/**
 * The protocol core: pure, no I/O. Everything the shell (src/ceremony), the store, the UI and
 * the CLI need is exported from here.
 */
export * from './errors.js';
export * from './encoding.js';
export * from './identity.js';
export * from './session.js';
export * from './staticKeys.js';
export * from './verificationCode.js';
export * from './envelope.js';
export * from './messages.js';
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
export {
  view,
  phaseOf,
  failureMessage,
  type CeremonyView,
  type PersonView,
  type RoundProgress,
  type ComplaintView,
} from './machine/view.js';
export { fundingViewOf, type FundingView } from './machine/fundingAck.js';
export {
  fundingCheckOf,
  fundingCheckProblem,
  fundingCheckNoun,
  type FundingCheck,
  type FundingCheckKind,
} from './fundingCheck.js';
export {
  FUNDING_RECEIPT_FORMAT,
  fundingReceiptOf,
  verifyFundingReceipt,
  type FundingAckSummary,
  type FundingReceiptCheck,
} from './fundingReceipt.js';
export { helloMac } from './machine/lobby.js';
export { keyPackageOf, publicKeyPackageOf } from './machine/outputs.js';
export { MAX_GENERATIONS_PER_ROOM, restartsLeft } from './machine/attempts.js';
export { pruneAfterSuccess, isPruned, KEPT_FOR_TEST_SIGNING } from './machine/prune.js';
export { faultsEnabled } from './machine/faults.js';
export { signingRoomView, type SigningRoomView } from './machine/signing/view.js';
export { isSigningSession } from './machine/signing/state.js';
export { prepareSigningRoom, type SigningRoomParams } from './signing/roomParams.js';
export {
  runSimulation,
  seededRng,
  type SimulationOptions,
  type SimulationResult,
  type SimParticipant,
} from './simulation.js';
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
export { cocktailSuitesById, getCocktailSuite } from './cocktail/suites.js';
export {
  VECTOR_SEED_HEX,
  checkVector,
  deriveVector,
  vectorPayload,
  type VectorFileJson,
  type VectorJson,
} from './cocktail/vectors.js';
export { encodeScalar } from './dkg/group.js';
export { type PublicKeyPackageFile } from './dkg/types.js';
export { nativeVerdictUsable, verifyEd25519 } from './ed25519Verdict.js';
export {
  FROST_CLIENT_SUITES,
  FrostClientContactError,
  FrostClientExportError,
  decodeContact,
  encodeContact,
  frostClientCredentials,
  frostClientDescription,
  type FrostClientContact,
} from './frostClient/index.js';
export {
  FrostJsonError,
  identifierToHex,
  keyPackageToJson,
  parseFrostJson,
  parseKeyPackage,
  parsePublicKeyPackage,
  publicKeyPackageToJson,
  readPublicKeyPackage,
  round1PackageToJson,
  round2PackageToJson,
  type FrostJsonDocument,
} from './frostJson/index.js';
export {
  keyPackageFromPostcard,
  keyPackageToPostcard,
  publicKeyPackageFromPostcard,
  publicKeyPackageToPostcard,
  round1PackageToPostcard,
  round2PackageToPostcard,
} from './frostPostcard/index.js';
export { clashingWith, nameClashes, normaliseText } from './names.js';
export { parseStrictJson } from './strictJson.js';
export { type BitcoinNetwork } from './wallet/address.js';
export {
  BITCOIN_NETWORKS,
  BITCOIN_NETWORK_NAMES,
  WalletOutputError,
  isBitcoinNetwork,
  taprootOutputKey,
  walletOutputs,
  walletOutputsJson,
  type WalletOutputs,
} from './wallet/index.js';
export * as lifecycle from './lifecycle/index.js';
export { LifecycleError } from './lifecycle/errors.js';
export {
  assembleLifecycleCertificate,
  confirmationMessage,
  confirmers,
  makeLifecycleCertificateBody,
  verifyLifecycleChain,
} from './lifecycle/lifecycleCertificate.js';
export { proveHolding } from './lifecycle/proofOfHolding.js';
export { refreshRound1 } from './lifecycle/refreshRound1.js';
export { refreshRound2Shares } from './lifecycle/refreshRound2.js';
export { refreshShares } from './lifecycle/refreshShares.js';
export * as signingCeremony from './signing/index.js';
export { SignError } from './signing/errors.js';
export { signLocal } from './signing/local.js';
export { formatBtc } from './signing/psbt.js';
export { encodeSigningRecord, signSigningRecord, verifySigningRecord } from './signing/record.js';
export { describeRequest, type RequestView, type SigningRequest } from './signing/request.js';
export { initialReputation, type ReputationState } from './signing/selection.js';
export * from './recovery/index.js';
