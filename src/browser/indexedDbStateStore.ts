import { createStore, del, get, set } from 'idb-keyval';
import { createEncryptedStateStore, type KeyValue, type StateStore } from '../ceremony/index';

/**
 * A key-value view of IndexedDB that remembers the records' keys (the non-extractable
 * AES-GCM CryptoKeys, `key:*`) once read or written. The encrypted store looks its key up
 * before every save, and the ceremony saves before every send: without this each step paid
 * one more IndexedDB round trip through the browser process. Only key records are kept; the
 * state itself is always read from and written to IndexedDB.
 */
export function keyCachingKeyValue(inner: KeyValue): KeyValue {
  const known = new Map<string, unknown>();
  const isKey = (k: string) => k.startsWith('key:');
  return {
    async get(k) {
      if (isKey(k) && known.has(k)) return known.get(k);
      const v = await inner.get(k);
      if (isKey(k) && v !== undefined) known.set(k, v);
      return v;
    },
    async set(k, v) {
      await inner.set(k, v);
      if (isKey(k)) known.set(k, v);
    },
    async del(k) {
      known.delete(k);
      await inner.del(k);
    },
  };
}

/**
 * Browser persistence: one IndexedDB database for the app (`frost-ceremony`, store `state`), one
 * record per ceremony, encrypted at rest under a non-extractable AES-GCM key (encryptedStateStore),
 * with key lookups cached.
 */
export function indexedDbStateStore(name: string): StateStore {
  const store = createStore('frost-ceremony', 'state');
  return createEncryptedStateStore(
    keyCachingKeyValue({ get: (k) => get(k, store), set: (k, v) => set(k, v, store), del: (k) => del(k, store) }),
    name,
  );
}
