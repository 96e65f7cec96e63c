import { toggleSelection, type Candidate, candidateNameClashes } from '../store/index';
import { useStoreApi } from './context';
import { LinkBadge } from './LinkBadge';
import { NameClashWarning } from './NameClashWarning';
import { ui } from './styles';
import { reputationText } from './text/reputation';

/**
 * People in the lobby, best-ranked first. The coordinator ticks who takes part; jailed people
 * are shown but cannot be ticked, with the reason.
 */
export function CandidateList(props: {
  candidates: Candidate[];
  meId: string | null;
  selectable: boolean;
  selection: string[];
  full: boolean;
}) {
  const store = useStoreApi();
  if (props.candidates.length === 0)
    return <p className={ui.hint}>Nobody here yet. People appear as soon as they open the invite link.</p>;
  // Who reads like whom (issue 11 §7.7): shown under both names.
  const clashes = candidateNameClashes(props.candidates);
  return (
    <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200" data-testid="candidate-list">
      {props.candidates.map((c) => {
        const me = c.id === props.meId;
        const picked = props.selection.includes(c.id);
        const jailed = c.jailed !== null;
        const unavailable = jailed || !c.online;
        const boxId = `pick-${c.id}`;
        const disabled = unavailable || (!picked && props.full);
        return (
          <li
            key={c.id}
            className={`flex flex-wrap items-center gap-x-3 gap-y-2 p-3 sm:flex-nowrap ${unavailable ? 'bg-slate-50' : ''}`}
            data-testid="candidate"
            data-candidate-id={c.id}
            data-name={c.name}
            data-selected={picked}
          >
            {props.selectable && (
              <input
                id={boxId}
                type="checkbox"
                className={`size-5 shrink-0 accent-indigo-700 ${ui.focus}`}
                checked={picked}
                disabled={disabled}
                onChange={() => toggleSelection(store, c.id)}
                aria-describedby={jailed ? `${boxId}-why` : undefined}
              />
            )}
            <div className="min-w-0 flex-1">
              <p className="font-medium text-slate-900">
                {props.selectable ? (
                  <label htmlFor={boxId}>
                    <span className="sr-only">Include </span>
                    {c.name}
                  </label>
                ) : (
                  c.name
                )}
                {me && c.name.trim().toLowerCase() !== 'you' && (
                  <span className="ml-1.5 text-sm font-normal text-slate-600">(you)</span>
                )}
                {c.isCoordinator && (
                  <span className="ml-2 rounded bg-indigo-100 px-1.5 py-0.5 text-xs font-medium text-indigo-900">
                    coordinator
                  </span>
                )}
              </p>
              <p className="text-xs text-slate-600">
                Fingerprint{' '}
                <span className="font-mono whitespace-nowrap text-slate-800" data-testid="fingerprint">
                  {c.fingerprint}
                </span>
              </p>
              {c.frostClientContact && (
                <p className="text-xs text-slate-600" data-testid="frost-client-contact">
                  frost-client contact <span className="font-medium text-slate-800">“{c.frostClientContact.name}”</span>{' '}
                  <span className="font-mono break-all text-slate-800" title={c.frostClientContact.text}>
                    {c.frostClientContact.text.slice(0, 14)}…{c.frostClientContact.text.slice(-6)}
                  </span>
                </p>
              )}
              <NameClashWarning others={clashes[c.id] ?? []} />
              {jailed && (
                <p id={`${boxId}-why`} className="mt-0.5 text-sm text-red-800" data-testid="jailed-reason">
                  Unavailable until attempt {c.jailed!.untilGeneration + 1}: {c.jailed!.reason}
                </p>
              )}
            </div>
            <div
              className={`flex basis-full flex-wrap items-center gap-2 text-xs text-slate-700 sm:basis-auto sm:shrink-0 sm:pl-0 ${props.selectable ? 'pl-8' : ''}`}
            >
              <span>{reputationText(c.reputation)}</span>
              {me ? (
                <span className="rounded-full border border-slate-300 px-2 py-0.5">this device</span>
              ) : c.online ? (
                <LinkBadge state={c.connection} />
              ) : (
                <span className="rounded-full border border-red-300 bg-red-50 px-2 py-0.5 font-medium text-red-900">
                  Left the room
                </span>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
