import { useEffect, useId, useState, type FormEvent } from 'react';
import { selectBusy, selectPendingInvite } from '../store/index';
import { useController, useUi } from './context';
import { describedBy, Field } from './Field';
import { FrostClientContactField } from './FrostClientContactField';
import { ParamsSummary } from './ParamsSummary';
import { ui } from './styles';
import { useAction } from './useAction';

/** Start screen: join a ceremony from an invite link (pre-filled when the app was opened with one). */
export function JoinForm() {
  const id = useId();
  const controller = useController();
  const run = useAction();
  const busy = useUi(selectBusy);
  const pending = useUi(selectPendingInvite);
  const invited = useUi((s) => s.invitedParams);
  const [url, setUrl] = useState(pending ?? '');
  const [myName, setMyName] = useState('');
  const [contact, setContact] = useState('');
  const [keyPackage, setKeyPackage] = useState<File | null>(null);
  const [tried, setTried] = useState(false);
  // The shell may learn the invite from the URL after the first render: fill an empty field.
  useEffect(() => {
    // An update from outside React (the shell read the URL), applied once and only to an empty field, so
    // it cannot cascade; deriving it during render would overwrite what the custodian is typing.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (pending) setUrl((u) => (u === '' ? pending : u));
  }, [pending]);
  const urlErr = tried && url.trim() === '' ? 'Paste the invite link you received.' : null;
  const nameErr = tried && myName.trim() === '' ? 'Enter the name the others will see.' : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (url.trim() === '' || myName.trim() === '') return;
    void run('join', async () => {
      const opts = {
        ...(contact.trim() ? { frostClientContact: contact.trim() } : {}),
        // A signing room (issue 17): the key package is read here and kept in this browser only.
        ...(keyPackage ? { keyPackageJson: await keyPackage.text() } : {}),
      };
      await controller.joinInvite(url.trim(), myName.trim(), Object.keys(opts).length > 0 ? opts : undefined);
    });
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-h`} className="space-y-4" data-testid="join-form">
      <h2 id={`${id}-h`} className={ui.h2}>
        {pending ? 'You were invited' : 'Join with an invite link'}
      </h2>
      {pending && invited && (
        <div className="space-y-1 rounded-xl border border-indigo-200 bg-indigo-50 p-3" data-testid="invited-params">
          <p className="text-sm text-indigo-950">The coordinator invites you to hold a piece of this key:</p>
          <ParamsSummary params={invited} testId="invited-params-summary" />
        </div>
      )}
      {pending && <p className={ui.hint}>Enter your name and join. The coordinator will see you appear in the room.</p>}
      <Field id={`${id}-url`} label="Invite link" hint="It ends with a # and a secret; keep it private." error={urlErr}>
        <input
          id={`${id}-url`}
          className={`${ui.input} font-mono text-sm`}
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={urlErr ? true : undefined}
          aria-describedby={describedBy(`${id}-url`, true, urlErr)}
        />
      </Field>
      <Field id={`${id}-name`} label="Your name" error={nameErr}>
        <input
          id={`${id}-name`}
          className={ui.input}
          value={myName}
          onChange={(e) => setMyName(e.target.value)}
          autoComplete="name"
          aria-invalid={nameErr ? true : undefined}
          aria-describedby={describedBy(`${id}-name`, false, nameErr)}
        />
      </Field>
      <FrostClientContactField id={`${id}-contact`} value={contact} onChange={setContact} />
      <Field
        id={`${id}-kp`}
        label="Invited to sign with a key you hold? Your key package"
        hint="Only for a signing room: the key-package file from the key ceremony. It stays in this browser."
      >
        <input
          id={`${id}-kp`}
          type="file"
          accept=".json,application/json"
          className={`${ui.input} text-sm`}
          data-testid="join-key-package"
          onChange={(e) => setKeyPackage(e.target.files?.[0] ?? null)}
          aria-describedby={describedBy(`${id}-kp`, true, null)}
        />
      </Field>
      <button type="submit" className={ui.btnPrimary} disabled={busy === 'join'}>
        {busy === 'join' ? 'Joining…' : 'Join ceremony'}
      </button>
    </form>
  );
}
