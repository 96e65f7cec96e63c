import { createStore, del, get, set } from 'idb-keyval';
import { createEncryptedStateStore, type KeyValue } from '../ceremony/index';
import type { StateStore } from '../ceremony/index';

/** Browser persistence: one IndexedDB database for the app, one encrypted record per ceremony. */
export function createIndexedDbStateStore(ceremonyName: string): StateStore {
  const store = createStore('frost-ceremony', 'state');
  const kv: KeyValue = {
    get: (k) => get(k, store),
    set: (k, v) => set(k, v, store),
    del: (k) => del(k, store),
  };
  return createEncryptedStateStore(kv, ceremonyName);
}
