import { useId, useState, type FormEvent } from 'react';
import { recordTestSign, startTestSign } from '../store/actions';
import { selectTestSign } from '../store/selectors';
import { useController, useStoreApi, useUi } from './context';
import { ui } from './styles';

/** Optional: t custodians sign a test message, proving the pieces work before anyone relies on them. */
export function TestSignPanel(props: { t: number }) {
  const id = useId();
  const store = useStoreApi();
  const controller = useController();
  const ts = useUi(selectTestSign);
  const [message, setMessage] = useState('test signature');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    startTestSign(store, message);
    // Errors are shown in this panel (not the page-level error banner), next to the result.
    try {
      recordTestSign(store, await controller.testSign(message));
    } catch (err) {
      recordTestSign(store, { ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  };
  return (
    <section className={`${ui.card} space-y-3`} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className={ui.h3}>
        Optional: sign a test message
      </h2>
      <p className={ui.hint}>
        {props.t} custodians sign a harmless message together and everyone checks the signature against the group key. It
        proves the pieces work; nothing is signed that could move funds.
      </p>
      <form onSubmit={submit} className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="min-w-0 flex-1">
          <label htmlFor={`${id}-msg`} className={ui.label}>
            Test message
          </label>
          <input id={`${id}-msg`} className={ui.input} value={message} onChange={(e) => setMessage(e.target.value)} />
        </div>
        <button type="submit" className={ui.btnSecondary} disabled={ts.status === 'running' || message === ''}>
          {ts.status === 'running' ? 'Signing…' : 'Sign a test message'}
        </button>
      </form>
      <div aria-live="polite" data-testid="test-sign-result" data-status={ts.status}>
        {ts.status === 'ok' && (
          <div className="rounded-lg bg-emerald-50 p-3 text-sm text-emerald-950">
            <p className="font-semibold">
              <span aria-hidden="true">✓ </span>The signature is valid for the group key.
            </p>
            <p>Signed by {ts.signers.join(', ')}.</p>
            <p className="mt-1 font-mono text-xs break-all">{ts.signatureHex}</p>
          </div>
        )}
        {ts.status === 'failed' && (
          <p className="rounded-lg bg-red-50 p-3 text-sm text-red-950">
            <span className="font-semibold">Test signing failed: </span>
            {ts.error}
          </p>
        )}
      </div>
    </section>
  );
}
