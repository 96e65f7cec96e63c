/** frost-rs (serde_json) compatible JSON for key packages and DKG round packages. */
export { FrostJsonError, type FrostJsonErrorCode } from './errors.js';
export { identifierToHex } from './hex.js';
export {
  keyPackageToJson,
  publicKeyPackageToJson,
  round1PackageToJson,
  round2PackageToJson,
  type FrostCoreGeneration,
} from './serialize.js';
export {
  parseKeyPackage,
  parsePublicKeyPackage,
  readPublicKeyPackage,
  parseRound1Package,
  parseRound2Package,
  parseFrostJson,
  type FrostJsonDocument,
} from './parse.js';
