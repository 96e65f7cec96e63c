import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Encrypter } from 'age-encryption';
import { afterAll, describe, expect, it } from 'vitest';
import { runDkg } from '../cli/testing/testFixtures';
import {
  BackupError,
  backupFileName,
  backupKind,
  decryptKeyPackageBackup,
  encryptKeyPackageBackup,
  generateBackupIdentity,
  parseIdentityFile,
  verifyBackupOpens,
  type BackupErrorCode,
} from './backup';

// Low scrypt cost keeps the suite fast; production uses age's default (18).
const FAST = { scryptWorkFactor: 10 };
const PASS = 'correct horse battery staple';
const dkg = runDkg('ed25519', 2, 3);
const kpJson = dkg.keyPackageJson[0] as string;
const otherKpJson = dkg.keyPackageJson[1] as string;

async function backupError(p: Promise<unknown>): Promise<BackupError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(BackupError);
    return e as BackupError;
  }
  throw new Error('expected a BackupError');
}
async function code(p: Promise<unknown>): Promise<BackupErrorCode> {
  return (await backupError(p)).code;
}

describe('age backup of a key package', () => {
  it('example: a custodian backs up with a passphrase and restores it', async () => {
    const file = await encryptKeyPackageBackup(kpJson, { passphrase: PASS, ...FAST });
    // Binary age by default, exactly what `age -d` reads.
    expect(new TextDecoder().decode(file.subarray(0, 22))).toBe('age-encryption.org/v1\n');
    expect(backupKind(file)).toBe('passphrase');
    const opened = await decryptKeyPackageBackup(file, { passphrase: PASS });
    expect(opened.json).toBe(kpJson);
    expect(opened.keyPackage.identifier).toBe(1);
    expect(opened.keyPackage.suite).toBe('ed25519');
  });

  it('round-trips to several X25519 recipients; each identity alone opens it', async () => {
    const a = await generateBackupIdentity();
    const b = await generateBackupIdentity();
    expect(a.recipient).toMatch(/^age1[0-9a-z]{58}$/);
    const file = await encryptKeyPackageBackup(kpJson, { recipients: [a.recipient, b.recipient] });
    expect(backupKind(file)).toBe('recipients');
    for (const who of [a, b]) {
      expect((await decryptKeyPackageBackup(file, { identities: [who.identity] })).json).toBe(kpJson);
    }
  });

  it('writes and reads ASCII armor, as bytes or as a string', async () => {
    const { identity, recipient } = await generateBackupIdentity();
    const armored = await encryptKeyPackageBackup(kpJson, { recipients: [recipient] }, { armored: true });
    const text = new TextDecoder().decode(armored);
    expect(text.startsWith('-----BEGIN AGE ENCRYPTED FILE-----\n')).toBe(true);
    expect((await decryptKeyPackageBackup(armored, { identities: [identity] })).json).toBe(kpJson);
    expect((await decryptKeyPackageBackup(`\n  ${text}`, { identities: [identity] })).json).toBe(kpJson);
  });

  it('backs up key packages of other suites too (ed448, secp256k1-tr)', async () => {
    for (const suite of ['ed448', 'secp256k1-tr'] as const) {
      const json = runDkg(suite, 2, 2).keyPackageJson[1] as string;
      const file = await encryptKeyPackageBackup(json, { passphrase: PASS, ...FAST });
      const opened = await decryptKeyPackageBackup(file, { passphrase: PASS });
      expect(opened.keyPackage.suite).toBe(suite);
      expect(opened.json).toBe(json);
    }
  });

  it('names the wrong secret and the wrong kind of secret', async () => {
    const pfile = await encryptKeyPackageBackup(kpJson, { passphrase: PASS, ...FAST });
    const mine = await generateBackupIdentity();
    const stranger = await generateBackupIdentity();
    const rfile = await encryptKeyPackageBackup(kpJson, { recipients: [mine.recipient] });
    expect(await code(decryptKeyPackageBackup(pfile, { passphrase: 'nope' }))).toBe('wrong-passphrase');
    expect(await code(decryptKeyPackageBackup(rfile, { identities: [stranger.identity] }))).toBe('wrong-identity');
    expect(await code(decryptKeyPackageBackup(pfile, { identities: [mine.identity] }))).toBe('needs-passphrase');
    expect(await code(decryptKeyPackageBackup(rfile, { passphrase: PASS }))).toBe('needs-identity');
    expect(await code(decryptKeyPackageBackup(rfile, { identities: [] }))).toBe('invalid-identity');
    const bad = await backupError(decryptKeyPackageBackup(rfile, { identities: ['AGE-SECRET-KEY-1NOTAKEY'] }));
    expect(bad.code).toBe('invalid-identity');
    expect(bad.message).not.toContain('NOTAKEY'); // a secret is never echoed
  });

  it('detects a tampered payload, a tampered header and a truncated file', async () => {
    const file = await encryptKeyPackageBackup(kpJson, { passphrase: PASS, ...FAST });
    const payload = file.slice();
    payload[payload.length - 1] = (payload[payload.length - 1] as number) ^ 1;
    expect(await code(decryptKeyPackageBackup(payload, { passphrase: PASS }))).toBe('damaged');
    // Flip a character of the header MAC (the "--- " line).
    const text = new TextDecoder('latin1').decode(file);
    const mac = text.indexOf('\n--- ') + 6;
    const header = file.slice();
    header[mac] = header[mac] === 0x41 ? 0x42 : 0x41;
    expect(await code(decryptKeyPackageBackup(header, { passphrase: PASS }))).toBe('damaged');
    expect(await code(decryptKeyPackageBackup(file.subarray(0, file.length - 20), { passphrase: PASS }))).toBe(
      'damaged',
    );
    expect(await code(decryptKeyPackageBackup(file.subarray(0, 30), { passphrase: PASS }))).toBe('damaged');
  });

  it('rejects what is not age at all, and damaged armor', async () => {
    expect(await code(decryptKeyPackageBackup(new TextEncoder().encode(kpJson), { passphrase: PASS }))).toBe(
      'not-age-file',
    );
    expect(await code(decryptKeyPackageBackup(new Uint8Array(0), { passphrase: PASS }))).toBe('not-age-file');
    expect(await code(decryptKeyPackageBackup('-----BEGIN AGE ENCRYPTED FILE-----\n!!!\n', { passphrase: PASS }))).toBe(
      'damaged',
    );
  });

  it('a valid age file that does not hold a key package is reported with the field at fault', async () => {
    const enc = async (content: string | Uint8Array) => {
      const e = new Encrypter();
      e.setScryptWorkFactor(10);
      e.setPassphrase(PASS);
      return e.encrypt(content);
    };
    const noMin = JSON.stringify({ ...JSON.parse(kpJson), min_signers: undefined });
    const err = await backupError(decryptKeyPackageBackup(await enc(noMin), { passphrase: PASS }));
    expect(err.code).toBe('not-key-package');
    expect(err.culprit).toBe('min_signers');
    const pkp = await backupError(decryptKeyPackageBackup(await enc(dkg.publicKeyPackageJson), { passphrase: PASS }));
    expect([pkp.code, pkp.message]).toEqual([
      'not-key-package',
      'the backup opened, but it holds a public key package, not a key package',
    ]);
    const r1 = await backupError(decryptKeyPackageBackup(await enc(dkg.round1Json), { passphrase: PASS }));
    expect(r1.message).toBe('the backup opened, but it holds a DKG round-1 package, not a key package');
    expect(await code(decryptKeyPackageBackup(await enc(Uint8Array.of(0xff, 0xfe)), { passphrase: PASS }))).toBe(
      'not-key-package',
    );
  });

  it('refuses to encrypt anything but a key package, and bad targets', async () => {
    const notKp = await backupError(encryptKeyPackageBackup(dkg.publicKeyPackageJson, { passphrase: PASS, ...FAST }));
    expect(notKp.code).toBe('invalid-key-package');
    expect(await code(encryptKeyPackageBackup('{', { passphrase: PASS }))).toBe('invalid-key-package');
    expect(await code(encryptKeyPackageBackup(kpJson, { passphrase: '' }))).toBe('invalid-passphrase');
    expect(await code(encryptKeyPackageBackup(kpJson, { passphrase: PASS, scryptWorkFactor: 9 }))).toBe(
      'invalid-passphrase',
    );
    expect(await code(encryptKeyPackageBackup(kpJson, { passphrase: PASS, scryptWorkFactor: 21 }))).toBe(
      'invalid-passphrase',
    );
    expect(await code(encryptKeyPackageBackup(kpJson, { recipients: [] }))).toBe('invalid-target');
    expect(await code(encryptKeyPackageBackup(kpJson, { passphrase: PASS, recipients: ['x'] } as never))).toBe(
      'invalid-target',
    );
    const { recipient } = await generateBackupIdentity();
    // One character changed: the bech32 checksum fails.
    const flipped = recipient.slice(0, -1) + (recipient.endsWith('q') ? 'p' : 'q');
    for (const bad of ['age1', flipped, 'age1pq1' + 'q'.repeat(60), 'ssh-ed25519 AAAA']) {
      const err = await backupError(encryptKeyPackageBackup(kpJson, { recipients: [recipient, bad] }));
      expect(err.code).toBe('invalid-recipient');
      expect(err.culprit).toBe(bad);
    }
  });

  it('parses identity files as age-keygen writes them', async () => {
    const { identity, recipient } = await generateBackupIdentity();
    const file = `# created: 2026-01-01T00:00:00Z\n# public key: ${recipient}\n${identity}\r\n\n`;
    expect(parseIdentityFile(file)).toEqual([identity]);
    const bad = (() => {
      try {
        parseIdentityFile(`# comment\nAGE-SECRET-KEY-1XYZ\n`);
      } catch (e) {
        return e as BackupError;
      }
      throw new Error('expected an error');
    })();
    expect(bad.code).toBe('invalid-identity');
    expect(bad.culprit).toBe('line 2');
    expect(() => parseIdentityFile('# only comments\n')).toThrow(/holds no AGE-SECRET-KEY-1/);
  });

  it('verifyBackupOpens proves a backup holds exactly the expected key package', async () => {
    const pfile = await encryptKeyPackageBackup(kpJson, { passphrase: PASS, ...FAST });
    expect((await verifyBackupOpens(pfile, PASS, kpJson)).identifier).toBe(1);
    const { identity, recipient } = await generateBackupIdentity();
    const rfile = await encryptKeyPackageBackup(kpJson, { recipients: [recipient] });
    expect((await verifyBackupOpens(rfile, identity, kpJson)).identifier).toBe(1);
    expect((await verifyBackupOpens(rfile, { identities: [identity] }, kpJson)).identifier).toBe(1);
    expect((await verifyBackupOpens(rfile, `# public key: ${recipient}\n${identity}\n`, kpJson)).identifier).toBe(1);
    expect(await code(verifyBackupOpens(rfile, identity, otherKpJson))).toBe('key-package-mismatch');
    expect(await code(verifyBackupOpens(pfile, 'wrong', kpJson))).toBe('wrong-passphrase');
  });

  it('names backup files after the participant', () => {
    expect(backupFileName(7)).toBe('key-package-7.json.age');
  });
});

