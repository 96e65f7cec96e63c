import { createStore, type StoreApi } from 'zustand/vanilla';
import type { BackupState, TestSignState, UiState } from './types';

/** A UI store instance. One per tab (or per simulated participant in tests). */
export type UiStore = StoreApi<UiState>;

/** Backup state before anything was saved. */
export const initialBackup: BackupState = { status: 'none', method: null, filename: null, lastError: null };

/** Test-signing state before anyone tried. */
export const initialTestSign: TestSignState = {
  status: 'idle',
  message: '',
  signers: [],
  signatureHex: null,
  error: null,
};

/** The state of a fresh tab: the Start screen, nothing known yet. */
export function initialUiState(): UiState {
  return {
    phase: 'start',
    me: null,
    room: null,
    params: null,
    pendingInviteUrl: null,
    invitedParams: null,
    candidates: [],
    selection: [],
    roster: [],
    verification: null,
    progress: null,
    waiting: [],
    presence: {},
    pendingGroupKeyHex: null,
    failure: null,
    success: null,
    backup: initialBackup,
    testSign: initialTestSign,
    testSignRequest: null,
    signing: null,
    signingKeyHeld: false,
    funding: null,
    rehearsal: null,
    history: [],
    notice: null,
    busy: null,
    actionError: null,
  };
}

/**
 * Creates a store. A factory rather than a module-level singleton so that tests, fixtures and
 * rehearsals can hold several independent stores; the React tree receives it via context.
 */
export function createUiStore(initial?: Partial<UiState>): UiStore {
  return createStore<UiState>()(() => ({ ...initialUiState(), ...initial }));
}
