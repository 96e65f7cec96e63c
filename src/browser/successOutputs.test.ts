import { describe, expect, it } from 'vitest';
import { createMemoryStateStore } from '../ceremony/index';
import { readPublicKeyPackage, verifyCertificate, taprootOutputKey, fromHex, toHex } from '../protocol/index';
import { createUiStore, type UiStore, type UiState } from '../store/index';
import { createLiveController } from './liveController';
import { rng, until as untilIn } from './testing/testBrowsers';

const until = (store: UiStore, pred: (s: UiState) => boolean, what: string) => untilIn(store, pred, what, 1500);

describe('success screen data: wallet outputs and the frost-core 2.x file', () => {
  it('a secp256k1-tr rehearsal shows the Taproot address and descriptors of the confirmed key', async () => {
    const store = createUiStore();
    const controller = createLiveController(store, {
      origin: 'http://127.0.0.1:8790',
      rng,
      storeFor: () => createMemoryStateStore(),
      transportFor: () => {
        throw new Error('a rehearsal must not open a network transport');
      },
    });
    await controller.startRehearsal({ n: 3, t: 2, suite: 'FROST-secp256k1-SHA256-TR-v1', faults: [] });
    const lobby = await until(store, (s) => s.phase === 'lobby' && s.candidates.length === 3, 'lobby');
    await controller.lockRoster(lobby.candidates.map((c) => c.id));
    await until(store, (s) => s.phase === 'verify' && !!s.verification?.code, 'code');
    await controller.confirmCode(true);
    const done = await until(store, (s) => s.phase === 'success' && !!s.success?.wallet, 'success with wallet outputs');
    const success = done.success!;
    const wallet = success.wallet!;
    expect(wallet.map((w) => w.network)).toEqual(['bitcoin', 'testnet', 'signet', 'regtest']);
    const q = success.groupKeyHex.slice(2);
    expect(wallet[0]!.address!.startsWith('bc1p')).toBe(true);
    expect(wallet[0]!.descriptor).toMatch(new RegExp(`^rawtr\\(${q}\\)#`));
    // tr() carries the certificate's internal key, which tweaks to the confirmed key.
    const cert = verifyCertificate(success.certificate.data as string);
    if (!cert.ok) throw new Error(cert.reason);
    expect(wallet[0]!.internalDescriptor).toMatch(new RegExp(`^tr\\(${cert.summary.taprootInternalKey}\\)#`));
    expect(toHex(taprootOutputKey(fromHex(cert.summary.taprootInternalKey!)))).toBe(q);

    const v2 = success.publicKeyPackageFrostCore2!;
    expect(JSON.parse(v2.data as string)).not.toHaveProperty('min_signers');
    const p3 = readPublicKeyPackage(success.publicKeyPackage.data as string);
    expect(readPublicKeyPackage(v2.data as string)).toEqual({ ...p3, minSigners: undefined });
  });
});
