import { useState } from 'react';
import { selectBackup, selectIsDone, selectParams, selectRoster, selectSuccess } from '../store/selectors';
import { BackupPanel } from './BackupPanel';
import { useController, useUi } from './context';
import { CopyButton } from './CopyButton';
import { triggerDownload } from './download';
import { ScreenTitle } from './ScreenTitle';
import { ui } from './styles';
import { TestSignPanel } from './TestSignPanel';
import { useAction } from './useAction';
import { WalletOutputs } from './WalletOutputs';
import { OtherToolsDownloads } from './OtherToolsDownloads';

/** Success: the confirmed group key, downloads, the backup (required) and test signing (optional). */
export function SuccessScreen() {
  const success = useUi(selectSuccess);
  const roster = useUi(selectRoster);
  const params = useUi(selectParams);
  const done = useUi(selectIsDone);
  const backup = useUi(selectBackup);
  const controller = useController();
  const run = useAction();
  const [forgetAsk, setForgetAsk] = useState(false);
  if (!success) return <ScreenTitle>Finishing</ScreenTitle>;
  const exportKey = async () => {
    const file = await run('export-key', () => controller.exportKeyPackage());
    if (file) triggerDownload(file);
  };
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <ScreenTitle>{done ? 'You are done' : 'Your key is ready: now back it up'}</ScreenTitle>
        {done ? (
          <p className="rounded-xl border border-emerald-300 bg-emerald-50 p-4 font-medium text-emerald-950" data-testid="done">
            <span aria-hidden="true">✓ </span>Your backup is saved and opens. You can close this tab.
          </p>
        ) : (
          <p className="text-slate-700" data-testid="not-done">
            Everyone confirmed the same group key. You are not done until you have saved an encrypted backup of your piece and
            checked that it opens.
          </p>
        )}
      </div>
      <section className={ui.card} aria-labelledby="gk-h">
        <h2 id="gk-h" className={ui.h3}>
          Group public key
        </h2>
        <p className={ui.small}>
          The same for all {roster.length} custodians; share it freely. Confirmed by {success.confirmations.length} of{' '}
          {roster.length}.
        </p>
        <div className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-start">
          <p className="min-w-0 flex-1 rounded-lg bg-slate-100 p-3 font-mono text-sm break-all text-slate-900" data-testid="group-key">
            {success.groupKeyHex}
          </p>
          <CopyButton text={success.groupKeyHex} label="Copy group public key" testId="copy-group-key" />
        </div>
      </section>
      <WalletOutputs />
      <BackupPanel />
      <section className={`${ui.card} space-y-3`} aria-labelledby="dl-h">
        <h2 id="dl-h" className={ui.h3}>
          Downloads
        </h2>
        <ul className="space-y-3">
          <li className="flex flex-col gap-1 sm:flex-row sm:items-center sm:justify-between">
            <span className="text-sm text-slate-700">
              <strong className="text-slate-900">Public key package</strong>: everyone’s public pieces (frost-rs JSON).
            </span>
            <button type="button" className={ui.btnSecondary} onClick={() => triggerDownload(success.publicKeyPackage)} data-testid="download-public-key-package">
              Download public key package
            </button>
          </li>
          <li className="flex flex-col gap-1 sm:flex-row sm:items-center sm:justify-between">
            <span className="text-sm text-slate-700">
              <strong className="text-slate-900">Certificate</strong>: everyone’s signed confirmation; anyone can verify it offline.
            </span>
            <button type="button" className={ui.btnSecondary} onClick={() => triggerDownload(success.certificate)} data-testid="download-certificate">
              Download certificate
            </button>
          </li>
          <li className="flex flex-col gap-1 sm:flex-row sm:items-center sm:justify-between">
            <span className="text-sm text-slate-700">
              <strong className="text-slate-900">Your key package, unencrypted</strong>: contains your secret piece in plain
              frost-rs JSON. Prefer the encrypted backup.
            </span>
            <button type="button" className={ui.btnSecondary} onClick={() => void exportKey()} data-testid="download-key-package">
              Download key package
            </button>
          </li>
        </ul>
      </section>
      <OtherToolsDownloads />
      {params && <TestSignPanel t={params.t} />}
      {backup.status === 'verified' && (
        <section className="space-y-2 text-sm text-slate-700" aria-labelledby="forget-h">
          <h2 id="forget-h" className={ui.h3}>
            Clean up this device
          </h2>
          <p>Your piece is still stored in this browser. Once your backup is somewhere safe, you can remove it from here.</p>
          {!forgetAsk ? (
            <button type="button" className={ui.btnSecondary} onClick={() => setForgetAsk(true)}>
              Forget this ceremony on this device…
            </button>
          ) : (
            <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Confirm forgetting">
              <span className="font-medium text-red-900">Only your backup will be left. Continue?</span>
              <button type="button" className={ui.btnDanger} onClick={() => void run('forget', () => controller.forget())}>
                Forget it
              </button>
              <button type="button" className={ui.btnSecondary} onClick={() => setForgetAsk(false)}>
                Keep it
              </button>
            </div>
          )}
        </section>
      )}
    </div>
  );
}
