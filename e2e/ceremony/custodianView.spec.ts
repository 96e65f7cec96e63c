/**
 * Issue 15: what a custodian sees is the whole truth. Real ceremonies in separate browser
 * contexts against the real server; each test reads what the screens say.
 *  - 15.1 joiners see key type, t of n, label and attempt from the invite on, and beside the code;
 *  - 15.4 the backup proof opens the file read back from disk, and says exactly that;
 *  - 15.5 downloads are named after label and person;
 *  - 15.6 a Taproot key is shown x-only, with the 33-byte form beside it.
 * Screenshots go to test-results/screens/live-*.png.
 */
import { readFile } from 'node:fs/promises';
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { decryptKeyPackageBackup } from '../../src/ceremony/index';
import { downloadName } from '../../src/browser/index';
import {
  allReach,
  confirmCodes,
  createAndLock,
  downloadedText,
  expect,
  gotoStart,
  inviteFor,
  sameCodeEverywhere,
  sameGroupKeyEverywhere,
  snap,
  test,
} from '../fixtures/ceremony-actors';
import { checkKeyPackageFile } from '../helpers/keyPackages';
import { seriousAxeViolations } from '../fixtures/ui-fixture';

test.describe.configure({ timeout: 180_000 });

const TAPROOT = 'secp256k1 Taproot / BIP-340 (Bitcoin)';

