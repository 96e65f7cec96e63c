import type { LinkState, Progress, RosterMember } from '../store/index';
import { MatrixColumnHeader } from './MatrixColumnHeader';
import { MatrixRowHeader } from './MatrixRowHeader';
import { ui } from './styles';
import { linkOf, linkText } from './text/matrix';

const TONE: Record<LinkState, string> = {
  direct: 'bg-emerald-100 text-emerald-900',
  relayed: 'bg-sky-100 text-sky-900',
  connecting: 'bg-amber-50 text-amber-900',
  down: 'bg-red-100 text-red-900',
  unknown: 'bg-slate-50 text-slate-600',
};
const LEGEND = 'D = direct, R = relayed via the server (still end-to-end sealed), ✕ = no connection, … = connecting';
const SHORT: Record<LinkState, string> = { direct: 'D', relayed: 'R', connecting: '…', down: '✕', unknown: '?' };

/** How each pair is connected: direct peer link, relayed through the server, or down. */
export function LinkMatrix(props: { roster: RosterMember[]; progress: Progress | null }) {
  return (
    <div className="min-w-0 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm">
      <div aria-hidden="true" className="mb-2">
        <p className="font-semibold text-slate-900">Connections</p>
        <p className="text-xs text-slate-600">{LEGEND}</p>
      </div>
      <div
        className={`relative overflow-x-auto rounded ${ui.focus}`}
        tabIndex={0}
        role="region"
        aria-label="Connections table"
      >
        <table className="w-full border-separate border-spacing-0.5 text-sm" data-testid="link-matrix">
          <caption className="sr-only">Connections. {LEGEND}</caption>
          <thead>
            <tr>
              <th scope="col" className="p-1 text-left text-xs font-medium text-slate-600">
                <span className="sr-only">Participant</span>
              </th>
              {props.roster.map((r) => (
                <MatrixColumnHeader key={r.id} member={r} compact={props.roster.length > 5} />
              ))}
            </tr>
          </thead>
          <tbody>
            {props.roster.map((a) => (
              <tr key={a.id}>
                <MatrixRowHeader member={a} />
                {props.roster.map((b) => {
                  if (a.id === b.id)
                    return (
                      <td key={b.id} className="h-8 min-w-8 rounded bg-slate-100 text-center text-slate-500">
                        <span aria-hidden="true">—</span>
                        <span className="sr-only">same person</span>
                      </td>
                    );
                  const st = linkOf(props.progress, a.id, b.id);
                  return (
                    <td
                      key={b.id}
                      className={`h-8 min-w-8 rounded text-center text-xs font-semibold ${TONE[st]}`}
                      data-link={st}
                    >
                      <span aria-hidden="true">{SHORT[st]}</span>
                      <span className="sr-only">{linkText(st)}</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
