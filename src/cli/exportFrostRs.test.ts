import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  parsePublicKeyPackage,
  readPublicKeyPackage,
  keyPackageFromPostcard,
  publicKeyPackageFromPostcard,
} from '../protocol/index.js';
import { exportCommand } from './exportCommand';
import { simulateCommand } from './simulate';
import { captureIo, runDkg } from './testing/testFixtures';

const dir = mkdtempSync(join(tmpdir(), 'frost-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (content: string) => {
  const p = join(dir, `in${n++}.json`);
  writeFileSync(p, content);
  return p;
};
async function run(...argv: string[]) {
  const c = captureIo();
  const code = await exportCommand(argv, c.io);
  return { code, out: c.stdout(), err: c.stderr() };
}

describe('export frost-rs: both frost-core generations, JSON and postcard', () => {
  const d = runDkg('ed25519', 2, 3);

  it('--frost-core 2 drops min_signers from the public key package; 3 keeps it', async () => {
    const pkp = file(d.publicKeyPackageJson);
    const out2 = join(dir, 'pkp2.json');
    const r = await run('frost-rs', pkp, '--frost-core', '2', '--out', out2);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('for frost-core 2.x, JSON (no min_signers');
    const text = readFileSync(out2, 'utf8');
    expect(JSON.parse(text)).not.toHaveProperty('min_signers');
    expect(() => parsePublicKeyPackage(text)).toThrow(/min_signers/);
    expect(readPublicKeyPackage(text)).toEqual({ ...d.publicKeyPackage, minSigners: undefined });

    // A 2.x file read back and written for 3.x cannot invent the threshold: still absent.
    const out3 = join(dir, 'pkp3.json');
    expect((await run('frost-rs', out2, '--out', out3)).code).toBe(0);
    expect(JSON.parse(readFileSync(out3, 'utf8'))).not.toHaveProperty('min_signers');
    const same = join(dir, 'pkp3b.json');
    expect((await run('frost-rs', pkp, '--frost-core', '3', '--out', same)).code).toBe(0);
    expect(readFileSync(same, 'utf8')).toBe(`${d.publicKeyPackageJson}\n`);
  });

  it('--postcard writes the binary form; key packages stay 0600', async () => {
    const kpOut = join(dir, 'kp.bin');
    expect((await run('frost-rs', file(d.keyPackageJson[0]!), '--postcard', '--out', kpOut)).code).toBe(0);
    expect(statSync(kpOut).mode & 0o777).toBe(0o600);
    expect(keyPackageFromPostcard(new Uint8Array(readFileSync(kpOut)))).toEqual(d.keyPackages[0]);
    const pOut = join(dir, 'pkp.bin');
    expect(
      (await run('frost-rs', file(d.publicKeyPackageJson), '--postcard', '--frost-core', '2', '--out', pOut)).code,
    ).toBe(0);
    expect(statSync(pOut).mode & 0o777).toBe(0o644);
    expect(publicKeyPackageFromPostcard(new Uint8Array(readFileSync(pOut)))).toEqual({
      ...d.publicKeyPackage,
      minSigners: undefined,
    });
  });

  it('refuses a bad generation, an invalid package, an existing file, an unknown target', async () => {
    const pkp = file(d.publicKeyPackageJson);
    const bad = await run('frost-rs', pkp, '--frost-core', '1', '--out', join(dir, 'x.json'));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--frost-core must be 2 or 3, got "1"');
    const broken = file(d.publicKeyPackageJson.replace('"verifying_key"', '"verifying_kay"'));
    const inv = await run('frost-rs', broken, '--out', join(dir, 'y.json'));
    expect(inv.code).toBe(1);
    expect(inv.err).toContain('not a valid frost-rs package: verifying_kay: unknown field');
    const exists = await run('frost-rs', pkp, '--out', pkp);
    expect(exists.code).toBe(1);
    expect(exists.err).toContain('already exists');
    const unknown = await run('frost-go', pkp);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown target "frost-go"');
  });
});

describe('simulate --frost-core 2', () => {
  it('writes a public key package frost-core 2.x reads (no min_signers)', async () => {
    const out = join(dir, 'sim');
    const c = captureIo();
    const code = await simulateCommand(
      [
        '--suite',
        'ed25519',
        '--min-signers',
        '2',
        '--max-signers',
        '3',
        '--out',
        out,
        '--seed',
        'x',
        '--frost-core',
        '2',
      ],
      c.io,
    );
    expect(c.stderr()).toBe('');
    expect(code).toBe(0);
    const pkp = JSON.parse(readFileSync(join(out, 'public-key-package.json'), 'utf8'));
    expect(pkp).not.toHaveProperty('min_signers');
    expect(JSON.parse(readFileSync(join(out, 'key-package-1.json'), 'utf8')).min_signers).toBe(2);
  });
});
