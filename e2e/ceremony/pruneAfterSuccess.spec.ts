/**
 * Issue 11.5 in a real browser: after success, the state the app keeps in IndexedDB (decrypted
 * in the page with the app's own non-extractable key, as the app does on resume) holds no DKG
 * working secret; after a reload the app resumes on the success screen with the same key and
 * the key package still downloads. (Byte-level search for every secret: pruneAfterSuccess.test.ts.)
 */
import { checkKeyPackageFile } from '../helpers/keyPackages';
import {
  confirmCodes,
  createAndLock,
  downloadedText,
  expect,
  sameGroupKeyEverywhere,
  test,
} from '../fixtures/ceremony-actors';

test.describe.configure({ timeout: 150_000 });

interface SavedShape {
  records: number;
  coefficients: number | null;
  sharesSent: number;
  sharesReceived: number;
  ephemeralSecretKey: string;
  outcome: string | null;
  signingShareLength: number;
}

test('after success the IndexedDB state holds no coefficient, share, ekm or ephemeral key; a reload resumes on success', async ({
  cast,
}) => {
  const [alice, bob, carol] = await cast.open(['Alice', 'Bob', 'Carol']);
  await createAndLock(alice!, [bob!, carol!], { label: cast.label, t: 2, n: 3 });
  await confirmCodes([alice!, bob!, carol!]);
  const groupKey = await sameGroupKeyEverywhere([alice!, bob!, carol!]);

  const saved = await bob!.page.evaluate(async (): Promise<SavedShape[]> => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open('frost-ceremony');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const all = await new Promise<{ keys: IDBValidKey[]; values: unknown[] }>((res, rej) => {
      const tx = db.transaction('state', 'readonly');
      const store = tx.objectStore('state');
      const k = store.getAllKeys();
      const v = store.getAll();
      tx.oncomplete = () => res({ keys: k.result, values: v.result });
      tx.onerror = () => rej(tx.error);
    });
    const byKey = new Map(all.keys.map((k, i) => [String(k), all.values[i]]));
    const out: SavedShape[] = [];
    for (const [k, v] of byKey) {
      // Records: state:identity, state:active (which ceremony is open) and one state:ceremony:<room>.
      if (!k.startsWith('state:ceremony:')) continue;
      const name = k.slice('state:'.length);
      const key = byKey.get(`key:${name}`) as CryptoKey;
      const rec = v as { iv: Uint8Array; ct: Uint8Array };
      const aad = new TextEncoder().encode(`frost-ceremony/state/v1/${name}`);
      const plain = new TextDecoder().decode(
        await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: rec.iv as BufferSource, additionalData: aad },
          key,
          rec.ct as BufferSource,
        ),
      );
      const st = JSON.parse(plain) as {
        ephemeral: { secretKey: string };
        session: {
          secret: string[] | null;
          round2Out: object;
          round2Shares: object;
          outcome: string | null;
          result: { signingShare: string } | null;
        } | null;
      };
      out.push({
        records: byKey.size,
        coefficients: st.session?.secret?.length ?? null,
        sharesSent: Object.keys(st.session?.round2Out ?? {}).length,
        sharesReceived: Object.keys(st.session?.round2Shares ?? {}).length,
        ephemeralSecretKey: st.ephemeral.secretKey,
        outcome: st.session?.outcome ?? null,
        signingShareLength: st.session?.result?.signingShare.length ?? 0,
      });
    }
    return out;
  });
  const ceremonyStates = saved.filter((s) => s.outcome === 'success');
  expect(ceremonyStates, JSON.stringify(saved)).toHaveLength(1);
  expect(ceremonyStates[0]).toMatchObject({
    coefficients: null,
    sharesSent: 0,
    sharesReceived: 0,
    ephemeralSecretKey: '',
    signingShareLength: 64,
  });

  await bob!.page.reload();
  await bob!.ui.waitForPhase('success');
  await expect(bob!.page.getByTestId('group-key')).toHaveText(groupKey);
  const kp = checkKeyPackageFile('Bob', await downloadedText(await bob!.ui.downloadKeyPackage()), 'ed25519', 2);
  expect(kp).toBeTruthy();
});
