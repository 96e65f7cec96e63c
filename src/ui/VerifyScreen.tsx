import { useState } from 'react';
import {
  namesById,
  selectBusy,
  selectMe,
  selectParams,
  selectRoster,
  selectVerification,
  selectWaiting,
} from '../store/index';
import { SingleSignerConsent } from './SingleSignerConsent';
import { useController, useUi } from './context';
import { ParamsChangeNotice } from './ParamsChangeNotice';
import { ParamsSummary } from './ParamsSummary';
import { ScreenTitle } from './ScreenTitle';
import { SigningKeyBox } from './SigningScreen';
import { ui } from './styles';
import { PresenceBadge } from './PresenceBadge';
import { useNow } from './useNow';
import { WaitingList } from './WaitingList';
import { codeWaitingText } from './text/codeWaiting';
import { useAction } from './useAction';

/**
 * Verify: everyone reads the code aloud and presses "Codes match" or "Codes differ". Until
 * every person's part of the code has arrived there is no code yet: the screen says whose part
 * it waits for, and offers no buttons (the protocol refuses a "codes match" before the code).
 */
export function VerifyScreen() {
  const controller = useController();
  const run = useAction();
  const v = useUi(selectVerification);
  const roster = useUi(selectRoster);
  const me = useUi(selectMe);
  const busy = useUi(selectBusy);
  const waiting = useUi(selectWaiting);
  const generation = useUi((s) => s.room?.generation ?? 0);
  const params = useUi(selectParams);
  const [acceptedSingle, setAcceptedSingle] = useState(false);
  const invited = useUi((s) => s.invitedParams);
  const presence = useUi((s) => s.presence);
  const signing = useUi((s) => s.signing);
  const now = useNow();
  if (!v) return <ScreenTitle>Preparing the verification code</ScreenTitle>;
  const answered = v.myAnswer !== null;
  const code = v.code;
  // t = 1: every key package will hold the whole key; my custodian must accept that first.
  const single = params?.t === 1;
  return (
    <div className="space-y-6">
      <ScreenTitle>Compare the code</ScreenTitle>
      {signing && <SigningKeyBox view={signing} />}
      {generation > 0 && (
        <p className="rounded-xl border border-indigo-200 bg-indigo-50 p-3 text-indigo-950" data-testid="new-attempt">
          This is attempt {generation + 1}, with a new list of people, so the code is new too. Compare it again.
        </p>
      )}
      <section className={`${ui.card} text-center`} aria-labelledby="code-h">
        <h2 id="code-h" className="text-sm font-medium tracking-wide text-slate-600 uppercase">
          Verification code
        </h2>
        {code !== null ? (
          <>
            <p
              className="my-4 font-mono text-2xl font-bold tracking-wider break-words text-slate-900 sm:text-5xl"
              data-testid="verification-code"
            >
              {code}
            </p>
            {params && (
              <div className="mx-auto mb-4 flex max-w-xl flex-col items-center gap-2" data-testid="code-params">
                <p className="text-sm text-slate-700">This code covers the key being made:</p>
                <ParamsSummary params={params} attempt={generation + 1} testId="code-params-summary" />
                <ParamsChangeNotice locked={params} invited={invited} />
              </div>
            )}
            <p className="mx-auto max-w-xl text-lg text-slate-800">
              Read it aloud on your call; everyone must see the same.
            </p>
            <p className={`mx-auto mt-1 max-w-xl ${ui.small}`}>
              The code is derived from the key type, how many must sign, the key’s name, everyone’s keys and a random
              part from each person. If someone sees a different code, somebody is seeing a different key or list of
              people: stop.
            </p>
          </>
        ) : (
          <>
            <p className="my-4 text-xl font-semibold text-slate-800" data-testid="code-waiting">
              {codeWaitingText(v.awaiting ?? [], {
                names: namesById({ roster, candidates: [] }),
                meId: me?.id ?? null,
              })}
            </p>
            <p className={`mx-auto mt-1 max-w-xl ${ui.small}`}>
              Each person’s device adds a random part to the code once the list of people is fixed, so nobody, not even
              the person who created the ceremony, can choose or predict it. The code appears as soon as every part has
              arrived.
            </p>
          </>
        )}
        {code !== null && !answered && single && (
          <SingleSignerConsent n={params?.n ?? roster.length} accepted={acceptedSingle} onChange={setAcceptedSingle} />
        )}
        {code === null ? null : !answered ? (
          <div className="mt-6 flex flex-col justify-center gap-3 sm:flex-row">
            <button
              type="button"
              className={`${ui.btnGood} px-6 py-3 text-base`}
              disabled={busy === 'confirm-code' || (single && !acceptedSingle)}
              onClick={() =>
                void run('confirm-code', () =>
                  controller.confirmCode(true, single ? { acceptSingleSigner: acceptedSingle } : undefined),
                )
              }
            >
              Codes match
            </button>
            <button
              type="button"
              className={`${ui.btnDangerOutline} px-6 py-3 text-base`}
              disabled={busy === 'confirm-code'}
              onClick={() => void run('confirm-code', () => controller.confirmCode(false))}
            >
              Codes differ
            </button>
          </div>
        ) : (
          <p className="mt-6 font-medium text-emerald-800" data-testid="my-code-answer">
            {v.myAnswer === 'match' ? 'You confirmed that the codes match.' : 'You reported that the codes differ.'}
          </p>
        )}
      </section>
      <section className={ui.card} aria-labelledby="roster-h">
        <h2 id="roster-h" className={ui.h3}>
          Who takes part ({v.confirmed.length} of {roster.length} confirmed)
        </h2>
        <ul className="mt-3 divide-y divide-slate-200" data-testid="roster">
          {roster.map((r) => {
            const ok = v.confirmed.includes(r.id);
            return (
              <li
                key={r.id}
                className="flex flex-wrap items-center justify-between gap-2 py-2"
                data-testid="roster-member"
                data-name={r.name}
                data-confirmed={ok}
              >
                <span className="min-w-0">
                  <span className="font-medium text-slate-900">
                    {r.index}. {r.name}
                    {r.id === me?.id && <span className="font-normal text-slate-600"> (you)</span>}
                  </span>
                  <span className="block font-mono text-xs text-slate-600">{r.fingerprint}</span>
                </span>
                <span className="flex flex-wrap items-center gap-x-4 gap-y-1">
                  {r.id !== me?.id && <PresenceBadge presence={presence[r.id]} now={now} />}
                  <span className={`text-sm font-medium ${ok ? 'text-emerald-800' : 'text-slate-600'}`}>
                    <span aria-hidden="true">{ok ? '✓ ' : '… '}</span>
                    {ok ? 'Codes match' : 'Not yet'}
                  </span>
                </span>
              </li>
            );
          })}
        </ul>
      </section>
      {answered && <WaitingList entries={waiting} />}
    </div>
  );
}