describe('v2 backup: key package and master key', () => {
  const master = new Uint8Array(32).map((_, k) => k + 1);
  const otherMaster = new Uint8Array(32).fill(7);

  it('example: the ceremony’s backup holds the key package (exact text) and the master key', async () => {
    const file = await encryptKeyPackageBackup(kpJson, { passphrase: PASS, ...FAST }, { masterSecret: master });
    const opened = await decryptKeyPackageBackup(file, { passphrase: PASS });
    expect(opened.version).toBe('v2');
    expect(opened.json).toBe(kpJson);
    expect(opened.masterSecret).toEqual(master);
    expect((await verifyBackupOpens(file, PASS, kpJson, master)).identifier).toBe(1);
  });

  it('an old backup (key package only) still opens and says it has no master key', async () => {
    const old = await encryptKeyPackageBackup(kpJson, { passphrase: PASS, ...FAST });
    const opened = await decryptKeyPackageBackup(old, { passphrase: PASS });
    expect(opened.version).toBe('v1');
    expect(opened.masterSecret).toBeUndefined();
    expect(opened.json).toBe(kpJson);
    const e = await backupError(verifyBackupOpens(old, PASS, kpJson, master));
    expect(e.code).toBe('no-master-key');
    expect(e.message).toMatch(/older backup without your master key/);
  });

  it('the proof refuses a backup holding another master key', async () => {
    const file = await encryptKeyPackageBackup(kpJson, { passphrase: PASS, ...FAST }, { masterSecret: otherMaster });
    expect(await code(verifyBackupOpens(file, PASS, kpJson, master))).toBe('master-key-mismatch');
    // The key package check still comes first.
    expect(await code(verifyBackupOpens(file, PASS, otherKpJson, otherMaster))).toBe('key-package-mismatch');
  });

  it('refuses to back up a master key of the wrong length', async () => {
    expect(
      await code(encryptKeyPackageBackup(kpJson, { passphrase: PASS, ...FAST }, { masterSecret: new Uint8Array(31) })),
    ).toBe('invalid-master-key');
  });

  it('a v2 document that is malformed inside is refused, not read as something else', async () => {
    const seal = async (content: string) => {
      const e = new Encrypter();
      e.setScryptWorkFactor(10);
      e.setPassphrase(PASS);
      return e.encrypt(content);
    };
    const v2 = (o: object) => JSON.stringify({ format: 'frost-ceremony/backup/v2', ...o });
    const extra = await seal(v2({ keyPackage: kpJson, masterKey: '01'.repeat(32), note: 'x' }));
    expect(await code(decryptKeyPackageBackup(extra, { passphrase: PASS }))).toBe('not-key-package');
    const short = await seal(v2({ keyPackage: kpJson, masterKey: '01'.repeat(31) }));
    expect(await code(decryptKeyPackageBackup(short, { passphrase: PASS }))).toBe('invalid-master-key');
    const upper = await seal(v2({ keyPackage: kpJson, masterKey: 'AB'.repeat(32) }));
    expect(await code(decryptKeyPackageBackup(upper, { passphrase: PASS }))).toBe('invalid-master-key');
    const twice = await seal(
      `{"format":"frost-ceremony/backup/v2","keyPackage":${JSON.stringify(kpJson)},"masterKey":"${'01'.repeat(32)}","masterKey":"${'02'.repeat(32)}"}`,
    );
    expect(await code(decryptKeyPackageBackup(twice, { passphrase: PASS }))).toBe('not-key-package');
    const notKp = await seal(v2({ keyPackage: '{}', masterKey: '01'.repeat(32) }));
    expect(await code(decryptKeyPackageBackup(notKp, { passphrase: PASS }))).toBe('not-key-package');
  });
});

