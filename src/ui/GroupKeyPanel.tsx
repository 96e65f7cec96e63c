import type { CeremonyParams } from '../store/index';
import { CopyButton } from './CopyButton';
import { ui } from './styles';
import { groupKeyForms } from './text/groupKey';
import { thresholdSentence } from './text/params';
import { suiteLabel } from './text/suites';

/**
 * The confirmed group key on the success screen, with what it is: the key type, how many must
 * sign (the t of n of THIS key, which after a restart may differ from the first attempt's), and
 * for Taproot the 32-byte x-only key first with the 33-byte frost-rs form beside it (issue 15.6).
 * `group-key` always holds the frost-rs form (as in the downloaded files).
 */
export function GroupKeyPanel(props: {
  groupKeyHex: string;
  params: CeremonyParams | null;
  rosterSize: number;
  confirmations: number;
}) {
  const p = props.params;
  const forms = groupKeyForms(p?.suite ?? null, props.groupKeyHex);
  return (
    <section className={`${ui.card} space-y-3`} aria-labelledby="gk-h" data-testid="group-key-panel">
      <h2 id="gk-h" className={ui.h3}>
        Group public key
      </h2>
      {p && (
        <p className="text-sm text-slate-800" data-testid="key-threshold">
          <strong className="text-slate-900">
            {suiteLabel(p.suite)} · {p.t} of {p.n} must sign.
          </strong>{' '}
          {thresholdSentence(p.t, p.n)}
        </p>
      )}
      <p className={ui.small}>
        The same for all {props.rosterSize} custodians; share it freely. Confirmed by {props.confirmations} of{' '}
        {props.rosterSize}.
      </p>
      <div>
        {forms.full && <p className="text-sm font-medium text-slate-800">{forms.primary.caption}</p>}
        <div className="mt-1 flex flex-col gap-2 sm:flex-row sm:items-start">
          <p
            className="min-w-0 flex-1 rounded-lg bg-slate-100 p-3 font-mono text-sm break-all text-slate-900"
            data-testid={forms.full ? 'group-key-xonly' : 'group-key'}
          >
            {forms.primary.hex}
          </p>
          <CopyButton
            text={forms.primary.hex}
            label={`Copy ${forms.full ? 'x-only Taproot key' : 'group public key'}`}
            testId="copy-group-key"
          />
        </div>
      </div>
      {forms.full && (
        <div>
          <p className="text-sm font-medium text-slate-800">{forms.full.caption}</p>
          <div className="mt-1 flex flex-col gap-2 sm:flex-row sm:items-start">
            <p
              className="min-w-0 flex-1 rounded-lg bg-slate-50 p-3 font-mono text-xs break-all text-slate-800"
              data-testid="group-key"
            >
              {forms.full.hex}
            </p>
            <CopyButton text={forms.full.hex} label="Copy full 33-byte key" testId="copy-group-key-full" />
          </div>
        </div>
      )}
    </section>
  );
}
