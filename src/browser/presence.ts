/**
 * Who is really there (issue 15.3). A custodian who closed their tab must not look like one who
 * is slow: the signalling server sees the socket close at once and tells the room (presence),
 * so "left the room" shows within a second or two; a peer still in the room whose link to us is
 * down is "connection lost". Each state carries since when it holds, so screens can say for how
 * long. Pure: the caller passes the clock reading.
 */
import type { LinkState, ParticipantId, PresenceInfo, PresenceState } from '../store/index';

/** What the shell knows about one other person right now. */
export interface PresenceInput {
  id: ParticipantId;
  /** In the room's member list from the signalling server. */
  inRoom: boolean;
  /** My link to them (undefined when the transport has none). */
  link: LinkState | undefined;
}

/** The presence state of one person from what the shell knows. */
export function presenceStateOf(p: Pick<PresenceInput, 'inRoom' | 'link'>): PresenceState {
  if (!p.inRoom) return 'left';
  return p.link === 'down' ? 'connection-lost' : 'connected';
}

/**
 * Keeps, per person, the current presence state and since when it holds. While my own
 * connection to the server is not open, the room's member list is stale: the last known
 * states are kept rather than calling everyone gone.
 */
export class PresenceTracker {
  private known = new Map<ParticipantId, PresenceInfo>();

  update(people: readonly PresenceInput[], now: number, serverOpen: boolean): Record<ParticipantId, PresenceInfo> {
    const next = new Map<ParticipantId, PresenceInfo>();
    for (const p of people) {
      const prev = this.known.get(p.id);
      if (!serverOpen && prev) {
        next.set(p.id, prev);
        continue;
      }
      const state = serverOpen ? presenceStateOf(p) : 'connected';
      next.set(p.id, prev && prev.state === state ? prev : { state, since: now });
    }
    this.known = next;
    return Object.fromEntries(next);
  }
}
