import { useId, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  recordTestSign,
  startTestSign,
  selectRoster,
  selectTestSign,
  selectTestSignRequest,
  DEFAULT_TEST_TEXT,
  testTextProblem,
  type RosterMember,
  type TestSignRequest,
} from '../store/index';
import { useController, useStoreApi, useUi } from './context';
import { ui } from './styles';

/**
 * Optional: t custodians sign a short test text, proving the pieces work before anyone relies on
 * them. A request from someone else is signed only after this custodian reads it here and presses
 * "Sign this test text"; what is signed is the text inside a test-only message bound to this
 * ceremony, never a transaction (SECURITY.md, "Test signing is not a signing oracle").
 */
export function TestSignPanel(props: { t: number }) {
  const id = useId();
  const store = useStoreApi();
  const controller = useController();
  const ts = useUi(selectTestSign);
  const request = useUi(selectTestSignRequest);
  const roster = useUi(useShallow(selectRoster));
  const [text, setText] = useState(DEFAULT_TEST_TEXT);
  const problem = text === '' ? null : testTextProblem(text);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    startTestSign(store, text);
    // Errors are shown in this panel (not the page-level error banner), next to the result.
    try {
      recordTestSign(store, await controller.testSign(text));
    } catch (err) {
      recordTestSign(store, { ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  };
  const pendingForMe = isPendingForMe(request);
  // A chosen signer said no: shown the same way to everyone (who asked, the other signers, the rest).
  const declinedBy = request !== null && request.status === 'failed' && request.declinedBy ? request.declinedBy : null;
  return (
    <section className={`${ui.card} space-y-3`} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className={ui.h3}>
        Optional: sign a test message
      </h2>
      <p className={ui.hint}>
        {props.t} custodians sign a short test text together and everyone checks the signature against the group key. It
        proves the pieces work. What is signed is your text inside a test-only message bound to this ceremony, which no
        wallet or blockchain accepts as a transaction; every custodian asked to sign sees the text and must approve it
        on their own screen.
      </p>
      <div aria-live="polite">{pendingForMe && <ApprovalRequest request={request} roster={roster} />}</div>
      <form onSubmit={submit} className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="min-w-0 flex-1">
          <label htmlFor={`${id}-msg`} className={ui.label}>
            Test text
          </label>
          <input
            id={`${id}-msg`}
            className={ui.input}
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={problem !== null}
            aria-describedby={problem ? `${id}-problem` : undefined}
          />
          {problem && (
            <p id={`${id}-problem`} className="mt-1 text-sm text-red-800">
              {problem[0]!.toUpperCase() + problem.slice(1)}.
            </p>
          )}
        </div>
        <button
          type="submit"
          className={ui.btnSecondary}
          disabled={ts.status === 'running' || text === '' || problem !== null}
        >
          {ts.status === 'running' ? 'Signing…' : 'Sign a test message'}
        </button>
      </form>
      {ts.status === 'running' && request && request.status === 'collecting' && (
        <Waiting request={request} roster={roster} />
      )}
      <div aria-live="polite" data-testid="test-sign-result" data-status={ts.status}>
        {ts.status === 'ok' && (
          <div className="rounded-lg bg-emerald-50 p-3 text-sm text-emerald-950">
            <p className="font-semibold">
              <span aria-hidden="true">✓ </span>The signature is valid for the group key.
            </p>
            <p>Signed by {ts.signers.map((s) => nameOf(roster, s)).join(', ')}.</p>
            <p className="mt-1 font-mono text-xs break-all">{ts.signatureHex}</p>
          </div>
        )}
        {declinedBy !== null && <Declined request={request!} who={declinedBy} roster={roster} />}
        {declinedBy === null && ts.status === 'failed' && (
          <p className="rounded-lg bg-red-50 p-3 text-sm text-red-950">
            <span className="font-semibold">Test signing failed: </span>
            {ts.error}
          </p>
        )}
        {declinedBy === null &&
          ts.status === 'idle' &&
          request &&
          request.approval !== 'none' &&
          request.approval !== 'pending' && <Answered request={request} roster={roster} />}
      </div>
    </section>
  );
}

/** Id of the approval prompt, for the notice at the top of the success screen to scroll to. */
export const TEST_SIGN_APPROVAL_ID = 'test-sign-approval';

/** True when a test-signing request waits for this custodian's answer. */
export function isPendingForMe(request: TestSignRequest | null): request is TestSignRequest {
  return request !== null && request.status === 'collecting' && request.approval === 'pending';
}

/** A chosen signer declined (their signed "no" reached this device): the request is over. */
function Declined(props: { request: TestSignRequest; who: string; roster: readonly RosterMember[] }) {
  const name = nameOf(props.roster, props.who);
  return (
    <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-950" data-testid="test-sign-declined">
      <span className="font-semibold">{name} declined to sign the test text</span> “{props.request.text}”, so nothing
      was signed. Declining is their choice, not a fault; anyone can ask again.
    </p>
  );
}

/** A name for a participant id (the store's signer lists hold ids in live ceremonies, names in rehearsals). */
function nameOf(roster: readonly RosterMember[], id: string): string {
  return roster.find((r) => r.id === id)?.name ?? id;
}

/** Someone else asks me to sign: the text, who asked, and the two answers. */
function ApprovalRequest(props: { request: TestSignRequest; roster: readonly RosterMember[] }) {
  const { request, roster } = props;
  const controller = useController();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const asker = roster.find((r) => r.id === request.requester);
  const answer = async (approve: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await controller.approveTestSign(request.requestId, approve);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div
      id={TEST_SIGN_APPROVAL_ID}
      tabIndex={-1}
      className="scroll-mt-4 space-y-3 rounded-lg border-2 border-amber-500 bg-amber-50 p-4 text-sm text-amber-950"
      role="group"
      aria-labelledby={`tsr-${request.requestId}`}
      data-testid="test-sign-approval"
    >
      <p id={`tsr-${request.requestId}`} className="font-semibold">
        {asker?.name ?? 'Someone'} asks you to sign this test text
        {asker && (
          <span className="ml-1 font-mono text-xs font-normal whitespace-nowrap text-amber-900">
            (fingerprint {asker.fingerprint})
          </span>
        )}
        :
      </p>
      <blockquote
        className="rounded-md border border-amber-300 bg-white px-3 py-2 font-mono text-base break-all text-slate-900"
        data-testid="test-sign-request-text"
      >
        {request.text}
      </blockquote>
      <p>
        Signers: {request.signers.map((s) => nameOf(roster, s)).join(' and ')}. Only sign if you expected this request
        and the text is what {asker?.name ?? 'they'} told you. Nothing is signed from your device until you press the
        button.
      </p>
      <div className="flex flex-col gap-2 sm:flex-row">
        <button type="button" className={ui.btnPrimary} disabled={busy} onClick={() => void answer(true)}>
          Sign this test text
        </button>
        <button type="button" className={ui.btnSecondary} disabled={busy} onClick={() => void answer(false)}>
          Decline
        </button>
      </div>
      {error && <p className="text-red-800">{error}</p>}
    </div>
  );
}

/** My own request, while the others read and approve it. */
function Waiting(props: { request: TestSignRequest; roster: readonly RosterMember[] }) {
  const missing = props.request.signers.filter((s) => !props.request.committed.includes(s));
  if (missing.length === 0) return null;
  return (
    <p className={ui.hint} data-testid="test-sign-waiting">
      Waiting for {missing.map((s) => nameOf(props.roster, s)).join(' and ')} to approve “{props.request.text}” on their
      own screen.
    </p>
  );
}

/** A request from someone else that I answered. */
function Answered(props: { request: TestSignRequest; roster: readonly RosterMember[] }) {
  const { request, roster } = props;
  const asker = nameOf(roster, request.requester);
  if (request.approval === 'declined') return <p className={ui.hint}>You declined {asker}’s test signing request.</p>;
  if (request.status === 'ok')
    return (
      <p className="rounded-lg bg-emerald-50 p-3 text-sm text-emerald-950">
        <span aria-hidden="true">✓ </span>The test signature {asker} asked for is valid for the group key.
      </p>
    );
  if (request.status === 'failed')
    return (
      <p className="rounded-lg bg-red-50 p-3 text-sm text-red-950">
        Test signing asked by {asker} failed: {request.error}
      </p>
    );
  return <p className={ui.hint}>You approved; waiting for the other signers.</p>;
}
