import { describe, expect, it } from 'vitest';
import { createEncryptedStateStore, StateStoreError, type KeyValue } from './encryptedStateStore';

function memoryKv(): KeyValue & { raw: Map<string, unknown> } {
  const raw = new Map<string, unknown>();
  return {
    raw,
    get: async (k) => raw.get(k),
    set: async (k, v) => void raw.set(k, v),
    del: async (k) => void raw.delete(k),
  };
}

describe('encrypted state store', () => {
  it('round-trips state and never stores it in clear', async () => {
    const kv = memoryKv();
    const store = createEncryptedStateStore(kv, 'room-1');
    expect(await store.load()).toBeUndefined();
    const secret = '{"round1Secret":"deadbeefcafe"}';
    await store.save(secret);
    expect(await store.load()).toBe(secret);
    const record = kv.raw.get('state:room-1') as { ct: Uint8Array };
    expect(Buffer.from(record.ct).toString('utf8')).not.toContain('deadbeefcafe');
    const key = kv.raw.get('key:room-1') as CryptoKey;
    expect(key.extractable).toBe(false);
    await expect(globalThis.crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });

  it('detects a tampered record instead of returning garbage', async () => {
    const kv = memoryKv();
    const store = createEncryptedStateStore(kv, 'room-1');
    await store.save('hello');
    const record = kv.raw.get('state:room-1') as { ct: Uint8Array };
    record.ct[0]! ^= 1;
    await expect(store.load()).rejects.toMatchObject({ code: 'decrypt-failed' });
  });

  it('refuses to open another ceremony’s record moved under this name', async () => {
    const kv = memoryKv();
    const a = createEncryptedStateStore(kv, 'a');
    await a.save('state of a');
    kv.raw.set('state:b', kv.raw.get('state:a'));
    kv.raw.set('key:b', kv.raw.get('key:a'));
    const b = createEncryptedStateStore(kv, 'b');
    await expect(b.load()).rejects.toBeInstanceOf(StateStoreError);
  });

  it('forgets state and key on clear', async () => {
    const kv = memoryKv();
    const store = createEncryptedStateStore(kv, 'room-1');
    await store.save('x');
    await store.clear();
    expect(kv.raw.size).toBe(0);
    expect(await store.load()).toBeUndefined();
  });

  it('reports a corrupt record by code', async () => {
    const kv = memoryKv();
    kv.raw.set('state:r', { nonsense: true });
    await expect(createEncryptedStateStore(kv, 'r').load()).rejects.toMatchObject({ code: 'corrupt-record' });
  });
});