test('Taproot 2-of-3: joiners see what is made from the invite on; x-only key; files named after label and person; the proof opens the saved file', async ({
  cast,
}) => {
  const [alice, bob, carol] = await cast.open(['Alice', 'Bob', 'Carol']);
  const label = `Treasury ${cast.label}`;
  await gotoStart(alice!);
  const invite = await alice!.ui.create({ name: 'Alice', label, t: 2, n: 3, keyType: TAPROOT });

  // 15.1: Bob opens the invite: before joining, the Join form says what he is asked to hold.
  await bob!.page.goto(inviteFor(bob!, invite));
  await bob!.ui.waitForPhase('start');
  const invited = bob!.page.getByTestId('invited-params-summary');
  await expect(invited.getByTestId('params-label')).toHaveText(label);
  await expect(invited.getByTestId('params-type')).toHaveText(TAPROOT);
  await expect(invited.getByTestId('params-threshold')).toHaveText('2 of 3 must sign');
  await snap(bob!, 'join-invited');
  await snap(bob!, 'join-invited', 'phone');
  expect(await seriousAxeViolations(bob!.page), 'join form with the invite').toEqual([]);

  await Promise.all([bob!, carol!].map((a) => a.ui.join(inviteFor(a, invite))));
  // In the lobby, a joiner sees the parameters too, in the page and in the header.
  for (const a of [bob!, carol!]) {
    await a.ui.waitForPhase('lobby');
    const summary = a.page.getByTestId('params-summary');
    await expect(summary.getByTestId('params-threshold'), `${a.name}'s lobby`).toHaveText('2 of 3 must sign');
    await expect(summary.getByTestId('params-type')).toHaveText(TAPROOT);
    await expect(summary.getByTestId('params-label')).toHaveText(label);
    await expect(summary.getByTestId('params-attempt')).toHaveText('1');
    await expect(a.page.getByTestId('header-params')).toHaveText(`2 of 3 must sign · ${TAPROOT} · attempt 1`);
  }
  await snap(carol!, 'lobby-joiner');
  await snap(carol!, 'lobby-joiner', 'phone');

  await alice!.ui.pickAndLock(['Alice', 'Bob', 'Carol']);
  await allReach([alice!, bob!, carol!], 'verify');
  // On the code screen, right next to the code, for everyone: what the code covers.
  for (const a of [alice!, bob!, carol!]) {
    await expect(a.page.getByTestId('verification-code')).toHaveText(/\S/);
    const beside = a.page.getByTestId('code-params-summary');
    await expect(beside.getByTestId('params-threshold'), `${a.name}'s code screen`).toHaveText('2 of 3 must sign');
    await expect(beside.getByTestId('params-type')).toHaveText(TAPROOT);
    await expect(beside.getByTestId('params-label')).toHaveText(label);
    await expect(beside.getByTestId('params-attempt')).toHaveText('1');
    // Nothing changed since the invite: no warning.
    await expect(a.page.getByTestId('params-changed')).toHaveCount(0);
  }
  await snap(bob!, 'verify-joiner');
  await snap(bob!, 'verify-joiner', 'phone');
  expect(await seriousAxeViolations(bob!.page), 'code screen').toEqual([]);
  await confirmCodes([alice!, bob!, carol!]);
  const full = await sameGroupKeyEverywhere([alice!, bob!, carol!]);

  // 15.6: the x-only key first (what BIP-340 derives), the 33-byte frost-rs form beside it.
  expect(full).toMatch(/^0[23][0-9a-f]{64}$/);
  const xOnly = full.slice(2);
  expect(
    schnorr.utils
      .lift_x(BigInt(`0x${xOnly}`))
      .toHex(true)
      .slice(2),
  ).toBe(xOnly);
  for (const a of [alice!, bob!, carol!]) {
    await expect(a.page.getByTestId('group-key-xonly'), `${a.name}'s x-only key`).toHaveText(xOnly);
    await expect(a.page.getByTestId('group-key-panel')).toContainText('Taproot key (x-only, 32 bytes)');
    await expect(a.page.getByTestId('key-threshold')).toContainText('2 of 3 must sign');
  }
  expect(secp256k1.Point.fromHex(full).toHex(true)).toBe(full);

  // 15.5: every download is named after the label and, for a piece, the person.
  const slug = downloadName('certificate', { label }).replace(/\.certificate\.json$/, '');
  expect(slug).toMatch(/^treasury-[a-z0-9-]+$/);
  const cert = await carol!.ui.downloadCertificate();
  expect(cert.suggestedFilename()).toBe(`${slug}.certificate.json`);
  const pkp = await carol!.ui.downloadPublicKeyPackage();
  expect(pkp.suggestedFilename()).toBe(`${slug}.public-key-package.json`);
  const kp = await carol!.ui.downloadKeyPackage();
  expect(kp.suggestedFilename()).toBe(`${slug}.carol.key-package.json`);
  const kpText = await downloadedText(kp);
  checkKeyPackageFile('Carol', kpText, 'secp256k1-tr', 2);

  // 15.4: the backup; the proof needs the saved file, read back from disk.
  const passphrase = `e2e ${cast.label} staple battery`;
  await carol!.page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await carol!.page.getByLabel('Passphrase again').fill(passphrase);
  const saving = carol!.page.waitForEvent('download');
  await carol!.page.getByRole('button', { name: 'Encrypt and save backup' }).click();
  const backup = await saving;
  expect(backup.suggestedFilename()).toBe(`${slug}.carol.key-package.json.age`);
  await expect(carol!.page.getByTestId('backup-saved-hint')).toContainText(
    `Your browser was asked to save ${slug}.carol.key-package.json.age`,
  );
  await carol!.page.getByLabel('Enter the passphrase again').fill(passphrase);
  // Passphrase alone is not a proof: the check is about the file she keeps.
  await expect(carol!.page.getByRole('button', { name: 'Check that it opens' })).toBeDisabled();
  await snap(carol!, 'backup-proof');
  await snap(carol!, 'backup-proof', 'phone');
  // A file that is not her backup (her unencrypted key package) is refused in plain words.
  await carol!.page.getByLabel('Your saved backup file').setInputFiles(await kp.path());
  await carol!.page.getByRole('button', { name: 'Check that it opens' }).click();
  await expect(carol!.page.getByTestId('backup-status')).toHaveAttribute('data-status', 'saved');
  await expect(carol!.page.getByTestId('done')).toHaveCount(0);
  // The file as saved on disk, read back: proven, and the screen says what was proven.
  const savedPath = await backup.path();
  await carol!.page.getByLabel('Your saved backup file').setInputFiles(savedPath);
  await carol!.page.getByLabel('Enter the passphrase again').fill(passphrase);
  await carol!.page.getByRole('button', { name: 'Check that it opens' }).click();
  await expect(carol!.page.getByTestId('backup-status')).toHaveAttribute('data-status', 'verified');
  await expect(carol!.page.getByTestId('backup-proven')).toContainText(
    'was read back from your disk, opened with your passphrase, and holds exactly your piece of this key',
  );
  await expect(carol!.page.getByTestId('done')).toContainText(
    'The backup file you saved was read back and opens to your piece.',
  );
  expect((await decryptKeyPackageBackup(new Uint8Array(await readFile(savedPath)), { passphrase })).json).toBe(kpText);
  await snap(carol!, 'success-taproot');
  await snap(carol!, 'success-taproot', 'phone');
  expect(await seriousAxeViolations(carol!.page), 'success screen').toEqual([]);
});

