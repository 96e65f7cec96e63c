import type { StateStore } from './stateStore';

/** The minimal key-value interface of IndexedDB that the encrypted store needs. */
export interface KeyValue {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
}

interface SealedRecord {
  v: 1;
  iv: Uint8Array<ArrayBuffer>;
  ct: Uint8Array<ArrayBuffer>;
}

export class StateStoreError extends Error {
  constructor(
    readonly code: 'missing-key' | 'decrypt-failed' | 'corrupt-record',
    message: string,
  ) {
    super(message);
    this.name = 'StateStoreError';
  }
}

function isSealedRecord(x: unknown): x is SealedRecord {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return r.v === 1 && r.iv instanceof Uint8Array && r.ct instanceof Uint8Array;
}

/**
 * State encrypted at rest (AES-256-GCM) under a non-extractable WebCrypto key kept beside it.
 * Scripts can use the key but never read its bytes, so a copied IndexedDB file or a leaked
 * backup of the profile's storage does not reveal round-1 secrets or shares by itself.
 * The record name is bound into the AAD so records cannot be swapped between ceremonies.
 */
export function createEncryptedStateStore(
  kv: KeyValue,
  name: string,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
  randomBytes: (n: number) => Uint8Array<ArrayBuffer> = (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
): StateStore {
  const keyName = `key:${name}`;
  const dataName = `state:${name}`;
  const aad = new TextEncoder().encode(`frost-ceremony/state/v1/${name}`);

  async function getKey(create: boolean): Promise<CryptoKey | undefined> {
    const existing = await kv.get(keyName);
    if (existing) return existing as CryptoKey;
    if (!create) return undefined;
    const key = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    await kv.set(keyName, key);
    return key;
  }

  return {
    async load() {
      const record = await kv.get(dataName);
      if (record === undefined) return undefined;
      if (!isSealedRecord(record))
        throw new StateStoreError('corrupt-record', `stored state "${name}" is not a sealed record`);
      const key = await getKey(false);
      if (!key) throw new StateStoreError('missing-key', `the key for stored state "${name}" is gone`);
      try {
        const plain = await subtle.decrypt({ name: 'AES-GCM', iv: record.iv, additionalData: aad }, key, record.ct);
        return new TextDecoder().decode(plain);
      } catch {
        throw new StateStoreError('decrypt-failed', `stored state "${name}" does not decrypt (tampered or wrong key)`);
      }
    },
    async save(state) {
      const key = await getKey(true);
      const iv = randomBytes(12);
      const ct = await subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: aad },
        key!,
        new TextEncoder().encode(state) as Uint8Array<ArrayBuffer>,
      );
      const record: SealedRecord = { v: 1, iv, ct: new Uint8Array(ct) };
      await kv.set(dataName, record);
    },
    async clear() {
      await kv.del(dataName);
      await kv.del(keyName);
    },
  };
}
