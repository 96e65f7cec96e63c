import type { PresenceInfo } from '../../store/index';
import { formatWaited } from './duration';

/** "left the room 12 s ago", "connection lost for 8 s", "connected": one person's presence in words (issue 15.3). */
export function presenceText(p: PresenceInfo | undefined, now: number): string {
  if (!p || p.state === 'connected') return 'connected';
  const span = formatWaited(now - p.since);
  return p.state === 'left' ? `left the room ${span} ago` : `connection lost for ${span}`;
}
