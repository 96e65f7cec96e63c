// Attack tests of issue 11 §7 (outside probe) through the real binary (`node bin/frost-ceremony.mjs`):
// what a custodian or an attacker would type, and the exit codes the process itself returns.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDkg } from './testing/testFixtures';

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
  const damaged = JSON.stringify({
    ...JSON.parse(d.keyPackageJson[0]!),
    signing_share: JSON.parse(d.keyPackageJson[1]!).signing_share,
  });
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
    const r = cli(
      'backup',
      path,
      '--recipient',
      'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p',
      '--out',
      join(dir, 'damaged.age'),
    );
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

describe('7.1 t = 1 and disguised labels from the command line (real process)', () => {
  const rlo = 'Treasury \u202e3-fo-2'; // shows as "Treasury 2-of-3"
  it('simulate --min-signers 1 is a usage error without --allow-single-signer, and runs with it', () => {
    const r = cli(
      'simulate',
      '--suite',
      'ed25519',
      '--min-signers',
      '1',
      '--max-signers',
      '2',
      '--out',
      join(dir, 'sim-t1'),
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('EVERY participant can use alone');
    const ok = cli(
      'simulate',
      '--suite',
      'ed25519',
      '--min-signers',
      '1',
      '--max-signers',
      '2',
      '--allow-single-signer',
      '--out',
      join(dir, 'sim-t1-ok'),
      '--json',
    );
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ ok: true, minSigners: 1 });
  });

  it('create --min-signers 1 is a usage error without --allow-single-signer (nothing is created)', () => {
    const r = cli(
      'create',
      '--suite',
      'ed25519',
      '--min-signers',
      '1',
      '--max-signers',
      '3',
      '--label',
      'x',
      '--server',
      'http://127.0.0.1:9',
      '--out',
      join(dir, 'create-t1'),
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('--allow-single-signer');
    expect(r.out).toBe('');
  });

  it('a label with a bidi override is a usage error for create and simulate', () => {
    const c = cli(
      'create',
      '--suite',
      'ed25519',
      '--min-signers',
      '2',
      '--max-signers',
      '3',
      '--label',
      rlo,
      '--server',
      'http://127.0.0.1:9',
      '--out',
      join(dir, 'create-rlo'),
    );
    expect(c.code).toBe(2);
    expect(c.err).toContain('control or format characters');
    const s = cli(
      'simulate',
      '--suite',
      'ed25519',
      '--min-signers',
      '2',
      '--max-signers',
      '3',
      '--label',
      rlo,
      '--out',
      join(dir, 'sim-rlo'),
    );
    expect(s.code).toBe(2);
    expect(s.err).toContain('control or format characters');
  });
});

describe('7.9 forbidden names are usage errors (exit 2), not internal errors (real process)', () => {
  it.each([
    ['a quote', 'Al"ice'],
    ['a backslash', 'Al\\ice'],
    ['a bidi override', 'Al\u202eice'],
    ['only spaces', '   '],
  ])('create --name with %s', (_what, name) => {
    const r = cli(
      'create',
      '--suite',
      'ed25519',
      '--min-signers',
      '2',
      '--max-signers',
      '3',
      '--label',
      'x',
      '--server',
      'http://127.0.0.1:9',
      '--name',
      name,
      '--out',
      join(dir, 'create-name'),
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('--name');
    expect(r.err).not.toContain('internal error');
  });

  it('join --name with a control character', () => {
    const r = cli('join', 'http://127.0.0.1:9/#r=x', '--name', 'Bob\u0007', '--out', join(dir, 'join-name'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('--name');
    expect(r.err).not.toContain('internal error');
  });
});

describe('7.9 verify reads certificates with the one strict JSON reader (real process)', () => {
  it('a certificate that names a field twice is refused by verify and inspect alike', () => {
    const out = join(dir, 'sim-verify');
    const sim = cli(
      'simulate',
      '--suite',
      'ed25519',
      '--min-signers',
      '2',
      '--max-signers',
      '3',
      '--out',
      out,
      '--seed',
      'dup-keys',
    );
    expect(sim.code, sim.err).toBe(0);
    const certPath = join(out, 'certificate.json');
    expect(cli('verify', certPath).code).toBe(0);
    // The first "label"-like field shadowed by a second copy: JSON.parse keeps the last one.
    const text = readFileSync(certPath, 'utf8').trim();
    const dup = `{"format":"not a certificate",${text.slice(1)}`;
    const dupPath = join(dir, 'dup-cert.json');
    writeFileSync(dupPath, dup);
    const v = cli('verify', dupPath);
    expect(v.code).toBe(1);
    expect(v.err).toContain('"format" appears twice');
    const i = cli('inspect', dupPath);
    expect(i.code).toBe(1);
    expect(i.err).toContain('"format" appears twice');
  });
});
