// End to end through the real binary (`node bin/frost-ceremony.mjs`): backup → restore →
// inspect → sign, as a custodian would run them, plus exit codes of the process itself.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateBackupIdentity } from '../ceremony/index';
import { runDkg } from './testing/testFixtures';

const BIN = resolve(__dirname, '../../bin/frost-ceremony.mjs');
const dir = mkdtempSync(join(tmpdir(), 'frost-cli-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...argsAndOptions: (string | { input: Uint8Array })[]) {
  const args = argsAndOptions.filter((a): a is string => typeof a === 'string');
  const input = argsAndOptions.find((a): a is { input: Uint8Array } => typeof a !== 'string')?.input;
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    ...(input ? { input } : {}),
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('frost-ceremony key commands (real process)', () => {
  it('a custodian backs up, restores, inspects and test-signs', async () => {
    const d = runDkg('secp256k1-tr', 2, 3);
    const pkp = join(dir, 'public-key-package.json');
    writeFileSync(pkp, d.publicKeyPackageJson);
    const kp1 = join(dir, 'key-package-1.json');
    writeFileSync(kp1, d.keyPackageJson[0]!);
    const kp2 = join(dir, 'key-package-2.json');
    writeFileSync(kp2, d.keyPackageJson[1]!);
    const { identity, recipient } = await generateBackupIdentity();
    const idFile = join(dir, 'identity.txt');
    writeFileSync(idFile, `${identity}\n`);

    const b = cli('backup', kp1, '--recipient', recipient);
    expect(b.err).toBe('');
    expect(b.code).toBe(0);
    const backup = join(dir, 'key-package-1.json.age');
    expect(statSync(backup).mode & 0o777).toBe(0o600);

    const restored = join(dir, 'restored.json');
    const r = cli('restore', backup, '--identity', idFile, '--out', restored);
    expect(r.code).toBe(0);
    expect(readFileSync(restored, 'utf8')).toBe(d.keyPackageJson[0]);

    const i = cli('inspect', '-', { input: readFileSync(restored) });
    expect(i.code).toBe(0);
    expect(i.out).toContain('secp256k1-tr (FROST-secp256k1-SHA256-TR-v1)');

    const s = cli('sign', '--message', 'cafe', restored, kp2, '--public-key-package', pkp);
    expect(s.code).toBe(0);
    expect(JSON.parse(s.out)).toMatchObject({ suite: 'secp256k1-tr', message: 'cafe', verified: true });
  });

  it('exits 1 on invalid input and 2 on usage mistakes', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"header":{"version":0,"ciphersuite":"FROST-ED25519-SHA512-v1"},"signing_share":"00"}');
    const i = cli('inspect', bad);
    expect(i.code).toBe(1);
    expect(i.err).toBe(`frost-ceremony inspect: ${bad}: signing_share: expected 32 bytes, got 1\n`);
    const u = cli('sign', '--message', 'xyz');
    expect(u.code).toBe(2);
    expect(u.err).toContain('usage: frost-ceremony sign');
  });
});
