/**
 * Store actions: module-level functions that take the store and call `setState`, so that the
 * ceremony shell (non-React code) and components alike can call them. The shell pushes
 * protocol/transport facts; components record UI-only facts (selection, backup proof, test
 * signing result, busy/error around controller calls).
 */
import type { UiStore } from './store';
import { initialBackup, initialTestSign, initialUiState } from './store';
import type {
  ActionName,
  AppPhase,
  BackupState,
  Candidate,
  FailureInfo,
  Notice,
  ParticipantId,
  Progress,
  RosterMember,
  SuccessInfo,
  UiState,
  Verification,
  WaitingEntry,
} from './types';

/** Merges a partial snapshot (what the shell derived from the protocol's `view`). */
export function applySnapshot(store: UiStore, patch: Partial<UiState>): void {
  store.setState((s) => {
    const next = { ...s, ...patch };
    if (patch.candidates) next.selection = pruneSelection(next.selection, patch.candidates);
    return next;
  });
}

/** Moves the app to another phase. */
export function setPhase(store: UiStore, phase: AppPhase): void {
  store.setState({ phase });
}

/** Replaces the lobby's candidate list; drops selected ids that left or were jailed. */
export function setCandidates(store: UiStore, candidates: Candidate[]): void {
  store.setState((s) => ({ candidates, selection: pruneSelection(s.selection, candidates) }));
}

function pruneSelection(selection: ParticipantId[], candidates: Candidate[]): ParticipantId[] {
  const ok = new Set(candidates.filter((c) => c.jailed === null).map((c) => c.id));
  const kept = selection.filter((id) => ok.has(id));
  return kept.length === selection.length ? selection : kept;
}

/**
 * Coordinator ticks or unticks a candidate. Jailed or absent candidates cannot be picked, and
 * no more than n may be picked (the UI says how many are still needed).
 */
export function toggleSelection(store: UiStore, id: ParticipantId): void {
  store.setState((s) => {
    if (s.selection.includes(id)) return { selection: s.selection.filter((x) => x !== id) };
    const c = s.candidates.find((x) => x.id === id);
    if (!c || c.jailed !== null) return {};
    if (s.params && s.selection.length >= s.params.n) return {};
    return { selection: [...s.selection, id] };
  });
}

/** Replaces the selection with me plus the best-ranked available candidates, up to n. */
export function selectBestRanked(store: UiStore): void {
  store.setState((s) => {
    const n = s.params?.n ?? 0;
    const pickable = s.candidates.filter((c) => c.jailed === null && c.online);
    const ranked = [...pickable].sort((a, b) => {
      if (a.id === s.me?.id) return -1;
      if (b.id === s.me?.id) return 1;
      return b.reputation - a.reputation || a.name.localeCompare(b.name);
    });
    return { selection: ranked.slice(0, n).map((c) => c.id) };
  });
}

/** Locked roster, in FROST identifier order. */
export function setRoster(store: UiStore, roster: RosterMember[]): void {
  store.setState({ roster });
}

/** Verification code and who has confirmed it. */
export function setVerification(store: UiStore, verification: Verification | null): void {
  store.setState({ verification });
}

/** Progress matrices and link states. */
export function setProgress(store: UiStore, progress: Progress | null): void {
  store.setState({ progress });
}

/**
 * Who we are waiting for. Keeps an entry's original `since` when the same (id, reason) is
 * still awaited, so the shell may push fresh lists without resetting the clocks.
 */
export function setWaiting(store: UiStore, waiting: WaitingEntry[]): void {
  store.setState((s) => {
    const before = new Map(s.waiting.map((w) => [`${w.id}/${w.reason}`, w.since]));
    const merged = waiting.map((w) => {
      const since = before.get(`${w.id}/${w.reason}`);
      return since !== undefined && since < w.since ? { ...w, since } : w;
    });
    return { waiting: merged };
  });
}

/** Records a failure ('failed') or a stop such as a code mismatch ('aborted'). */
export function setFailure(store: UiStore, failure: FailureInfo, phase: 'failed' | 'aborted' = 'failed'): void {
  store.setState({ failure, phase, waiting: [] });
}

/** Records success: group key and public downloads. */
export function setSuccess(store: UiStore, success: SuccessInfo): void {
  store.setState({ success, phase: 'success', waiting: [], pendingGroupKeyHex: null });
}

/** A backup file was produced and handed to the browser's download. */
export function recordBackupSaved(store: UiStore, method: 'passphrase' | 'recipients', filename: string): void {
  store.setState({ backup: { status: 'saved', method, filename, lastError: null } });
}

/** The custodian proved the saved backup opens: `provenFile` is the name of the file read back from disk. */
export function recordBackupVerified(store: UiStore, provenFile?: string | null): void {
  store.setState((s) =>
    s.backup.status === 'none'
      ? {}
      : {
          backup: {
            ...s.backup,
            status: 'verified',
            lastError: null,
            provenFile: provenFile ?? s.backup.provenFile ?? null,
          },
        },
  );
}

/** A proof attempt failed; the backup stays "saved, not proven". */
export function recordBackupProofFailed(store: UiStore, message: string): void {
  store.setState((s) => ({ backup: { ...s.backup, lastError: message } }));
}

/** Forgets the backup state (e.g. the user wants to make a new one). */
export function resetBackup(store: UiStore): void {
  store.setState({ backup: initialBackup satisfies BackupState });
}

/** A test signing was started. */
export function startTestSign(store: UiStore, message: string): void {
  store.setState({ testSign: { ...initialTestSign, status: 'running', message } });
}

/** Result of a test signing. */
export function recordTestSign(
  store: UiStore,
  result: { ok: true; signers: string[]; signatureHex: string } | { ok: false; error: string },
): void {
  store.setState((s) => ({
    testSign: result.ok
      ? { ...s.testSign, status: 'ok', signers: result.signers, signatureHex: result.signatureHex, error: null }
      : { ...s.testSign, status: 'failed', signers: [], signatureHex: null, error: result.error },
  }));
}

/** Marks a controller call in flight (and clears the previous error). */
export function setBusy(store: UiStore, busy: ActionName | null): void {
  store.setState(busy === null ? { busy } : { busy, actionError: null });
}

/** Records a failed controller call in plain words. */
export function setActionError(store: UiStore, action: ActionName, message: string): void {
  store.setState({ actionError: { action, message }, busy: null });
}

/** Clears the last action error (the user dismissed it). */
export function clearActionError(store: UiStore): void {
  store.setState({ actionError: null });
}

/** Shows (or with null, clears) a status line such as "Resumed after a reload". */
export function setNotice(store: UiStore, notice: Notice | null): void {
  store.setState({ notice });
}

/** Back to a fresh Start screen (after leave/forget). */
export function resetUi(store: UiStore): void {
  store.setState(initialUiState(), true);
}
