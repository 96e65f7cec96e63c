import type { PresenceInfo } from '../store/index';
import { presenceText } from './text/presence';

const TONE: Record<PresenceInfo['state'], string> = {
  connected: 'text-emerald-800',
  'connection-lost': 'text-amber-900',
  left: 'text-red-800',
};
const MARK: Record<PresenceInfo['state'], string> = { connected: '●', 'connection-lost': '◐', left: '○' };

/** One person's presence, e.g. "○ left the room 12 s ago" (issue 15.3). */
export function PresenceBadge(props: { presence: PresenceInfo | undefined; now: number }) {
  const state = props.presence?.state ?? 'connected';
  return (
    <span
      className={`text-sm font-medium whitespace-nowrap ${TONE[state]}`}
      data-testid="presence"
      data-presence={state}
    >
      <span aria-hidden="true">{MARK[state]} </span>
      {presenceText(props.presence, props.now)}
    </span>
  );
}
