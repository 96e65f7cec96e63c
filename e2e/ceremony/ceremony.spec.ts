/**
 * Happy paths in real browsers against the real server: each custodian in their own browser
 * context, from "Create ceremony" to downloaded key packages, which the test then parses and
 * signs with using the project's protocol code. Screenshots of the live screens go to
 * test-results/screens/live-*.png.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { encodeContact, verifyCertificate, type SuiteName } from '../../src/protocol/index';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  allReach,
  confirmCodes,
  createAndLock,
  downloadedText,
  expect,
  gotoStart,
  sameGroupKeyEverywhere,
  snap,
  test,
  type Actor,
} from '../fixtures/ceremony-actors';
import { startCliParticipant, type CliParticipant } from '../helpers/cliParticipant';
import {
  checkKeyPackageFile,
  checkOneGroup,
  checkPublicKeyPackageFile,
  expectNoSigningShareOnAnyPage,
  signAndVerify,
  type KeyPackageFile,
} from '../helpers/keyPackages';

test.describe.configure({ timeout: 150_000 });

/** frost-client contacts (as `frost-client export` prints them) the three browsers paste in the first test. */
const CONTACTS: Record<string, string> = Object.fromEntries(
  ['Alice', 'Bob', 'Carol'].map((n, i) => [
    n,
    encodeContact({ name: `${n}-fc`, pubkey: new Uint8Array(32).fill(0x20 + i) }),
  ]),
);

/** Downloads every actor's key package and the public key package; checks them all. */
async function downloadAndCheck(actors: readonly Actor[], suite: SuiteName, t: number, n: number, groupKey: string) {
  const files: KeyPackageFile[] = [];
  for (const a of actors) {
    const d = await a.ui.downloadKeyPackage();
    // Named after the key's label and the person (issue 15.5), so several keys never clash.
    expect(d.suggestedFilename()).toMatch(new RegExp(`^[a-z0-9-]+\\.${a.name.toLowerCase()}\\.key-package\\.json$`));
    files.push(checkKeyPackageFile(a.name, await downloadedText(d), suite, t));
  }
  const pkpTexts = await Promise.all(actors.map(async (a) => downloadedText(await a.ui.downloadPublicKeyPackage())));
  for (const text of pkpTexts) expect(text, 'everyone downloads the same public key package').toBe(pkpTexts[0]);
  const pkp = checkPublicKeyPackageFile(pkpTexts[0]!, suite, n, t);
  checkOneGroup(files, pkp, groupKey);
  return { files, pkp, pkpText: pkpTexts[0]! };
}

