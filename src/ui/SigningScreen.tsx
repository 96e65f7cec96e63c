import type { RequestView, SigningRoomView } from '../store/index';
import { selectBusy, selectIsCoordinator, selectWaiting } from '../store/index';
import { useController, useUi } from './context';
import { triggerDownload } from './download';
import { ScreenTitle } from './ScreenTitle';
import { ui } from './styles';
import { btc, keyFingerprint, signingDownloads } from './text/signing';
import { useAction } from './useAction';

const SUITE_WORDS: Record<string, string> = {
  'secp256k1-tr': 'Bitcoin Taproot key (secp256k1, BIP-340)',
  ed25519: 'Ed25519 key',
  secp256k1: 'secp256k1 key',
  p256: 'P-256 key',
  ristretto255: 'Ristretto255 key',
  ed448: 'Ed448 key',
};

/** Which key signs: type, t of n, fingerprint, certificate. Shown on every signing screen. */
export function SigningKeyBox(props: { view: SigningRoomView }) {
  const k = props.view.key;
  return (
    <div
      className="rounded-xl border border-indigo-200 bg-indigo-50 p-3 text-sm text-indigo-950"
      data-testid="signing-key"
    >
      <p>
        <strong>This is a signing room, not a key ceremony.</strong> No new key is made: {k.minSigners} of the{' '}
        {k.holders} holders of an existing {SUITE_WORDS[k.suite] ?? k.suite} sign one request.
      </p>
      <p className="mt-1">
        Key fingerprint <span className="font-mono font-semibold">{keyFingerprint(k.verifyingKey)}</span>
        {props.view.certificateHash !== null && (
          <>
            {' '}
            · certificate <span className="font-mono">{props.view.certificateHash.slice(0, 16)}</span>
          </>
        )}
      </p>
    </div>
  );
}

/** The request in plain words, from this member's own parse (never the coordinator's description). */
export function RequestDetails(props: { request: RequestView }) {
  const r = props.request;
  if (r.kind === 'message')
    return (
      <div className="space-y-2" data-testid="request-message">
        <p className={ui.hint}>
          A message of {r.length} bytes · SHA-256 <span className="font-mono break-all">{r.sha256}</span>
        </p>
        {r.text !== null ? (
          <pre className="rounded-lg border border-slate-300 bg-slate-50 p-3 text-base break-words whitespace-pre-wrap">
            {r.text}
          </pre>
        ) : null}
        {(r.text === null || r.warnings.length > 0) && (
          <p className="rounded-lg border border-slate-300 bg-slate-50 p-3 font-mono text-sm break-all">{r.hex}</p>
        )}
        {r.warnings.map((w) => (
          <p key={w} className="text-sm font-semibold text-amber-900">
            Warning: {w}
          </p>
        ))}
      </div>
    );
  return (
    <div className="space-y-3" data-testid="request-psbt">
      <p className={ui.hint}>
        A Bitcoin transaction on <strong>{r.network}</strong>. This key’s address:{' '}
        <span className="font-mono break-all">{r.groupAddress}</span>
      </p>
      <div>
        <h3 className={ui.h3}>Money spent (inputs)</h3>
        <ul className="mt-1 space-y-1 text-sm" data-testid="psbt-inputs">
          {r.inputs.map((i) => (
            <li key={i.index}>
              Input {i.index + 1}: <strong>{i.amount === null ? 'amount unknown' : btc(i.amount)}</strong> ·{' '}
              {i.ours ? (
                <span className="text-emerald-800">belongs to this key</span>
              ) : (
                <span className="font-semibold text-red-800">NOT this key</span>
              )}
            </li>
          ))}
        </ul>
      </div>
      <div>
        <h3 className={ui.h3}>Paid to (outputs)</h3>
        <ul className="mt-1 space-y-1 text-sm" data-testid="psbt-outputs">
          {r.outputs.map((o) => (
            <li key={o.index} data-testid="psbt-output">
              Output {o.index + 1}: <strong>{btc(o.amount)}</strong> to{' '}
              <span className="font-mono break-all">{o.address ?? `script ${o.scriptHex}`}</span>
              {o.change && <span className="text-emerald-800"> · change back to this key</span>}
            </li>
          ))}
        </ul>
      </div>
      <p className="text-sm" data-testid="psbt-fee">
        Fee: <strong>{r.fee === null ? 'unknown' : btc(r.fee)}</strong>
        {r.feeRate !== null && ` (${r.feeRate} sat/vB, ${r.vsize} vB)`}
      </p>
      {r.problems.map((p) => (
        <p
          key={`${p.code}:${p.text}`}
          className={`text-sm font-semibold ${p.severity === 'error' ? 'text-red-800' : 'text-amber-900'}`}
        >
          {p.severity === 'error' ? 'Cannot be signed: ' : 'Warning: '}
          {p.text}
        </p>
      ))}
    </div>
  );
}

