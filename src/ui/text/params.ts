/** Checks threshold parameters; returns a plain-language problem or null. */
export function thresholdProblem(t: number, n: number): string | null {
  if (!Number.isInteger(n) || n < 2) return 'A ceremony needs at least 2 custodians.';
  if (n > 20) return 'This app supports at most 20 custodians.';
  if (!Number.isInteger(t) || t < 2) return 'At least 2 must be needed to sign (otherwise anyone alone holds the key).';
  if (t > n) return `You cannot need more signers (${t}) than there are custodians (${n}).`;
  return null;
}

/** "Any 2 of the 3 custodians can sign together; up to 1 piece can be lost." */
export function thresholdSentence(t: number, n: number): string {
  const lose = n - t;
  return `Any ${t} of the ${n} custodians can sign together; ${
    lose === 0 ? 'no piece may be lost.' : `up to ${lose} ${lose === 1 ? 'piece' : 'pieces'} can be lost without losing the key.`
  }`;
}
