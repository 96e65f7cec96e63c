/**
 * Who sent what: the map keys are the identifiers the CHANNEL assigned (the signer of each
 * envelope), never a field a sender filled in. Exactly the expected senders, each once (a Map
 * cannot hold duplicates; the shell reports a second, different message from one sender as
 * equivocation before it gets here).
 */
import { LifecycleError } from './errors.js';

/** Throws 'missing' (naming the absent) or 'unexpected-sender' (naming the extra) unless keys(got) = expected. */
export function assertSenders(expected: readonly number[], got: ReadonlyMap<number, unknown>, what: string): void {
  if (!(got instanceof Map)) throw new LifecycleError('bad-input', `${what} must be a Map`);
  const want = new Set(expected);
  const extra = [...got.keys()].filter((k) => !want.has(k)).sort((a, b) => a - b);
  if (extra.length > 0)
    throw new LifecycleError(
      'unexpected-sender',
      `${what} from ${extra.join(', ')}, who are not expected to send one`,
      extra,
    );
  const missing = expected.filter((k) => !got.has(k));
  if (missing.length > 0) throw new LifecycleError('missing', `${what} missing from ${missing.join(', ')}`, missing);
}
