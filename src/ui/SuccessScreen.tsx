import { useState } from 'react';
import { selectBackup, selectIsDone, selectParams, selectRoster, selectSuccess } from '../store/selectors';
import { BackupPanel } from './BackupPanel';
import { useController, useUi } from './context';
import { triggerDownload } from './download';
import { GroupKeyPanel } from './GroupKeyPanel';
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
            <span aria-hidden="true">✓ </span>The backup file you saved was read back and opens to your piece. You can close this tab.
          </p>
        ) : (
          <p className="text-slate-700" data-testid="not-done">
            Everyone confirmed the same group key. You are not done until you have saved an encrypted backup of your piece and
            opened the saved file here again.
          </p>
        )}
      </div>
      <GroupKeyPanel groupKeyHex={success.groupKeyHex} params={params} rosterSize={roster.length} confirmations={success.confirmations.length} />
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
