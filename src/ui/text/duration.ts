/**
 * "12 s", "3 min 05 s", "1 h 02 min": how long we have been waiting, compact and calm.
 * Negative spans (clock skew between the shell's timestamp and the UI clock) read as "0 s".
 */
export function formatWaited(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  if (total < 60) return `${total} s`;
  const min = Math.floor(total / 60);
  if (min < 60) return `${min} min ${String(total % 60).padStart(2, '0')} s`;
  return `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')} min`;
}
