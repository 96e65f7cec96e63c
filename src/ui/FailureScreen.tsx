import { useMemo, useState } from 'react';
import { namesById } from '../store/index';
import { triggerDownload } from './download';
import { useController, useUi } from './context';
import { RestartChoice } from './RestartChoice';
import { ScreenTitle } from './ScreenTitle';
import { ui } from './styles';
import { describeFinding, equivocatedMessageOf, failureAdvice, failureHeadline } from './text/failureText';
import { useAction } from './useAction';

/**
 * Failure / stop: what happened in plain words, who is at fault, the evidence, and what to do
 * next (the coordinator restarts without the culprits; anyone may leave).
 */
export function FailureScreen() {
  const controller = useController();
  const run = useAction();
  const s = useUi((st) => ({
    phase: st.phase,
    failure: st.failure,
    roster: st.roster,
    candidates: st.candidates,
    me: st.me,
    busy: st.busy,
  }));
  const { roster, candidates, me } = s;
  const namer = useMemo(
    () => ({ names: namesById({ roster, candidates }), meId: me?.id ?? null }),
    [roster, candidates, me],
  );
  const f = s.failure;
  const aborted = s.phase === 'aborted';
  const codeMismatch = f?.findings.some((x) => x.code === 'code-mismatch') ?? false;
  const excludedMe =
    f?.findings.some((x) => x.code === 'excluded' && x.culprit !== null && x.culprit === s.me?.id) ?? false;
  const coordinator = s.candidates.find((c) => c.isCoordinator) ?? null;
  const coordName = coordinator ? (coordinator.id === s.me?.id ? 'You' : coordinator.name) : null;
  const culprits = f?.culprits ?? [];
  const canRestart = f?.actions.includes('restart-without') ?? false;
  const advice = f ? failureAdvice(f, namer, coordName, canRestart) : null;
  // Which message was signed twice; the machine's detail line says "round-1 messages" for all.
  const equivocated = useMemo(() => equivocatedMessageOf(f?.evidence?.data), [f?.evidence]);
  // Restarting in this room is the wrong advice when the coordinator is the one who cheated.
  const offerRestart = canRestart && !codeMismatch && advice?.restartLabel !== null;
  const byId = new Map(s.roster.map((r) => [r.id, r] as const));
  const [choosing, setChoosing] = useState(false);

  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <ScreenTitle testId="failure-title">
          {codeMismatch
            ? 'Stop: the codes did not match'
            : excludedMe
              ? 'The others continue without you'
              : f
                ? (advice?.title ?? failureHeadline(culprits, namer))
                : aborted
                  ? 'The ceremony was stopped'
                  : 'The ceremony stopped'}
        </ScreenTitle>
        {!codeMismatch && (
          <p className="text-lg text-slate-800" data-testid="failure-reassurance">
            {excludedMe
              ? 'Nothing from this attempt on your device is needed any more. You can leave.'
              : (advice?.reassurance ?? 'No key was made in this attempt, so nothing is lost.')}
          </p>
        )}
      </div>
      {f && (
        <section className="rounded-2xl border border-red-300 bg-red-50 p-5 sm:p-6" aria-labelledby="what-h">
          <h2 id="what-h" className="text-base font-semibold text-red-950">
            What happened
          </h2>
          <ul className="mt-2 space-y-2">
            {f.findings.map((x, i) => (
              <li
                key={i}
                className="text-red-950"
                data-testid="failure-finding"
                data-code={x.code}
                data-culprit={x.culprit ?? ''}
              >
                {describeFinding(x, namer, { equivocated })}
                {x.detail &&
                  x.code !== 'other' &&
                  x.code !== 'local-error' &&
                  !(x.code === 'equivocation' && equivocated !== null && equivocated !== 'round1') && (
                    <span className="mt-0.5 block text-xs text-red-900">Technical detail: {x.detail}</span>
                  )}
              </li>
            ))}
          </ul>
          {advice?.nobodyBlamed && !codeMismatch && (
            <p className="mt-3 text-sm text-red-950" data-testid="nobody-blamed">
              {advice.nobodyBlamed}
            </p>
          )}
          {codeMismatch && (
            <p className="mt-3 text-sm text-red-950">
              Nothing secret was sent yet, so nothing is lost. Do not continue in this room: the coordinator should
              create a new ceremony and send the invite link over a channel you trust.
            </p>
          )}
        </section>
      )}
      {culprits.length > 0 && !excludedMe && (
        <section className={ui.card} aria-labelledby="fault-h">
          <h2 id="fault-h" className={ui.h3}>
            At fault
          </h2>
          <ul className="mt-2 space-y-1">
            {culprits.map((id) => (
              <li key={id} data-testid="culprit" data-id={id}>
                <span className="font-medium text-slate-900" data-testid="culprit-name">
                  {id === s.me?.id ? 'You' : (namer.names[id] ?? id.slice(0, 8))}
                </span>
                {byId.get(id) && (
                  <span className="ml-2 font-mono text-xs text-slate-600">{byId.get(id)!.fingerprint}</span>
                )}
              </li>
            ))}
          </ul>
          <p className={`mt-2 ${ui.small}`}>
            {/* After two rosters from the coordinator the advice is a new room, so no word on this room's next attempts. */}
            {advice?.restartLabel === null
              ? ''
              : 'People found at fault cannot be picked again for the next few attempts in this room. '}
            Every browser checked this for itself; it is not the server’s word.
          </p>
        </section>
      )}
      <section className={`${ui.card} space-y-4`} aria-labelledby="next-h">
        <h2 id="next-h" className={ui.h3}>
          What now
        </h2>
        {excludedMe || codeMismatch || !advice ? null : offerRestart ? (
          <p className={ui.hint} data-testid="next-step">
            {advice.nextStep}
          </p>
        ) : (
          <p className={ui.hint} data-testid={advice.restartLabel === null ? 'next-step' : 'waiting-for-restart'}>
            {advice.nextStep}
          </p>
        )}
        <div className="flex flex-wrap gap-3">
          {offerRestart && (
            <button
              type="button"
              className={ui.btnPrimary}
              disabled={s.busy === 'restart'}
              onClick={() => setChoosing(true)}
              aria-expanded={choosing}
              data-testid="restart-without"
            >
              {advice?.restartLabel}
            </button>
          )}
          {f?.evidence && (
            <button
              type="button"
              className={ui.btnSecondary}
              onClick={() => triggerDownload(f.evidence!)}
              data-testid="download-evidence"
            >
              Download the evidence
            </button>
          )}
          <button
            type="button"
            className={ui.btnSecondary}
            disabled={s.busy === 'leave'}
            onClick={() => void run('leave', () => controller.leave())}
          >
            Leave
          </button>
        </div>
        {offerRestart && choosing && (
          <RestartChoice
            without={culprits}
            names={culprits.map((c) => namer.names[c] ?? c.slice(0, 8)).join(' and ')}
            onCancel={() => setChoosing(false)}
          />
        )}
        {f?.evidence && (
          <p className={ui.small}>
            The evidence is the signed messages that prove what happened ({f.evidence.filename}). It contains no secrets
            anyone still needs; anyone can check it later.
          </p>
        )}
      </section>
    </div>
  );
}
