/**
 * The wallet outputs of a finished ceremony, for the success screen: computed once from the
 * participant's public key package and, for secp256k1-tr, the certificate's untweaked internal
 * key (so the `tr()` descriptor is offered only when it verifiably gives the same address).
 */
import {
  verifyCertificate,
  fromHex,
  type ParticipantState,
  getSuite,
  BITCOIN_NETWORK_NAMES,
  walletOutputs,
  type WalletOutputs,
} from '../protocol/index';
import { outputsOf } from './outputs';

/** One entry per Bitcoin network (secp256k1-tr) or a single entry (other suites). */
export function walletOutputsOfState(state: ParticipantState, certificateJson: string | null): WalletOutputs[] {
  const { publicKeyPackage: pkp } = outputsOf(state);
  if (!getSuite(pkp.suite).internals.taproot) return [walletOutputs(pkp)];
  let internalKey: Uint8Array | undefined;
  if (certificateJson) {
    const check = verifyCertificate(certificateJson);
    if (check.ok && check.summary.taprootInternalKey) internalKey = fromHex(check.summary.taprootInternalKey);
  }
  return BITCOIN_NETWORK_NAMES.map((network) =>
    walletOutputs(pkp, { network, ...(internalKey ? { internalKey } : {}) }),
  );
}
