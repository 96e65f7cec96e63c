import type { ParticipantId } from './types';

/** Key of an unordered pair in `Progress.links`: the two ids sorted and joined by "|". */
export function pairKey(a: ParticipantId, b: ParticipantId): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}
