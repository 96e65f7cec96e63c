import type { GenerationRecord, ParticipantId } from '../store/index';
import { listNames, type Namer } from './text/failureText';
import { ui } from './styles';

/** Earlier attempts in this room and how they ended. */
export function HistoryList(props: { history: GenerationRecord[]; namer: Namer }) {
  if (props.history.length === 0) return null;
  const outcome = (r: GenerationRecord, culprits: ParticipantId[]) =>
    r.outcome === 'success'
      ? 'succeeded'
      : r.outcome === 'aborted'
        ? 'was stopped'
        : culprits.length
          ? `failed because of ${listNames(culprits, props.namer)}`
          : 'failed';
  return (
    <section aria-labelledby="history-h" className="space-y-2">
      <h2 id="history-h" className={ui.h3}>
        Earlier attempts in this room
      </h2>
      <ul className="list-inside list-disc text-sm text-slate-700" data-testid="history">
        {props.history.map((r) => (
          <li key={r.generation}>
            Attempt {r.generation + 1} {outcome(r, r.culprits)}.
          </li>
        ))}
      </ul>
    </section>
  );
}
