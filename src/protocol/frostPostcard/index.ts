/** frost-rs binary (postcard) encodings of key packages and DKG round packages, both frost-core generations. */
export { FrostPostcardError, type FrostPostcardErrorCode } from './errors.js';
export { crc32 } from './crc32.js';
export { shortId } from './header.js';
export {
  keyPackageToPostcard,
  publicKeyPackageToPostcard,
  round1PackageToPostcard,
  round2PackageToPostcard,
  keyPackageFromPostcard,
  publicKeyPackageFromPostcard,
  round1PackageFromPostcard,
  round2PackageFromPostcard,
  type PostcardGeneration,
} from './codec.js';
