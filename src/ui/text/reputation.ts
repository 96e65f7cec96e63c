/** A reputation score in words: new, a good record or past problems. */
export function reputationText(score: number): string {
  if (score === 0) return 'New here';
  const s = Number.isInteger(score) ? String(Math.abs(score)) : Math.abs(score).toFixed(1);
  return score > 0 ? `Good record (+${s})` : `Past problems (−${s})`;
}
