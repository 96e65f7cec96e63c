/**
 * "Recover a key package" in the app (issue 13, Recovery): a custodian who lost their key package
 * opens the app in a FRESH browser (nothing saved), picks the certificate (public) and their age
 * backup, types its passphrase, and gets back a file byte-identical to the one the ceremony gave.
 *
 * 1. From a real 3-browser ceremony. The certificate it downloads must be v2 (COCKTAIL-DKG, with
 *    recovery data); until the COCKTAIL ceremony lands, the app's certificate is v1 and the page
 *    must refuse it naming the cause, which this test then checks instead (annotation
 *    'waits-for-merge'). On a trial merge with the core branch (9edb8bb) the v2 path ran and passed.
 * 2. From a v2 certificate made by the shipping code outside the app (certificateBuilder.ts) and a
 *    v2 backup made by the shipping backup code: the page flow, its errors, screenshots and axe.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { encryptKeyPackageBackup } from '../../src/ceremony/index';
import { downloadName } from '../../src/browser/index';
import { buildCertificateV2 } from '../../src/protocol/recovery/testing/certificateBuilder';
import {
  VIEWPORT_PHONE,
  VIEWPORT_DESKTOP,
  confirmCodes,
  createAndLock,
  downloadedText,
  expect,
  sameGroupKeyEverywhere,
  test,
} from '../fixtures/ceremony-actors';
import { seriousAxeViolations } from '../fixtures/ui-fixture';

test.describe.configure({ timeout: 240_000 });

const dir = mkdtempSync(join(tmpdir(), 'frost-recover-spec-'));

/** Fills the recovery form and submits it. */
async function recover(page: Page, o: { certificate: string; backup: string; passphrase: string }): Promise<void> {
  await page.getByLabel('Certificate file', { exact: true }).setInputFiles(o.certificate);
  await page.getByLabel('Backup file', { exact: true }).setInputFiles(o.backup);
  await page.getByLabel('Backup passphrase (or age identity)').fill(o.passphrase);
  await page.getByRole('button', { name: 'Recover my key package' }).click();
}

async function openRecoverScreen(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Recover a key package' }).click();
  await expect(page.getByTestId('app')).toHaveAttribute('data-phase', 'recover');
  await expect(page.getByRole('heading', { name: 'Recover a key package' })).toBeVisible();
}

test('a real ceremony: lose the key package, recover it in a fresh browser from certificate + backup + passphrase', async ({
  cast,
  browser,
  baseURL,
}) => {
  const [alice, bob, carol] = await cast.open(['Alice', 'Bob', 'Carol']);
  await createAndLock(alice!, [bob!, carol!], { label: cast.label, t: 2, n: 3 });
  await confirmCodes([alice!, bob!, carol!]);
  await sameGroupKeyEverywhere([alice!, bob!, carol!]);
  cast.mark('success');

  // Bob keeps what a custodian keeps: his key package, the certificate, and a proven backup.
  const kpDownload = await bob!.ui.downloadKeyPackage();
  const keyPackage = await downloadedText(kpDownload);
  const certificatePath = join(dir, 'real-certificate.json');
  writeFileSync(certificatePath, await downloadedText(await bob!.ui.downloadCertificate()));
  const passphrase = `e2e ${cast.label} recover`;
  const backupPath = await (await bob!.ui.backUpWithPassphrase(passphrase)).path();
  cast.mark('backup proven');

  // He loses it all but the backup and the certificate: a fresh browser, nothing saved in it.
  const fresh = await browser.newContext({ baseURL, viewport: VIEWPORT_DESKTOP, acceptDownloads: true });
  cast.defer(() => fresh.close());
  const page = await fresh.newPage();
  await page.goto('/');
  await expect(page.getByTestId('app')).toHaveAttribute('data-phase', 'start');
  await openRecoverScreen(page);
  await expect(page.getByText('(this browser has no saved master key)')).toBeVisible();

  // v2 (COCKTAIL-DKG): the same bytes under the same name. v1 (before the COCKTAIL ceremony is
  // merged): refused by name, and this test says it waits for the merge.
  const format = (JSON.parse(readFileSync(certificatePath, 'utf8')) as { format: string }).format;
  const v2 = format === 'frost-ceremony/certificate/v2';
  if (!v2)
    test.info().annotations.push({
      type: 'waits-for-merge',
      description: `the ceremony wrote ${format}; the byte-identical recovery runs once certificates are v2`,
    });
  const expectRecovered = async (p: Page, submit: () => Promise<void>) => {
    if (!v2) {
      await submit();
      await expect(p.getByTestId('recover-error')).toContainText('older version of this app');
      return;
    }
    const download = p.waitForEvent('download');
    await submit();
    const recovered = await download;
    expect(recovered.suggestedFilename()).toBe(kpDownload.suggestedFilename());
    expect(await downloadedText(recovered)).toBe(keyPackage);
    await expect(p.getByTestId('recover-result')).toContainText('Recovered: Bob’s key package');
  };
  await expectRecovered(page, () => recover(page, { certificate: certificatePath, backup: backupPath, passphrase }));

  // Bob's own browser keeps its master key after he forgets the ceremony: there he needs no backup file.
  await bob!.page.getByRole('button', { name: 'Forget this ceremony on this device…' }).click();
  await bob!.page.getByRole('button', { name: 'Forget it' }).click();
  await bob!.ui.waitForPhase('start');
  await openRecoverScreen(bob!.page);
  const saved = bob!.page.getByLabel(/Saved in this browser/);
  await expect(saved).toBeEnabled();
  await saved.check();
  await bob!.page.getByLabel('Certificate file', { exact: true }).setInputFiles(certificatePath);
  await expectRecovered(bob!.page, () => bob!.page.getByRole('button', { name: 'Recover my key package' }).click());
});