// Interop with the reference `age` tool (Go), when it is installed (`apt-get install age`).
const hasAge = spawnSync('age', ['--version']).status === 0;
const hasScript = spawnSync('script', ['--version']).status === 0;
const tmp = mkdtempSync(join(tmpdir(), 'frost-backup-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!hasAge)('interop with the age command-line tool', () => {
  it('age -d decrypts our binary and armored recipient backups', async () => {
    const { identity, recipient } = await generateBackupIdentity();
    const idFile = join(tmp, 'id.txt');
    writeFileSync(idFile, `${identity}\n`);
    for (const armored of [false, true]) {
      const f = join(tmp, `r${armored}.age`);
      writeFileSync(f, await encryptKeyPackageBackup(kpJson, { recipients: [recipient] }, { armored }));
      expect(execFileSync('age', ['-d', '-i', idFile, f], { encoding: 'utf8' })).toBe(kpJson);
    }
  });

  it('age -d decrypts a v2 backup: the key package and the master key are inside', async () => {
    const { identity, recipient } = await generateBackupIdentity();
    const idFile = join(tmp, 'id-v2.txt');
    writeFileSync(idFile, `${identity}\n`);
    const master = new Uint8Array(32).fill(0x5a);
    const f = join(tmp, 'v2.age');
    writeFileSync(f, await encryptKeyPackageBackup(kpJson, { recipients: [recipient] }, { masterSecret: master }));
    const inside = JSON.parse(execFileSync('age', ['-d', '-i', idFile, f], { encoding: 'utf8' })) as Record<
      string,
      unknown
    >;
    expect(inside).toEqual({ format: 'frost-ceremony/backup/v2', keyPackage: kpJson, masterKey: '5a'.repeat(32) });
  });

  it('we decrypt what age -r encrypts, and age-keygen identity files', async () => {
    const idFile = join(tmp, 'keygen.txt');
    execFileSync('age-keygen', ['-o', idFile], { stdio: 'ignore' });
    const recipient = execFileSync('age-keygen', ['-y', idFile], { encoding: 'utf8' }).trim();
    const f = join(tmp, 'from-age.age');
    execFileSync('age', ['-r', recipient, '-o', f], { input: kpJson });
    const opened = await decryptKeyPackageBackup(readFileSync(f), {
      identities: parseIdentityFile(readFileSync(idFile, 'utf8')),
    });
    expect(opened.json).toBe(kpJson);
  });

  // age reads passphrases only from a terminal; `script` gives it one.
  it.skipIf(!hasScript)('age -d decrypts our passphrase backup', async () => {
    const f = join(tmp, 'p.age');
    const out = join(tmp, 'p.json');
    writeFileSync(f, await encryptKeyPackageBackup(kpJson, { passphrase: PASS, ...FAST }));
    const r = spawnSync('script', ['-qec', `age -d -o '${out}' '${f}'`, '/dev/null'], {
      input: `${PASS}\n`,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(kpJson);
  });
});

if (!hasAge) {
  describe('interop with the age command-line tool', () => {
    it.skip('SKIPPED: the `age` binary is not installed (apt-get install -y age)', () => {});
  });
}
