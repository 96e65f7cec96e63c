import { useId, useState, type FormEvent } from 'react';
import { selectBusy, type SuiteId } from '../store/index';
import { useController, useUi } from './context';
import { describedBy, Field } from './Field';
import { FrostClientContactField } from './FrostClientContactField';
import { ui } from './styles';
import { thresholdProblem, thresholdSentence } from './text/params';
import { SUITES } from './text/suites';
import { useAction } from './useAction';

/** Start screen: create a new ceremony as its coordinator. */
export function CreateForm() {
  const id = useId();
  const controller = useController();
  const run = useAction();
  const busy = useUi(selectBusy);
  const [myName, setMyName] = useState('');
  const [label, setLabel] = useState('');
  const [contact, setContact] = useState('');
  const [suite, setSuite] = useState<SuiteId>('FROST-ED25519-SHA512-v1');
  const [t, setT] = useState('2');
  const [n, setN] = useState('3');
  const [tried, setTried] = useState(false);

  const tn = Number(t);
  const nn = Number(n);
  const problem = thresholdProblem(tn, nn);
  const nameErr = tried && myName.trim() === '' ? 'Enter the name the others will see.' : null;
  const labelErr = tried && label.trim() === '' ? 'Give the key a label, e.g. “Treasury 2026”.' : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (problem || myName.trim() === '' || label.trim() === '') return;
    void run('create', () =>
      controller.createCeremony({
        suite,
        t: tn,
        n: nn,
        label: label.trim(),
        myName: myName.trim(),
        ...(contact.trim() ? { frostClientContact: contact.trim() } : {}),
      }),
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-h`} className="space-y-4" data-testid="create-form">
      <h2 id={`${id}-h`} className={ui.h2}>
        Create a ceremony
      </h2>
      <Field id={`${id}-name`} label="Your name" error={nameErr}>
        <input
          id={`${id}-name`}
          className={ui.input}
          value={myName}
          onChange={(e) => setMyName(e.target.value)}
          autoComplete="name"
          aria-invalid={nameErr ? true : undefined}
          aria-describedby={describedBy(`${id}-name`, false, nameErr)}
        />
      </Field>
      <Field
        id={`${id}-label`}
        label="Label for the key"
        hint="Everyone sees it, e.g. “Treasury 2026”."
        error={labelErr}
      >
        <input
          id={`${id}-label`}
          className={ui.input}
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          aria-invalid={labelErr ? true : undefined}
          aria-describedby={describedBy(`${id}-label`, true, labelErr)}
        />
      </Field>
      <Field id={`${id}-suite`} label="Key type" hint={SUITES.find((s) => s.id === suite)?.hint}>
        <select
          id={`${id}-suite`}
          className={ui.input}
          value={suite}
          onChange={(e) => setSuite(e.target.value as SuiteId)}
          aria-describedby={`${id}-suite-hint`}
        >
          {SUITES.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      </Field>
      <fieldset aria-describedby={`${id}-tn-note`}>
        <legend className={ui.label}>Threshold</legend>
        <div className="mt-1 flex items-end gap-3">
          <div className="min-w-0 flex-1 sm:w-44 sm:flex-none">
            <label htmlFor={`${id}-t`} className="text-sm text-slate-700">
              How many must sign
            </label>
            <input
              id={`${id}-t`}
              type="number"
              inputMode="numeric"
              min={2}
              max={20}
              className={ui.input}
              value={t}
              onChange={(e) => setT(e.target.value)}
              aria-invalid={problem ? true : undefined}
            />
          </div>
          <span className="hidden pb-2.5 text-slate-700 sm:inline">out of</span>
          <div className="min-w-0 flex-1 sm:w-44 sm:flex-none">
            <label htmlFor={`${id}-n`} className="text-sm text-slate-700">
              How many custodians
            </label>
            <input
              id={`${id}-n`}
              type="number"
              inputMode="numeric"
              min={2}
              max={20}
              className={ui.input}
              value={n}
              onChange={(e) => setN(e.target.value)}
              aria-invalid={problem ? true : undefined}
            />
          </div>
        </div>
        <p id={`${id}-tn-note`} className={`mt-2 text-sm ${problem ? 'font-medium text-red-800' : 'text-slate-700'}`}>
          {problem ?? thresholdSentence(tn, nn)}
        </p>
      </fieldset>
      <FrostClientContactField id={`${id}-contact`} value={contact} onChange={setContact} />
      <button type="submit" className={ui.btnPrimary} disabled={busy === 'create'}>
        {busy === 'create' ? 'Creating…' : 'Create ceremony'}
      </button>
    </form>
  );
}
