/**
 * "Safe to fund" in real browsers against the real server (issue 14): three custodians make a
 * Taproot 2-of-3 key; each saves an encrypted backup, proves the saved file opens, checks the
 * address on their own screen and acknowledges; every screen says who has and who has not, and
 * only when all three have does every screen say "Safe to fund". The downloaded funding receipt
 * verifies with the real CLI (`verify --funding-receipt`), and the descriptor on the screen is
 * the one `frost-ceremony wallet` prints for the same downloaded files. Screenshots of the
 * funding step and of "Safe to fund", desktop and phone, go to test-results/screens/.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBackupIdentity } from '../../src/ceremony/index';
import {
  confirmCodes,
  createAndLock,
  downloadedText,
  expect,
  sameGroupKeyEverywhere,
  snap,
  test,
  type Actor,
} from '../fixtures/ceremony-actors';
import { seriousAxeViolations } from '../fixtures/ui-fixture';
import { startCliParticipant, type CliParticipant } from '../helpers/cliParticipant';

test.describe.configure({ timeout: 240_000 });

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/frost-ceremony.mjs', ...args], { encoding: 'utf8' });

/** Backup to an age recipient (fast, unlike scrypt), saved, then proven from the saved file. */
async function backUpAndProve(a: Actor): Promise<void> {
  const { identity, recipient } = await generateBackupIdentity();
  await a.page.getByLabel('age public keys (age1…)').check();
  await a.page.getByLabel('Recipients (one age1… key per line)').fill(recipient);
  const d = a.page.waitForEvent('download');
  await a.page.getByRole('button', { name: 'Encrypt and save backup' }).click();
  const path = await (await d).path();
  await a.page.getByLabel('One of your age identities (AGE-SECRET-KEY-1…)').fill(identity);
  await a.page.getByLabel('Your saved backup file').setInputFiles(path);
  await a.page.getByRole('button', { name: 'Check that it opens' }).click();
  await expect(a.page.getByTestId('backup-status')).toHaveAttribute('data-status', 'verified');
}

/** Ticks "everybody read it aloud" for the address shown and acknowledges. */
async function acknowledge(a: Actor, address: string): Promise<void> {
  await expect(a.page.getByTestId('funding-check-value')).toHaveAttribute('data-value', address);
  await a.page.getByTestId('funding-checked').check();
  await a.page.getByTestId('funding-acknowledge').click();
  await expect(a.page.getByTestId('funding-mine')).toBeVisible();
}

const itemOf = (a: Actor, name: string) => a.page.locator(`[data-testid="funding-item"][data-name="${name}"]`);

