import { selectHeader } from '../store/index';
import { useUi } from './context';
import { StepIndicator } from './StepIndicator';
import { phaseText } from './text/rounds';
import { suiteLabel } from './text/suites';

/**
 * Top bar: app name and ceremony label; once the roster is locked also the verification code
 * ("coming…" until every person's part of it has arrived),
 * the phase in words and the step indicator, so they are visible on every screen.
 */
export function AppHeader() {
  const h = useUi(selectHeader);
  // Locked also while the code waits for everyone's part (no code yet, phase 'verify').
  const locked = h.code !== null || h.phase === 'verify';
  // A signing room runs none of the key ceremony's four rounds: after the code it is the request (issue 17).
  const signing = useUi((s) => s.signing);
  const signingPhase =
    signing === null || h.phase === 'verify'
      ? null
      : signing.status === 'done'
        ? 'Signed'
        : signing.status === 'failed'
          ? 'Nothing was signed'
          : signing.attempt
            ? `Signing (attempt ${signing.attempt.number})`
            : 'Answering the request';
  return (
    <header className="border-b border-slate-200 bg-white">
      {h.rehearsal && (
        <p
          className="bg-amber-100 px-4 py-1.5 text-center text-sm font-medium text-amber-950"
          data-testid="rehearsal-banner"
        >
          Rehearsal: the other people are simulated in this tab. No real key is made.
        </p>
      )}
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
        <div className="min-w-0">
          <p className="text-base font-semibold text-slate-900">
            <span aria-hidden="true" className="mr-1.5 text-indigo-700">
              ❄
            </span>
            FROST key ceremony
          </p>
          {h.label !== null && (
            <p className="truncate text-sm text-slate-600" data-testid="header-label">
              {h.label}
            </p>
          )}
          {/* What is being made, on every screen and for everyone (issue 15.1). */}
          {h.suite !== null && (
            <p className="text-sm text-slate-600" data-testid="header-params">
              <span className="font-medium text-slate-800">
                {h.t} of {h.n} must sign
              </span>{' '}
              · {suiteLabel(h.suite)}
              {h.generation !== null && signing === null && <> · attempt {h.generation + 1}</>}
            </p>
          )}
        </div>
        {locked && (
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
            <p className="text-slate-700" data-testid="phase-text">
              {signingPhase ?? phaseText(h.phase)}
            </p>
            {h.code !== null ? (
              <p className="rounded-lg border border-indigo-200 bg-indigo-50 px-2.5 py-1 text-indigo-950">
                <span className="text-xs">Code </span>
                <span className="font-mono font-semibold tracking-wide" data-testid="header-code">
                  {h.code}
                </span>
              </p>
            ) : (
              <p
                className="rounded-lg border border-slate-200 bg-slate-50 px-2.5 py-1 text-slate-700"
                data-testid="header-code-waiting"
              >
                <span className="text-xs">Code </span>
                <span className="font-medium">coming…</span>
              </p>
            )}
          </div>
        )}
      </div>
      {locked && signingPhase === null && (
        <div className="mx-auto max-w-5xl px-4 pb-3 sm:px-6">
          <StepIndicator phase={h.phase} stoppedAt={h.stoppedAt} />
        </div>
      )}
    </header>
  );
}
