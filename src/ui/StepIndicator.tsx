import type { AppPhase, RoundKey } from '../store/index';
import { ROUNDS, stepOf } from './text/rounds';

/** The four key-generation steps, always visible once the roster is locked. */
export function StepIndicator(props: { phase: AppPhase; stoppedAt: RoundKey | null }) {
  const stopped = props.phase === 'failed' || props.phase === 'aborted';
  // After a failure, show the step where it stopped (steps before it were completed).
  const current = stopped ? (props.stoppedAt === null ? 0 : stepOf(props.stoppedAt)) : stepOf(props.phase);
  return (
    <ol aria-label="Key generation steps" className="grid grid-cols-4 gap-1.5 sm:gap-2" data-testid="step-indicator">
      {ROUNDS.map((r) => {
        const state = current > r.step ? 'done' : current === r.step ? (stopped ? 'stopped' : 'current') : 'todo';
        const tone =
          state === 'done'
            ? 'border-emerald-600 bg-emerald-50 text-emerald-900'
            : state === 'current'
              ? 'border-indigo-600 bg-indigo-50 text-indigo-900 ring-2 ring-indigo-600'
              : state === 'stopped'
                ? 'border-red-600 bg-red-50 text-red-900 ring-2 ring-red-600'
                : 'border-slate-300 bg-white text-slate-600';
        const dot =
          state === 'done'
            ? 'bg-emerald-700 text-white'
            : state === 'current'
              ? 'bg-indigo-700 text-white'
              : state === 'stopped'
                ? 'bg-red-700 text-white'
                : 'bg-slate-200 text-slate-700';
        return (
          <li
            key={r.key}
            aria-current={state === 'current' || state === 'stopped' ? 'step' : undefined}
            data-step={r.step}
            data-state={state}
            className={`flex min-w-0 flex-col items-center gap-1 rounded-lg border px-1 py-1.5 text-center sm:flex-row sm:gap-2 sm:px-2 sm:text-left ${tone}`}
          >
            <span
              aria-hidden="true"
              className={`flex size-6 shrink-0 items-center justify-center rounded-full text-xs font-bold ${dot}`}
            >
              {state === 'done' ? '✓' : state === 'stopped' ? '✕' : r.step}
            </span>
            <span className="min-w-0 text-[11px] leading-tight font-medium sm:text-sm">
              <span className="sr-only">Step {r.step}: </span>
              {r.title}
              <span className="sr-only">
                {state === 'done'
                  ? ' (done)'
                  : state === 'current'
                    ? ' (in progress)'
                    : state === 'stopped'
                      ? ' (stopped here)'
                      : ''}
              </span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}
