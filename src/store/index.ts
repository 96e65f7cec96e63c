export * from './types';
export * from './store';
export * from './actions';
export * from './selectors';
export * from './controller';
export { pairKey } from './pairKey';
