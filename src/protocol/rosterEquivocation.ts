/**
 * Evidence that the coordinator equivocated on the roster: two different rosters, both signed
 * by the coordinator, for the same room and generation. The failure record carries one of them
 * as its own roster (the session it is about) and the other as this evidence. An honest
 * coordinator signs exactly one roster per generation (lock refuses a second one), so the pair
 * proves the coordinator at fault.
 */
import type { IdentityCrypto } from './identity.js';
import { openRoster, type SessionContext } from './sessionContext.js';
import type { Verdict } from './blame.js';

export function judgeRosterEquivocation(crypto: IdentityCrypto, ctx: SessionContext, otherRoster: string): Verdict {
  const other = openRoster(crypto, otherRoster, ctx.coordinator);
  if (other instanceof Error) return { ok: false, reason: `second roster: ${other.message}` };
  if (other.room !== ctx.room || other.generation !== ctx.generation)
    return { ok: false, reason: 'second roster is for another room or generation' };
  if (other.rosterHash === ctx.rosterHash) return { ok: false, reason: 'the two rosters are the same' };
  return { ok: true, culprit: ctx.coordinator, reason: 'equivocation' };
}
