import type { UiState } from '../../store/index';
import { failureAdvice, failureHeadline, type Namer } from './failureText';
import { phaseText } from './rounds';
import { codeWaitingText } from './codeWaiting';

/**
 * What the aria-live region says. Changes only on meaningful events (phase, people joining,
 * a culprit, the backup proven) — never with the ticking clock — so screen readers are not
 * flooded.
 */
export function announcementFor(
  s: Pick<UiState, 'phase' | 'candidates' | 'failure' | 'backup' | 'verification' | 'room'>,
  n: Namer,
): string {
  switch (s.phase) {
    case 'lobby': {
      const k = s.candidates.length;
      return `Lobby: ${k} ${k === 1 ? 'person' : 'people'} in the room.`;
    }
    case 'verify':
      if (s.verification?.code)
        return `Compare the verification code aloud: ${s.verification.code}. ${s.verification.confirmed.length} confirmed so far.`;
      return s.verification ? codeWaitingText(s.verification.awaiting ?? [], n) : phaseText(s.phase);
    case 'failed':
    case 'aborted':
      // The same headline the failure screen shows (some outcomes have their own, e.g. two rosters).
      return s.failure
        ? (failureAdvice(s.failure, n, null, false).title ?? failureHeadline(s.failure.culprits, n))
        : phaseText(s.phase);
    case 'success':
      return s.backup.status === 'verified'
        ? 'Your backup opens. You are done.'
        : s.backup.status === 'saved'
          ? 'Backup saved. Now prove that it opens.'
          : 'Key created and confirmed by everyone. Save your backup next.';
    default: {
      const gen = s.room && s.room.generation > 0 ? ` Attempt ${s.room.generation + 1}.` : '';
      return `${phaseText(s.phase)}.${gen}`;
    }
  }
}
