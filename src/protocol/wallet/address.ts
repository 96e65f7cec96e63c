/** Chain addresses: BIP-350 (bech32m) segwit v1 for Taproot, base58 for Solana. */
import { base58, bech32m } from '@scure/base';

/** Bitcoin networks and their BIP-173 human-readable parts (signet shares testnet's `tb`). */
export const BITCOIN_NETWORKS = { bitcoin: 'bc', testnet: 'tb', signet: 'tb', regtest: 'bcrt' } as const;
export type BitcoinNetwork = keyof typeof BITCOIN_NETWORKS;
/** The network names, in declaration order (one typed list for CLI help, address lists and checks). */
export const BITCOIN_NETWORK_NAMES = Object.keys(BITCOIN_NETWORKS) as readonly BitcoinNetwork[];

export function isBitcoinNetwork(x: unknown): x is BitcoinNetwork {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(BITCOIN_NETWORKS, x);
}

/** BIP-350: witness version 1 and a 32-byte program, bech32m-encoded (`bc1p…`, `tb1p…`, `bcrt1p…`). */
export function taprootAddress(outputXOnly: Uint8Array, network: BitcoinNetwork): string {
  if (outputXOnly.length !== 32) throw new RangeError('a Taproot output key is 32 bytes');
  return bech32m.encode(BITCOIN_NETWORKS[network], [1, ...bech32m.toWords(outputXOnly)]);
}

/** A Solana address is the base58 encoding of the 32-byte Ed25519 public key. */
export function solanaAddress(ed25519PublicKey: Uint8Array): string {
  if (ed25519PublicKey.length !== 32) throw new RangeError('an Ed25519 public key is 32 bytes');
  return base58.encode(ed25519PublicKey);
}
