import type { Progress, RosterMember, RoundKey } from '../store/index';
import { MatrixColumnHeader } from './MatrixColumnHeader';
import { MatrixRowHeader } from './MatrixRowHeader';
import { ui } from './styles';
import { buildMatrix, roundCountText, type CellState } from './text/matrix';

const CELL: Record<CellState, { icon: string; words: string; tone: string }> = {
  received: { icon: '✓', words: 'received', tone: 'bg-emerald-100 text-emerald-900' },
  missing: { icon: '…', words: 'not yet', tone: 'bg-amber-50 text-amber-900' },
  unknown: { icon: '?', words: 'unknown', tone: 'bg-slate-50 text-slate-600' },
  self: { icon: '—', words: 'own message', tone: 'bg-slate-100 text-slate-500' },
  'not-started': { icon: '', words: 'not started', tone: 'bg-white border border-dashed border-slate-300' },
};

/**
 * One round's n × n table: rows are recipients, columns senders, each cell says whether the
 * recipient holds the sender's message. A real table (caption, th scope) so screen readers
 * announce "to Carol, from Bob: received".
 */
export function RoundMatrix(props: {
  round: RoundKey;
  step: number;
  title: string;
  technical: string;
  roster: RosterMember[];
  progress: Progress | null;
  state: 'todo' | 'current' | 'done';
}) {
  const m = buildMatrix(props.roster, props.progress, props.round, props.state !== 'todo');
  const compact = props.roster.length > 5;
  const counts = roundCountText(m, props.state);
  const frame =
    props.state === 'current'
      ? 'border-indigo-500 ring-2 ring-indigo-500'
      : props.state === 'done'
        ? 'border-emerald-300'
        : 'border-slate-200';
  return (
    <div
      className={`min-w-0 rounded-2xl border bg-white p-4 shadow-sm ${frame} ${props.state === 'current' ? 'max-lg:order-first' : ''}`}
    >
      {/* The visible title sits outside the scroll box so it wraps on narrow screens; the
          table keeps the same words as its caption for screen readers. */}
      <div aria-hidden="true" className="mb-2">
        <p className="font-semibold text-slate-900">
          {props.step}. {props.title} <span className="font-normal text-slate-700">({counts})</span>
        </p>
        <p className="text-xs text-slate-600">{props.technical}</p>
      </div>
      {/* Focusable so keyboard users can scroll a wide table (many participants, narrow screens);
          relative so the sr-only labels in cells stay inside the scroll box. */}
      <div
        className={`relative overflow-x-auto rounded ${ui.focus}`}
        tabIndex={0}
        role="region"
        aria-label={`Step ${props.step}: ${props.title}, table`}
      >
        <table
          className="w-full border-separate border-spacing-0.5 text-sm"
          data-testid={`matrix-${props.round}`}
          data-received={m.received}
          data-expected={m.expected}
        >
          <caption className="sr-only">
            Step {props.step}. {props.title} ({counts}). {props.technical}
          </caption>
          <thead>
            <tr>
              <th scope="col" className="p-1 text-left text-xs font-medium text-slate-600">
                <span className="sr-only">Recipient</span>
                <span aria-hidden="true">to ↓ from →</span>
              </th>
              {props.roster.map((r) => (
                <MatrixColumnHeader key={r.id} member={r} compact={compact} prefix="from" />
              ))}
            </tr>
          </thead>
          <tbody>
            {m.rows.map((row) => (
              <tr key={row.recipient.id}>
                <MatrixRowHeader member={row.recipient} prefix="to" />
                {row.cells.map((c) => {
                  const look = CELL[c.state];
                  return (
                    <td
                      key={c.sender.id}
                      className={`h-8 min-w-8 rounded text-center font-semibold ${look.tone}`}
                      data-state={c.state}
                    >
                      <span aria-hidden="true">{look.icon}</span>
                      <span className="sr-only">{look.words}</span>
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
