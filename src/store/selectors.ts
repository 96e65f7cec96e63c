/**
 * Selectors. Each returns a primitive, an object already in the state, or a flat object/array
 * of such, so that `useShallow` can keep it stable; derived tables are built in the UI with
 * the pure helpers in src/ui/derive.
 */
import type { AppPhase, Candidate, ParticipantId, Progress, RoundKey, UiState } from './types';

/** Which screen a phase shows. */
export type Screen = 'start' | 'rehearsal' | 'recover' | 'lobby' | 'verify' | 'progress' | 'failure' | 'success';

export function screenFor(phase: AppPhase): Screen {
  switch (phase) {
    case 'start':
      return 'start';
    case 'rehearsal-setup':
      return 'rehearsal';
    case 'recover':
      return 'recover';
    case 'connecting':
    case 'lobby':
      return 'lobby';
    case 'verify':
      return 'verify';
    case 'round1':
    case 'echo':
    case 'round2':
    case 'confirm':
      return 'progress';
    case 'success':
      return 'success';
    case 'failed':
    case 'aborted':
      return 'failure';
  }
}

/** Phases in which a roster is locked (the code and the step indicator are shown). */
export function isLockedPhase(phase: AppPhase): boolean {
  return !['start', 'rehearsal-setup', 'recover', 'connecting', 'lobby'].includes(phase);
}

export const selectPhase = (s: UiState) => s.phase;
export const selectScreen = (s: UiState) => screenFor(s.phase);
export const selectMe = (s: UiState) => s.me;
export const selectIsCoordinator = (s: UiState) => s.me?.isCoordinator === true;
export const selectParams = (s: UiState) => s.params;
export const selectRoom = (s: UiState) => s.room;
export const selectRoster = (s: UiState) => s.roster;
export const selectVerification = (s: UiState) => s.verification;
export const selectProgress = (s: UiState) => s.progress;
export const selectWaiting = (s: UiState) => s.waiting;
export const selectFailure = (s: UiState) => s.failure;
export const selectSuccess = (s: UiState) => s.success;
export const selectBackup = (s: UiState) => s.backup;
export const selectTestSign = (s: UiState) => s.testSign;
export const selectTestSignRequest = (s: UiState) => s.testSignRequest;
export const selectFunding = (s: UiState) => s.funding;
export const selectRehearsal = (s: UiState) => s.rehearsal;
export const selectHistory = (s: UiState) => s.history;
export const selectBusy = (s: UiState) => s.busy;
export const selectActionError = (s: UiState) => s.actionError;
export const selectPendingInvite = (s: UiState) => s.pendingInviteUrl;
export const selectNotice = (s: UiState) => s.notice;
export const selectSelection = (s: UiState) => s.selection;
export const selectPendingGroupKey = (s: UiState) => s.pendingGroupKeyHex;

/** The header bar: flat, so `useShallow` keeps it stable. */
export const selectHeader = (s: UiState) => ({
  phase: s.phase,
  label: s.params?.label ?? null,
  suite: s.params?.suite ?? null,
  t: s.params?.t ?? null,
  n: s.params?.n ?? null,
  code: isLockedPhase(s.phase) ? (s.verification?.code ?? null) : null,
  generation: s.room?.generation ?? null,
  rehearsal: s.rehearsal !== null,
  stoppedAt: s.failure ? (s.failure.round ?? latestRoundWithTraffic(s.progress)) : null,
});

const ROUND_ORDER: readonly RoundKey[] = ['round1', 'echo', 'round2', 'confirm'];

/**
 * The last round in which anyone holds anything: where a ceremony stopped, when the failure
 * record does not say (null if nothing was exchanged yet, e.g. a code mismatch).
 */
export function latestRoundWithTraffic(progress: Progress | null): RoundKey | null {
  if (!progress) return null;
  for (let i = ROUND_ORDER.length - 1; i >= 0; i--) {
    const key = ROUND_ORDER[i]!;
    if (Object.values(progress.rounds[key]?.received ?? {}).some((senders) => senders.length > 0)) return key;
  }
  return null;
}

/**
 * Candidates ranked for the coordinator: available before jailed, me first among the
 * available, then by reputation (higher first), then by name. Returns the same Candidate
 * objects, so it is shallow-stable.
 */
export function selectRankedCandidates(s: Pick<UiState, 'candidates'> & { me?: UiState['me'] }): Candidate[] {
  const meId = s.me?.id;
  return [...s.candidates].sort(
    (a, b) =>
      Number(a.jailed !== null) - Number(b.jailed !== null) ||
      Number(b.id === meId) - Number(a.id === meId) ||
      b.reputation - a.reputation ||
      a.name.localeCompare(b.name) ||
      a.id.localeCompare(b.id),
  );
}

/** Coordinator may lock when exactly n candidates are picked. */
export function selectCanLock(s: Pick<UiState, 'me' | 'params' | 'selection' | 'busy'>): boolean {
  return s.me?.isCoordinator === true && s.params !== null && s.selection.length === s.params.n && s.busy === null;
}

/** The custodian is done when the backup is saved and proven to open. */
export function selectIsDone(s: UiState): boolean {
  return s.phase === 'success' && s.backup.status === 'verified';
}

/**
 * Display names by participant id, from the roster and the lobby (roster wins). Built fresh:
 * use it in a component with `useMemo` over `roster`/`candidates`, not as a hook selector.
 */
export function namesById(s: Pick<UiState, 'roster' | 'candidates'>): Record<ParticipantId, string> {
  const names: Record<ParticipantId, string> = {};
  for (const c of s.candidates) names[c.id] = c.name;
  for (const r of s.roster) names[r.id] = r.name;
  return names;
}
