// Through the real binary (`node bin/frost-ceremony.mjs`), where no test build defines
// __TEST_FAULTS__: simulate must switch faults on for its own run, blame the culprit, and
// write a certificate that `verify` accepts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = resolve(__dirname, '../../bin/frost-ceremony.mjs');
const dir = mkdtempSync(join(tmpdir(), 'frost-simulate-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('frost-ceremony simulate / verify (real process)', () => {
  it('a bad share is blamed, the restart succeeds, verify accepts the certificate', () => {
    const out = join(dir, 'out');
    const s = cli(
      'simulate',
      '--suite',
      'secp256k1-tr',
      '--min-signers',
      '2',
      '--max-signers',
      '3',
      '--out',
      out,
      '--fault',
      'bad-share:2',
    );
    expect(s.err).toBe('');
    expect(s.code).toBe(0);
    expect(s.out).toContain(
      '  generation 0: failed: P2 (#2) sent a secret share that does not match their public commitment.\n',
    );
    expect(s.out).toContain('  identifiers:  P1 → 1, P3 → 2\n');
    const v = cli('verify', join(out, 'certificate.json'));
    expect(v.err).toBe('');
    expect(v.code).toBe(0);
    expect(v.out).toContain('threshold:         2 of 2 needed to sign');
    const bad = cli('verify', join(out, 'public-key-package.json'));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(
      /^frost-ceremony verify: .*public-key-package\.json: the certificate does not verify: not a certificate/,
    );
  });
});
