import { ui } from './styles';

/**
 * What each custodian keeps after a ceremony, in plain words (issue 13, Recovery): the backup is
 * secret and holds the key package and the master key; the certificate and the public key
 * package are public; the master key covers every ceremony, so the certificate + backup rebuild a
 * lost key package.
 */
export function WhatToKeep() {
  return (
    <section className={`${ui.card} space-y-3`} aria-labelledby="keep-h" data-testid="what-to-keep">
      <h2 id="keep-h" className={ui.h3}>
        What to keep
      </h2>
      <ul className="list-disc space-y-2 pl-5 text-sm text-slate-700">
        <li>
          <strong className="text-slate-900">Secret, only yours: your encrypted backup</strong> (the file ending in{' '}
          <code>key-package.json.age</code>). It holds your key package and your master key. Your master key is the same
          in every ceremony you take part in from this browser, so one backup of it covers them all.
        </li>
        <li>
          <strong className="text-slate-900">Public: the certificate and the public key package.</strong> They hold no
          secret: keep copies anywhere, and share them with your co-custodians.
        </li>
        <li>
          If you ever lose your key package, the certificate and your backup rebuild exactly the same file, without
          anyone else’s help: “Recover a key package” on the start screen.
        </li>
      </ul>
    </section>
  );
}