test('three browsers make an Ed25519 2-of-3 key; the downloaded key packages sign', async ({ cast }) => {
  const [alice, bob, carol] = await cast.open(['Alice', 'Bob', 'Carol']);
  cast.mark('opened');
  await gotoStart(alice!);
  cast.mark('start');
  await snap(alice!, 'start');
  await snap(alice!, 'start', 'phone');

  await createAndLock(alice!, [bob!, carol!], {
    label: cast.label,
    t: 2,
    n: 3,
    keyType: 'Ed25519 (Solana, Zcash, Tor)',
    contacts: CONTACTS,
    onInvite: async () => {
      for (const n of ['Alice', 'Bob', 'Carol'])
        await expect(alice!.page.locator(`[data-testid="candidate"][data-name="${n}"]`)).toBeVisible();
      // Each custodian's frost-client contact arrived in their signed hello and shows in the lobby.
      for (const n of ['Alice', 'Bob', 'Carol'])
        await expect(
          alice!.page.locator(`[data-testid="candidate"][data-name="${n}"]`).getByTestId('frost-client-contact'),
        ).toContainText(`“${n}-fc”`);
      await snap(alice!, 'lobby');
      await snap(bob!, 'lobby-guest');
    },
  });
  await allReach([alice!, bob!, carol!], 'verify');
  cast.mark('locked');
  await snap(alice!, 'verify');
  await snap(alice!, 'verify', 'phone');
  const code = await confirmCodes([alice!, bob!, carol!]);

  cast.mark('confirmed');
  const groupKey = await sameGroupKeyEverywhere([alice!, bob!, carol!]);
  cast.mark('success');
  await snap(alice!, 'success');
  await snap(alice!, 'success', 'phone');
  cast.mark('snapped');
  const { files, pkp, pkpText } = await downloadAndCheck([alice!, bob!, carol!], 'ed25519', 2, 3, groupKey);
  cast.mark('downloaded');

  // Any two of the three key packages sign together.
  signAndVerify([files[0]!, files[2]!], pkp, `e2e ${cast.label}`);
  signAndVerify([files[1]!, files[2]!], pkp, `e2e ${cast.label}`);

  // The certificate verifies offline and names this group key, code and all three people.
  const cert = verifyCertificate(await downloadedText(await bob!.ui.downloadCertificate()));
  expect(cert.ok, cert.ok ? '' : cert.reason).toBe(true);
  if (cert.ok) {
    expect(cert.summary.groupKey).toBe(groupKey);
    expect(cert.summary.verificationCode).toBe(code);
    expect(cert.summary.participants.map((p) => p.name).sort()).toEqual(['Alice', 'Bob', 'Carol']);
  }

  await expectNoSigningShareOnAnyPage([alice!, bob!, carol!], files);
  cast.mark('checked');

  // Issue 14 (d): each downloaded credentials.toml equals `frost-ceremony export frost-client`
  // of the same downloaded files with every custodian's contact.
  const dir = await mkdtemp(join(tmpdir(), 'fc-e2e-'));
  try {
    const pkpPath = join(dir, 'public-key-package.json');
    await writeFile(pkpPath, pkpText);
    for (const [k, a] of [alice!, bob!, carol!].entries()) {
      const toml = await downloadedText(await a.ui.downloadFrostClientCredentials());
      const kpPath = join(dir, `kp-${k}.json`);
      await writeFile(kpPath, files[k]!.text);
      const out = join(dir, `cli-${k}.toml`);
      const ids = Object.fromEntries(files.map((f, i) => [['Alice', 'Bob', 'Carol'][i]!, f.parsed.identifier]));
      const r = spawnSync(
        process.execPath,
        [
          'bin/frost-ceremony.mjs',
          ...[
            'export',
            'frost-client',
            '--key-package',
            kpPath,
            '--public-key-package',
            pkpPath,
            '--description',
            cast.label,
            '--out',
            out,
          ],
          ...Object.entries(CONTACTS).flatMap(([n, c]) => ['--participant', `${ids[n]}=${c}`]),
        ],
        { encoding: 'utf8' },
      );
      expect(r.stderr).toBe('');
      expect(toml, `${a.name}'s credentials.toml`).toBe(await readFile(out, 'utf8'));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('secp256k1 Taproot 2-of-3, one browser relay-only', async ({ cast }) => {
  const [alice, bob, carol] = await cast.open(['Alice', 'Bob', 'Carol'], { Carol: { query: { 'relay-only': '' } } });
  await createAndLock(alice!, [bob!, carol!], {
    label: cast.label,
    t: 2,
    n: 3,
    keyType: 'secp256k1 Taproot / BIP-340 (Bitcoin)',
  });
  await confirmCodes([alice!, bob!, carol!]);
  const groupKey = await sameGroupKeyEverywhere([alice!, bob!, carol!]);
  const { files, pkp } = await downloadAndCheck([alice!, bob!, carol!], 'secp256k1-tr', 2, 3, groupKey);
  expect(pkp.suite).toBe('secp256k1-tr');
  // The BIP-340 signature by Alice and Carol verifies under the group key.
  const sig = signAndVerify([files[0]!, files[2]!], pkp, `taproot ${cast.label}`);
  expect(sig.length).toBe(64);
  await expectNoSigningShareOnAnyPage([alice!, bob!, carol!], files);
});

test('five custodians: four browsers and one headless CLI participant, 3-of-5', async ({ cast }, testInfo) => {
  const outDir = await mkdtemp(join(tmpdir(), 'frost-e2e-cli-'));
  cast.defer(() => rm(outDir, { recursive: true, force: true }));
  const [alice, bob, carol, dave] = await cast.open(['Alice', 'Bob', 'Carol', 'Dave']);
  let cli: CliParticipant | undefined;
  await createAndLock(alice!, [bob!, carol!, dave!], {
    label: cast.label,
    t: 3,
    n: 5,
    extraNames: ['Erin'],
    onInvite: (invite) => {
      // The invite link as the coordinator's page shows it; the process is killed at teardown.
      const started = startCliParticipant({ invite, name: 'Erin', outDir });
      cast.defer(() => started.stop());
      cli = started;
    },
  });
  const browsers = [alice!, bob!, carol!, dave!];
  const code = await confirmCodes(browsers);
  const groupKey = await sameGroupKeyEverywhere(browsers);
  await snap(alice!, 'success-five');

  // The CLI participant finishes too, with the same code, and writes its files.
  const exit = await cli!.exited;
  await testInfo.attach('cli-output.txt', { body: cli!.output(), contentType: 'text/plain' });
  expect(exit, cli!.output()).toBe(0);
  const codes = cli!
    .events()
    .filter((e) => e.t === 'code')
    .map((e) => e.code);
  expect(codes, 'the CLI saw the code the browsers compared').toEqual([code]);
  const written = await readdir(outDir);
  const kpName = written.find((f) => /^key-package-\d+\.json$/.test(f));
  expect(kpName, `CLI wrote ${written.join(', ')}`).toBeDefined();
  const cliFile = checkKeyPackageFile('Erin (CLI)', await readFile(join(outDir, kpName!), 'utf8'), 'ed25519', 3);

  const { files, pkp } = await downloadAndCheck(browsers, 'ed25519', 3, 5, groupKey);
  const cliPkp = checkPublicKeyPackageFile(
    await readFile(join(outDir, 'public-key-package.json'), 'utf8'),
    'ed25519',
    5,
    3,
  );
  expect(cliPkp).toEqual(pkp);
  checkOneGroup([...files, cliFile], pkp, groupKey);
  // Three signers, one of them the CLI participant.
  signAndVerify([files[1]!, files[3]!, cliFile], pkp, `five ${cast.label}`);
  await expectNoSigningShareOnAnyPage(browsers, [...files, cliFile]);
});