test('the recovery screen: a v2 certificate and backup made by the shipping code give the same bytes; errors in plain words', async ({
  browser,
  baseURL,
  cast,
}) => {
  const label = 'Treasury 2026';
  const built = buildCertificateV2({ suite: 'secp256k1-tr', t: 2, n: 3, seed: cast.label, label });
  const passphrase = 'correct horse battery staple';
  const certificatePath = join(dir, 'treasury-2026.certificate.json');
  writeFileSync(certificatePath, built.text);
  const backupPath = join(dir, 'treasury-2026.bob.key-package.json.age');
  writeFileSync(
    backupPath,
    await encryptKeyPackageBackup(
      built.keyPackageJsons[1]!,
      { passphrase, scryptWorkFactor: 12 },
      { masterSecret: built.masters[1]! },
    ),
  );

  const context = await browser.newContext({ baseURL, viewport: VIEWPORT_DESKTOP, acceptDownloads: true });
  cast.defer(() => context.close());
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByTestId('app')).toHaveAttribute('data-phase', 'start');
  await page.screenshot({ path: 'docs/screens/recover-start-desktop.png', fullPage: true });
  await openRecoverScreen(page);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.screenshot({ path: 'docs/screens/recover-form-desktop.png', fullPage: true });

  // A wrong passphrase.
  await recover(page, { certificate: certificatePath, backup: backupPath, passphrase: 'wrong' });
  await expect(page.getByTestId('recover-error')).toContainText('That passphrase does not open this backup');

  // A certificate changed after the ceremony (one transcript signature altered).
  const parts = structuredClone(built.parts);
  parts.cocktail.signatures = `${parts.cocktail.signatures.slice(0, -2)}00`;
  const tampered = join(dir, 'tampered.certificate.json');
  writeFileSync(tampered, built.assemble(parts));
  await recover(page, { certificate: tampered, backup: backupPath, passphrase });
  await expect(page.getByTestId('recover-error')).toContainText('This certificate was changed after the ceremony');
  await expect(page.getByTestId('recover-error')).toContainText('participant 3 (Carol)');
  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.screenshot({ path: 'docs/screens/recover-error-desktop.png', fullPage: true });

  // An old (v1) certificate.
  const old = join(dir, 'old.certificate.json');
  writeFileSync(old, JSON.stringify({ format: 'frost-ceremony/certificate/v1' }));
  await recover(page, { certificate: old, backup: backupPath, passphrase });
  await expect(page.getByTestId('recover-error')).toContainText('older version of this app');

  // The right files: the same bytes, under the ceremony's download name.
  const download = page.waitForEvent('download');
  await recover(page, { certificate: certificatePath, backup: backupPath, passphrase });
  const file = await download;
  expect(file.suggestedFilename()).toBe(downloadName('key-package', { label, person: 'Bob' }));
  expect(await downloadedText(file)).toBe(built.keyPackageJsons[1]);
  await expect(page.getByTestId('recover-result')).toContainText('Recovered: Bob’s key package for “Treasury 2026”');
  await expect(page.getByTestId('recover-result')).toContainText('2 of 3 custodians must sign');
  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.screenshot({ path: 'docs/screens/recover-done-desktop.png', fullPage: true });
  await page.setViewportSize(VIEWPORT_PHONE);
  await page.screenshot({ path: 'docs/screens/recover-done-phone.png', fullPage: true });
  expect(await seriousAxeViolations(page)).toEqual([]);
});
