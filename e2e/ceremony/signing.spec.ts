/**
 * Signing with an existing key in real browsers against the real server (issue 17): three
 * custodians of a 2-of-3 secp256k1-tr key (key packages of a real DKG made by the shipping code in
 * this process) sign a PSBT spending two of the key's coins with change. Each browser shows the
 * request as it parsed it (same outputs, same fee); each approves with its own click; Bob, one of
 * the two selected signers, runs a test build's `?fault=bad-share` and is named with evidence and
 * replaced by Carol; the downloaded transaction and signing record verify with the shipping verifier
 * and a second BIP-340 implementation over an independently computed BIP-341 sighash.
 * A second story: a message that two custodians refuse ends with nothing signed, said plainly.
 * Screenshots: test-results/screens/live-sign-*.png.
 */
import type { Page } from '@playwright/test';
import { schnorr } from '@noble/curves/secp256k1.js';
import { Transaction } from '@scure/btc-signer';
import { fromHex, keyPackageToJson, publicKeyPackageToJson, verifySigningRecord } from '../../src/protocol/index';
import { makeGroup, twoInputPsbt } from '../../src/protocol/signing/testing/fixtures';
import { bip341KeyPathSighash, parseRawTx } from '../../src/protocol/signing/testing/bip341Sighash';
import {
  allReach,
  confirmCodes,
  downloadedText,
  expect,
  gotoStart,
  inviteFor,
  snap,
  test,
  type Actor,
} from '../fixtures/ceremony-actors';
import { seriousAxeViolations } from '../fixtures/ui-fixture';

test.describe.configure({ timeout: 360_000 });

