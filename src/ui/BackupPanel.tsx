import { useId, useState, type FormEvent } from 'react';
import {
  recordBackupProofFailed,
  recordBackupSaved,
  recordBackupVerified,
  resetBackup,
  selectBackup,
  selectBusy,
  type BackupProof,
} from '../store/index';
import { useController, useStoreApi, useUi } from './context';
import { triggerDownload } from './download';
import { describedBy, Field } from './Field';
import { ui } from './styles';
import { useAction } from './useAction';
import { backupFormProblem, parseRecipients } from './text/backup';

/**
 * Encrypted backup in two steps: make and save it (age, passphrase or recipients), then prove
 * that the file the custodian saved opens: they pick it from disk and enter the passphrase (or
 * an identity) again; the check reads those bytes back, never a copy in memory (issue 15.4).
 * Passphrases live only in this component's state and go straight to the controller.
 */
export function BackupPanel() {
  const id = useId();
  const store = useStoreApi();
  const controller = useController();
  const run = useAction();
  const backup = useUi(selectBackup);
  const busy = useUi(selectBusy);
  const [method, setMethod] = useState<'passphrase' | 'recipients'>('passphrase');
  const [pass1, setPass1] = useState('');
  const [pass2, setPass2] = useState('');
  const [recipients, setRecipients] = useState('');
  const [tried, setTried] = useState(false);
  const [proof, setProof] = useState('');
  const [file, setFile] = useState<File | null>(null);

  const problem = backupFormProblem(method, pass1, pass2, recipients);
  const make = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (problem) return;
    const req =
      method === 'passphrase'
        ? { kind: 'passphrase' as const, passphrase: pass1 }
        : { kind: 'recipients' as const, recipients: parseRecipients(recipients) };
    const out = await run('backup', () => controller.makeBackup(req));
    if (!out) return;
    triggerDownload(out);
    recordBackupSaved(store, method, out.filename);
    setPass1('');
    setPass2('');
    setTried(false);
  };
  const prove = async (e: FormEvent) => {
    e.preventDefault();
    if (proof.trim() === '' || !file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    const p: BackupProof =
      backup.method === 'recipients'
        ? { kind: 'identity', identity: proof.trim(), file: bytes, fileName: file.name }
        : { kind: 'passphrase', passphrase: proof, file: bytes, fileName: file.name };
    const res = await run('verify-backup', () => controller.verifyBackup(p));
    if (!res) return;
    if (res.ok) recordBackupVerified(store, file.name);
    else recordBackupProofFailed(store, res.reason);
    setProof('');
  };

  if (backup.status === 'verified')
    return (
      <section
        className="rounded-2xl border border-emerald-300 bg-emerald-50 p-5 sm:p-6"
        aria-labelledby={`${id}-h`}
        data-testid="backup-status"
        data-status="verified"
      >
        <h2 id={`${id}-h`} className="text-base font-semibold text-emerald-950">
          <span aria-hidden="true">✓ </span>Your saved backup file opens
        </h2>
        <p className="mt-1 text-sm text-emerald-950" data-testid="backup-proven">
          The file <span className="font-mono break-all">{backup.provenFile ?? backup.filename}</span> was read back
          from your disk, opened with your {backup.method === 'recipients' ? 'age identity' : 'passphrase'}, and holds
          exactly your piece of this key and your master key. Keep that file somewhere safe and separate from this
          computer; a copy you make later is not checked here.
        </p>
      </section>
    );

  return (
    <section
      className={`${ui.card} space-y-4`}
      aria-labelledby={`${id}-h`}
      data-testid="backup-status"
      data-status={backup.status}
    >
      <h2 id={`${id}-h`} className={ui.h2}>
        {backup.status === 'none' ? '1. Save an encrypted backup' : '2. Prove the backup opens'}
      </h2>
      {backup.status === 'none' ? (
        <form onSubmit={make} noValidate className="space-y-4" aria-label="Make an encrypted backup">
          <fieldset>
            <legend className={ui.label}>Encrypt it with</legend>
            <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:gap-6">
              {(['passphrase', 'recipients'] as const).map((m) => (
                <label key={m} className="flex items-center gap-2 text-slate-900">
                  <input
                    type="radio"
                    name={`${id}-method`}
                    value={m}
                    checked={method === m}
                    onChange={() => setMethod(m)}
                    className={`size-4 accent-indigo-700 ${ui.focus}`}
                  />
                  {m === 'passphrase' ? 'A passphrase' : 'age public keys (age1…)'}
                </label>
              ))}
            </div>
          </fieldset>
          {method === 'passphrase' ? (
            <div className="grid gap-4 sm:grid-cols-2">
              <Field id={`${id}-p1`} label="Passphrase" hint="At least 12 characters; a few unrelated words work well.">
                <input
                  id={`${id}-p1`}
                  type="password"
                  autoComplete="new-password"
                  className={ui.input}
                  value={pass1}
                  onChange={(e) => setPass1(e.target.value)}
                  aria-describedby={`${id}-p1-hint`}
                />
              </Field>
              <Field id={`${id}-p2`} label="Passphrase again" error={tried ? problem : null}>
                <input
                  id={`${id}-p2`}
                  type="password"
                  autoComplete="new-password"
                  className={ui.input}
                  value={pass2}
                  onChange={(e) => setPass2(e.target.value)}
                  aria-invalid={tried && problem ? true : undefined}
                  aria-describedby={describedBy(`${id}-p2`, false, tried ? problem : null)}
                />
              </Field>
            </div>
          ) : (
            <Field
              id={`${id}-rcp`}
              label="Recipients (one age1… key per line)"
              hint="Anyone holding one of the matching age identities can open the backup."
              error={tried ? problem : null}
            >
              <textarea
                id={`${id}-rcp`}
                rows={3}
                spellCheck={false}
                className={`${ui.input} font-mono text-sm`}
                value={recipients}
                onChange={(e) => setRecipients(e.target.value)}
                aria-invalid={tried && problem ? true : undefined}
                aria-describedby={describedBy(`${id}-rcp`, true, tried ? problem : null)}
              />
            </Field>
          )}
          <p className={ui.small}>
            The file is in the standard <span className="font-mono">age</span> format: the{' '}
            <span className="font-mono">age</span> command-line tool can open it too.
          </p>
          <button type="submit" className={ui.btnPrimary} disabled={busy === 'backup'}>
            {busy === 'backup' ? 'Encrypting…' : 'Encrypt and save backup'}
          </button>
        </form>
      ) : (
        <form onSubmit={prove} noValidate className="space-y-4" aria-label="Prove the backup opens">
          <p className={ui.hint} data-testid="backup-saved-hint">
            Your browser was asked to save <span className="font-mono break-all">{backup.filename}</span> (usually into
            your Downloads folder). Pick that file below and enter your{' '}
            {backup.method === 'recipients' ? 'age identity' : 'passphrase'} again: the check opens the file you kept.
            You are done only after this check.
          </p>
          <Field
            id={`${id}-proof`}
            label={
              backup.method === 'recipients'
                ? 'One of your age identities (AGE-SECRET-KEY-1…)'
                : 'Enter the passphrase again'
            }
            hint="It is used only here, to open the backup, and is not stored."
            error={backup.lastError}
          >
            <input
              id={`${id}-proof`}
              type="password"
              autoComplete="off"
              className={ui.input}
              value={proof}
              onChange={(e) => setProof(e.target.value)}
              aria-invalid={backup.lastError ? true : undefined}
              aria-describedby={describedBy(`${id}-proof`, true, backup.lastError)}
            />
          </Field>
          <Field
            id={`${id}-file`}
            label="Your saved backup file"
            hint="Pick it from where your browser saved it; it is read here and not uploaded."
          >
            <input
              id={`${id}-file`}
              type="file"
              className={`mt-1 block w-full text-sm text-slate-800 file:mr-3 file:rounded-lg file:border file:border-slate-300 file:bg-white file:px-3 file:py-2 file:font-semibold ${ui.focus}`}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              aria-describedby={`${id}-file-hint`}
              required
            />
          </Field>
          <div className="flex flex-wrap gap-3">
            <button
              type="submit"
              className={ui.btnPrimary}
              disabled={busy === 'verify-backup' || proof.trim() === '' || file === null}
            >
              {busy === 'verify-backup' ? 'Checking…' : 'Check that it opens'}
            </button>
            <button type="button" className={ui.btnSecondary} onClick={() => resetBackup(store)}>
              Make a new backup instead
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