test('Taproot 2-of-3: every custodian proves the backup and checks the address; all screens reach "Safe to fund"', async ({
  cast,
}) => {
  const actors = await cast.open(['Alice', 'Bob', 'Carol']);
  const [alice, bob, carol] = actors as [Actor, Actor, Actor];
  await createAndLock(alice, [bob, carol], {
    label: cast.label,
    t: 2,
    n: 3,
    keyType: 'secp256k1 Taproot / BIP-340 (Bitcoin)',
  });
  await confirmCodes(actors);
  await sameGroupKeyEverywhere(actors);
  cast.mark('success');

  // Everyone sees the same address to read aloud, and nobody is safe to fund yet.
  const address = (await alice.page.getByTestId('funding-check-value').getAttribute('data-value')) ?? '';
  expect(address).toMatch(/^bc1p[02-9ac-hj-np-z]{58}$/);
  for (const a of actors) {
    await expect(a.page.getByTestId('funding-check-value')).toHaveAttribute('data-value', address);
    await expect(a.page.getByTestId('funding-status')).toHaveAttribute('data-safe', 'false');
    // No acknowledgement before the backup is proven.
    await expect(a.page.getByTestId('funding-acknowledge')).toBeDisabled();
  }
  expect(await seriousAxeViolations(alice.page), 'funding step').toEqual([]);
  await snap(alice, 'funding-step');
  await snap(alice, 'funding-step', 'phone');
  await alice.page.setViewportSize({ width: 390, height: 844 });
  await alice.page
    .getByTestId('funding-panel')
    .screenshot({ path: 'test-results/screens/live-funding-step-panel-phone.png' });
  await alice.page.setViewportSize({ width: 1280, height: 900 });

  // Alice and Bob do both steps; Carol's screen names Carol (herself) as the one still missing.
  for (const a of [alice, bob]) {
    await backUpAndProve(a);
    await acknowledge(a, address);
  }
  for (const a of actors) {
    await expect(itemOf(a, 'Alice')).toHaveAttribute('data-state', 'done');
    await expect(itemOf(a, 'Bob')).toHaveAttribute('data-state', 'done');
    await expect(itemOf(a, 'Carol')).toHaveAttribute('data-state', 'waiting');
    await expect(itemOf(a, 'Carol')).toContainText(
      a === carol
        ? /Waiting for you to prove your backup opens and check the address \(\d/
        : /Waiting for Carol to prove their backup opens and check the address \(\d/,
    );
    await expect(a.page.getByTestId('funding-status')).toContainText('2 of 3 custodians have proven their backup');
  }
  await snap(bob, 'funding-waiting');
  cast.mark('two acknowledged');

  // A reload keeps what was acknowledged (resume from IndexedDB).
  await bob.page.reload();
  await expect(bob.page.getByTestId('funding-mine')).toBeVisible({ timeout: 60_000 });
  await expect(itemOf(bob, 'Alice')).toHaveAttribute('data-state', 'done');

  await backUpAndProve(carol);
  await acknowledge(carol, address);
  for (const a of actors) {
    await expect(a.page.getByTestId('funding-status')).toHaveAttribute('data-safe', 'true');
    await expect(a.page.getByTestId('funding-status')).toHaveText(
      '✓ Safe to fund: all 3 custodians have a working backup and checked the address.',
    );
  }
  expect(await seriousAxeViolations(carol.page), 'safe to fund').toEqual([]);
  await snap(carol, 'safe-to-fund');
  await snap(carol, 'safe-to-fund', 'phone');
  // The funding panel alone on a phone, to look at closely.
  await carol.page.setViewportSize({ width: 390, height: 844 });
  await carol.page
    .getByTestId('funding-panel')
    .screenshot({ path: 'test-results/screens/live-safe-to-fund-panel-phone.png' });
  await carol.page.setViewportSize({ width: 1280, height: 900 });
  cast.mark('safe to fund');

  // The receipt and the descriptor, checked by the real CLI against the downloaded files.
  const dir = await mkdtemp(join(tmpdir(), 'funding-e2e-'));
  cast.defer(() => rm(dir, { recursive: true, force: true }));
  const certPath = join(dir, 'certificate.json');
  const pkpPath = join(dir, 'public-key-package.json');
  await writeFile(certPath, await downloadedText(await alice.ui.downloadCertificate()));
  await writeFile(pkpPath, await downloadedText(await bob.ui.downloadPublicKeyPackage()));
  for (const a of actors) {
    const d = a.page.waitForEvent('download');
    await a.page.getByTestId('download-funding-receipt').click();
    const receiptPath = join(dir, `receipt-${a.name}.json`);
    await writeFile(receiptPath, await readFile(await (await d).path()));
    const r = cli('verify', certPath, '--funding-receipt', receiptPath);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Safe to fund: all 3 custodians have a working backup and checked the address');
  }
  const w = cli('wallet', pkpPath, '--certificate', certPath, '--json');
  expect(w.stderr).toBe('');
  const wallet = JSON.parse(w.stdout) as { address: string; descriptor: string; internal_descriptor: string };
  expect(wallet.address).toBe(address);
  for (const a of actors) {
    await expect(a.page.getByTestId('wallet-descriptor')).toHaveText(wallet.descriptor);
    await expect(a.page.getByTestId('wallet-internal-descriptor')).toHaveText(wallet.internal_descriptor);
  }
  // The frost-core 2.x binary public key package the app offers is what `export frost-rs` makes.
  const d = alice.page.waitForEvent('download');
  await alice.page.getByTestId('download-public-key-package-postcard').click();
  const viaCli = join(dir, 'pkp-2.bin');
  expect(cli('export', 'frost-rs', pkpPath, '--frost-core', '2', '--postcard', '--out', viaCli).status).toBe(0);
  expect(Buffer.compare(await readFile(await (await d).path()), await readFile(viaCli))).toBe(0);
});

test('Ed25519 2-of-3, two browsers and a headless CLI participant with a backup: all reach "Safe to fund"', async ({
  cast,
}) => {
  const outDir = await mkdtemp(join(tmpdir(), 'funding-e2e-cli-'));
  cast.defer(() => rm(outDir, { recursive: true, force: true }));
  const idFile = join(outDir, 'age-identity.txt');
  await writeFile(idFile, `${(await generateBackupIdentity()).identity}\n`, { mode: 0o600 });
  const browsers = await cast.open(['Alice', 'Bob']);
  const [alice, bob] = browsers as [Actor, Actor];
  let erin: CliParticipant | undefined;
  await createAndLock(alice, [bob], {
    label: cast.label,
    t: 2,
    n: 3,
    extraNames: ['Erin'],
    onInvite: (invite) => {
      const started = startCliParticipant({
        invite,
        name: 'Erin',
        outDir: join(outDir, 'erin'),
        extraArgs: ['--backup-identity-file', idFile, '--frost-core', '2'],
      });
      cast.defer(() => started.stop());
      erin = started;
    },
  });
  await confirmCodes(browsers);
  await sameGroupKeyEverywhere(browsers);
  const address = (await alice.page.getByTestId('funding-check-value').getAttribute('data-value')) ?? '';
  // Erin (headless, --yes) proves her backup from disk and acknowledges by herself.
  for (const a of browsers)
    await expect(a.page.locator('[data-testid="funding-item"][data-name="Erin"]')).toHaveAttribute(
      'data-state',
      'done',
      { timeout: 60_000 },
    );
  for (const a of browsers) {
    await backUpAndProve(a);
    await acknowledge(a, address);
  }
  for (const a of browsers) await expect(a.page.getByTestId('funding-status')).toHaveAttribute('data-safe', 'true');
  expect(await erin!.exited, erin!.output()).toBe(0);
  const events = erin!.events();
  expect(events.some((e) => e.t === 'info' && /--yes \(automation only\)/.test(String(e.message)))).toBe(true);
  const safe = events.find((e) => e.t === 'safe-to-fund');
  expect(safe?.checked).toBe(address);
  // Her receipt verifies with the certificate the browsers hand out; her frost-core 2 files are there.
  const certPath = join(outDir, 'certificate.json');
  await writeFile(certPath, await downloadedText(await bob.ui.downloadCertificate()));
  const r = cli('verify', certPath, '--funding-receipt', String(safe?.receipt));
  expect(r.stderr).toBe('');
  expect(r.stdout).toContain('Safe to fund: all 3 custodians');
  const pkp2 = JSON.parse(
    await readFile(join(outDir, 'erin', 'public-key-package.frost-core-2.json'), 'utf8'),
  ) as Record<string, unknown>;
  expect('min_signers' in pkp2).toBe(false);
});
