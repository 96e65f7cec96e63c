/**
 * The app side of signing rooms (issue 17) through the live controller the page uses, over the
 * in-memory network: a 2-of-3 secp256k1-tr key of a real DKG (signing/testing/fixtures), a PSBT
 * spending two of its coins with change. Each browser's store shows the request as that browser
 * parsed it; nothing is signed before each custodian's own approveSigning; the finalized
 * transaction verifies with a second BIP-340 implementation over an independently computed
 * BIP-341 sighash; a faulty signer is named and replaced.
 */
import { describe, expect, it } from 'vitest';
import { schnorr } from '@noble/curves/secp256k1.js';
import { Transaction } from '@scure/btc-signer';
import { createMemoryNetwork } from '../ceremony/index';
import { fromHex, keyPackageToJson, publicKeyPackageToJson, verifySigningRecord } from '../protocol/index';
import { makeGroup, twoInputPsbt } from '../protocol/signing/testing/fixtures';
import { bip341KeyPathSighash, parseRawTx } from '../protocol/signing/testing/bip341Sighash';
import type { UiState } from '../store/index';
import { browser, until, type Browser } from './testing/testBrowsers';

const tr = makeGroup('secp256k1-tr', 2, 3);

async function signingRoom(opts: { faultyBob?: boolean } = {}) {
  const net = createMemoryNetwork();
  const psbt = twoInputPsbt(tr.pkp);
  const alice = browser(net);
  await alice.controller.createSigning({
    myName: 'Alice',
    keyPackageJson: keyPackageToJson(tr.keyPackages[0]!),
    publicKeyPackageJson: publicKeyPackageToJson(tr.pkp),
    request: { kind: 'psbt', psbt, network: 'regtest' },
  });
  const invite = (await until(alice.store, (s) => s.room !== null, 'room')).room!.inviteUrl;
  const bob = browser(net, undefined, opts.faultyBob ? { fault: () => 'bad-share' } : {});
  const carol = browser(net);
  await bob.controller.joinInvite(invite, 'Bob', { keyPackageJson: keyPackageToJson(tr.keyPackages[1]!) });
  await carol.controller.joinInvite(invite, 'Carol', { keyPackageJson: keyPackageToJson(tr.keyPackages[2]!) });
  const full = await until(alice.store, (s) => s.candidates.length === 3, 'three candidates');
  await alice.controller.lockRoster(full.candidates.map((c) => c.id));
  const all: Browser[] = [alice, bob, carol];
  for (const b of all)
    await until(b.store, (s) => s.phase === 'verify' && !!s.verification?.code && s.signing !== null, 'the code');
  for (const b of all) await b.controller.confirmCode(true);
  for (const b of all) await until(b.store, (s) => s.signing?.canAnswer === true, 'the request to answer');
  return { psbt, all };
}

const spent = (psbt: Uint8Array) =>
  [0, 1].map((i) => ({
    script: Transaction.fromPSBT(psbt).getInput(i).witnessUtxo!.script,
    amount: [50_000_000n, 30_000_000n][i]!,
  }));

function expectVerifiedTransaction(psbt: Uint8Array, s: UiState): void {
  const v = s.signing!;
  const raw = parseRawTx(fromHex(v.transaction!));
  for (let i = 0; i < 2; i++) {
    const { sigHash } = bip341KeyPathSighash(raw, i, spent(psbt), 0);
    expect(schnorr.verify(raw.witnesses[i]![0]!, sigHash, tr.pkp.verifyingKey.subarray(1))).toBe(true);
  }
  expect(verifySigningRecord(v.record!, tr.pkp).ok).toBe(true);
}

describe('signing room in the browser shell', () => {
  it('every browser shows the same parsed PSBT; nothing is signed until each approves; the transaction verifies', async () => {
    const { psbt, all } = await signingRoom();
    for (const b of all) {
      const v = b.store.getState().signing!;
      expect(v.key).toMatchObject({ suite: 'secp256k1-tr', minSigners: 2, holders: 3 });
      expect(v.request.kind).toBe('psbt');
      if (v.request.kind !== 'psbt') continue;
      expect(v.request.outputs.map((o) => [o.amount, o.change])).toEqual([
        [60_000_000n, false],
        [19_990_000n, true],
      ]);
      expect(v.request.fee).toBe(10_000n);
      expect(v.request.inputs.every((i) => i.ours)).toBe(true);
      expect(v.decision).toBe('pending');
      expect(b.store.getState().signingKeyHeld).toBe(true);
      expect(v.status).toBe('collecting');
    }
    expect(new Set(all.map((b) => b.store.getState().signing!.requestHash)).size).toBe(1);
    // An approval names the request hash the custodian was shown: another hash is refused.
    await expect(all[0]!.controller.approveSigning('00'.repeat(32), true)).rejects.toThrow();
    for (const b of all) await b.controller.approveSigning(b.store.getState().signing!.requestHash, true);
    for (const b of all) await until(b.store, (s) => s.signing?.status === 'done', 'signed');
    const txs = new Set(all.map((b) => b.store.getState().signing!.transaction));
    expect(txs.size).toBe(1);
    for (const b of all) expectVerifiedTransaction(psbt, b.store.getState());
    // The store stays secret-free: no signing share of any holder is in it.
    for (const b of all)
      for (const kp of tr.keyPackages)
        expect(
          JSON.stringify(b.store.getState(), (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x)),
        ).not.toContain(keyPackageToJson(kp).match(/"signing_share":"([0-9a-f]+)"/)![1]);
  });

  it('a custodian who refuses is not a signer; the other two sign', async () => {
    const { psbt, all } = await signingRoom();
    const [alice, bob, carol] = all as [Browser, Browser, Browser];
    await bob.controller.approveSigning(bob.store.getState().signing!.requestHash, false);
    await alice.controller.approveSigning(alice.store.getState().signing!.requestHash, true);
    await carol.controller.approveSigning(carol.store.getState().signing!.requestHash, true);
    const done = await until(carol.store, (s) => s.signing?.status === 'done', 'signed');
    expect(done.signing!.attempt!.signers.map((s) => s.name).sort()).toEqual(['Alice', 'Carol']);
    expect(done.signing!.members.find((m) => m.name === 'Bob')!.decision).toBe('refuse');
    expectVerifiedTransaction(psbt, done);
  });

  it('a selected signer whose share does not verify is named and replaced by the third; the signature verifies', async () => {
    const { psbt, all } = await signingRoom({ faultyBob: true });
    for (const b of all) await b.controller.approveSigning(b.store.getState().signing!.requestHash, true);
    for (const b of all) await until(b.store, (s) => s.signing?.status !== 'collecting', 'an outcome');
    for (const b of all) {
      const s = b.store.getState();
      expect(s.signing!.status).toBe('done');
      expect(s.signing!.blamed.map((c) => c.name)).toEqual(['Bob']);
      expect(s.signing!.attempt!.signers.map((x) => x.name)).not.toContain('Bob');
      expectVerifiedTransaction(psbt, s);
      // The evidence is in the record, and the shipping verifier re-checks it: share 2 is proven invalid.
      const check = verifySigningRecord(s.signing!.record!, tr.pkp);
      expect(check.ok && check.summary.blamed).toEqual([2]);
    }
  });
});
