import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { afterAll, describe, expect, it } from 'vitest';
import {
  encodeContact,
  publicKeyPackageFromPostcard,
  keyPackageFromPostcard,
  publicKeyPackageToJson,
} from '../protocol/index.js';
import { exportCommand } from './exportCommand';
import { captureIo, runDkg } from './testing/testFixtures';

const dir = mkdtempSync(join(tmpdir(), 'frost-client-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const put = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
async function run(...argv: string[]) {
  const c = captureIo();
  const code = await exportCommand(argv, c.io);
  return { code, out: c.stdout(), err: c.stderr() };
}
const hexBytes = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));

describe('export frost-client', () => {
  const d = runDkg('ed25519', 2, 3);
  const kp = put('kp2.json', d.keyPackageJson[1]!);
  const pkp = put('pkp.json', d.publicKeyPackageJson);
  const contacts = ['Alice', 'Bob', 'Carol'].map((name) =>
    encodeContact({ name, pubkey: crypto.getRandomValues(new Uint8Array(32)) }),
  );

  it('writes a 0600 credentials.toml whose packages are the JSON ones', async () => {
    const out = join(dir, 'credentials.toml');
    const r = await run(
      'frost-client',
      '--key-package',
      kp,
      '--public-key-package',
      pkp,
      '--description',
      'Treasury',
      '--server-url',
      'localhost:2744',
      '--participant',
      `1=${contacts[0]}`,
      '--participant',
      `${'02' + '00'.repeat(31)}=${contacts[1]}`,
      '--participant',
      `3=${contacts[2]}`,
      '--out',
      out,
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const doc = parseToml(readFileSync(out, 'utf8')) as unknown as {
      group: Record<string, { key_package: string; public_key_package: string; participant: object }>;
      contact: object;
    };
    const g = doc.group[Buffer.from(d.publicKeyPackage.verifyingKey).toString('hex')]!;
    expect(keyPackageFromPostcard(hexBytes(g.key_package))).toEqual(d.keyPackages[1]);
    const p = publicKeyPackageFromPostcard(hexBytes(g.public_key_package));
    expect(publicKeyPackageToJson(p, 2)).toBe(publicKeyPackageToJson(d.publicKeyPackage, 2));
    expect(p.minSigners).toBeUndefined();
    expect(Object.keys(g.participant)).toHaveLength(3);
    expect(Object.keys(doc.contact).sort()).toEqual(['Alice', 'Carol']);
  });

  it('refuses a bad contact naming the participant, a non-ed25519 key, a half list', async () => {
    const bad = await run(
      'frost-client',
      '--key-package',
      kp,
      '--public-key-package',
      pkp,
      '--participant',
      `1=${contacts[0]!.slice(0, -1)}x`,
      '--out',
      join(dir, 'x.toml'),
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('contact of participant 1: not a valid contact string');
    const half = await run(
      'frost-client',
      '--key-package',
      kp,
      '--public-key-package',
      pkp,
      '--participant',
      `1=${contacts[0]}`,
      '--out',
      join(dir, 'y.toml'),
    );
    expect(half.code).toBe(1);
    expect(half.err).toContain("needs every participant's contact; missing for participant 2, 3");
    const tr = runDkg('secp256k1-tr', 2, 2);
    const t = await run(
      'frost-client',
      '--key-package',
      put('tkp.json', tr.keyPackageJson[0]!),
      '--public-key-package',
      put('tpkp.json', tr.publicKeyPackageJson),
      '--out',
      join(dir, 'z.toml'),
    );
    expect(t.code).toBe(1);
    expect(t.err).toContain('frost-client supports Ed25519 (and RedPallas) groups only; this key is secp256k1-tr');
  });
});
