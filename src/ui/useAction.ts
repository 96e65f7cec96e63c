import { useCallback } from 'react';
import { setActionError, setBusy, type ActionName } from '../store/index';
import { useStoreApi } from './context';

/**
 * Wraps a controller call: marks it busy, records a failure in plain words, and returns the
 * call's result (undefined when it failed, so callers only act on success).
 */
export function useAction() {
  const store = useStoreApi();
  return useCallback(
    async <T>(name: ActionName, call: () => Promise<T>): Promise<T | undefined> => {
      setBusy(store, name);
      try {
        const result = await call();
        if (store.getState().busy === name) setBusy(store, null);
        return result;
      } catch (e) {
        setActionError(store, name, e instanceof Error ? e.message : String(e));
        return undefined;
      }
    },
    [store],
  );
}
