/**
 * COCKTAIL-DKG core (C2SP cocktail-dkg v0.2.1), pure: no I/O, no clock, no platform crypto;
 * randomness injected. Not yet wired into the ceremony state machine (see PROTOCOL.md).
 */
export { AEAD_TAG_BYTES, cocktailSuitesById, getCocktailSuite, type CocktailSuite } from './suites.js';
export { COCKTAIL_ERROR_CODES, CocktailError, type CocktailErrorCode, type FaultEvidence } from './errors.js';
export { assertParameters, assertStaticKeys, buildContext, MAX_COCKTAIL_PARTICIPANTS } from './context.js';
export {
  createCocktailCache,
  type CocktailCache,
  deriveKeyAndNonce,
  deriveStaticKey,
  randomNonZeroScalar,
  staticKeyFromBytes,
  STATIC_KEY_TAG,
  type StaticKeyPair,
} from './keys.js';
export { encodeMsg1, frame, MAX_CIPHERTEXT_SIZE, parseMsg1, type Msg1 } from './messages.js';
export {
  cocktailRound1,
  cocktailRound1Traced,
  popMessage,
  type CocktailSession,
  type Round1Input,
  type Round1Trace,
} from './round1.js';
export { checkCommitmentsAndPops, cocktailRound2, type Round2Input, type Round2Result } from './decrypt.js';
export {
  aggregateSignatures,
  parseAggregatedSignatures,
  cocktailRound3,
  verifyCertificate,
  type SuccessCertificate,
} from './certeq.js';
export { buildTranscript, parseTranscript, type TranscriptData } from './transcript.js';
export { applicationExtension, payloadExtension, APPLICATION_EXTENSION_TAG } from './extension.js';
export { keyPackages, rawOutputs, type RawOutputs } from './keyPackage.js';
export { encodeBundle, parseBundle, recoverKeyPackage, type Recovered } from './recovery.js';
export {
  checkDispute,
  revealPairwiseKey,
  type DisputeEvidence,
  type DisputeVerdict,
  type DecryptOutcome,
} from './dispute.js';
export { sign as schnorrSign, verify as schnorrVerify } from './schnorr.js';
