// End to end through the real binary (`node bin/frost-ceremony.mjs`): sign-local on a PSBT with a
// faulty signer, then verify-signing on the record it wrote.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { twoInputPsbt } from '../protocol/signing/testing/fixtures.js';
import { runDkg } from './testing/testFixtures';

const BIN = resolve(__dirname, '../../bin/frost-ceremony.mjs');
const dir = mkdtempSync(join(tmpdir(), 'frost-sign-local-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('frost-ceremony sign-local and verify-signing (real process)', () => {
  it('signs a PSBT with one faulty signer replaced; the record verifies; a changed record does not', () => {
    const d = runDkg('secp256k1-tr', 2, 3);
    const pkp = join(dir, 'public-key-package.json');
    writeFileSync(pkp, d.publicKeyPackageJson);
    const kps = d.keyPackageJson.map((j, i) => {
      const p = join(dir, `key-package-${i + 1}.json`);
      writeFileSync(p, j);
      return p;
    });
    const psbt = join(dir, 'spend.psbt');
    writeFileSync(psbt, twoInputPsbt(d.publicKeyPackage));
    const out = join(dir, 'signed');
    const s = cli(
      'sign-local',
      '--psbt',
      psbt,
      '--network',
      'testnet',
      '--public-key-package',
      pkp,
      ...kps,
      '--faulty',
      '2',
      '--out',
      out,
    );
    expect(s.code).toBe(0);
    expect(s.err).toMatch(/Participant 2 sent an invalid signature share/);
    expect(JSON.parse(s.out).signers).toEqual([1, 3]);

    const v = cli('verify-signing', join(out, 'signing-record.json'), '--public-key-package', pkp, '--allow-unsigned');
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/^OK: .*blamed with evidence: 2/);

    const record = JSON.parse(readFileSync(join(out, 'signing-record.json'), 'utf8'));
    record.record.signers = [2, 3];
    const changed = join(dir, 'changed.json');
    writeFileSync(changed, JSON.stringify(record));
    const bad = cli('verify-signing', changed, '--public-key-package', pkp, '--allow-unsigned');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/does not hold/);
  });
});
