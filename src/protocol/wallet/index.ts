/** Wallet outputs of a group key: Taproot address and descriptors, Solana address, fingerprints. */
export {
  BITCOIN_NETWORKS,
  BITCOIN_NETWORK_NAMES,
  isBitcoinNetwork,
  solanaAddress,
  taprootAddress,
  type BitcoinNetwork,
} from './address.js';
export { descriptorChecksum, withChecksum } from './descriptorChecksum.js';
export {
  internalKeyFromConstantTerms,
  liftX,
  outputKeyOfGroupKey,
  taprootOutputKey,
  taprootScriptPubKey,
} from './taproot.js';
export {
  groupKeyFingerprint,
  walletOutputs,
  walletOutputsJson,
  WalletOutputError,
  type WalletOutputs,
} from './outputs.js';
