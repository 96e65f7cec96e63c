import { useState } from 'react';
import {
  selectBackup,
  selectFunding,
  selectIsDone,
  selectParams,
  selectRoster,
  selectSuccess,
  selectTestSignRequest,
} from '../store/index';
import { BackupPanel } from './BackupPanel';
import { useController, useUi } from './context';
import { triggerDownload } from './download';
import { GroupKeyPanel } from './GroupKeyPanel';
import { ScreenTitle } from './ScreenTitle';
import { ui } from './styles';
import { WhatToKeep } from './WhatToKeep';
import { isPendingForMe, TEST_SIGN_APPROVAL_ID, TestSignPanel } from './TestSignPanel';
import { useAction } from './useAction';
import { WalletOutputs } from './WalletOutputs';
import { OtherToolsDownloads } from './OtherToolsDownloads';
import { FundingPanel, FundingStatusLine } from './FundingPanel';

/** Success: the confirmed group key, downloads, the backup (required) and test signing (optional). */
export function SuccessScreen() {
  const success = useUi(selectSuccess);
  const roster = useUi(selectRoster);
  const params = useUi(selectParams);
  const done = useUi(selectIsDone);
  const backup = useUi(selectBackup);
  const request = useUi(selectTestSignRequest);
  const funding = useUi(selectFunding);
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
          <p
            className="rounded-xl border border-emerald-300 bg-emerald-50 p-4 font-medium text-emerald-950"
            data-testid="done"
          >
            <span aria-hidden="true">✓ </span>The backup file you saved was read back and opens to your piece.{' '}
            {funding && !funding.mine
              ? 'One step is left: check the address with the others (step 3 below).'
              : 'You can close this tab.'}
          </p>
        ) : (
          <p className="text-slate-700" data-testid="not-done">
            Everyone confirmed the same group key. You are not done until you have saved an encrypted backup of your
            piece and opened the saved file here again.
          </p>
        )}
      </div>
      <div aria-live="polite">
        <FundingStatusLine />
      </div>
      {/* A request waiting for my answer sits far down (below the backup); on a phone it is out of
          sight, so a notice here points to it. The backup step stays where it is. */}
      <div aria-live="polite">
        {isPendingForMe(request) && (
          <ApprovalNotice
            requester={roster.find((r) => r.id === request.requester)?.name ?? 'Someone'}
            text={request.text}
            backupDone={done}
          />
        )}
      </div>
      <GroupKeyPanel
        groupKeyHex={success.groupKeyHex}
        params={params}
        rosterSize={roster.length}
        confirmations={success.confirmations.length}
      />
      <WalletOutputs />
      <BackupPanel />
      <FundingPanel />
      <section className={`${ui.card} space-y-3`} aria-labelledby="dl-h">
        <h2 id="dl-h" className={ui.h3}>
          Downloads
        </h2>
        <ul className="space-y-3">
          <li className="flex flex-col gap-1 sm:flex-row sm:items-center sm:justify-between">
            <span className="text-sm text-slate-700">
              <strong className="text-slate-900">Public key package</strong>: everyone’s public pieces (frost-rs JSON).
            </span>
            <button
              type="button"
              className={ui.btnSecondary}
              onClick={() => triggerDownload(success.publicKeyPackage)}
              data-testid="download-public-key-package"
            >
              Download public key package
            </button>
          </li>
          <li className="flex flex-col gap-1 sm:flex-row sm:items-center sm:justify-between">
            <span className="text-sm text-slate-700">
              <strong className="text-slate-900">Certificate</strong>: everyone’s signed confirmation; anyone can verify
              it offline.
            </span>
            <button
              type="button"
              className={ui.btnSecondary}
              onClick={() => triggerDownload(success.certificate)}
              data-testid="download-certificate"
            >
              Download certificate
            </button>
          </li>
          <li className="flex flex-col gap-1 sm:flex-row sm:items-center sm:justify-between">
            <span className="text-sm text-slate-700">
              <strong className="text-slate-900">Your key package, unencrypted</strong>: contains your secret piece in
              plain frost-rs JSON. Prefer the encrypted backup.
            </span>
            <button
              type="button"
              className={ui.btnSecondary}
              onClick={() => void exportKey()}
              data-testid="download-key-package"
            >
              Download key package
            </button>
          </li>
        </ul>
      </section>
      <WhatToKeep />
      <OtherToolsDownloads />
      {params && <TestSignPanel t={params.t} />}
      {backup.status === 'verified' && (
        <section className="space-y-2 text-sm text-slate-700" aria-labelledby="forget-h">
          <h2 id="forget-h" className={ui.h3}>
            Clean up this device
          </h2>
          <p>
            Your piece is still stored in this browser. Once your backup is somewhere safe, you can remove it from here.
          </p>
          {!forgetAsk ? (
            <button type="button" className={ui.btnSecondary} onClick={() => setForgetAsk(true)}>
              Forget this ceremony on this device…
            </button>
          ) : (
            <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Confirm forgetting">
              <span className="font-medium text-red-900">Only your backup will be left. Continue?</span>
              <button
                type="button"
                className={ui.btnDanger}
                onClick={() => void run('forget', () => controller.forget())}
              >
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

/** Top-of-screen pointer to a test-signing request that waits for this custodian. */
function ApprovalNotice(props: { requester: string; text: string; backupDone: boolean }) {
  const show = () => {
    const el = document.getElementById(TEST_SIGN_APPROVAL_ID);
    el?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    el?.focus({ preventScroll: true });
  };
  return (
    <div
      className="flex flex-col gap-2 rounded-xl border-2 border-amber-500 bg-amber-50 p-4 text-amber-950 sm:flex-row sm:items-center sm:justify-between"
      data-testid="test-sign-approval-notice"
    >
      <p>
        <span className="font-semibold">{props.requester} asks you to approve a test signature</span> of “{props.text}”.
        Nothing is signed until you answer.{!props.backupDone && ' Your backup below is still needed either way.'}
      </p>
      <button type="button" className={`${ui.btnSecondary} shrink-0`} onClick={show}>
        Review the request
      </button>
    </div>
  );
}
