/**
 * The `frost-ceremony` command (Node only). What other parts (tests, the browser shell tests) use of it.
 */
export { createFileStateStore } from './fileStateStore';
export { headlessStateStore, loadHeadlessState } from './headlessState';
