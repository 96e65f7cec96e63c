/** Reconnect backoff settings; all optional. */
export interface BackoffOptions {
  /** First delay (ms); default 250. */
  readonly baseMs?: number;
  /** Largest delay (ms); default 10 000. */
  readonly maxMs?: number;
  /** Uniform [0, 1) source for the jitter; default Math.random. */
  readonly rng?: () => number;
}

/**
 * Delay before reconnect attempt `attempt` (1, 2, …): exponential, capped, with "equal jitter"
 * (half fixed, half random) so that a room of clients does not reconnect in lockstep.
 */
export function backoffDelay(attempt: number, opts: BackoffOptions = {}): number {
  const base = opts.baseMs ?? 250;
  const max = opts.maxMs ?? 10_000;
  const rng = opts.rng ?? Math.random;
  const ceiling = Math.min(max, base * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  const r = Math.min(1, Math.max(0, rng()));
  return Math.round(ceiling / 2 + (r * ceiling) / 2);
}
