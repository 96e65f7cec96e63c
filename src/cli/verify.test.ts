/**
 * `verify`: accepts the certificate `simulate` writes, rejects every tampered copy with the
 * reason, honours the pins (coordinator, group key, public key package), exits 2 on misuse.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateCommand } from './simulate';
import { captureIo } from './testing/testFixtures';
import { verifyCommand } from './verify';

const dir = mkdtempSync(join(tmpdir(), 'frost-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const certPath = join(dir, 'good', 'certificate.json');
let cert: Record<string, unknown> & {
  confirmations: string[];
  starts: string[];
  publicKeyPackage: { verifying_key: string };
};
let summary: { groupKey: string; coordinator: { identity: string } };

beforeAll(async () => {
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
      join(dir, 'good'),
      '--seed',
      'verify-tests',
    ],
    c.io,
  );
  expect(code, c.stderr()).toBe(0);
  cert = JSON.parse(readFileSync(certPath, 'utf8')) as typeof cert;
});

async function verify(...argv: string[]) {
  const c = captureIo();
  const code = await verifyCommand(argv, c.io);
  return { code, out: c.stdout(), err: c.stderr() };
}

let copies = 0;
function writeCopy(value: unknown): string {
  const p = join(dir, `tampered-${++copies}.json`);
  writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value, null, 1));
  return p;
}

/** Flips one hex digit of the envelope's signature. */
function flipSignature(envelopeText: string): string {
  const env = JSON.parse(envelopeText) as { sig: string };
  const first = env.sig[0] === '0' ? '1' : '0';
  return JSON.stringify({ ...env, sig: first + env.sig.slice(1) });
}

describe('verify', () => {
  it('accepts the certificate simulate wrote, with a summary', async () => {
    const r = await verify(certPath, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    summary = JSON.parse(r.out) as typeof summary;
    expect(summary).toMatchObject({
      kind: 'certificate',
      valid: true,
      suite: 'ed25519',
      minSigners: 2,
      maxSigners: 3,
      generation: 0,
      label: 'simulation',
    });
    expect(summary.groupKey).toBe(cert.publicKeyPackage.verifying_key);
    const text = await verify(certPath);
    expect(text.code).toBe(0);
    expect(text.out).toContain('Success certificate: all 3 participants confirmed the same group key.');
    expect(text.out).toContain(`  group key:         ${summary.groupKey}\n`);
    expect(text.out).toContain('    participant 3:   "P3"');
  });

  it('accepts matching pins: coordinator, group key (any case), public key package', async () => {
    const r = await verify(
      certPath,
      '--coordinator',
      summary.coordinator.identity,
      '--group-key',
      summary.groupKey.toUpperCase(),
      '--public-key-package',
      join(dir, 'good', 'public-key-package.json'),
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  const tampered: [string, () => unknown, RegExp][] = [
    [
      'a changed byte in a confirmation signature',
      () => ({
        ...cert,
        confirmations: [cert.confirmations[0], flipSignature(cert.confirmations[1]!), cert.confirmations[2]],
      }),
      /confirmation #2: .*signature/i,
    ],
    [
      'a changed byte in a start signature',
      () => ({ ...cert, starts: [flipSignature(cert.starts[0]!), ...cert.starts.slice(1)] }),
      /start #1: .*signature/i,
    ],
    [
      'a changed group key',
      () => {
        const k = cert.publicKeyPackage.verifying_key;
        const other = JSON.parse(readFileSync(join(dir, 'good', 'key-package-2.json'), 'utf8')) as {
          verifying_share: string;
        };
        return {
          ...cert,
          publicKeyPackage: {
            ...cert.publicKeyPackage,
            verifying_key: k === other.verifying_share ? k : other.verifying_share,
          },
        };
      },
      /publicKeyPackage does not match the commitments in the transcript/,
    ],
    [
      'a removed confirmation',
      () => ({ ...cert, confirmations: cert.confirmations.slice(0, 2) }),
      /confirmation: expected 3 messages, found 2/,
    ],
    [
      'confirmations swapped between participants',
      () => ({ ...cert, confirmations: [cert.confirmations[1], cert.confirmations[0], cert.confirmations[2]] }),
      /confirmation #1 is signed by participant #2/,
    ],
    ['an extra field', () => ({ ...cert, note: 'trust me' }), /not a certificate/],
    ['not JSON', () => '{"format": ', /not JSON/],
  ];
  it.each(tampered)('rejects %s, with the reason', async (_what, make, reason) => {
    const p = writeCopy(make());
    const r = await verify(p);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(
      new RegExp(
        `^frost-ceremony verify: ${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the certificate does not verify: `,
      ),
    );
    expect(r.err).toMatch(reason);
  });

  it('rejects a pinned coordinator, group key or public key package that differs', async () => {
    const other = '11'.repeat(32);
    const c = await verify(certPath, '--coordinator', other);
    expect(c.code).toBe(1);
    expect(c.err).toMatch(/the certificate does not verify: roster: /);
    const g = await verify(certPath, '--group-key', other);
    expect(g.code).toBe(1);
    expect(g.err).toBe(
      `frost-ceremony verify: ${certPath} certifies group key ${summary.groupKey}, not the expected ${other}\n`,
    );
    // Same group key, one verifying share changed: the package is not the certified one.
    const pkp = JSON.parse(readFileSync(join(dir, 'good', 'public-key-package.json'), 'utf8')) as {
      verifying_shares: Record<string, string>;
    };
    const ids = Object.keys(pkp.verifying_shares);
    const swapped = {
      ...pkp,
      verifying_shares: {
        [ids[0]!]: pkp.verifying_shares[ids[1]!],
        [ids[1]!]: pkp.verifying_shares[ids[0]!],
        [ids[2]!]: pkp.verifying_shares[ids[2]!],
      },
    };
    const p = writeCopy(swapped);
    const k = await verify(certPath, '--public-key-package', p);
    expect(k.code).toBe(1);
    expect(k.err).toContain(`${p} differs from the public key package certified by ${certPath}`);
  });

  it('a missing file is exit 1 naming it', async () => {
    const r = await verify(join(dir, 'nope.json'));
    expect(r.code).toBe(1);
    expect(r.err).toBe(`frost-ceremony verify: cannot read certificate ${join(dir, 'nope.json')}: no such file\n`);
  });

  it.each([
    [[], 'missing CERTIFICATE'],
    [['a', '--coordinator', 'xyz'], '--coordinator must be 32 bytes of hex'],
    [['a', '--group-key', 'abc'], '--group-key must be hex'],
    [['a', '--strict'], 'unknown option --strict'],
  ])('%j → exit 2: %s', async (argv, message) => {
    const r = await verify(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`frost-ceremony verify: ${message}`);
  });

  it('more than 999 lifecycle certificates after the certificate → exit 2', async () => {
    const r = await verify('a', ...Array.from({ length: 1000 }, () => 'b'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('frost-ceremony verify: unexpected argument "b"');
  });
});
