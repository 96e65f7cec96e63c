import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  verifyCertificate,
  parseKeyPackage,
  runSimulation,
  keyPackageFromPostcard,
  publicKeyPackageFromPostcard,
} from '../protocol/index';
import { checkOutDirFree, writeCeremonyOutputs } from './headlessRun';
import { exportFrostRsCommand } from './exportFrostRs';
import { joinCommand } from './join';

const dir = () => mkdtempSync(join(tmpdir(), 'frost-out-'));

describe('writing the outputs', () => {
  it('writes the key package (0600), public key package and a certificate that verifies; the same files again are fine, other content is never replaced', async () => {
    const sim = await runSimulation({ suite: 'ed25519', minSigners: 2, maxSigners: 2, seed: 'headless-outputs' });
    const state = sim.participants[1]!.state;
    const out = join(dir(), 'bob');
    const files = await writeCeremonyOutputs(out, state);
    expect(files.map((f) => f.slice(out.length + 1))).toEqual([
      'key-package-2.json',
      'public-key-package.json',
      'certificate.json',
    ]);
    expect(statSync(files[0]!).mode & 0o777).toBe(0o600);
    expect(parseKeyPackage(readFileSync(files[0]!, 'utf8')).identifier).toBe(2);
    expect(verifyCertificate(readFileSync(files[2]!, 'utf8')).ok).toBe(true);
    await writeCeremonyOutputs(out, state);
    writeFileSync(files[0]!, '{"another":"ceremony"}\n');
    await expect(writeCeremonyOutputs(out, state)).rejects.toThrow(
      /key-package-2\.json already exists with other content; refusing to overwrite/,
    );
    expect(readFileSync(files[0]!, 'utf8')).toBe('{"another":"ceremony"}\n');
  });

  it('--frost-core 2 also writes the frost-core 2.x forms: JSON without min_signers and both postcard encodings, equal to `export frost-rs --frost-core 2` of the 3.x files', async () => {
    const sim = await runSimulation({
      suite: 'secp256k1-tr',
      minSigners: 2,
      maxSigners: 3,
      seed: 'headless-outputs-2',
    });
    const state = sim.participants[2]!.state;
    const out = join(dir(), 'carol');
    const files = await writeCeremonyOutputs(out, state, 2);
    expect(files.map((f) => f.slice(out.length + 1))).toEqual([
      'key-package-3.json',
      'public-key-package.json',
      'certificate.json',
      'public-key-package.frost-core-2.json',
      'public-key-package.frost-core-2.bin',
      'key-package-3.bin',
    ]);
    const json2 = JSON.parse(readFileSync(join(out, 'public-key-package.frost-core-2.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect('min_signers' in json2).toBe(false);
    expect(statSync(join(out, 'key-package-3.bin')).mode & 0o777).toBe(0o600);
    const kp = keyPackageFromPostcard(new Uint8Array(readFileSync(join(out, 'key-package-3.bin'))));
    expect(kp.identifier).toBe(3);
    const pkp = publicKeyPackageFromPostcard(
      new Uint8Array(readFileSync(join(out, 'public-key-package.frost-core-2.bin'))),
    );
    expect(pkp.verifyingShares.length).toBe(3);
    // The same bytes as the export command makes from the 3.x files.
    const quiet = { stdout: () => undefined, stderr: () => undefined };
    for (const [src, name, extra] of [
      ['public-key-package.json', 'public-key-package.frost-core-2.json', []],
      ['public-key-package.json', 'public-key-package.frost-core-2.bin', ['--postcard']],
      ['key-package-3.json', 'key-package-3.bin', ['--postcard']],
    ] as const) {
      const via = join(out, `via-export-${name}`);
      expect(await exportFrostRsCommand([join(out, src), '--out', via, '--frost-core', '2', ...extra], quiet)).toBe(0);
      expect(readFileSync(via).equals(readFileSync(join(out, name)))).toBe(true);
    }
  });

  it('a new ceremony refuses an --out directory that already holds outputs, before connecting', async () => {
    const out = dir();
    await expect(checkOutDirFree(join(out, 'missing'))).resolves.toBeUndefined();
    writeFileSync(join(out, 'notes.txt'), 'x');
    await expect(checkOutDirFree(out)).resolves.toBeUndefined();
    writeFileSync(join(out, 'key-package-3.json'), '{}');
    const err: string[] = [];
    const invite = `http://127.0.0.1:9/#join=abcdefghijklmnopqrstuvwx.${'A'.repeat(43)}.${'ab'.repeat(32)}`;
    expect(
      await joinCommand([invite, '--name', 'Bob', '--out', out], {
        stdout: () => undefined,
        stderr: (t) => void err.push(t),
      }),
    ).toBe(1);
    expect(err.join('')).toMatch(/already holds key-package-3\.json from a ceremony; choose another --out directory/);
  });
});
