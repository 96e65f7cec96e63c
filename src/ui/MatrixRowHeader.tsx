import type { RosterMember } from '../store/index';

/** A person as a row header of an n × n table: "1. Alice" (the number matches compact columns). */
export function MatrixRowHeader(props: { member: RosterMember; prefix?: string }) {
  const m = props.member;
  return (
    <th
      scope="row"
      className="max-w-32 truncate p-1 pr-2 text-left text-xs font-medium whitespace-nowrap text-slate-700"
      title={`${m.index}. ${m.name}`}
    >
      {props.prefix && <span className="sr-only">{props.prefix} </span>}
      <span aria-hidden="true">{m.index}. </span>
      {m.name}
    </th>
  );
}
