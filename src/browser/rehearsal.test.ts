import { describe, expect, it } from 'vitest';
import { createMemoryStateStore } from '../ceremony/index';
import { createUiStore, type UiStore, type FaultKind, type UiState } from '../store/index';
import { createLiveController } from './liveController';
import { rng, until as untilIn } from './testing/testBrowsers';
import { generateBackupIdentity } from '../ceremony/index';
import {
  verifyFundingReceipt,
  parseKeyPackage,
  readPublicKeyPackage,
  keyPackageFromPostcard,
  publicKeyPackageFromPostcard,
} from '../protocol/index';

/** Rehearsals run several generations: allow 15 s per wait. */
const until = (store: UiStore, pred: (s: UiState) => boolean, what: string) => untilIn(store, pred, what, 1500);

function setup() {
  const store = createUiStore();
  const controller = createLiveController(store, {
    origin: 'http://127.0.0.1:8790',
    rng,
    storeFor: () => createMemoryStateStore(),
    transportFor: () => {
      throw new Error('a rehearsal must not open a network transport');
    },
  });
  return { store, controller };
}

async function lockAndConfirm(
  store: UiStore,
  controller: ReturnType<typeof setup>['controller'],
  n: number,
): Promise<void> {
  const lobby = await until(
    store,
    (s) => s.phase === 'lobby' && s.candidates.length === n,
    `${n} simulated people in the lobby`,
  );
  await controller.lockRoster(lobby.candidates.map((c) => c.id));
  await until(store, (s) => s.phase === 'verify' && !!s.verification?.code, 'the code check');
  await controller.confirmCode(true);
}

