import { useMemo, useState } from 'react';
import { namesById, selectBusy, selectIsCoordinator, type WaitingEntry } from '../store/index';
import { useUi } from './context';
import { RestartChoice } from './RestartChoice';
import { ui } from './styles';
import { formatWaited } from './text/duration';
import { waitReasonText } from './text/rounds';
import { useNow } from './useNow';

/**
 * "Waiting for Alice to send their secret pieces (12 s)". Nothing times out by itself: the
 * coordinator may restart without someone who is holding everyone up. Whoever is waited for is
 * shown as they really are (issue 15.3): "Carol left the room 12 s ago", or "connection lost",
 * so someone gone does not look like someone slow.
 */
export function WaitingList(props: { entries: WaitingEntry[] }) {
  const now = useNow();
  const [choosing, setChoosing] = useState<string | null>(null);
  const coordinator = useUi(selectIsCoordinator);
  const busy = useUi(selectBusy);
  const roster = useUi((s) => s.roster);
  const candidates = useUi((s) => s.candidates);
  const meId = useUi((s) => s.me?.id ?? null);
  const presence = useUi((s) => s.presence);
  const names = useMemo(() => namesById({ roster, candidates }), [roster, candidates]);
  const nameOf = (id: string) => (id === meId ? 'you' : (names[id] ?? id.slice(0, 8)));
  return (
    <section className={ui.card} aria-labelledby="waiting-h" data-testid="waiting-list">
      <h2 id="waiting-h" className={ui.h3}>
        {props.entries.length ? 'Waiting for' : 'Not waiting for anyone'}
      </h2>
      {props.entries.length === 0 ? (
        <p className={`mt-1 ${ui.hint}`}>Everything expected so far has arrived.</p>
      ) : (
        <ul className="mt-2 space-y-2">
          {props.entries.map((w) => {
            const who = nameOf(w.id);
            const p = w.id === meId ? undefined : presence[w.id];
            const gone = p?.state === 'left';
            return (
              <li
                key={`${w.id}/${w.reason}`}
                className={`flex flex-wrap items-center justify-between gap-2 rounded-lg px-3 py-2 ${gone ? 'border border-red-300 bg-red-50 text-red-950' : 'bg-amber-50 text-amber-950'}`}
                data-testid="waiting-item"
                data-id={w.id}
                data-reason={w.reason}
                data-presence={p?.state ?? 'connected'}
              >
                {gone ? (
                  <span>
                    <strong>{who}</strong> left the room{' '}
                    <span className="whitespace-nowrap">({formatWaited(now - p.since)} ago)</span>, before they could{' '}
                    {waitReasonText(w.reason)}. If they do not come back with the invite link, the ceremony cannot
                    finish without a restart.
                  </span>
                ) : (
                  <span>
                    Waiting for <strong>{who}</strong> to {waitReasonText(w.reason)}{' '}
                    <span className="whitespace-nowrap text-amber-900">({formatWaited(now - w.since)})</span>
                    {p?.state === 'connection-lost' && (
                      <>
                        {' '}
                        ·{' '}
                        <span className="font-medium">
                          connection to {who} lost for {formatWaited(now - p.since)}
                        </span>
                      </>
                    )}
                  </span>
                )}
                {coordinator && w.id !== meId && (
                  <button
                    type="button"
                    className={`${ui.btnSecondary} px-3 py-1.5`}
                    disabled={busy === 'restart'}
                    aria-expanded={choosing === w.id}
                    onClick={() => setChoosing(w.id)}
                  >
                    Restart without {who}…
                  </button>
                )}
                {coordinator && choosing === w.id && (
                  <div className="w-full">
                    <RestartChoice without={[w.id]} names={who} onCancel={() => setChoosing(null)} />
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {props.entries.length > 0 && (
        <p className={`mt-3 ${ui.small}`}>
          Nothing times out by itself. If someone has dropped out for good,{' '}
          {coordinator
            ? 'you can restart without them (everyone compares a new code).'
            : 'the coordinator can restart without them.'}
        </p>
      )}
    </section>
  );
}
