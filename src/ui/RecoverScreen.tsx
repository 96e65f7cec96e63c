import { useEffect, useId, useState, type FormEvent } from 'react';
import { setPhase, type RecoverResult } from '../store/index';
import { useController, useStoreApi } from './context';
import { describedBy, Field } from './Field';
import { ScreenTitle } from './ScreenTitle';
import { triggerDownload } from './download';
import { ui } from './styles';
import { suiteLabel } from './text/suites';

const fileInput = `mt-1 block w-full text-sm text-slate-800 file:mr-3 file:rounded-lg file:border file:border-slate-300 file:bg-white file:px-3 file:py-2 file:font-semibold ${ui.focus}`;

/**
 * "Recover a key package": a custodian who lost their key package rebuilds it in the page from
 * the certificate (public) and their master key (secret: inside their backup, or saved in this
 * browser). Says what is public and what is secret, and what went wrong in plain words.
 */
export function RecoverScreen() {
  const store = useStoreApi();
  const controller = useController();
  const id = useId();
  const [certificate, setCertificate] = useState<File | null>(null);
  const [backup, setBackup] = useState<File | null>(null);
  const [secret, setSecret] = useState('');
  const [hasSaved, setHasSaved] = useState(false);
  const [source, setSource] = useState<'backup' | 'saved'>('backup');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<RecoverResult | null>(null);

  useEffect(() => {
    let live = true;
    void controller.hasSavedMasterKey().then((yes) => live && setHasSaved(yes));
    return () => {
      live = false;
    };
  }, [controller]);

  const ready = certificate !== null && (source === 'saved' ? hasSaved : backup !== null && secret.trim() !== '');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready || !certificate) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const text = await certificate.text();
      const key =
        source === 'saved'
          ? { kind: 'saved' as const }
          : /^\s*AGE-SECRET-KEY-1/.test(secret)
            ? {
                kind: 'backup-identity' as const,
                file: new Uint8Array(await backup!.arrayBuffer()),
                identity: secret.trim(),
              }
            : {
                kind: 'backup-passphrase' as const,
                file: new Uint8Array(await backup!.arrayBuffer()),
                passphrase: secret,
              };
      const r = await controller.recoverKeyPackage({ certificate: text, key });
      setResult(r);
      setSecret('');
      triggerDownload(r.file);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-6" data-testid="recover-form">
      <div className="max-w-3xl">
        <ScreenTitle>Recover a key package</ScreenTitle>
        <p className="mt-2 text-slate-700">
          Lost your key package (a new laptop, a deleted file)? You can rebuild exactly the same file yourself, here in
          this browser, without anyone else’s help. You need two things: the key’s certificate, which is public, and
          your master key, which is secret.
        </p>
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <section className={`${ui.card} space-y-3`} aria-labelledby={`${id}-cert-h`}>
          <h2 id={`${id}-cert-h`} className={ui.h3}>
            1. The key’s certificate <span className="font-normal text-slate-600">(public)</span>
          </h2>
          <p className={ui.hint}>
            Every custodian saved it at the end of the ceremony (its name ends in <code>certificate.json</code>). It
            holds no secret: if you lost yours, any co-custodian can send you theirs.
          </p>
          <Field id={`${id}-cert`} label="Certificate file">
            <input
              id={`${id}-cert`}
              type="file"
              accept=".json,application/json"
              className={fileInput}
              onChange={(e) => setCertificate(e.target.files?.[0] ?? null)}
            />
          </Field>
        </section>

        <section className={`${ui.card} space-y-3`} aria-labelledby={`${id}-key-h`}>
          <h2 id={`${id}-key-h`} className={ui.h3}>
            2. Your master key <span className="font-normal text-slate-600">(secret)</span>
          </h2>
          <p className={ui.hint}>
            It is inside the encrypted backup you saved at the end of the ceremony (its name ends in{' '}
            <code>key-package.json.age</code>). One master key covers every ceremony you take part in. It is used only
            here, in this page, and is never sent anywhere.
          </p>
          <fieldset className="space-y-2">
            <legend className="sr-only">Where your master key is</legend>
            <label className="flex items-start gap-2">
              <input
                type="radio"
                name={`${id}-source`}
                className="mt-1"
                checked={source === 'backup'}
                onChange={() => setSource('backup')}
              />
              <span>In my backup file</span>
            </label>
            <label className="flex items-start gap-2">
              <input
                type="radio"
                name={`${id}-source`}
                className="mt-1"
                checked={source === 'saved'}
                disabled={!hasSaved}
                onChange={() => setSource('saved')}
              />
              <span>
                Saved in this browser{' '}
                <span className={ui.small}>
                  {hasSaved
                    ? '(this browser took part in ceremonies and kept its master key)'
                    : '(this browser has no saved master key)'}
                </span>
              </span>
            </label>
          </fieldset>
          {source === 'backup' && (
            <>
              <Field id={`${id}-backup`} label="Backup file" hint="Read here, never uploaded.">
                <input
                  id={`${id}-backup`}
                  type="file"
                  className={fileInput}
                  onChange={(e) => setBackup(e.target.files?.[0] ?? null)}
                  aria-describedby={`${id}-backup-hint`}
                />
              </Field>
              <Field
                id={`${id}-secret`}
                label="Backup passphrase (or age identity)"
                hint="The passphrase you chose for the backup, or your AGE-SECRET-KEY-1… line if you made it for age keys. Not stored."
              >
                <input
                  id={`${id}-secret`}
                  type="password"
                  autoComplete="off"
                  className={ui.input}
                  value={secret}
                  onChange={(e) => setSecret(e.target.value)}
                  aria-describedby={describedBy(`${id}-secret`, true, null)}
                />
              </Field>
            </>
          )}
        </section>
      </div>

      {error && (
        <div
          role="alert"
          className="rounded-2xl border border-red-300 bg-red-50 p-4 text-red-900"
          data-testid="recover-error"
        >
          <p className="font-semibold">Your key package could not be recovered.</p>
          <p className="mt-1">{error}</p>
        </div>
      )}
      {result && (
        <section
          className="rounded-2xl border border-emerald-300 bg-emerald-50 p-5 sm:p-6"
          aria-labelledby={`${id}-ok-h`}
          data-testid="recover-result"
        >
          <h2 id={`${id}-ok-h`} className={ui.h3}>
            <span aria-hidden="true">✓ </span>Recovered: {result.name}’s key package for “{result.label}”
          </h2>
          <p className="mt-1 text-slate-800">
            {suiteLabel(result.suite)} key, {result.t} of {result.n} custodians must sign; you are custodian{' '}
            {result.identifier}. It is the same file the ceremony gave you: its public part matches the certificate.
          </p>
          <p className="mt-1 text-slate-800">
            Your browser saved it as <code>{result.file.filename}</code>. Keep it secret, like the original.
          </p>
          <button type="button" className={`mt-3 ${ui.btnSecondary}`} onClick={() => triggerDownload(result.file)}>
            Download the key package again
          </button>
        </section>
      )}

      <div className="flex flex-wrap gap-3">
        <button type="submit" className={ui.btnPrimary} disabled={!ready || busy}>
          {busy ? 'Recovering…' : 'Recover my key package'}
        </button>
        <button type="button" className={ui.btnSecondary} onClick={() => setPhase(store, 'start')}>
          Back to start
        </button>
      </div>
    </form>
  );
}
