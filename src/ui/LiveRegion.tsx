import { namesById } from '../store/index';
import { useUi } from './context';
import { announcementFor } from './text/announce';

/** Polite live region announcing status changes (phase, culprits, backup) to screen readers. */
export function LiveRegion() {
  const s = useUi((st) => ({
    phase: st.phase,
    candidates: st.candidates,
    roster: st.roster,
    failure: st.failure,
    backup: st.backup,
    verification: st.verification,
    room: st.room,
    meId: st.me?.id ?? null,
  }));
  const text = announcementFor(s, { names: namesById(s), meId: s.meId });
  return (
    <div role="status" aria-live="polite" aria-atomic="true" className="sr-only" data-testid="live-status">
      {text}
    </div>
  );
}
