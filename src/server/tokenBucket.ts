/** A token bucket: `capacity` tokens, refilled at `ratePerSec`; one token per frame. */
export interface TokenBucket {
  /** Takes one token; false when the bucket is empty (the frame must be dropped). */
  take(): boolean;
}

/** Creates a full bucket that reads time from `now` (ms). */
export function createTokenBucket(capacity: number, ratePerSec: number, now: () => number): TokenBucket {
  let tokens = capacity;
  let last = now();
  return {
    take() {
      const t = now();
      // A clock that goes backwards must not mint tokens.
      if (t > last) {
        tokens = Math.min(capacity, tokens + ((t - last) * ratePerSec) / 1000);
        last = t;
      }
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
