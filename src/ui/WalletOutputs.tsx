import { useState } from 'react';
import { type BitcoinNetwork, type WalletOutputs as Outputs, selectSuccess } from '../store/index';
import { useUi } from './context';
import { CopyButton } from './CopyButton';
import { QrCode } from './QrCode';
import { ui } from './styles';

const NETWORK_LABELS: Record<BitcoinNetwork, string> = {
  bitcoin: 'Bitcoin (mainnet)',
  testnet: 'Testnet',
  signet: 'Signet',
  regtest: 'Regtest',
};

/** One value with its label, a copy button and, for addresses, a QR code. */
function Row(props: { label: string; value: string; testId: string; qr?: boolean; hint?: string }) {
  return (
    <div className="space-y-1">
      <h3 className="text-sm font-medium text-slate-900">{props.label}</h3>
      {props.hint && <p className={ui.small}>{props.hint}</p>}
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
        <p
          className="min-w-0 flex-1 rounded-lg bg-slate-100 p-3 font-mono text-sm break-all text-slate-900"
          data-testid={props.testId}
        >
          {props.value}
        </p>
        <CopyButton text={props.value} label={`Copy ${props.label.toLowerCase()}`} testId={`copy-${props.testId}`} />
      </div>
      {props.qr && (
        <QrCode
          text={props.value}
          label={`QR code of the ${props.label.toLowerCase()}`}
          className="h-40 w-40 rounded-lg border border-slate-200"
        />
      )}
    </div>
  );
}

/** Where the new key receives funds: Taproot address and descriptors, Solana address, or the fingerprint. */
export function WalletOutputs() {
  const success = useUi(selectSuccess);
  const [network, setNetwork] = useState<BitcoinNetwork>('bitcoin');
  const list = success?.wallet;
  if (!list || list.length === 0) return null;
  const w: Outputs = list.find((x) => x.network === network) ?? (list[0] as Outputs);
  return (
    <section className={`${ui.card} space-y-4`} aria-labelledby="wallet-h" data-testid="wallet-outputs">
      <div className="space-y-1">
        <h2 id="wallet-h" className={ui.h3}>
          Where this key receives funds
        </h2>
        <p className="text-sm text-slate-700">{w.note}</p>
        <p className={ui.small}>
          Read the key fingerprint <strong className="font-mono">{w.fingerprint}</strong> aloud: every custodian must
          see the same.
        </p>
      </div>
      {w.address !== undefined && (
        <>
          <label className="block text-sm font-medium text-slate-900">
            Network
            <select
              className={ui.input}
              value={network}
              onChange={(e) => setNetwork(e.target.value as BitcoinNetwork)}
              data-testid="wallet-network"
            >
              {list.map((x) => (
                <option key={x.network} value={x.network}>
                  {NETWORK_LABELS[x.network as BitcoinNetwork]}
                </option>
              ))}
            </select>
          </label>
          <Row label="Taproot address" value={w.address} testId="wallet-address" qr />
          {w.descriptor !== undefined && (
            <Row
              label="Wallet descriptor"
              value={w.descriptor}
              testId="wallet-descriptor"
              hint="For a watch-only wallet (Bitcoin Core importdescriptors). It watches exactly this address."
            />
          )}
          {w.internalDescriptor !== undefined && (
            <Row
              label="Descriptor with the internal key"
              value={w.internalDescriptor}
              testId="wallet-internal-descriptor"
              hint="The same address written as tr(internal key), for wallets that want the untweaked key."
            />
          )}
        </>
      )}
      {w.solanaAddress !== undefined && (
        <Row label="Solana address" value={w.solanaAddress} testId="wallet-solana-address" qr />
      )}
    </section>
  );
}
