// `frost-ceremony recover` through the real binary, with real files and the real `age` tool:
// a custodian who lost key-package.json gets the same bytes back from the certificate and their
// master key (its file, or the age backup made at the end of the ceremony).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encryptKeyPackageBackup, parseIdentityFile } from '../ceremony/index';
import { buildCertificateV2 } from '../protocol/recovery/testing/certificateBuilder';
import { masterKeyFileText } from './masterKeyFile';

const BIN = resolve(__dirname, '../../bin/frost-ceremony.mjs');
const dir = mkdtempSync(join(tmpdir(), 'frost-recover-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'recover', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const file = (name: string, content: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

const hasAge = spawnSync('age', ['--version']).status === 0;

describe('frost-ceremony recover (real process)', () => {
  const built = buildCertificateV2({ suite: 'secp256k1-tr', t: 2, n: 3, seed: 'cli recover' });
  const cert = file('certificate.json', built.text);
  const bob = 2;
  const masterFile = file('master-key.json', masterKeyFileText(built.masters[bob - 1]!));

  it('from the master-key file: the same bytes, 0600, and never over an existing file', () => {
    const out = join(dir, 'recovered-1.json');
    const r = cli('--certificate', cert, '--master-key', masterFile, '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/participant 2 \(Bob\) of "Recovery test key"/);
    expect(readFileSync(out, 'utf8')).toBe(built.keyPackageJsons[bob - 1]);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    // --static-key is the name for the same file; --out exists now: refused, untouched.
    const again = cli('--certificate', cert, '--static-key', masterFile, '--out', out);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already exists; not replacing it/);
    expect(readFileSync(out, 'utf8')).toBe(built.keyPackageJsons[bob - 1]);
  });

  it.skipIf(!hasAge)(
    'from the age backup (identity made by age-keygen; the backup opens with age -d too)',
    async () => {
      const idFile = join(dir, 'age-identity.txt');
      execFileSync('age-keygen', ['-o', idFile], { stdio: 'ignore' });
      const recipient = execFileSync('age-keygen', ['-y', idFile], { encoding: 'utf8' }).trim();
      // The backup the ceremony makes: key package + master key.
      const backup = file(
        'bob.key-package.json.age',
        await encryptKeyPackageBackup(
          built.keyPackageJsons[bob - 1]!,
          { recipients: [recipient] },
          {
            masterSecret: built.masters[bob - 1]!,
          },
        ),
      );
      const inside = JSON.parse(execFileSync('age', ['-d', '-i', idFile, backup], { encoding: 'utf8' })) as {
        masterKey: string;
      };
      expect(inside.masterKey).toBe(Buffer.from(built.masters[bob - 1]!).toString('hex'));
      expect(parseIdentityFile(readFileSync(idFile, 'utf8'))).toHaveLength(1);

      const out = join(dir, 'recovered-2.json');
      const r = cli('--certificate', cert, '--backup', backup, '--backup-identity-file', idFile, '--out', out);
      expect(r.err).toBe('');
      expect(readFileSync(out, 'utf8')).toBe(built.keyPackageJsons[bob - 1]);
    },
  );

  it('from a passphrase backup; an older backup without the master key is named', async () => {
    const pass = file('passphrase.txt', 'correct horse battery staple\n');
    const target = { passphrase: 'correct horse battery staple', scryptWorkFactor: 10 };
    const v2 = file(
      'v2.age',
      await encryptKeyPackageBackup(built.keyPackageJsons[bob - 1]!, target, { masterSecret: built.masters[bob - 1]! }),
    );
    const out = join(dir, 'recovered-3.json');
    const r = cli('--certificate', cert, '--backup', v2, '--backup-passphrase-file', pass, '--out', out);
    expect(r.err).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(built.keyPackageJsons[bob - 1]);

    const v1 = file('v1.age', await encryptKeyPackageBackup(built.keyPackageJsons[bob - 1]!, target));
    const old = cli(
      '--certificate',
      cert,
      '--backup',
      v1,
      '--backup-passphrase-file',
      pass,
      '--out',
      join(dir, 'x.json'),
    );
    expect(old.code).toBe(1);
    expect(old.err).toMatch(/older backup that holds only a key package, not your master key/);
  });

  it('a wrong master key, an old certificate and a usage mistake exit with their cause', () => {
    const stranger = file('stranger.json', masterKeyFileText(new Uint8Array(32).fill(9)));
    const wrong = cli('--certificate', cert, '--master-key', stranger, '--out', join(dir, 'w.json'));
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/this master key is not a participant of this key/);

    const v1 = file('v1-certificate.json', JSON.stringify({ format: 'frost-ceremony/certificate/v1' }));
    const old = cli('--certificate', v1, '--master-key', masterFile, '--out', join(dir, 'o.json'));
    expect(old.code).toBe(1);
    expect(old.err).toMatch(/format frost-ceremony\/certificate\/v1 has no recovery data: made before COCKTAIL-DKG/);

    const both = cli('--certificate', cert, '--master-key', masterFile, '--backup', cert, '--out', join(dir, 'b.json'));
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/exactly one of --master-key/);
  });

  it('with a bundle file for a certificate without its round-1 messages', () => {
    const parts = structuredClone(built.parts);
    parts.round1 = [];
    const bare = file('bare-certificate.json', built.assemble(parts));
    const bundle = file('bob.bundle', built.bundles[bob - 1]!);
    const out = join(dir, 'recovered-4.json');
    const r = cli('--certificate', bare, '--bundle', bundle, '--master-key', masterFile, '--out', out);
    expect(r.err).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(built.keyPackageJsons[bob - 1]);
  });
});
