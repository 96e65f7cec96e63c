// Attack tests of issue 11 §7 (outside probe) through the real binary (`node bin/frost-ceremony.mjs`):
// what a custodian or an attacker would type, and the exit codes the process itself returns.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDkg } from './testFixtures';

const BIN = resolve(__dirname, '../../bin/frost-ceremony.mjs');
const dir = mkdtempSync(join(tmpdir(), 'frost-cli-attacks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('7.8 a damaged key package is never called valid (real process)', () => {
  // Participant 1's package with participant 2's signing share: every field is well-formed,
  // only signing_share·G ≠ verifying_share. Before the fix inspect/backup/restore accepted it.
  const d = runDkg('ed25519', 2, 3);
  const damaged = JSON.stringify({ ...JSON.parse(d.keyPackageJson[0]!), signing_share: JSON.parse(d.keyPackageJson[1]!).signing_share });
  const path = join(dir, 'damaged.json');
  const reason = 'signing_share: signing share does not match the verifying share (the key package is damaged)';
  beforeAll(() => writeFileSync(path, damaged));

  it('inspect exits 1 and names the field', () => {
    const r = cli('inspect', path);
    expect(r.code).toBe(1);
    expect(r.err).toContain(reason);
    expect(r.out).toBe('');
  });

  it('backup refuses to encrypt it', () => {
    const r = cli('backup', path, '--recipient', 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p', '--out', join(dir, 'damaged.age'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('signing share does not match the verifying share');
  });

  it('restore refuses a backup (made with Debian age) that holds it', () => {
    const id = join(dir, 'id.txt');
    const kg = spawnSync('age-keygen', ['-o', id], { encoding: 'utf8' });
    expect(kg.status).toBe(0);
    const recipient = spawnSync('age-keygen', ['-y', id], { encoding: 'utf8' }).stdout.trim();
    const backup = join(dir, 'damaged.json.age');
    expect(spawnSync('age', ['-r', recipient, '-o', backup, path]).status).toBe(0);
    const r = cli('restore', backup, '--identity', id, '--out', join(dir, 'restored.json'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('signing share does not match the verifying share');
    expect(() => readFileSync(join(dir, 'restored.json'))).toThrow();
  });

  it('the undamaged package still passes inspect', () => {
    const ok = join(dir, 'ok.json');
    writeFileSync(ok, d.keyPackageJson[0]!);
    expect(cli('inspect', ok).code).toBe(0);
  });
});
