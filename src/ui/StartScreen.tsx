import { useState } from 'react';
import { setPhase, selectPendingInvite } from '../store/index';
import { useStoreApi, useUi } from './context';
import { CreateForm } from './CreateForm';
import { HowItWorks } from './HowItWorks';
import { JoinForm } from './JoinForm';
import { ScreenTitle } from './ScreenTitle';
import { SignForm } from './SignForm';
import { ui } from './styles';

/** Start: create a ceremony, join one, or rehearse. */
export function StartScreen() {
  const store = useStoreApi();
  const invited = useUi(selectPendingInvite) !== null;
  const [signing, setSigning] = useState(false);
  return (
    <div className="space-y-6">
      <div className="max-w-3xl">
        <ScreenTitle>Create a shared key with your co-custodians</ScreenTitle>
        <p className="mt-2 text-slate-700" data-testid="start-explainer">
          Each of you ends up with your own piece of a new key, and nobody, not even this website’s server, ever holds
          the whole key. Plan about 10 minutes together on a call: you compare a short code aloud, the browsers do the
          rest, then each of you saves an encrypted backup.
        </p>
      </div>
      <div className={`grid gap-6 ${invited ? '' : 'lg:grid-cols-2'}`}>
        {invited ? (
          <div className="grid gap-6 lg:grid-cols-2">
            <section className={ui.card}>
              <JoinForm />
            </section>
            <HowItWorks />
          </div>
        ) : (
          <>
            <section className={ui.card}>
              <CreateForm />
            </section>
            <div className="space-y-6">
              <section className={ui.card}>
                <JoinForm />
              </section>
              <HowItWorks />
            </div>
          </>
        )}
      </div>
      {signing ? (
        <section className={ui.card}>
          <SignForm />
        </section>
      ) : (
        <section className="rounded-2xl border border-dashed border-slate-400 p-5 sm:p-6" aria-labelledby="sign-h">
          <h2 id="sign-h" className={ui.h3}>
            Sign with an existing key
          </h2>
          <p className={`mt-1 ${ui.hint}`}>
            Made a key together already? Sign a message or a Bitcoin transaction with it: each key holder sees exactly
            what is signed and approves it on their own screen.
          </p>
          <button
            type="button"
            className={`mt-3 ${ui.btnSecondary}`}
            onClick={() => setSigning(true)}
            data-testid="open-sign-form"
          >
            Sign with an existing key
          </button>
        </section>
      )}
      <section className="rounded-2xl border border-dashed border-slate-400 p-5 sm:p-6" aria-labelledby="recover-h">
        <h2 id="recover-h" className={ui.h3}>
          Lost your key package?
        </h2>
        <p className={`mt-1 ${ui.hint}`}>
          Rebuild it yourself from the key’s certificate and the backup you saved at the end of the ceremony.
        </p>
        <button type="button" className={`mt-3 ${ui.btnSecondary}`} onClick={() => setPhase(store, 'recover')}>
          Recover a key package
        </button>
      </section>
      <section className="rounded-2xl border border-dashed border-slate-400 p-5 sm:p-6" aria-labelledby="rehearse-h">
        <h2 id="rehearse-h" className={ui.h3}>
          Not sure yet? Rehearse first
        </h2>
        <p className={`mt-1 ${ui.hint}`}>
          Run a whole ceremony alone with simulated people in this tab, and make some of them misbehave to see what
          happens.
        </p>
        <button type="button" className={`mt-3 ${ui.btnSecondary}`} onClick={() => setPhase(store, 'rehearsal-setup')}>
          Rehearse with simulated people
        </button>
      </section>
    </div>
  );
}
