/**
 * The encrypted backup from a real ceremony: the age file the browser downloads opens, with
 * the project's own backup code in the test, to exactly the key package the browser hands out;
 * and the custodian is "done" only after proving the backup opens.
 */
import { readFile } from 'node:fs/promises';
import { BackupError, decryptKeyPackageBackup, generateBackupIdentity } from '../../src/ceremony/index';
import { downloadName } from '../../src/browser/index';
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
import { checkKeyPackageFile } from '../helpers/keyPackages';

test.describe.configure({ timeout: 150_000 });

async function backupBytes(
  a: Actor,
  submit: () => Promise<void>,
): Promise<{ name: string; bytes: Uint8Array; path: string }> {
  const d = a.page.waitForEvent('download');
  await submit();
  const download = await d;
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: new Uint8Array(await readFile(path)), path };
}

test('the age backup downloaded from the browser opens to exactly the key package; done only after the proof', async ({
  cast,
}) => {
  const [alice, bob] = await cast.open(['Alice', 'Bob']);
  await createAndLock(alice!, [bob!], { label: cast.label, t: 2, n: 2 });
  await confirmCodes([alice!, bob!]);
  const groupKey = await sameGroupKeyEverywhere([alice!, bob!]);
  cast.mark('success');

  // Alice: passphrase backup.
  const kpText = await downloadedText(await alice!.ui.downloadKeyPackage());
  const kp = checkKeyPackageFile('Alice', kpText, 'ed25519', 2);
  await expect(alice!.page.getByTestId('not-done')).toBeVisible();
  await expect(alice!.page.getByTestId('backup-status')).toHaveAttribute('data-status', 'none');
  const passphrase = `e2e ${cast.label} correct horse battery`;
  await alice!.page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await alice!.page.getByLabel('Passphrase again').fill(passphrase);
  const aliceFile = await backupBytes(alice!, () =>
    alice!.page.getByRole('button', { name: 'Encrypt and save backup' }).click(),
  );
  expect(aliceFile.name).toBe(downloadName('key-package-backup', { label: cast.label, person: 'Alice' }));
  expect(new TextDecoder().decode(aliceFile.bytes.slice(0, 22))).toBe('age-encryption.org/v1\n');
  await expect(alice!.page.getByTestId('backup-status')).toHaveAttribute('data-status', 'saved');
  // Saved is not done.
  await expect(alice!.page.getByTestId('done')).toHaveCount(0);
  await expect(alice!.page.getByTestId('not-done')).toBeVisible();
  await snap(alice!, 'success-saved');
  cast.mark('saved');

  // The file opens with the project's code to exactly the downloaded key package (decrypted here
  // while the browser runs its own proof: scrypt is slow, and there are two cores). Wrong
  // passphrases and damaged files are refused in src/ceremony/backup.test.ts.
  const openedInNode = decryptKeyPackageBackup(aliceFile.bytes, { passphrase });

  // The proof step, with the re-imported file, makes her done.
  await alice!.page.getByLabel('Enter the passphrase again').fill(passphrase);
  await alice!.page.getByLabel('Your saved backup file').setInputFiles(aliceFile.path);
  await alice!.page.getByRole('button', { name: 'Check that it opens' }).click();
  await expect(alice!.page.getByTestId('backup-status')).toHaveAttribute('data-status', 'verified');
  await expect(alice!.page.getByTestId('done')).toBeVisible();
  const opened = await openedInNode;
  expect(opened.json).toBe(kpText);
  expect(opened.keyPackage).toEqual(kp.parsed);
  await snap(alice!, 'success-done');
  cast.mark('done');

  // Bob: backup to an age recipient; opens with the matching identity only.
  const bobKp = await downloadedText(await bob!.ui.downloadKeyPackage());
  const { identity, recipient } = await generateBackupIdentity();
  const other = await generateBackupIdentity();
  await bob!.page.getByLabel('age public keys (age1…)').check();
  await bob!.page.getByLabel('Recipients (one age1… key per line)').fill(recipient);
  const bobFile = await backupBytes(bob!, () =>
    bob!.page.getByRole('button', { name: 'Encrypt and save backup' }).click(),
  );
  expect((await decryptKeyPackageBackup(bobFile.bytes, { identities: [identity] })).json).toBe(bobKp);
  const notHis = await decryptKeyPackageBackup(bobFile.bytes, { identities: [other.identity] }).catch(
    (e: unknown) => e,
  );
  expect((notHis as BackupError).code).toBe('wrong-identity');
  await expect(bob!.page.getByTestId('done')).toHaveCount(0);
  await bob!.page.getByLabel('One of your age identities (AGE-SECRET-KEY-1…)').fill(identity);
  await bob!.page.getByLabel('Your saved backup file').setInputFiles(bobFile.path);
  await bob!.page.getByRole('button', { name: 'Check that it opens' }).click();
  await expect(bob!.page.getByTestId('done')).toBeVisible();

  expect(JSON.parse(bobKp).verifying_key).toBe(groupKey);
  cast.mark('bob done');
});
