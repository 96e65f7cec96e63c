/** TEST ONLY. A group key from a real in-memory DKG, and PSBTs spending its Taproot output. */
import { Transaction } from '@scure/btc-signer';
import type { KeyPackage, PublicKeyPackage } from '../../dkg/types.js';
import { runDkg, seededRng } from '../../dkg/testing/testHelpers.js';
import { getSuite, type SuiteName } from '../../suites.js';
import { fromHex } from '../../encoding.js';
import { groupScriptPubKey } from '../psbt.js';

export interface Group {
  keyPackages: KeyPackage[];
  pkp: PublicKeyPackage;
}

/** A t-of-n key of `suite`, deterministic in `seed`. */
export function makeGroup(suite: SuiteName, t: number, n: number, seed = `signing-${suite}-${t}-${n}`): Group {
  const dkg = runDkg(getSuite(suite), t, n, seededRng(seed));
  const keyPackages: KeyPackage[] = [];
  let pkp: PublicKeyPackage | undefined;
  for (const r of dkg.results.values()) {
    if (!r.ok) throw new Error('dkg failed');
    keyPackages.push(r.keyPackage);
    pkp ??= r.publicKeyPackage;
  }
  return { keyPackages: keyPackages.sort((a, b) => a.identifier - b.identifier), pkp: pkp! };
}

/** A fixed foreign P2WPKH script (someone else's address). */
export const PAYEE_SCRIPT = fromHex('0014751e76e8199196d454941c45d1b3a323f1433bd6');

/**
 * A PSBT spending two of the group's coins (0.5 and 0.3 BTC) to a payee (0.6 BTC) with change
 * back to the group (0.19990 BTC): fee 10 000 sat. `edit` may change inputs/outputs first.
 */
export function twoInputPsbt(
  pkp: PublicKeyPackage,
  edit?: (tx: Transaction) => void,
  version = 0,
  opts: { disableScriptCheck?: boolean } = {},
): Uint8Array {
  const ours = groupScriptPubKey(pkp.verifyingKey);
  const tx = new Transaction({ allowUnknownOutputs: true, ...opts });
  tx.addInput({ txid: new Uint8Array(32).fill(0x11), index: 0, witnessUtxo: { script: ours, amount: 50_000_000n } });
  tx.addInput({ txid: new Uint8Array(32).fill(0x22), index: 3, witnessUtxo: { script: ours, amount: 30_000_000n } });
  tx.addOutput({ script: PAYEE_SCRIPT, amount: 60_000_000n });
  tx.addOutput({ script: ours, amount: 19_990_000n });
  edit?.(tx);
  return tx.toPSBT(version);
}
