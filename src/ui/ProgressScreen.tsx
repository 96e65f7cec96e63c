import { useState } from 'react';
import { selectPendingGroupKey, selectPhase, selectProgress, selectRoster, selectWaiting } from '../store/index';
import { useController, useUi } from './context';
import { LinkMatrix } from './LinkMatrix';
import { RoundMatrix } from './RoundMatrix';
import { ScreenTitle } from './ScreenTitle';
import { ui } from './styles';
import { ROUNDS, stepOf } from './text/rounds';
import { WaitingList } from './WaitingList';
import { useAction } from './useAction';

const NOW: Record<number, string> = {
  1: 'Each browser is sending everyone its public commitment: a public promise about its piece, with a proof that it knows the secret behind it.',
  2: 'Each browser tells everyone what it received in step 1, so that nobody can have told different people different things.',
  3: 'Each browser sends each other person their own secret piece, sealed so that only they can open it.',
  4: 'Everyone checked their pieces and computed the group key; now all confirm they got the same key.',
};

/** Progress: the step in words, who we are waiting for, and the n × n tables for all rounds. */
export function ProgressScreen() {
  const phase = useUi(selectPhase);
  const roster = useUi(selectRoster);
  const progress = useUi(selectProgress);
  const waiting = useUi(selectWaiting);
  const pendingKey = useUi(selectPendingGroupKey);
  const controller = useController();
  const run = useAction();
  const [confirmLeave, setConfirmLeave] = useState(false);
  const step = stepOf(phase);
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <ScreenTitle>Creating the key together</ScreenTitle>
        <p className="max-w-3xl text-slate-700" data-testid="step-explainer">
          {NOW[step]}
        </p>
      </div>
      <WaitingList entries={waiting} />
      {pendingKey && (
        <section className="rounded-2xl border border-amber-300 bg-amber-50 p-4" aria-labelledby="pending-h">
          <h2 id="pending-h" className="text-sm font-semibold text-amber-950">
            Group key (pending: not final until everyone confirms it)
          </h2>
          <p className="mt-1 font-mono text-sm break-all text-amber-950" data-testid="pending-group-key">
            {pendingKey}
          </p>
        </section>
      )}
      <p className="text-sm text-slate-700" data-testid="matrix-legend">
        <span className="font-medium text-slate-900">How to read the tables:</span> rows are who receives, columns who
        sends. <span aria-hidden="true">✓</span> received · <span aria-hidden="true">…</span> not yet ·{' '}
        <span aria-hidden="true">?</span> not reported · <span aria-hidden="true">—</span> their own message.
      </p>
      <div className={`grid grid-cols-1 gap-4 ${roster.length > 8 ? '' : 'lg:grid-cols-2'}`}>
        {ROUNDS.map((r) => (
          <RoundMatrix
            key={r.key}
            round={r.key}
            step={r.step}
            title={r.title}
            technical={r.technical}
            roster={roster}
            progress={progress}
            state={step > r.step ? 'done' : step === r.step ? 'current' : 'todo'}
          />
        ))}
        <LinkMatrix roster={roster} progress={progress} />
      </div>
      <div className="flex flex-col gap-3 border-t border-slate-200 pt-4 text-sm text-slate-700 sm:flex-row sm:items-center sm:justify-between">
        <p>Keep this tab open until the key is confirmed. If you reload, the ceremony resumes where it was.</p>
        {!confirmLeave ? (
          <button
            type="button"
            className={`${ui.btnSecondary} shrink-0 self-start sm:self-auto`}
            onClick={() => setConfirmLeave(true)}
          >
            Leave the ceremony…
          </button>
        ) : (
          <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Confirm leaving">
            <span className="font-medium text-red-900">Leaving stops this attempt for everyone.</span>
            <button type="button" className={ui.btnDanger} onClick={() => void run('leave', () => controller.leave())}>
              Leave now
            </button>
            <button type="button" className={ui.btnSecondary} onClick={() => setConfirmLeave(false)}>
              Stay
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
