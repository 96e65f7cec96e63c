/**
 * The browser's side of the live controller: WebCrypto randomness, IndexedDB (encrypted at
 * rest), native Ed25519 signature checks, and the signalling server at the page's own origin.
 */
import { createStore, del, get, set } from 'idb-keyval';
import { createEncryptedStateStore, type KeyValue } from '../ceremony/index';
import type { StateStore } from '../ceremony/index';
import { createBrowserIdentityCrypto } from '../platform/index';
import type { FaultKind } from '../protocol/index';
import { fetchClientConfig } from '../transport/index';
import { createTransport } from '../transport/index';
import type { LiveEnvironment } from './liveController';

const FAULTS: readonly FaultKind[] = ['bad-share', 'bad-proof', 'equivocate', 'false-complaint', 'silent'];

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

/** Same database and records as createIndexedDbStateStore, with key lookups cached. */
function indexedDbStateStore(name: string): StateStore {
  const store = createStore('frost-ceremony', 'state');
  return createEncryptedStateStore(
    keyCachingKeyValue({ get: (k) => get(k, store), set: (k, v) => set(k, v, store), del: (k) => del(k, store) }),
    name,
  );
}

export function browserEnvironment(): LiveEnvironment {
  return {
    origin: location.origin,
    rng: (n) => crypto.getRandomValues(new Uint8Array(n)),
    storeFor: (name) => indexedDbStateStore(name),
    // WebCrypto Ed25519 where the browser has it, noble where not; same verdicts either way.
    identityCrypto: () => createBrowserIdentityCrypto(),
    transportFor: async (invite, selfId) => {
      // STUN/TURN servers come from the deployment (serve --ice-servers); none on loopback/LAN.
      const { iceServers } = await fetchClientConfig(invite.origin);
      return createTransport({
        serverUrl: invite.origin,
        roomId: invite.roomId,
        selfId,
        iceServers: iceServers as RTCIceServer[],
        relayOnly: new URLSearchParams(location.search).has('relay-only'),
      });
    },
    // Test builds only: `?fault=bad-share` makes this browser misbehave, for the e2e fault
    // tests. Production builds define __TEST_FAULTS__ as false and drop this branch.
    fault: __TEST_FAULTS__
      ? () => {
          const f = new URLSearchParams(location.search).get('fault');
          return f && (FAULTS as readonly string[]).includes(f) ? (f as FaultKind) : undefined;
        }
      : undefined,
  };
}