describe('rehearsal mode', () => {
  it('runs a clean 2-of-3 rehearsal to success, and test-signs with t simulated people', async () => {
    const { store, controller } = setup();
    await controller.startRehearsal({ n: 3, t: 2, suite: 'FROST-ED25519-SHA512-v1', faults: [] });
    expect(store.getState().rehearsal).not.toBeNull();
    await lockAndConfirm(store, controller, 3);
    const done = await until(store, (s) => s.phase === 'success' && s.success !== null, 'success');
    expect(done.success!.confirmations).toHaveLength(3);
    // The simulated people may finish a moment after my screen shows success (their last
    // confirm-echoes still in flight): test signing right away waits for them instead of failing.
    // Any t of the three may sign: whoever holds a share first (Bob or Carol may finish first).
    const signed = await controller.testSign('hello');
    expect(signed.ok).toBe(true);
    const signers = signed.ok ? signed.signers : [];
    expect(signers).toHaveLength(2);
    expect(new Set(signers).size).toBe(2);
    expect(['You', 'Bob', 'Carol']).toEqual(expect.arrayContaining(signers));
  }, 60_000);

  it('safe to fund: refused before the backup is proven; after the proof my acknowledgement completes it, the simulated people having done theirs', async () => {
    const { store, controller } = setup();
    await controller.startRehearsal({ n: 3, t: 2, suite: 'FROST-ED25519-SHA512-v1', faults: [] });
    await lockAndConfirm(store, controller, 3);
    const ready = await until(
      store,
      (s) => s.funding !== null && s.funding.acknowledged.length === 2,
      'the simulated people acknowledged',
    );
    const me = ready.me!.id;
    expect(ready.funding!.kind).toBe('solana-address');
    expect(ready.funding!.waiting.map((w) => [w.id, w.reason])).toEqual([[me, 'funding']]);
    expect(ready.funding!.safeToFund).toBe(false);
    await expect(controller.acknowledgeFunding(ready.funding!.primary)).rejects.toThrow(
      /First prove that your saved backup opens/,
    );
    const { identity, recipient } = await generateBackupIdentity();
    const file = await controller.makeBackup({ kind: 'recipients', recipients: [recipient] });
    expect((await controller.verifyBackup({ kind: 'identity', identity, file: file.data as Uint8Array })).ok).toBe(
      true,
    );
    await expect(controller.acknowledgeFunding('not-the-address')).rejects.toThrow(
      /Not acknowledged: .*not the Solana address of this key/,
    );
    await controller.acknowledgeFunding(ready.funding!.primary);
    const safe = await until(store, (s) => s.funding?.safeToFund === true, 'safe to fund');
    expect(safe.funding!.mine).toBe(true);
    const receipt = safe.funding!.receipt!;
    expect(receipt.filename).toBe('rehearsal.funding-receipt.json');
    const check = verifyFundingReceipt(receipt.data as string, safe.success!.certificate.data as string);
    expect(check.ok).toBe(true);

    // The frost-core 2.x binary downloads decode to the same packages as the JSON ones.
    const json = await controller.exportKeyPackage();
    const bin = await controller.exportKeyPackage('postcard');
    expect(bin.filename).toBe('rehearsal.you.key-package.bin');
    expect(keyPackageFromPostcard(bin.data as Uint8Array)).toEqual(parseKeyPackage(json.data as string));
    const pkpBin = safe.success!.publicKeyPackageFrostCore2Postcard!;
    const pkp = publicKeyPackageFromPostcard(pkpBin.data as Uint8Array);
    const pkpJson = readPublicKeyPackage(safe.success!.publicKeyPackage.data as string);
    expect(pkp.verifyingKey).toEqual(pkpJson.verifyingKey);
    expect(pkp.verifyingShares).toEqual(pkpJson.verifyingShares);
  }, 60_000);

  it.each<[FaultKind, string]>([
    ['bad-share', 'bad-share'],
    ['bad-proof', 'bad-proof'],
    ['equivocation', 'equivocation'],
  ])(
    'a simulated %s is blamed on exactly that person; restarting without them succeeds',
    async (kind, finding) => {
      const { store, controller } = setup();
      await controller.startRehearsal({
        n: 4,
        t: 2,
        suite: 'FROST-RISTRETTO255-SHA512-v1',
        faults: [{ kind, who: 3 }],
      });
      await lockAndConfirm(store, controller, 4);
      const failed = await until(store, (s) => s.phase === 'failed' && s.failure !== null, 'the failure');
      const carol = failed.roster.find((r) => r.index === 3)!;
      expect(carol.name).toBe('Carol');
      expect(failed.failure!.culprits).toEqual([carol.id]);
      expect(failed.failure!.findings[0]!.code).toBe(finding);
      expect(failed.failure!.actions).toContain('restart-without');
      await controller.restartWithout(failed.failure!.culprits);
      await until(
        store,
        (s) => s.phase === 'verify' && !!s.verification?.code && s.room?.generation === 1,
        'the new code check',
      );
      expect(store.getState().roster.map((r) => r.name)).not.toContain('Carol');
      await controller.confirmCode(true);
      const ok = await until(store, (s) => s.phase === 'success' && s.success !== null, 'success without Carol');
      expect(ok.success!.confirmations).toHaveLength(3);
    },
    90_000,
  );

  it('a simulated person who announces a different key at the end is named with evidence; restarting without them succeeds', async () => {
    const { store, controller } = setup();
    await controller.startRehearsal({
      n: 3,
      t: 2,
      suite: 'FROST-ED25519-SHA512-v1',
      faults: [{ kind: 'wrong-key', who: 3 }],
    });
    await lockAndConfirm(store, controller, 3);
    const failed = await until(store, (s) => s.phase === 'failed' && s.failure !== null, 'the failure');
    const carol = failed.roster.find((r) => r.index === 3)!;
    expect(carol.name).toBe('Carol');
    expect(failed.failure!.culprits).toEqual([carol.id]);
    expect(failed.failure!.findings.map((f) => [f.code, f.culprit])).toEqual([['confirmation-mismatch', carol.id]]);
    // The signed record holds her false confirmation, her echo and the round-1 set.
    const record = JSON.parse(failed.failure!.evidence!.data as string) as { payload: string };
    const payload = JSON.parse(record.payload) as { reason: string; evidence: { kind: string }[] };
    expect(payload.reason).toBe('confirmation-mismatch');
    expect(payload.evidence.map((e) => e.kind)).toEqual(['false-confirmation']);
    await controller.restartWithout(failed.failure!.culprits);
    await until(
      store,
      (s) => s.phase === 'verify' && !!s.verification?.code && s.room?.generation === 1,
      'the new code check',
    );
    await controller.confirmCode(true);
    const ok = await until(store, (s) => s.phase === 'success' && s.success !== null, 'success without Carol');
    expect(ok.roster.map((r) => r.name)).toEqual(['You', 'Bob']);
  }, 60_000);

  it('a simulated person who vanishes is shown as awaited; restarting without them succeeds', async () => {
    const { store, controller } = setup();
    await controller.startRehearsal({
      n: 3,
      t: 2,
      suite: 'FROST-ED25519-SHA512-v1',
      faults: [{ kind: 'vanish', who: 2 }],
    });
    await lockAndConfirm(store, controller, 3);
    // Bob vanishes in the middle: after everyone's code check, during the rounds.
    const stuck = await until(
      store,
      (s) =>
        /^(round1|echo|round2|confirm)$/.test(s.phase) &&
        s.waiting.some((w) => s.roster.find((r) => r.id === w.id)?.name === 'Bob'),
      'waiting for Bob in a round',
    );
    const bob = stuck.roster.find((r) => r.name === 'Bob')!;
    await controller.restartWithout([bob.id]);
    await until(
      store,
      (s) => s.phase === 'verify' && !!s.verification?.code && s.room?.generation === 1,
      'the new code check',
    );
    await controller.confirmCode(true);
    const ok = await until(store, (s) => s.phase === 'success' && s.success !== null, 'success without Bob');
    expect(ok.roster.map((r) => r.name)).toEqual(['You', 'Carol']);
  }, 60_000);
});

describe('rehearsal test signing', () => {
  it('waits for t simulated people to hold a share, and says how many do when they never get there', async () => {
    const { store, controller } = setup();
    // Bob vanishes in the middle: only "You" and Carol could ever finish, and they need Bob's share.
    await controller.startRehearsal({
      n: 3,
      t: 2,
      suite: 'FROST-ED25519-SHA512-v1',
      faults: [{ who: 2, kind: 'vanish' }],
    });
    await lockAndConfirm(store, controller, 3);
    await until(
      store,
      (s) =>
        /^(round1|echo|round2|confirm)$/.test(s.phase) &&
        s.waiting.some((w) => s.roster.find((r) => r.id === w.id)?.name === 'Bob'),
      'waiting for Bob',
    );
    // Gives up after its 10 s wait with how many hold a share.
    const signed = await controller.testSign('hello');
    expect(signed).toEqual({ ok: false, error: 'Only 0 simulated people hold a key share; 2 are needed.' });
  }, 60_000);
});
