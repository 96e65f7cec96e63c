import { CopyButton } from './CopyButton';
import { QrCode } from './QrCode';
import { ui } from './styles';

/** The invite link with a copy button and a QR code, for the coordinator to share. */
export function InviteShare(props: { url: string }) {
  return (
    <section className={`${ui.card} flex flex-col gap-5 sm:flex-row sm:items-start`} aria-labelledby="invite-h">
      <div className="min-w-0 flex-1 space-y-3">
        <h2 id="invite-h" className={ui.h2}>
          Invite your co-custodians
        </h2>
        <p className={ui.hint}>
          Send this link to each custodian over a channel you trust (it contains the room’s secret), or let them scan
          the code. They open it in their browser and enter their name.
        </p>
        <label htmlFor="invite-link" className={ui.label}>
          Invite link
        </label>
        <div className="flex flex-col gap-2 sm:flex-row">
          <input
            id="invite-link"
            readOnly
            value={props.url}
            className={`${ui.input} mt-0 font-mono text-sm`}
            onFocus={(e) => e.currentTarget.select()}
            data-testid="invite-link"
          />
          <CopyButton text={props.url} label="Copy invite link" testId="copy-invite" />
        </div>
      </div>
      <QrCode
        text={props.url}
        label="QR code of the invite link"
        className="mx-auto size-60 shrink-0 rounded-lg border border-slate-200 sm:mx-0 sm:size-56"
      />
    </section>
  );
}
