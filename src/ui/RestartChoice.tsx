import { useEffect, useId, useRef, useState } from 'react';
import {
  type RestartChoice as Choice,
  selectBusy,
  selectParams,
  selectRoster,
  type ParticipantId,
} from '../store/index';
import { useController, useUi } from './context';
import { ui } from './styles';
import { lossConsequence } from './text/params';
import { useAction } from './useAction';

/**
 * Before a restart that leaves people out, the coordinator is told in plain words what the next
 * key will be and chooses (issue 15.2): continue with the smaller group (same t, or a lower t,
 * never below 2 unless it was 1), or keep t of n and invite a replacement with the same invite.
 * Nothing restarts until they press the button.
 */
export function RestartChoice(props: { without: ParticipantId[]; names: string; onCancel: () => void }) {
  const id = useId();
  const controller = useController();
  const run = useAction();
  const params = useUi(selectParams);
  const roster = useUi(selectRoster);
  const busy = useUi(selectBusy);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const t = params?.t ?? 2;
  const n = params?.n ?? roster.length;
  const left = roster.filter((r) => !props.without.includes(r.id)).length;
  const floor = t === 1 ? 1 : 2;
  const tChoices: number[] = [];
  for (let k = Math.min(t, left); k >= floor; k--) tChoices.push(k);
  const smallerPossible = left >= 2 && tChoices.length > 0;
  const [kind, setKind] = useState<Choice['kind'] | null>(null);
  const [nextT, setNextT] = useState(tChoices[0] ?? t);
  const choice: Choice | null =
    kind === 'smaller' ? { kind: 'smaller', t: nextT } : kind === 'replace' ? { kind: 'replace' } : null;
  const restart = () => {
    if (choice) void run('restart', () => controller.restartWithout(props.without, choice));
  };
  return (
    <section
      className="space-y-4 rounded-xl border-2 border-indigo-300 bg-white p-4 text-slate-900"
      aria-labelledby={`${id}-h`}
      data-testid="restart-choice"
    >
      <h3 id={`${id}-h`} ref={headingRef} tabIndex={-1} className={`${ui.h3} ${ui.focus}`}>
        Restart without {props.names}: what should the next attempt make?
      </h3>
      <p className="text-sm text-slate-700">
        This attempt was for a key that {t} of {n} must sign. Without {props.names}, {left}{' '}
        {left === 1 ? 'person is' : 'people are'} left.
      </p>
      <fieldset className="space-y-3">
        <legend className="sr-only">Next attempt</legend>
        <label
          className={`flex gap-3 rounded-lg border p-3 ${smallerPossible ? 'border-slate-300' : 'border-slate-200 opacity-70'}`}
        >
          <input
            type="radio"
            name={`${id}-kind`}
            className={`mt-1 size-4 accent-indigo-700 ${ui.focus}`}
            disabled={!smallerPossible}
            checked={kind === 'smaller'}
            onChange={() => setKind('smaller')}
            data-testid="restart-smaller"
          />
          <span className="space-y-1">
            <span className="block font-semibold">Continue with the {left} who are left</span>
            {smallerPossible ? (
              <span
                className={`block text-sm ${nextT === left ? 'font-medium text-red-900' : 'text-slate-700'}`}
                data-testid="restart-smaller-consequence"
              >
                The new key: {nextT} of {left} must sign; {lossConsequence(nextT, left)}
              </span>
            ) : (
              <span className="block text-sm text-slate-700">Not possible: too few people would be left.</span>
            )}
          </span>
        </label>
        {smallerPossible && tChoices.length > 1 && kind === 'smaller' && (
          <label className="ml-10 flex flex-wrap items-center gap-2 text-sm">
            How many must sign in the next attempt
            <select
              className={`${ui.input} mt-0 w-auto`}
              value={nextT}
              onChange={(e) => setNextT(Number(e.target.value))}
              data-testid="restart-t"
            >
              {tChoices.map((k) => (
                <option key={k} value={k}>
                  {k} of {left}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="flex gap-3 rounded-lg border border-slate-300 p-3">
          <input
            type="radio"
            name={`${id}-kind`}
            className={`mt-1 size-4 accent-indigo-700 ${ui.focus}`}
            checked={kind === 'replace'}
            onChange={() => setKind('replace')}
            data-testid="restart-replace"
          />
          <span className="space-y-1">
            <span className="block font-semibold">Invite someone to replace {props.names}</span>
            <span className="block text-sm text-slate-700">
              The key stays {t} of {n}. Send the same invite link to the new person; when they appear in the room,
              choose the {n} people and lock the list, as the first time.
            </span>
          </span>
        </label>
      </fieldset>
      <p className={ui.small}>Everyone compares a new code, which covers the new key’s parameters.</p>
      <div className="flex flex-wrap gap-3">
        <button
          type="button"
          className={ui.btnPrimary}
          disabled={choice === null || busy === 'restart'}
          onClick={restart}
          data-testid="restart-confirm"
        >
          {busy === 'restart' ? 'Restarting…' : `Restart without ${props.names}`}
        </button>
        <button type="button" className={ui.btnSecondary} onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
