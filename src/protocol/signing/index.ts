/** Signing ceremonies' pure pieces (issue 17): requests, selection, rounds, nonces, PSBTs, records. */
export { SignError, type SignErrorCode } from './errors.js';
export * from './request.js';
export * from './psbt.js';
export * from './selection.js';
export * from './nonces.js';
export * from './rounds.js';
export * from './record.js';
export * from './local.js';
export * from './attempt.js';
export * from './messages.js';
export * from './approvals.js';
export * from './roomParams.js';
