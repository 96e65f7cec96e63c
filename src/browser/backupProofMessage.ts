import { BackupError, type BackupErrorCode } from '../ceremony/index';

/**
 * What a custodian reads when their backup does not open in the proof step: plain words and
 * the next thing to try, instead of the backup library's technical message.
 */
const MESSAGES: Record<BackupErrorCode, string> = {
  'wrong-passphrase':
    'That passphrase does not open this backup. Check for typos and capital letters and try again. If you cannot remember it, make a new backup.',
  'wrong-identity':
    'That age identity does not open this backup: it is not one of the keys the backup was made for. Try the identity that matches one of the age1… keys you entered.',
  'needs-identity':
    'This backup was made for age public keys, so it opens with an age identity (AGE-SECRET-KEY-1…), not a passphrase.',
  'needs-passphrase': 'This backup was made with a passphrase, so it opens with that passphrase, not an age identity.',
  'invalid-identity': 'That is not an age identity. An identity is one line starting with AGE-SECRET-KEY-1.',
  'invalid-passphrase': 'Enter the passphrase you chose for this backup.',
  'not-age-file': 'This file is not an encrypted backup. Choose the .age file this app saved for you.',
  damaged: 'This backup file is damaged or was changed after it was saved. Make a new backup and keep the new file.',
  'not-key-package': 'This file opens, but it does not hold a key package. Choose the backup this app saved for you.',
  'invalid-key-package': 'This file opens, but the key package inside is not valid. Make a new backup.',
  'key-package-mismatch':
    'This backup opens, but it holds a different key package than the one from this ceremony. Choose the backup you just saved.',
  'invalid-target': 'Choose either a passphrase or age public keys for the backup.',
  'invalid-recipient': 'One of the age public keys is not valid. Each one starts with age1.',
  'invalid-master-key': 'This backup opens, but the master key inside is damaged. Make a new backup.',
  'no-master-key':
    'This backup opens, but it is an older kind that holds only the key package, not your master key. Make a new backup here: the new one holds both.',
  'master-key-mismatch':
    'This backup opens, but it holds a different master key than the one this browser uses. Choose the backup you just saved.',
};

/** The message for a backup failure: a `BackupError` or its code; anything else reads as "not a backup". */
export function backupProofMessage(error: unknown): string {
  if (error instanceof BackupError) return MESSAGES[error.code];
  if (typeof error === 'string' && Object.hasOwn(MESSAGES, error)) return MESSAGES[error as BackupErrorCode];
  return 'This file is not a backup this app can open. Choose the .age file this app saved for you.';
}