const tr = makeGroup('secp256k1-tr', 2, 3);
const json = (name: string, text: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
const kpFile = (i: number) => json(`key-package-${i + 1}.json`, keyPackageToJson(tr.keyPackages[i]!));

/** Alice opens a signing room from the Start screen; returns the invite link. */
async function openSigningRoom(
  alice: Actor,
  request: { psbt: Uint8Array } | { text: string },
  shots = false,
): Promise<string> {
  await gotoStart(alice);
  const page = alice.page;
  await page.getByTestId('open-sign-form').click();
  const f = page.getByTestId('sign-form');
  await f.getByLabel('Your name').fill(alice.name);
  await page.getByTestId('sign-kp').setInputFiles(kpFile(0));
  await page.getByTestId('sign-pkp').setInputFiles(json('public-key-package.json', publicKeyPackageToJson(tr.pkp)));
  if ('psbt' in request) {
    await f.getByLabel('A Bitcoin transaction (PSBT file)').check();
    await page.getByTestId('sign-psbt').setInputFiles({
      name: 'spend.psbt',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(request.psbt),
    });
    await page.getByTestId('sign-network').selectOption('regtest');
  } else {
    await page.getByTestId('sign-message').fill(request.text);
  }
  if (shots) {
    expect(await seriousAxeViolations(page)).toEqual([]);
    await snap(alice, 'sign-start');
    await snap(alice, 'sign-start', 'phone');
  }
  await f.getByRole('button', { name: 'Open signing room' }).click();
  await alice.ui.waitForPhase('lobby');
  return page.getByTestId('invite-link').inputValue();
}

async function joinWithKey(actor: Actor, invite: string, keyIndex: number): Promise<void> {
  await actor.page.goto(inviteFor(actor, invite));
  const f = actor.page.getByTestId('join-form');
  await f.getByLabel('Your name').fill(actor.name);
  await actor.page.getByTestId('join-key-package').setInputFiles(kpFile(keyIndex));
  await f.getByRole('button', { name: 'Join ceremony' }).click();
  await expect(actor.page.getByTestId('app')).toHaveAttribute('data-phase', /^(connecting|lobby)$/);
}

/** Everyone in, codes compared, each screen asking for an answer. */
async function toApproval(actors: Actor[], invite: string): Promise<void> {
  const [alice, ...others] = actors;
  for (const [i, a] of others.entries()) await joinWithKey(a, invite, i + 1);
  await alice!.ui.pickAndLock(actors.map((a) => a.name));
  await allReach(actors, 'verify');
  // The code screen already says which key signs: not a key ceremony.
  for (const a of actors) await expect(a.page.getByTestId('signing-key')).toContainText('signing room');
  await confirmCodes(actors);
  for (const a of actors) await expect(a.page.getByTestId('approve-signing')).toBeEnabled({ timeout: 120_000 });
}

const textOf = (page: Page, id: string) => page.getByTestId(id).innerText();

test('three browsers sign a PSBT; a bad share is named and replaced; the transaction verifies', async ({ cast }) => {
  const [alice, bob, carol] = await cast.open(['Alice', 'Bob', 'Carol'], { Bob: { query: { fault: 'bad-share' } } });
  const all = [alice!, bob!, carol!];
  const psbt = twoInputPsbt(tr.pkp);
  const invite = await openSigningRoom(alice!, { psbt }, true);
  await toApproval(all, invite);

  // Each browser parsed the PSBT itself and shows the same outputs and fee.
  const outputs = await Promise.all(all.map((a) => textOf(a.page, 'psbt-outputs')));
  const fees = await Promise.all(all.map((a) => textOf(a.page, 'psbt-fee')));
  expect(new Set(outputs).size).toBe(1);
  expect(new Set(fees).size).toBe(1);
  expect(outputs[0]).toContain('0.60000000 BTC');
  expect(outputs[0]).toContain('0.19990000 BTC');
  expect(outputs[0]).toContain('change back to this key');
  expect(fees[0]).toContain('0.00010000 BTC');
  await expect(carol!.page.getByTestId('psbt-inputs')).toContainText('belongs to this key');
  expect(await seriousAxeViolations(carol!.page)).toEqual([]);
  await snap(carol!, 'sign-approve-psbt');
  await snap(carol!, 'sign-approve-psbt', 'phone');

  for (const a of all) await a.page.getByTestId('approve-signing').click();
  for (const a of all)
    await expect(a.page.getByTestId('signing-screen')).toHaveAttribute('data-status', 'done', { timeout: 240_000 });
  for (const a of all) await expect(a.page.getByTestId('signing-blamed')).toContainText('Bob');
  await expect(carol!.page.getByTestId('signing-attempt')).toContainText('Carol');
  expect(await seriousAxeViolations(carol!.page)).toEqual([]);
  await snap(carol!, 'sign-done');
  await snap(carol!, 'sign-done', 'phone');

  // The downloads (named as the CLI writes them) verify with the shipping verifier and independently.
  const download = async (name: string) => {
    const [d] = await Promise.all([
      carol!.page.waitForEvent('download'),
      carol!.page.getByTestId(`download-${name}`).click(),
    ]);
    expect(d.suggestedFilename()).toBe(name);
    return downloadedText(d);
  };
  const record = await download('signing-record.json');
  const txHex = (await download('transaction.hex')).trim();
  const signature = JSON.parse(await download('signature.json')) as { signatures: string[] };
  expect(signature.signatures).toHaveLength(2);
  const check = verifySigningRecord(record, tr.pkp);
  expect(check.ok).toBe(true);
  // Bob (share 2) is named in the record with evidence the verifier re-checked; Alice and Carol signed.
  expect(check.ok && check.summary.blamed).toEqual([2]);
  expect(check.ok && check.summary.signers).toEqual([1, 3]);
  expect(check.ok && check.summary.transaction).toBe(txHex);
  const raw = parseRawTx(fromHex(txHex));
  const spent = [0, 1].map((i) => ({
    script: Transaction.fromPSBT(psbt).getInput(i).witnessUtxo!.script,
    amount: [50_000_000n, 30_000_000n][i]!,
  }));
  for (let i = 0; i < 2; i++) {
    const { sigHash } = bip341KeyPathSighash(raw, i, spent, 0);
    expect(schnorr.verify(raw.witnesses[i]![0]!, sigHash, tr.pkp.verifyingKey.subarray(1))).toBe(true);
  }
});

test('a message two custodians refuse: nothing is signed, and every screen says so', async ({ cast }) => {
  const [alice, bob, carol] = await cast.open(['Alice', 'Bob', 'Carol']);
  const all = [alice!, bob!, carol!];
  const invite = await openSigningRoom(alice!, { text: 'Rotate the treasury key on 1 March' });
  await toApproval(all, invite);
  for (const a of all) await expect(a.page.getByTestId('request-message')).toContainText('Rotate the treasury key');
  expect(await seriousAxeViolations(bob!.page)).toEqual([]);
  await snap(bob!, 'sign-approve-message');
  await snap(bob!, 'sign-approve-message', 'phone');
  await alice!.page.getByTestId('approve-signing').click();
  await bob!.page.getByTestId('refuse-signing').click();
  await carol!.page.getByTestId('refuse-signing').click();
  for (const a of all)
    await expect(a.page.getByTestId('signing-screen')).toHaveAttribute('data-status', 'failed', { timeout: 120_000 });
  await expect(alice!.page.getByTestId('signing-members')).toContainText('Bob (share 2): refused');
  expect(await seriousAxeViolations(alice!.page)).toEqual([]);
  await snap(alice!, 'sign-failure');
  await snap(alice!, 'sign-failure', 'phone');
});
