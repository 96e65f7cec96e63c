import { describe, expect, it } from 'vitest';
import { BackupError, decryptKeyPackageBackup, encryptKeyPackageBackup } from '../ceremony/index';
import { backupProofMessage } from './backupProofMessage';
import { runDkg } from '../cli/testing/testFixtures';

const keyPackageJson = runDkg('ed25519', 2, 3).keyPackageJson[0] as string;

describe('backupProofMessage: what a custodian reads when the backup proof fails', () => {
  it('a wrong passphrase gets plain words and a next step, not library text', async () => {
    const file = await encryptKeyPackageBackup(keyPackageJson, {
      passphrase: 'right horse battery',
      scryptWorkFactor: 10,
    });
    const error = await decryptKeyPackageBackup(file, { passphrase: 'wrong horse' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BackupError);
    const text = backupProofMessage(error);
    expect(text).toMatch(/^That passphrase does not open this backup\./);
    expect(text).toMatch(/try again/);
    expect(text).not.toMatch(/age|scrypt|stanza|identity matched/i);
  });

  it('a damaged file says so and says to make a new backup', async () => {
    const file = await encryptKeyPackageBackup(keyPackageJson, { passphrase: 'pw pw pw', scryptWorkFactor: 10 });
    file[file.length - 1] = (file[file.length - 1] ?? 0) ^ 1;
    const error = await decryptKeyPackageBackup(file, { passphrase: 'pw pw pw' }).catch((e: unknown) => e);
    expect((error as BackupError).code).toBe('damaged');
    expect(backupProofMessage(error)).toMatch(/damaged .* Make a new backup/);
  });

  it('anything that is not a BackupError reads as "not a backup this app can open"', () => {
    expect(backupProofMessage(new TypeError('x is undefined'))).toMatch(/not a backup this app can open/);
    expect(backupProofMessage('no-such-code')).toMatch(/not a backup this app can open/);
  });

  it('a code alone gives the same message as the error with that code', () => {
    expect(backupProofMessage('key-package-mismatch')).toBe(
      backupProofMessage(new BackupError('key-package-mismatch', 'x')),
    );
  });

  it('every message is a full sentence without the library’s lower-case technical wording', () => {
    const codes = [
      'wrong-passphrase',
      'wrong-identity',
      'needs-identity',
      'needs-passphrase',
      'damaged',
      'not-age-file',
    ] as const;
    for (const code of codes) {
      const text = backupProofMessage(new BackupError(code, 'technical'));
      expect(text, code).toMatch(/^[A-Z].*\.$/);
      expect(text, code).not.toContain('technical');
    }
  });
});
