import type { LinkState } from '../store/index';
import { linkText } from './text/matrix';

const TONE: Record<LinkState, string> = {
  direct: 'bg-emerald-50 text-emerald-900 border-emerald-300',
  relayed: 'bg-sky-50 text-sky-900 border-sky-300',
  connecting: 'bg-amber-50 text-amber-950 border-amber-300',
  down: 'bg-red-50 text-red-900 border-red-300',
  unknown: 'bg-slate-50 text-slate-700 border-slate-300',
};

const ICON: Record<LinkState, string> = { direct: '●', relayed: '◐', connecting: '○', down: '✕', unknown: '?' };

/** A connection state as a small badge (icon + words, never colour alone). */
export function LinkBadge(props: { state: LinkState; prefix?: string }) {
  return (
    <span
      className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium whitespace-nowrap ${TONE[props.state]}`}
      data-link={props.state}
    >
      <span aria-hidden="true">{ICON[props.state]}</span>
      {props.prefix}
      {linkText(props.state)}
    </span>
  );
}
