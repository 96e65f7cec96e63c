/**
 * What a custodian checks aloud before anyone funds a new key (issue 14, "Safe to fund"): the
 * string a funding acknowledgement (`fund-ack`) carries in `checked`, per suite. secp256k1-tr:
 * the BIP-350 Taproot address of the key-path-only output (any of the Bitcoin networks, since
 * the room may fund on testnet or signet first); ed25519: the Solana address; every other suite:
 * the group key fingerprint (no chain takes those signatures as they are, so no address is
 * invented; wallet/outputs.ts). The same function decides for the live machine and for an
 * offline `verify` of a funding receipt, so both accept exactly the same strings.
 */
import { fromHex, isHex } from './encoding.js';
import { getSuite, type SuiteName } from './suites.js';
import {
  BITCOIN_NETWORK_NAMES,
  groupKeyFingerprint,
  outputKeyOfGroupKey,
  solanaAddress,
  taprootAddress,
} from './wallet/index.js';

/** What kind of string is checked aloud for a suite (for the words on screen). */
export type FundingCheckKind = 'taproot-address' | 'solana-address' | 'fingerprint';

export interface FundingCheck {
  kind: FundingCheckKind;
  /** Every string an acknowledgement may carry for this key (one per network for Taproot). */
  accepted: string[];
  /** The one to show first: Bitcoin mainnet address, Solana address, or the fingerprint. */
  primary: string;
}

/** The strings a custodian of `groupKey` (hex, as in the frost-rs files) may have checked. */
export function fundingCheckOf(suiteName: SuiteName, groupKey: string): FundingCheck {
  const suite = getSuite(suiteName);
  if (!isHex(groupKey)) throw new Error('group key must be hex');
  const key = fromHex(groupKey);
  if (suite.internals.taproot) {
    // The frost-rs group key of secp256k1-tr is already the tweaked output key Q: x(Q) is
    // what the address commits to (wallet/taproot.ts).
    const q = outputKeyOfGroupKey(key);
    const accepted = BITCOIN_NETWORK_NAMES.map((n) => taprootAddress(q, n));
    const unique = [...new Set(accepted)];
    return { kind: 'taproot-address', accepted: unique, primary: unique[0] as string };
  }
  if (suite.name === 'ed25519') {
    const a = solanaAddress(key);
    return { kind: 'solana-address', accepted: [a], primary: a };
  }
  const f = groupKeyFingerprint(key);
  return { kind: 'fingerprint', accepted: [f], primary: f };
}

/** Null when `checked` is one of the strings of this key; otherwise why not, in plain words. */
export function fundingCheckProblem(
  suiteName: SuiteName,
  groupKey: string,
  ack: { groupKey: string; checked: string },
): string | null {
  if (ack.groupKey !== groupKey) return `it confirms group key ${ack.groupKey}, but this ceremony made ${groupKey}`;
  const c = fundingCheckOf(suiteName, groupKey);
  if (!c.accepted.includes(ack.checked))
    return `it confirms ${JSON.stringify(ack.checked)}, which is not ${fundingCheckNoun(c.kind)} of this key (${c.primary})`;
  return null;
}

/** "the Taproot address", "the Solana address", "the group key fingerprint". */
export function fundingCheckNoun(kind: FundingCheckKind): string {
  return kind === 'taproot-address'
    ? 'the Taproot address'
    : kind === 'solana-address'
      ? 'the Solana address'
      : 'the group key fingerprint';
}
