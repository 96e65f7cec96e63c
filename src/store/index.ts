export * from './types';
export * from './store';
export * from './actions';
export * from './selectors';
export * from './controller';
export { pairKey } from './pairKey';
export { candidateNameClashes, type NameClashInfo } from './nameClashes';
export { DEFAULT_TEST_TEXT, testTextProblem } from './testText';
// Public data types of the protocol that screens show (no secrets), so that the UI imports only the store.
export type { BitcoinNetwork, RequestView, SigningRoomView, WalletOutputs } from '../protocol/index';