test('a closed tab shows as "left the room" where people wait; restarting without her says what the new key will be, and everyone sees 2-of-2', async ({
  cast,
}) => {
  const [alice, bob, carol] = await cast.open(['Alice', 'Bob', 'Carol']);
  await createAndLock(alice!, [bob!, carol!], { label: cast.label, t: 2, n: 3 });
  await sameCodeEverywhere([alice!, bob!, carol!]);
  // 15.3: Carol closes her tab before pressing "Codes match".
  await carol!.context.close();
  for (const a of [alice!, bob!]) await a.ui.confirmCode(true);
  // The waiting box says she left (not that she is slow), with the restart button beside it.
  const item = alice!.page.locator('[data-testid="waiting-item"][data-presence="left"]');
  await expect(item).toContainText('Carol left the room');
  await expect(item.getByRole('button', { name: 'Restart without Carol…' })).toBeVisible();
  // Every member list that waits for her shows it too.
  for (const a of [alice!, bob!]) {
    await expect(
      a.page.locator('[data-testid="roster-member"][data-name="Carol"] [data-testid="presence"]'),
      `${a.name}'s list`,
    ).toHaveAttribute('data-presence', 'left');
    await expect(
      a.page
        .locator('[data-testid="roster-member"][data-name="Bob"], [data-testid="roster-member"][data-name="Alice"]')
        .locator('[data-testid="presence"]'),
    ).toHaveAttribute('data-presence', 'connected');
  }
  await expect(bob!.page.locator('[data-testid="waiting-item"][data-presence="left"]')).toContainText(
    'Carol left the room',
  );
  await snap(alice!, 'verify-left');
  await snap(alice!, 'verify-left', 'phone');
  expect(await seriousAxeViolations(alice!.page), 'code screen with someone gone').toEqual([]);

  // 15.2: before restarting, Alice is told what the new key will be, and chooses.
  await item.getByRole('button', { name: 'Restart without Carol…' }).click();
  const choice = alice!.page.getByTestId('restart-choice');
  await expect(choice.getByTestId('restart-confirm')).toBeDisabled();
  await choice.getByTestId('restart-smaller').check();
  await expect(choice.getByTestId('restart-smaller-consequence')).toHaveText(
    'The new key: 2 of 2 must sign; if either piece is lost, the key is lost.',
  );
  // t = 2 is the floor: no lower threshold is offered.
  await expect(choice.getByTestId('restart-t')).toHaveCount(0);
  await snap(alice!, 'restart-choice');
  await snap(alice!, 'restart-choice', 'phone');
  expect(await seriousAxeViolations(alice!.page), 'restart choice').toEqual([]);
  await choice.getByTestId('restart-confirm').click();

  // Everyone left sees the new parameters beside the new code, and what they mean.
  await sameCodeEverywhere([alice!, bob!]);
  for (const a of [alice!, bob!]) {
    await expect(a.page.getByTestId('code-params-summary').getByTestId('params-threshold'), a.name).toHaveText(
      '2 of 2 must sign',
    );
    await expect(a.page.getByTestId('code-params-summary').getByTestId('params-attempt')).toHaveText('2');
    await expect(a.page.getByTestId('params-changed')).toContainText(
      'This attempt makes a 2-of-2 key, not the 2-of-3 key the invite announced: 2 of 2 must sign, and if either piece is lost, the key is lost.',
    );
    await expect(a.page.getByTestId('header-params')).toContainText('2 of 2 must sign');
  }
  await snap(bob!, 'verify-smaller');
  await snap(bob!, 'verify-smaller', 'phone');
  await confirmCodes([alice!, bob!]);
  await sameGroupKeyEverywhere([alice!, bob!]);
  for (const a of [alice!, bob!])
    await expect(a.page.getByTestId('key-threshold'), a.name).toContainText(
      '2 of 2 must sign. Any 2 of the 2 custodians can sign together; no piece may be lost.',
    );
  const kp = JSON.parse(await downloadedText(await bob!.ui.downloadKeyPackage())) as { min_signers: number };
  expect(kp.min_signers).toBe(2);
});

test('restart with a replacement: Dave joins with the same invite, the roster is chosen again, the key stays 2 of 3', async ({
  cast,
}) => {
  const [alice, bob, carol, dave] = await cast.open(['Alice', 'Bob', 'Carol', 'Dave']);
  const invite = await createAndLock(alice!, [bob!, carol!], { label: cast.label, t: 2, n: 3 });
  await sameCodeEverywhere([alice!, bob!, carol!]);
  await carol!.context.close();
  for (const a of [alice!, bob!]) await a.ui.confirmCode(true);
  await expect(alice!.page.locator('[data-testid="waiting-item"][data-presence="left"]')).toContainText(
    'Carol left the room',
  );
  await alice!.ui.restartWithout('Carol', { kind: 'replace' });
  // Back in the lobby: nothing is locked until the coordinator chooses 3 people again.
  await allReach([alice!, bob!], 'lobby');
  await expect(alice!.page.getByTestId('params-summary').getByTestId('params-threshold')).toHaveText(
    '2 of 3 must sign',
  );
  await expect(alice!.page.getByTestId('params-summary').getByTestId('params-attempt')).toHaveText('2');
  await dave!.ui.join(inviteFor(dave!, invite));
  await dave!.ui.waitForPhase('lobby');
  await alice!.ui.pickAndLock(['Alice', 'Bob', 'Dave']);
  await sameCodeEverywhere([alice!, bob!, dave!]);
  for (const a of [alice!, bob!, dave!]) {
    await expect(a.page.getByTestId('code-params-summary').getByTestId('params-threshold'), a.name).toHaveText(
      '2 of 3 must sign',
    );
    await expect(a.page.getByTestId('params-changed')).toHaveCount(0);
  }
  await confirmCodes([alice!, bob!, dave!]);
  // Four browsers on a shared two-core machine: the rounds may take longer than one expect timeout.
  await allReach([alice!, bob!, dave!], 'success', 120_000).catch(async (e: unknown) => {
    for (const a of [alice!, bob!, dave!]) console.log(a.name, await a.ui.phase(), await a.ui.waitingFor());
    throw e;
  });
  await sameGroupKeyEverywhere([alice!, bob!, dave!]);
  await expect(dave!.page.getByTestId('key-threshold')).toContainText('2 of 3 must sign');
});
