/**
 * The browser shell: live controller, IndexedDB persistence, rehearsal, backup proof and downloads.
 * It drives src/ceremony and pushes secret-free snapshots into src/store. The UI imports this entry only
 * to start the app (src/ui/main.tsx).
 */
export { browserEnvironment } from './browserEnvironment';
export { downloadName } from './downloadNames';
export { createLiveController, invitedParamsOf } from './liveController';
export { WaitTracker, toUiState } from './toUiState';
