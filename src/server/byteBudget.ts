/**
 * The byte budget of one WebSocket connection (issue 11 §7.3, "count fragments against the
 * rate limit"): every byte read from the raw TCP socket is charged, and the payload of every
 * message that completes is given back. What is left is what completed no message: frame
 * headers (2–14 bytes a frame, so each fragment pays), control frames (pings, pongs), and the
 * part of a message not yet finished. That remainder refills at `perSec` and may not exceed
 * `bytes`: a peer streaming endless small fragments, pings, or an unfinished message is cut
 * off by rate, while a complete message costs its headers only (messages have their own
 * token bucket). No frame parsing: `ws` hands us whole messages, the socket its bytes; a
 * message's payload is never more than the bytes that carried it (RFC 6455 §5.2, no
 * extensions: per-message deflate is off), so a peer cannot earn credit it did not send.
 */
export interface ByteBudget {
  /** Charges `n` bytes read from the socket; false once the budget is overdrawn. */
  received(n: number): boolean;
  /** Gives back the payload of a message that completed. */
  completed(n: number): void;
}

/**
 * Creates a budget reading time from `now` (ms). The order of `received` and `completed` for
 * the same bytes does not matter: the balance may go below zero for a moment (a message
 * reported before its last chunk was charged), and only what is owed refills.
 */
export function createByteBudget(bytes: number, perSec: number, now: () => number): ByteBudget {
  let owed = 0;
  let last = now();
  function refill(): void {
    const t = now();
    // A clock that goes backwards must not refill.
    if (t > last) {
      if (owed > 0) owed = Math.max(0, owed - ((t - last) * perSec) / 1000);
      last = t;
    }
  }
  return {
    received(n) {
      refill();
      owed += n;
      return owed <= bytes;
    },
    completed(n) {
      owed -= n;
    },
  };
}
