import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decryptKeyPackageBackup, generateBackupIdentity } from '../ceremony/index';
import { backupCommand } from './backupCommand';
import { masterKeyFileText } from './masterKeyFile';
import { captureIo, runDkg } from './testing/testFixtures';

const dir = mkdtempSync(join(tmpdir(), 'frost-backupcmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const d = runDkg('ed448', 2, 3);
const kpJson = d.keyPackageJson[1]!;
let n = 0;
function put(name: string, content: string): string {
  const sub = mkdtempSync(join(dir, `${n++}-`));
  const p = join(sub, name);
  writeFileSync(p, content);
  return p;
}
async function backup(...argv: string[]) {
  const c = captureIo();
  const code = await backupCommand(argv, c.io, 10);
  return { code, out: c.stdout(), err: c.stderr() };
}

describe('backup', () => {
  it('example: encrypts a key package to a passphrase beside it, and proves it opens', async () => {
    const kp = put('kp.json', kpJson);
    const pass = put('pass.txt', 'hunter2 but longer\n');
    const r = await backup(kp, '--passphrase-file', pass);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const out = join(kp, '..', 'key-package-2.json.age');
    expect(r.out).toBe(
      `Wrote ${out}: participant 2's key package, encrypted with the passphrase (checked: it opens).\n`,
    );
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect((await decryptKeyPackageBackup(readFileSync(out), { passphrase: 'hunter2 but longer' })).json).toBe(kpJson);
  });

  it('--master-key FILE makes a v2 backup holding the key package and the master key', async () => {
    const kp = put('kp.json', kpJson);
    const pass = put('pass.txt', 'hunter2 but longer\n');
    const master = new Uint8Array(32).fill(0x42);
    const mk = put('master-key.json', masterKeyFileText(master));
    const r = await backup(kp, '--passphrase-file', pass, '--master-key', mk);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/key package and master key, encrypted with the passphrase \(checked: it opens\)/);
    const opened = await decryptKeyPackageBackup(readFileSync(join(kp, '..', 'key-package-2.json.age')), {
      passphrase: 'hunter2 but longer',
    });
    expect([opened.version, opened.json, opened.masterSecret]).toEqual(['v2', kpJson, master]);
  });

  it('encrypts to several recipients, armored, to --out; refuses to overwrite without --force', async () => {
    const a = await generateBackupIdentity();
    const b = await generateBackupIdentity();
    const kp = put('kp.json', kpJson);
    const out = join(dir, `${n++}.age`);
    const r = await backup(kp, '--recipient', a.recipient, '--recipient', b.recipient, '--armor', '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toContain('encrypted to 2 age recipients');
    expect(readFileSync(out, 'utf8').startsWith('-----BEGIN AGE ENCRYPTED FILE-----')).toBe(true);
    expect((await decryptKeyPackageBackup(readFileSync(out), { identities: [b.identity] })).json).toBe(kpJson);
    const again = await backup(kp, '--recipient', a.recipient, '--out', out);
    expect(again.code).toBe(1);
    expect(again.err).toBe(`frost-ceremony backup: ${out} already exists; not replacing it (use --force to replace)\n`);
    expect((await backup(kp, '--recipient', a.recipient, '--out', out, '--force')).code).toBe(0);
    await expect(decryptKeyPackageBackup(readFileSync(out), { identities: [b.identity] })).rejects.toMatchObject({
      code: 'wrong-identity',
    });
  });

  it('names what is wrong', async () => {
    const kp = put('kp.json', kpJson);
    const notKp = put('pkp.json', d.publicKeyPackageJson);
    const badR = await backup(kp, '--recipient', 'age1nope');
    expect([badR.code, badR.err]).toEqual([
      1,
      'frost-ceremony backup: not an age X25519 recipient (age1…): age1nope\n',
    ]);
    const bad = await backup(notKp, '--recipient', (await generateBackupIdentity()).recipient);
    expect(bad.code).toBe(1);
    expect(bad.err).toBe(`frost-ceremony backup: ${notKp} is a public key package, not a key package\n`);
    const broken = put('broken.json', kpJson.replace('"min_signers"', '"max_signers"'));
    const br = await backup(broken, '--recipient', (await generateBackupIdentity()).recipient);
    expect(br.err).toBe(`frost-ceremony backup: ${broken}: not a valid key package: max_signers: unknown field\n`);
    expect(existsSync(join(kp, '..', 'key-package-2.json.age'))).toBe(false);
    const both = await backup(kp, '--recipient', 'x', '--passphrase-file', kp);
    expect(both.code).toBe(2);
    expect(both.err).toContain('give --recipient (one or more) or --passphrase-file, not both');
    const neither = await backup(kp);
    expect(neither.code).toBe(2);
  });
});