/**
 * Who the room waits for (the protocol's signingWaitingFor: an answer, or a selected signer's
 * part). Nothing times out by itself; the coordinator may restart the room without someone who
 * is holding everyone up (everyone compares a new code; approvals of the old room do not carry over).
 */
function SigningWaiting(props: { view: SigningRoomView }) {
  const waiting = useUi(selectWaiting);
  const coordinator = useUi(selectIsCoordinator);
  const meId = useUi((s) => s.me?.id ?? null);
  const busy = useUi(selectBusy);
  const controller = useController();
  const run = useAction();
  const entries = waiting.filter((w) => w.id !== meId);
  if (props.view.status !== 'collecting' || entries.length === 0) return null;
  return (
    <section className={ui.card} aria-labelledby="signing-waiting-h" data-testid="signing-waiting">
      <h2 id="signing-waiting-h" className={ui.h3}>
        Waiting for
      </h2>
      <ul className="mt-2 space-y-2 text-sm">
        {entries.map((w) => {
          const m = props.view.members.find((x) => x.identity === w.id);
          const who = m?.name ?? w.id.slice(0, 8);
          return (
            <li
              key={w.id}
              className="flex flex-wrap items-center justify-between gap-2 rounded-lg bg-amber-50 px-3 py-2 text-amber-950"
              data-testid="waiting-item"
            >
              <span>
                <strong>{who}</strong>{' '}
                {m?.decision === null ? 'to approve or refuse' : 'to send their part of the signature'}
              </span>
              {coordinator && (
                <button
                  type="button"
                  className={`${ui.btnSecondary} px-3 py-1.5`}
                  disabled={busy === 'restart'}
                  onClick={() => void run('restart', () => controller.restartWithout([w.id]))}
                >
                  Restart without {who}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <p className={`mt-3 ${ui.small}`}>
        Nothing times out by itself. If someone has dropped out for good,{' '}
        {coordinator
          ? 'you can restart without them (everyone compares a new code and answers again).'
          : 'the coordinator can restart without them.'}
      </p>
    </section>
  );
}

const DECISION_WORDS = { approve: 'approved', refuse: 'refused' } as const;

/**
 * A signing room after the code check (issue 17): the request as this browser parsed it, Approve
 * / Refuse (the only way an approval is ever sent), who answered, the signers, and the outcome
 * with the signature and the CLI's downloads, or the failure with the named culprits.
 */
export function SigningScreen() {
  const v = useUi((s) => s.signing);
  const busy = useUi(selectBusy);
  const holdsKey = useUi((s) => s.signingKeyHeld);
  const controller = useController();
  const run = useAction();
  if (!v) return null;
  const answer = (approve: boolean) =>
    void run('approve-signing', () => controller.approveSigning(v.requestHash, approve));
  const title =
    v.status === 'done'
      ? 'Signed'
      : v.status === 'failed'
        ? 'The signing failed'
        : v.decision === 'pending'
          ? 'Do you approve signing this?'
          : 'Signing…';
  return (
    <div className="space-y-6" data-testid="signing-screen" data-status={v.status} data-decision={v.decision}>
      <div className="space-y-3">
        <ScreenTitle>{title}</ScreenTitle>
        <SigningKeyBox view={v} />
      </div>
      <section className={ui.card} aria-labelledby="request-h">
        <h2 id="request-h" className={ui.h2}>
          What is signed
        </h2>
        <p className={`mt-1 ${ui.hint}`}>
          Your browser read this from the request itself; compare it with what you expect to sign.
        </p>
        <div className="mt-3">
          <RequestDetails request={v.request} />
        </div>
        {v.status === 'collecting' && v.decision === 'pending' && !holdsKey && (
          <p className="mt-4 text-sm font-semibold text-red-800" data-testid="no-key-package">
            You joined without your key package, so this browser cannot approve or sign. The others can still sign if
            enough of them approve.
          </p>
        )}
        {v.status === 'collecting' && v.decision === 'pending' && holdsKey && (
          <div className="mt-4 space-y-2">
            {!v.canAnswer && <p className={ui.hint}>Waiting for everyone to confirm the code before you answer.</p>}
            <div className="flex flex-wrap gap-3">
              <button
                type="button"
                className={ui.btnGood}
                disabled={!v.canAnswer || busy === 'approve-signing'}
                onClick={() => answer(true)}
                data-testid="approve-signing"
              >
                Approve and sign with my share
              </button>
              <button
                type="button"
                className={ui.btnDangerOutline}
                disabled={!v.canAnswer || busy === 'approve-signing'}
                onClick={() => answer(false)}
                data-testid="refuse-signing"
              >
                Refuse
              </button>
            </div>
          </div>
        )}
        {v.decision !== 'pending' && (
          <p className="mt-4 text-sm font-semibold" data-testid="my-decision">
            You {DECISION_WORDS[v.decision]} this request.
          </p>
        )}
      </section>
      <SigningWaiting view={v} />
      <section className={ui.card} aria-labelledby="members-h">
        <h2 id="members-h" className={ui.h2}>
          Who answered
        </h2>
        <ul className="mt-2 space-y-1 text-sm" data-testid="signing-members">
          {v.members.map((m) => (
            <li key={m.identity}>
              <strong>{m.name}</strong>
              {m.share !== null && ` (share ${m.share})`}:{' '}
              {m.decision === null ? 'not answered yet' : DECISION_WORDS[m.decision]}
            </li>
          ))}
        </ul>
        {v.attempt && (
          <p className="mt-2 text-sm" data-testid="signing-attempt">
            Attempt {v.attempt.number}: signing with {v.attempt.signers.map((s) => s.name).join(' and ')}.
          </p>
        )}
        {v.blamed.length > 0 && (
          <p className="mt-2 text-sm font-semibold text-red-800" data-testid="signing-blamed">
            Sent a signature share that does not verify (named in the signing record with the evidence, and replaced):{' '}
            {v.blamed.map((b) => b.name).join(', ')}
          </p>
        )}
      </section>
      {v.status === 'failed' && (
        <section className="rounded-2xl border border-red-300 bg-red-50 p-5" role="alert" data-testid="signing-failed">
          <h2 className={ui.h2}>Nothing was signed</h2>
          <p className="mt-1 text-sm text-red-950">{v.error?.message ?? 'The signing stopped.'}</p>
          {v.error && v.error.culprits.length > 0 && (
            <p className="mt-1 text-sm text-red-950">
              Named: {v.error.culprits.map((c) => c.name ?? c.identity.slice(0, 16)).join(', ')}
            </p>
          )}
        </section>
      )}
      {v.status === 'done' && (
        <section className={ui.card} aria-labelledby="done-h" data-testid="signing-done">
          <h2 id="done-h" className={ui.h2}>
            The signature is made and verified
          </h2>
          <p className={`mt-1 ${ui.hint}`}>
            Your browser checked it against the key before showing it. Keep the files below.
          </p>
          <ul className="mt-2 space-y-1 font-mono text-sm break-all" data-testid="signatures">
            {v.signatures.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
          {v.transaction !== null && (
            <>
              <h3 className={`mt-3 ${ui.h3}`}>Finished transaction (ready to broadcast)</h3>
              <p className="mt-1 max-h-40 overflow-auto font-mono text-xs break-all" data-testid="transaction-hex">
                {v.transaction}
              </p>
            </>
          )}
          <div className="mt-4 flex flex-wrap gap-3">
            {signingDownloads(v).map((f) => (
              <button
                key={f.filename}
                type="button"
                className={ui.btnSecondary}
                onClick={() => triggerDownload(f)}
                data-testid={`download-${f.filename}`}
              >
                Download {f.filename}
              </button>
            ))}
          </div>
        </section>
      )}
    </div>
  );
}
