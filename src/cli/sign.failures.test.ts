// The last lines of defence in `sign`, which valid key packages never reach: a failing signature
// share and a signature that does not verify. The protocol's signing is replaced to force them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { signCommand } from './sign';
import { captureIo, runDkg } from './testing/testFixtures';

const mode = vi.hoisted(() => ({ current: 'throw' as 'throw' | 'bad-signature' }));
// The mock replaces the module that defines testSign (the entry re-exports it); typed through the entry.
vi.mock('../protocol/signing.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../protocol/index.js')>();
  return {
    ...real,
    testSign: (...args: Parameters<typeof real.testSign>) => {
      if (mode.current === 'throw')
        throw new real.SigningError('bad-signature-share', 'aggregation failed: invalid share', [2]);
      const sig = real.testSign(...args);
      sig[sig.length - 1] = (sig[sig.length - 1] as number) ^ 1;
      return sig;
    },
  };
});

const dir = mkdtempSync(join(tmpdir(), 'frost-sign-fail-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const d = runDkg('ed25519', 2, 2);
const files = [...d.keyPackageJson, d.publicKeyPackageJson].map((json, i) => {
  const p = join(dir, `${i}.json`);
  writeFileSync(p, json);
  return p;
});

async function sign() {
  const c = captureIo();
  const code = await signCommand(['--message', '00', files[0]!, files[1]!, '--public-key-package', files[2]!], c.io);
  return { code, out: c.stdout(), err: c.stderr() };
}

describe('sign: failures after the checks', () => {
  it('names the participant whose signature share failed', async () => {
    mode.current = 'throw';
    const r = await sign();
    expect([r.code, r.out, r.err]).toEqual([
      1,
      '',
      'frost-ceremony sign: signing failed: aggregation failed: invalid share (participant 2)\n',
    ]);
  });

  it('refuses to print a signature that does not verify', async () => {
    mode.current = 'bad-signature';
    const r = await sign();
    expect([r.code, r.out]).toEqual([1, '']);
    expect(r.err).toBe(
      'frost-ceremony sign: the signature did not verify with the group key; do not rely on these key packages\n',
    );
  });
});
