import { useId, useState, type FormEvent } from 'react';
import { selectBusy, type CreateSigningParams } from '../store/index';
import { useController, useUi } from './context';
import { describedBy, Field } from './Field';
import { ui } from './styles';
import { useAction } from './useAction';

type Kind = 'text' | 'hex' | 'psbt';

const NETWORKS = [
  ['bitcoin', 'Bitcoin (mainnet)'],
  ['testnet', 'Testnet'],
  ['signet', 'Signet'],
  ['regtest', 'Regtest'],
] as const;

/**
 * Start screen, "Sign with an existing key" (issue 17): the coordinator picks their key package,
 * the key's public key package (and certificate), and what is to be signed. The app checks them
 * like `frost-ceremony create sign` before a room opens; every member then parses the request
 * itself and approves or refuses on their own screen.
 */
export function SignForm() {
  const id = useId();
  const controller = useController();
  const run = useAction();
  const busy = useUi(selectBusy);
  const [myName, setMyName] = useState('');
  const [kp, setKp] = useState<File | null>(null);
  const [pkp, setPkp] = useState<File | null>(null);
  const [cert, setCert] = useState<File | null>(null);
  const [kind, setKind] = useState<Kind>('text');
  const [text, setText] = useState('');
  const [psbt, setPsbt] = useState<File | null>(null);
  const [network, setNetwork] = useState('bitcoin');
  const [tried, setTried] = useState(false);

  const nameErr = tried && myName.trim() === '' ? 'Enter the name the others will see.' : null;
  const kpErr = tried && !kp ? 'Choose your key package file (you sign too).' : null;
  const pkpErr = tried && !pkp ? 'Choose the key’s public key package file.' : null;
  const msgErr = tried && kind !== 'psbt' && text.trim() === '' ? 'Write what is to be signed.' : null;
  const psbtErr = tried && kind === 'psbt' && !psbt ? 'Choose the PSBT file of the transaction.' : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (myName.trim() === '' || !kp || !pkp || (kind === 'psbt' ? !psbt : text.trim() === '')) return;
    void run('create-signing', async () => {
      const request: CreateSigningParams['request'] =
        kind === 'psbt'
          ? { kind: 'psbt', psbt: new Uint8Array(await psbt!.arrayBuffer()), network }
          : kind === 'hex'
            ? { kind: 'hex', hex: text }
            : { kind: 'text', text };
      await controller.createSigning({
        myName: myName.trim(),
        keyPackageJson: await kp.text(),
        publicKeyPackageJson: await pkp.text(),
        ...(cert ? { certificateJson: await cert.text() } : {}),
        request,
      });
    });
  };

  const file = (
    key: string,
    label: string,
    hint: string,
    set: (f: File | null) => void,
    err: string | null,
    accept = '.json,application/json',
  ) => (
    <Field id={`${id}-${key}`} label={label} hint={hint} error={err}>
      <input
        id={`${id}-${key}`}
        type="file"
        accept={accept}
        className={`${ui.input} text-sm`}
        data-testid={`sign-${key}`}
        onChange={(e) => set(e.target.files?.[0] ?? null)}
        aria-invalid={err ? true : undefined}
        aria-describedby={describedBy(`${id}-${key}`, true, err)}
      />
    </Field>
  );

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-h`} className="space-y-4" data-testid="sign-form">
      <h2 id={`${id}-h`} className={ui.h2}>
        Sign with an existing key
      </h2>
      <p className={ui.hint}>
        You open a signing room and share its invite link with the other key holders. Each of them sees exactly what is
        signed on their own screen and approves or refuses; as many as the key needs must approve.
      </p>
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
      {file(
        'kp',
        'Your key package',
        'The key-package file you saved from the key ceremony; it stays here.',
        setKp,
        kpErr,
      )}
      {file('pkp', 'The key’s public key package', 'public-key-package.json from the key ceremony.', setPkp, pkpErr)}
      {file(
        'cert',
        'The key’s certificate (recommended)',
        'certificate.json: checked here, and its fingerprint is shown to everyone.',
        setCert,
        null,
      )}
      <fieldset className="space-y-2">
        <legend className={ui.label}>What is signed</legend>
        {(
          [
            ['text', 'A message (text)'],
            ['hex', 'A message (hex bytes)'],
            ['psbt', 'A Bitcoin transaction (PSBT file)'],
          ] as const
        ).map(([k, label]) => (
          <label key={k} className="flex items-center gap-2 text-sm text-slate-800">
            <input type="radio" name={`${id}-kind`} checked={kind === k} onChange={() => setKind(k)} />
            {label}
          </label>
        ))}
      </fieldset>
      {kind === 'psbt' ? (
        <>
          {file('psbt', 'PSBT file', 'Binary or base64 PSBT spending from this key’s address.', setPsbt, psbtErr, '')}
          <Field id={`${id}-net`} label="Network">
            <select
              id={`${id}-net`}
              className={ui.input}
              value={network}
              onChange={(e) => setNetwork(e.target.value)}
              data-testid="sign-network"
            >
              {NETWORKS.map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </Field>
        </>
      ) : (
        <Field id={`${id}-msg`} label={kind === 'hex' ? 'Message (hex)' : 'Message'} error={msgErr}>
          <textarea
            id={`${id}-msg`}
            className={`${ui.input} ${kind === 'hex' ? 'font-mono text-sm' : ''}`}
            rows={3}
            value={text}
            data-testid="sign-message"
            onChange={(e) => setText(e.target.value)}
            aria-invalid={msgErr ? true : undefined}
            aria-describedby={describedBy(`${id}-msg`, false, msgErr)}
          />
        </Field>
      )}
      <button type="submit" className={ui.btnPrimary} disabled={busy === 'create-signing'}>
        {busy === 'create-signing' ? 'Checking…' : 'Open signing room'}
      </button>
    </form>
  );
}
