/**
 * The browser's "Recover a key package" (issue 13, Recovery): the certificate (public) and the
 * custodian's master key (secret: from the age backup made at the end of a ceremony, or the one
 * this browser profile saved) give back the key package, in the page, byte-identical to the
 * ceremony's download and under the same file name. Every failure becomes plain words.
 */
import { BackupError, decryptKeyPackageBackup } from '../ceremony/index';
import { recoverFromCertificate, RecoveryError, type RecoveryErrorCode } from '../protocol/index';
import type { RecoverRequest, RecoverResult } from '../store/index';
import { backupProofMessage } from './backupProofMessage';
import { downloadName } from './downloadNames';
import { suiteIdOf } from './toUiState';

const TAMPERED =
  'This certificate was changed after the ceremony, so it cannot be trusted to rebuild your key. The certificate is public: ask a co-custodian to send you their copy, and try again with it.';

/** What a custodian reads for each recovery failure: the cause and what to do next. */
const MESSAGES: Record<RecoveryErrorCode, string> = {
  'not-json':
    'This file is not a ceremony certificate. Choose the certificate file saved at the end of the ceremony (its name ends in certificate.json).',
  'unknown-format':
    'This file is not a ceremony certificate. Choose the certificate file saved at the end of the ceremony (its name ends in certificate.json).',
  'old-certificate':
    'This certificate is from an older version of this app, made before recovery existed: it holds no recovery data. If you still have the backup of that key, it holds the key package itself.',
  'malformed-certificate': 'This certificate is incomplete or damaged, so your key cannot be rebuilt from it.',
  'bad-roster': TAMPERED,
  'suite-mismatch': TAMPERED,
  'tampered-transcript': TAMPERED,
  'bad-certeq-signature': TAMPERED,
  'bad-envelope': TAMPERED,
  'msg1-mismatch': TAMPERED,
  'confirmation-mismatch': TAMPERED,
  'public-key-package-mismatch': TAMPERED,
  'bad-master-key': 'The master key is damaged (it is not 32 bytes). Use your backup file instead.',
  'not-a-participant':
    'Your master key is not one of this key’s custodians. Check that the certificate is of the right key, and that the backup (or this browser) is the one you used in that ceremony.',
  'malformed-bundle': TAMPERED,
  'bundle-does-not-open':
    'Your piece of the key does not decrypt from this certificate: the certificate was changed after the ceremony. Ask a co-custodian for their copy of the certificate.',
};

/** Plain words for a recovery failure; the technical detail is kept after them. */
export function recoveryMessage(e: unknown): string {
  if (e instanceof RecoveryError) {
    const words = MESSAGES[e.code];
    return words === TAMPERED || e.code === 'malformed-certificate' ? `${words} (Detail: ${e.message}.)` : words;
  }
  return e instanceof Error ? e.message : String(e);
}

/**
 * Recovers with the master secret `saved` holds (this browser's) or the one in the backup file.
 * Rejects with an Error whose message is fit to show.
 */
export async function recoverInPage(
  req: RecoverRequest,
  savedMaster: () => Promise<Uint8Array | undefined>,
): Promise<RecoverResult> {
  let master: Uint8Array | undefined;
  if (req.key.kind === 'saved') {
    master = await savedMaster();
    if (!master)
      throw new Error(
        'This browser has no saved master key. Use the backup file you saved at the end of the ceremony.',
      );
  } else {
    try {
      const opened = await decryptKeyPackageBackup(
        req.key.file,
        req.key.kind === 'backup-passphrase' ? { passphrase: req.key.passphrase } : { identities: [req.key.identity] },
      );
      master = opened.masterSecret;
    } catch (e) {
      if (e instanceof BackupError) throw new Error(backupProofMessage(e), { cause: e });
      throw e;
    }
    if (!master)
      throw new Error(
        'This backup is an older kind that holds only the key package, not your master key. It does not need recovering: it holds your key package itself, which the age tool or “frost-ceremony restore” opens.',
      );
  }
  let r;
  try {
    r = recoverFromCertificate({ certificate: req.certificate, masterSecret: master });
  } catch (e) {
    throw new Error(recoveryMessage(e), { cause: e });
  }
  return {
    file: {
      filename: downloadName('key-package', { label: r.label, person: r.name }),
      mimeType: 'application/json',
      data: r.keyPackageJson,
    },
    name: r.name,
    identifier: r.identifier,
    label: r.label,
    t: r.minSigners,
    n: r.maxSigners,
    suite: suiteIdOf(r.suite),
  };
}
