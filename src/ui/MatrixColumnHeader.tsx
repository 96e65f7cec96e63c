import type { RosterMember } from '../store/index';

/**
 * A person as a column header of an n × n table: their name for small groups, their number
 * (FROST identifier, matching the "1. Alice" row headers) when names would not fit.
 */
export function MatrixColumnHeader(props: { member: RosterMember; compact: boolean; prefix?: string }) {
  const m = props.member;
  return (
    <th
      scope="col"
      className="max-w-16 min-w-8 truncate p-1 text-center text-xs font-medium text-slate-700"
      title={`${m.index}. ${m.name}`}
    >
      {props.prefix && <span className="sr-only">{props.prefix} </span>}
      {props.compact ? (
        <>
          <span aria-hidden="true">{m.index}</span>
          <span className="sr-only">{m.name}</span>
        </>
      ) : (
        m.name
      )}
    </th>
  );
}
