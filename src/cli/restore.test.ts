import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BackupError,
  decryptKeyPackageBackup,
  encryptKeyPackageBackup,
  generateBackupIdentity,
} from '../ceremony/index';
import { passphraseFromFileText, writeBackupFiles } from './backupFiles';
import { CommandError } from './output';
import { restoreCommand } from './restore';
import { captureIo, runDkg } from './testing/testFixtures';

const dir = mkdtempSync(join(tmpdir(), 'frost-restore-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PASS = 'tumble-orbit-velvet-canyon';
const d = runDkg('p256', 2, 3);
const kpJson = d.keyPackageJson[2]!;
let n = 0;
const fresh = (name: string) => join(dir, `${n++}-${name}`);
function put(name: string, content: string | Uint8Array): string {
  const p = fresh(name);
  writeFileSync(p, content);
  return p;
}
async function restore(...argv: string[]) {
  const c = captureIo();
  const code = await restoreCommand(argv, c.io);
  return { code, out: c.stdout(), err: c.stderr() };
}
const mode = (p: string) => statSync(p).mode & 0o777;

const passFile = put('pass.txt', `${PASS}\n`);
const passBackup = put('p.age', await encryptKeyPackageBackup(kpJson, { passphrase: PASS, scryptWorkFactor: 10 }));
const me = await generateBackupIdentity();
const idFile = put('id.txt', `# public key: ${me.recipient}\n${me.identity}\n`);
const idBackup = put('r.age', await encryptKeyPackageBackup(kpJson, { recipients: [me.recipient] }));

describe('restore', () => {
  it('example: restores a passphrase backup to a 0600 file', async () => {
    const out = fresh('kp.json');
    const r = await restore(passBackup, '--passphrase-file', passFile, '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(kpJson);
    expect(mode(out)).toBe(0o600);
    expect(r.out).toContain(`Restored the key package of participant 3 (p256, FROST-P256-SHA256-v1) to ${out}`);
    expect(r.out).toContain('2 signers are needed to sign');
    expect(r.out).toContain('This is an older backup: it holds no master key.');
  });

  it('a v2 backup (key package + master key): writes the key package only, and says the backup holds the master key', async () => {
    const v2 = put(
      'v2.age',
      await encryptKeyPackageBackup(
        kpJson,
        { passphrase: PASS, scryptWorkFactor: 10 },
        { masterSecret: new Uint8Array(32).fill(3) },
      ),
    );
    const out = fresh('kp.json');
    const r = await restore(v2, '--passphrase-file', passFile, '--out', out);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(kpJson);
    expect(r.out).toContain('The backup also holds your master key (not written here)');
  });

  it('restores a recipient backup with an identity file, binary or armored', async () => {
    const armored = put(
      'r.age.asc',
      await encryptKeyPackageBackup(kpJson, { recipients: [me.recipient] }, { armored: true }),
    );
    for (const backup of [idBackup, armored]) {
      const out = fresh('kp.json');
      const r = await restore('--identity', idFile, backup, '--out', out);
      expect(r.code).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe(kpJson);
    }
  });

  it('never replaces an existing file without --force; with it, the result is 0600', async () => {
    const out = put('existing.json', 'precious');
    chmodSync(out, 0o644);
    const r = await restore(passBackup, '--passphrase-file', passFile, '--out', out);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`frost-ceremony restore: ${out} already exists; not replacing it (use --force to replace)\n`);
    expect(readFileSync(out, 'utf8')).toBe('precious');
    const f = await restore(passBackup, '--passphrase-file', passFile, '--out', out, '--force');
    expect(f.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(kpJson);
    expect(mode(out)).toBe(0o600);
  });

  it('reports every way opening can fail, naming the backup, and writes nothing', async () => {
    const other = await generateBackupIdentity();
    const otherId = put('other.txt', `${other.identity}\n`);
    const wrongPass = put('wrong.txt', 'not it\n');
    const notAge = put('plain.json', kpJson);
    const tampered = readFileSync(passBackup);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 1;
    const tamperedFile = put('t.age', tampered);
    const pkpBackup = put(
      'pkp.age',
      await (async () => {
        const { Encrypter } = await import('age-encryption');
        const e = new Encrypter();
        e.setScryptWorkFactor(10);
        e.setPassphrase(PASS);
        return e.encrypt(d.publicKeyPackageJson);
      })(),
    );
    const cases: [string[], string][] = [
      [[passBackup, '--passphrase-file', wrongPass], `${passBackup}: wrong passphrase: it does not open this backup`],
      [[idBackup, '--identity', otherId], `${idBackup}: none of the given identities is a recipient of this backup`],
      [
        [idBackup, '--passphrase-file', passFile],
        `${idBackup}: this backup is encrypted to age recipients, not a passphrase`,
      ],
      [
        [passBackup, '--identity', idFile],
        `${passBackup}: this backup is encrypted with a passphrase, not to an age recipient`,
      ],
      [[notAge, '--passphrase-file', passFile], `${notAge}: not an age encrypted file`],
      [[tamperedFile, '--passphrase-file', passFile], `${tamperedFile}: the backup is damaged or was altered`],
      [
        [pkpBackup, '--passphrase-file', passFile],
        `${pkpBackup}: the backup opened, but it holds a public key package, not a key package`,
      ],
      [
        [join(dir, 'missing.age'), '--passphrase-file', passFile],
        `cannot read backup ${join(dir, 'missing.age')}: no such file`,
      ],
    ];
    for (const [args, message] of cases) {
      const out = fresh('never.json');
      const r = await restore(...args, '--out', out);
      expect(r.code, message).toBe(1);
      expect(r.err).toContain(`frost-ceremony restore: ${message}`);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('rejects bad secret files', async () => {
    const empty = put('empty.txt', '\n');
    const twoLines = put('two.txt', 'a\nb\n');
    const badId = put('badid.txt', '# hi\nAGE-SECRET-KEY-1ZZZ\n');
    const e1 = await restore(passBackup, '--passphrase-file', empty, '--out', fresh('x'));
    expect([e1.code, e1.err]).toEqual([1, `frost-ceremony restore: passphrase file ${empty} is empty\n`]);
    const e2 = await restore(passBackup, '--passphrase-file', twoLines, '--out', fresh('x'));
    expect(e2.err).toBe(`frost-ceremony restore: passphrase file ${twoLines} must hold a single line\n`);
    const e3 = await restore(idBackup, '--identity', badId, '--out', fresh('x'));
    expect(e3.code).toBe(1);
    expect(e3.err).toContain(`${badId}: line 2 of the identity file is not an age X25519 identity`);
    const e4 = await restore(idBackup, '--identity', join(dir, 'nope'), '--out', fresh('x'));
    expect(e4.err).toContain(`cannot read identity file ${join(dir, 'nope')}: no such file`);
  });

  it('reports an output directory that does not exist', async () => {
    const r = await restore(passBackup, '--passphrase-file', passFile, '--out', join(dir, 'no', 'dir', 'kp.json'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('cannot write');
    expect(r.err).toContain('no such directory');
  });

  it('usage mistakes exit 2', async () => {
    const both = await restore(passBackup, '--passphrase-file', passFile, '--identity', idFile, '--out', fresh('x'));
    expect(both.code).toBe(2);
    expect(both.err).toContain('give exactly one of --identity FILE or --passphrase-file FILE');
    const neither = await restore(passBackup, '--out', fresh('x'));
    expect(neither.code).toBe(2);
    expect(neither.err).toContain('give exactly one of --identity FILE or --passphrase-file FILE');
    const noOut = await restore(passBackup, '--passphrase-file', passFile);
    expect([noOut.code, noOut.err.split('\n')[0]]).toEqual([2, 'frost-ceremony restore: missing --out FILE']);
    const noBackup = await restore('--passphrase-file', passFile, '--out', fresh('x'));
    expect([noBackup.code, noBackup.err.split('\n')[0]]).toEqual([2, 'frost-ceremony restore: missing BACKUP']);
    const self = await restore(passBackup, '--passphrase-file', passFile, '--out', passBackup, '--force');
    expect([self.code, self.err.split('\n')[0]]).toEqual([
      2,
      'frost-ceremony restore: --out must not be the backup file itself',
    ]);
    const help = await restore('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('--passphrase-file FILE');
  });
});

describe('writeBackupFiles (used by simulate)', () => {
  it('writes key-package-<i>.json.age, 0600, to recipients or a passphrase', async () => {
    const a = await generateBackupIdentity();
    const b = await generateBackupIdentity();
    const outDir = mkdtempSync(join(dir, 'sim-'));
    const p1 = await writeBackupFiles(outDir, kpJson, 3, { recipients: [a.recipient, b.recipient] });
    expect(p1).toBe(join(outDir, 'key-package-3.json.age'));
    expect(mode(p1)).toBe(0o600);
    expect((await decryptKeyPackageBackup(readFileSync(p1), { identities: [b.identity] })).json).toBe(kpJson);
    // Replaces an older backup (a re-run of simulate).
    const p2 = await writeBackupFiles(outDir, kpJson, 3, { passphrase: PASS, scryptWorkFactor: 10 });
    expect(p2).toBe(p1);
    expect((await decryptKeyPackageBackup(readFileSync(p2), { passphrase: PASS })).json).toBe(kpJson);
    // And restore reads it.
    const out = fresh('kp.json');
    expect((await restore(p2, '--passphrase-file', passFile, '--out', out)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(kpJson);
  });

  it('needs exactly one of recipients or passphrase, and valid recipients', async () => {
    const outDir = mkdtempSync(join(dir, 'sim-'));
    await expect(writeBackupFiles(outDir, kpJson, 1, {})).rejects.toMatchObject({ code: 'invalid-target' });
    await expect(writeBackupFiles(outDir, kpJson, 1, { recipients: [] })).rejects.toMatchObject({
      code: 'invalid-target',
    });
    await expect(
      writeBackupFiles(outDir, kpJson, 1, { recipients: ['age1x'], passphrase: PASS }),
    ).rejects.toBeInstanceOf(BackupError);
    await expect(writeBackupFiles(outDir, kpJson, 3, { recipients: ['age1x'] })).rejects.toMatchObject({
      code: 'invalid-recipient',
      culprit: 'age1x',
    });
    const { recipient } = await generateBackupIdentity();
    await expect(writeBackupFiles(outDir, kpJson, 1, { recipients: [recipient] })).rejects.toMatchObject({
      code: 'invalid-key-package',
      message: "the key package is participant 3's, not participant 1's",
    });
    await expect(writeBackupFiles(outDir, '{}', 1, { recipients: [recipient] })).rejects.toMatchObject({
      code: 'invalid-key-package',
    });
    expect(existsSync(join(outDir, 'key-package-1.json.age'))).toBe(false);
  });

  it('passphrase files: one line, trailing newline dropped', () => {
    expect(passphraseFromFileText('pw\n', 'f')).toBe('pw');
    expect(passphraseFromFileText('pw\r\n', 'f')).toBe('pw');
    expect(passphraseFromFileText(' pw with spaces ', 'f')).toBe(' pw with spaces ');
    expect(() => passphraseFromFileText('', 'f')).toThrow(CommandError);
    expect(() => passphraseFromFileText('a\n\n', 'f')).toThrow('passphrase file f must hold a single line');
  });
});
