import { useState, type FormEvent } from 'react';
import { setPhase, selectBusy, type FaultKind, type RehearsalFault, type SuiteId } from '../store/index';
import { useController, useStoreApi, useUi } from './context';
import { ScreenTitle } from './ScreenTitle';
import { ui } from './styles';
import { thresholdProblem, thresholdSentence } from './text/params';
import { SUITES } from './text/suites';
import { useAction } from './useAction';

/** The faults a simulated person can commit, in plain words. */
export const FAULTS: readonly { kind: FaultKind; label: string; effect: string }[] = [
  { kind: 'bad-share', label: 'Sends a bad secret piece', effect: 'The recipient complains and the sender is named.' },
  {
    kind: 'bad-proof',
    label: 'Sends a public commitment with a bad proof',
    effect: 'Everyone rejects it in step 1 and names the sender.',
  },
  {
    kind: 'equivocation',
    label: 'Tells different people different things',
    effect: 'The cross-check in step 2 catches it.',
  },
  {
    kind: 'vanish',
    label: 'Vanishes in the middle',
    effect: 'You see who you are waiting for, and can restart without them.',
  },
  {
    kind: 'wrong-key',
    label: 'Announces a different key at the end',
    effect: 'Everyone checks it against the key they computed in step 4, and the person is named.',
  },
];

/** Rehearsal setup: how many simulated people, threshold, key type, and who misbehaves. */
export function RehearsalSetupScreen() {
  const store = useStoreApi();
  const controller = useController();
  const run = useAction();
  const busy = useUi(selectBusy);
  const [n, setN] = useState('3');
  const [t, setT] = useState('2');
  const [suite, setSuite] = useState<SuiteId>('FROST-ED25519-SHA512-v1');
  const [faults, setFaults] = useState<Partial<Record<FaultKind, number>>>({});
  const nn = Number(n);
  const tn = Number(t);
  const problem = thresholdProblem(tn, nn) ?? (nn > 10 ? 'A rehearsal runs at most 10 people in one tab.' : null);
  const people = Number.isInteger(nn) && nn >= 2 ? Array.from({ length: Math.min(nn, 10) - 1 }, (_, i) => i + 2) : [];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (problem) return;
    const list: RehearsalFault[] = FAULTS.flatMap((f) => {
      const who = faults[f.kind];
      return who !== undefined && who <= nn ? [{ kind: f.kind, who }] : [];
    });
    void run('rehearsal', () => controller.startRehearsal({ n: nn, t: tn, suite, faults: list }));
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-6" data-testid="rehearsal-form">
      <div className="max-w-3xl">
        <ScreenTitle>Rehearse with simulated people</ScreenTitle>
        <p className="mt-2 text-slate-700">
          You are person 1; everybody else is simulated in this tab with the same code a real ceremony uses. Nothing
          leaves your browser and the key is thrown away.
        </p>
      </div>
      <section className={`${ui.card} space-y-4`} aria-labelledby="reh-group">
        <h2 id="reh-group" className={ui.h3}>
          The group
        </h2>
        <div className="flex items-end gap-3">
          <div className="min-w-0 flex-1 sm:w-44 sm:flex-none">
            <label htmlFor="reh-t" className={ui.label}>
              How many must sign
            </label>
            <input
              id="reh-t"
              type="number"
              inputMode="numeric"
              min={2}
              max={10}
              className={ui.input}
              value={t}
              onChange={(e) => setT(e.target.value)}
              aria-describedby="reh-tn-note"
            />
          </div>
          <span className="hidden pb-2.5 text-slate-700 sm:inline">out of</span>
          <div className="min-w-0 flex-1 sm:w-44 sm:flex-none">
            <label htmlFor="reh-n" className={ui.label}>
              How many people
            </label>
            <input
              id="reh-n"
              type="number"
              inputMode="numeric"
              min={2}
              max={10}
              className={ui.input}
              value={n}
              onChange={(e) => setN(e.target.value)}
              aria-describedby="reh-tn-note"
            />
          </div>
        </div>
        <p id="reh-tn-note" className={`text-sm ${problem ? 'font-medium text-red-800' : 'text-slate-700'}`}>
          {problem ?? thresholdSentence(tn, nn)}
        </p>
        <div>
          <label htmlFor="reh-suite" className={ui.label}>
            Key type
          </label>
          <select
            id="reh-suite"
            className={ui.input}
            value={suite}
            onChange={(e) => setSuite(e.target.value as SuiteId)}
          >
            {SUITES.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
      </section>
      <fieldset className={`${ui.card} space-y-3`}>
        <legend className="sr-only">Who misbehaves</legend>
        <h2 className={ui.h3} aria-hidden="true">
          Who misbehaves (optional)
        </h2>
        <p className={ui.hint}>
          Pick a simulated person for each fault you want to see. Leave all at “nobody” for a clean run.
        </p>
        <ul className="divide-y divide-slate-200">
          {FAULTS.map((f) => (
            <li key={f.kind} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between">
              <div className="min-w-0">
                <label htmlFor={`fault-${f.kind}`} className="font-medium text-slate-900">
                  {f.label}
                </label>
                <p id={`fault-${f.kind}-effect`} className={ui.small}>
                  {f.effect}
                </p>
              </div>
              <select
                id={`fault-${f.kind}`}
                data-testid={`fault-${f.kind}`}
                aria-describedby={`fault-${f.kind}-effect`}
                className={`${ui.input} mt-0 sm:w-48`}
                value={faults[f.kind] ?? ''}
                onChange={(e) =>
                  setFaults({ ...faults, [f.kind]: e.target.value === '' ? undefined : Number(e.target.value) })
                }
              >
                <option value="">Nobody</option>
                {people.map((p) => (
                  <option key={p} value={p}>
                    Person {p}
                  </option>
                ))}
              </select>
            </li>
          ))}
        </ul>
      </fieldset>
      <div className="flex flex-wrap gap-3">
        <button type="submit" className={ui.btnPrimary} disabled={busy === 'rehearsal' || problem !== null}>
          {busy === 'rehearsal' ? 'Starting…' : 'Start rehearsal'}
        </button>
        <button type="button" className={ui.btnSecondary} onClick={() => setPhase(store, 'start')}>
          Back
        </button>
      </div>
    </form>
  );
}
