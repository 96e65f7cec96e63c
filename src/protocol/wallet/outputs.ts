/**
 * What a group key is on chain, per suite: a Taproot address and descriptors for secp256k1-tr,
 * a Solana address for ed25519, and for the other suites only the key and its fingerprint (no
 * chain we know of takes those FROST signatures as they are, so no format is invented).
 */
import { taggedHash, toHex } from '../encoding.js';
import { getSuite, type SuiteName } from '../suites.js';
import { solanaAddress, taprootAddress, type BitcoinNetwork } from './address.js';
import { withChecksum } from './descriptorChecksum.js';
import { outputKeyOfGroupKey, taprootOutputKey, taprootScriptPubKey } from './taproot.js';

/** Everything a custodian may need to receive funds; absent fields do not apply to the suite. */
export interface WalletOutputs {
  suite: SuiteName;
  /** The group verifying key as in the frost-rs files (hex). */
  groupKey: string;
  /** 16 hex digits in 4 groups, to read aloud and compare. */
  fingerprint: string;
  /** secp256k1-tr: x(Q), the BIP-340 key signatures verify under. */
  outputKey?: string;
  network?: BitcoinNetwork;
  /** secp256k1-tr: BIP-350 address of the key-path-only output. */
  address?: string;
  /** secp256k1-tr: `5120‖x(Q)`. */
  scriptPubKey?: string;
  /** secp256k1-tr: `rawtr(x(Q))#checksum`, what a wallet imports to watch the address. */
  descriptor?: string;
  /** secp256k1-tr, when the untweaked key is known: `tr(x(P))#checksum`, the same address. */
  internalDescriptor?: string;
  /** ed25519: the Solana address (base58 of the key). */
  solanaAddress?: string;
  /** One sentence on what this suite's key is for, in plain words. */
  note: string;
}

/** A wallet output request that cannot be met, e.g. a certificate of another key. */
export class WalletOutputError extends Error {
  override readonly name = 'WalletOutputError';
}

/** Short fingerprint of a group key: 64 bits of a domain-separated hash, as for identities. */
export function groupKeyFingerprint(groupKey: Uint8Array): string {
  const h = toHex(taggedHash('frost-ceremony/group-key-fingerprint/v1', [groupKey]).subarray(0, 8));
  return `${h.slice(0, 4)}-${h.slice(4, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}`;
}

/**
 * The wallet outputs of a group key. `internalKey` (x-only, from the certificate) adds the `tr()`
 * descriptor, but only after checking that it tweaks to this very key.
 */
export function walletOutputs(
  key: { suite: SuiteName; verifyingKey: Uint8Array },
  opts: { network?: BitcoinNetwork; internalKey?: Uint8Array } = {},
): WalletOutputs {
  const suite = getSuite(key.suite);
  const base = {
    suite: suite.name,
    groupKey: toHex(key.verifyingKey),
    fingerprint: groupKeyFingerprint(key.verifyingKey),
  };
  if (suite.internals.taproot) {
    const network = opts.network ?? 'bitcoin';
    // The frost-rs group key is already the tweaked output key Q (module comment of taproot.ts).
    const q = outputKeyOfGroupKey(key.verifyingKey);
    const out: WalletOutputs = {
      ...base,
      outputKey: toHex(q),
      network,
      address: taprootAddress(q, network),
      scriptPubKey: toHex(taprootScriptPubKey(q)),
      descriptor: withChecksum(`rawtr(${toHex(q)})`),
      note: 'A Bitcoin Taproot key (key path only). Send only to this address after every custodian has checked it.',
    };
    if (opts.internalKey !== undefined) {
      if (toHex(taprootOutputKey(opts.internalKey)) !== toHex(q))
        throw new WalletOutputError(
          'the certificate belongs to another key: its internal key does not tweak to this group key',
        );
      out.internalDescriptor = withChecksum(`tr(${toHex(opts.internalKey)})`);
    }
    return out;
  }
  if (suite.name === 'ed25519')
    return {
      ...base,
      solanaAddress: solanaAddress(key.verifyingKey),
      note: 'An Ed25519 key: on Solana this is the address below.',
    };
  return {
    ...base,
    note: `A ${suite.ciphersuiteId} key. No chain address is derived for this suite: use the group key and its fingerprint.`,
  };
}

/** The JSON form of `frost-ceremony wallet --json` (snake_case, only fields that apply). */
export function walletOutputsJson(w: WalletOutputs): Record<string, string> {
  const o: Record<string, string> = { suite: w.suite, group_key: w.groupKey, fingerprint: w.fingerprint };
  if (w.outputKey !== undefined) o.output_key = w.outputKey;
  if (w.network !== undefined) o.network = w.network;
  if (w.address !== undefined) o.address = w.address;
  if (w.scriptPubKey !== undefined) o.script_pubkey = w.scriptPubKey;
  if (w.descriptor !== undefined) o.descriptor = w.descriptor;
  if (w.internalDescriptor !== undefined) o.internal_descriptor = w.internalDescriptor;
  if (w.solanaAddress !== undefined) o.solana_address = w.solanaAddress;
  return o;
}
