import { useEffect, useState } from 'react';

/**
 * The UI clock: the current time, refreshed every `intervalMs`. The only timer in the UI;
 * it drives "waiting for Alice (12 s)" and never feeds back into the protocol.
 */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}
