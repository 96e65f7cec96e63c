/** Splits a recipients textarea into age1… keys (whitespace- or comma-separated). */
export function parseRecipients(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

// Loose on purpose (X25519 keys are age1 + 58 bech32 chars; plugin keys are longer): the
// controller parses them for real; this only catches obvious paste mistakes.
const AGE_RECIPIENT = /^age1[0-9a-z]{50,}$/;

/** What is wrong with the backup form, in plain words, or null. */
export function backupFormProblem(
  method: 'passphrase' | 'recipients',
  p1: string,
  p2: string,
  recipients: string,
): string | null {
  if (method === 'passphrase') {
    if (p1.length < 12) return 'Use a passphrase of at least 12 characters.';
    if (p1 !== p2) return 'The two passphrases are not the same.';
    return null;
  }
  const list = parseRecipients(recipients);
  if (list.length === 0) return 'Enter at least one age1… public key.';
  const bad = list.find((r) => !AGE_RECIPIENT.test(r));
  if (bad)
    return `“${bad.length > 20 ? `${bad.slice(0, 20)}…` : bad}” is not an age public key (those start with “age1” and are about 60 characters long).`;
  return null;
}
