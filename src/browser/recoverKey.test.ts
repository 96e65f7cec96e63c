// The browser's recovery (recoverKey.ts) with the shipping backup and recovery code: same bytes and
// the ceremony's download name; every failure in plain words.
import { describe, expect, it } from 'vitest';
import { encryptKeyPackageBackup } from '../ceremony/index';
import { buildCertificateV2 } from '../protocol/recovery/testing/certificateBuilder';
import { downloadName } from './downloadNames';
import { recoverInPage } from './recoverKey';

const built = buildCertificateV2({ suite: 'ed25519', t: 2, n: 3, seed: 'browser recovery', label: 'Treasury 2026' });
const PASS = { passphrase: 'correct horse battery staple', scryptWorkFactor: 10 };
const none = async () => undefined;

describe('recover in the page', () => {
  it('example: Bob’s certificate + his v2 backup + passphrase give his key package, under the ceremony’s file name', async () => {
    const file = await encryptKeyPackageBackup(built.keyPackageJsons[1]!, PASS, { masterSecret: built.masters[1]! });
    const r = await recoverInPage(
      { certificate: built.text, key: { kind: 'backup-passphrase', file, passphrase: PASS.passphrase } },
      none,
    );
    expect(r.file.data).toBe(built.keyPackageJsons[1]);
    expect(r.file.filename).toBe(downloadName('key-package', { label: 'Treasury 2026', person: 'Bob' }));
    expect(r.file.filename).toBe('treasury-2026.bob.key-package.json');
    expect([r.name, r.identifier, r.t, r.n, r.suite]).toEqual(['Bob', 2, 2, 3, 'FROST-ED25519-SHA512-v1']);
  });

  it('with the master key saved in this browser', async () => {
    const r = await recoverInPage({ certificate: built.text, key: { kind: 'saved' } }, async () => built.masters[2]);
    expect(r.file.data).toBe(built.keyPackageJsons[2]);
    await expect(recoverInPage({ certificate: built.text, key: { kind: 'saved' } }, none)).rejects.toThrow(
      /This browser has no saved master key/,
    );
  });

  it('wrong passphrase, old backup, not a participant, old or changed certificate: plain words', async () => {
    const v2 = await encryptKeyPackageBackup(built.keyPackageJsons[1]!, PASS, { masterSecret: built.masters[1]! });
    const v1 = await encryptKeyPackageBackup(built.keyPackageJsons[1]!, PASS);
    const with_ = (certificate: string, file: Uint8Array, passphrase = PASS.passphrase) =>
      recoverInPage({ certificate, key: { kind: 'backup-passphrase', file, passphrase } }, none);
    await expect(with_(built.text, v2, 'wrong')).rejects.toThrow(/^That passphrase does not open this backup/);
    await expect(with_(built.text, v1)).rejects.toThrow(/older kind that holds only the key package/);
    const stranger = buildCertificateV2({ suite: 'ed25519', t: 2, n: 2, seed: 'stranger' });
    await expect(with_(stranger.text, v2)).rejects.toThrow(/not one of this key’s custodians/);
    await expect(with_('{"format":"frost-ceremony/certificate/v1"}', v2)).rejects.toThrow(/older version of this app/);
    const p = structuredClone(built.parts);
    p.cocktail.signatures = `00${p.cocktail.signatures.slice(2)}`;
    await expect(with_(built.assemble(p), v2)).rejects.toThrow(/changed after the ceremony.*participant 1 \(Alice\)/s);
  });
});
