/** Checks threshold parameters; returns a plain-language problem or null. */
export function thresholdProblem(t: number, n: number): string | null {
  if (!Number.isInteger(n) || n < 2) return 'A ceremony needs at least 2 custodians.';
  if (n > 20) return 'This app supports at most 20 custodians.';
  if (!Number.isInteger(t) || t < 2) return 'At least 2 must be needed to sign (otherwise anyone alone holds the key).';
  if (t > n) return `You cannot need more signers (${t}) than there are custodians (${n}).`;
  return null;
}

/** What losing pieces means for a t-of-n key, in a few words: "if either piece is lost, the key is lost". */
export function lossConsequence(t: number, n: number): string {
  const lose = n - t;
  if (t === 1)
    return n === 1
      ? 'the single piece is the whole key.'
      : 'every piece alone is the whole key: anyone of them can sign alone.';
  if (lose === 0)
    return n === 2
      ? 'if either piece is lost, the key is lost.'
      : `if any one of the ${n} pieces is lost, the key is lost.`;
  return `up to ${lose} ${lose === 1 ? 'piece' : 'pieces'} can be lost without losing the key.`;
}

/**
 * The change from the parameters the invite announced to those locked for this attempt, in
 * plain words, or null when nothing that matters changed.
 */
export function paramsChangeText(
  before: { suite: string; t: number; n: number; label: string },
  now: { suite: string; t: number; n: number; label: string },
): string | null {
  const same = before.suite === now.suite && before.t === now.t && before.n === now.n && before.label === now.label;
  if (same) return null;
  const parts: string[] = [];
  if (before.t !== now.t || before.n !== now.n)
    parts.push(
      `This attempt makes a ${now.t}-of-${now.n} key, not the ${before.t}-of-${before.n} key the invite announced: ${now.t} of ${now.n} must sign, and ${lossConsequence(now.t, now.n)}`,
    );
  if (before.suite !== now.suite) parts.push('The key type differs from the one the invite announced.');
  if (before.label !== now.label)
    parts.push(`The key's name differs from the one the invite announced (“${before.label}”).`);
  return `${parts.join(' ')} Only continue if everyone agrees.`;
}

/** "Any 2 of the 3 custodians can sign together; up to 1 piece can be lost." */
export function thresholdSentence(t: number, n: number): string {
  const lose = n - t;
  return `Any ${t} of the ${n} custodians can sign together; ${
    lose === 0
      ? 'no piece may be lost.'
      : `up to ${lose} ${lose === 1 ? 'piece' : 'pieces'} can be lost without losing the key.`
  }`;
}
