/**
 * `simulate` in-process: every suite writes key packages that parse and sign, every fault is
 * blamed on the right participant and a later generation succeeds with renumbered identifiers,
 * too many faults end with the reason, backups open, argument mistakes exit 2.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decryptKeyPackageBackup, generateBackupIdentity } from '../ceremony/index';
import {
  verifyCertificate,
  parseKeyPackage,
  parsePublicKeyPackage,
  testSign,
  verifyGroupSignature,
  SUITE_NAMES,
  seededRng,
} from '../protocol/index';
import { simulateCommand, type SimulationSummary } from './simulate';
import { captureIo } from './testing/testFixtures';

const root = mkdtempSync(join(tmpdir(), 'frost-simulate-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (): string => join(root, `out-${++dirs}`);

async function simulate(...argv: string[]) {
  const c = captureIo();
  const code = await simulateCommand(argv, c.io, 10);
  return { code, out: c.stdout(), err: c.stderr() };
}

function readOutputs(dir: string, ids: number[]) {
  const keyPackages = ids.map((i) => parseKeyPackage(readFileSync(join(dir, `key-package-${i}.json`), 'utf8')));
  const publicKeyPackage = parsePublicKeyPackage(readFileSync(join(dir, 'public-key-package.json'), 'utf8'));
  const certificate = readFileSync(join(dir, 'certificate.json'), 'utf8');
  return { keyPackages, publicKeyPackage, certificate };
}

describe('simulate: every suite', () => {
  it.each(SUITE_NAMES)('%s 2-of-3: files parse, the certificate verifies, 2 of them sign', async (suite) => {
    const dir = freshDir();
    const r = await simulate(
      '--suite',
      suite,
      '--min-signers',
      '2',
      '--max-signers',
      '3',
      '--out',
      dir,
      '--seed',
      `cli-${suite}`,
      '--json',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as SimulationSummary;
    expect(s).toMatchObject({ ok: true, suite, minSigners: 2, maxSigners: 3, error: null });
    expect(s.identifiers).toEqual([1, 2, 3].map((i) => ({ name: `P${i}`, identifier: i })));
    expect(s.generations.map((g) => g.outcome)).toEqual(['success']);
    expect(readdirSync(dir).sort()).toEqual([
      'certificate.json',
      'key-package-1.json',
      'key-package-2.json',
      'key-package-3.json',
      'public-key-package.json',
    ]);
    expect(statSync(join(dir, 'key-package-1.json')).mode & 0o777).toBe(0o600);
    const { keyPackages, publicKeyPackage, certificate } = readOutputs(dir, [1, 2, 3]);
    expect(keyPackages.map((k) => k.identifier)).toEqual([1, 2, 3]);
    for (const k of keyPackages) expect(Buffer.from(k.verifyingKey).toString('hex')).toBe(s.groupKey);
    const check = verifyCertificate(certificate);
    expect(check.ok && check.summary.groupKey).toBe(s.groupKey);
    const message = new TextEncoder().encode(`simulated ${suite}`);
    const signature = testSign([keyPackages[2]!, keyPackages[0]!], publicKeyPackage, message, seededRng('sign'));
    expect(verifyGroupSignature(suite, publicKeyPackage.verifyingKey, message, signature)).toBe(true);
  });

  it('ed25519 4-of-10 (text summary), and a second run into the same directory needs --force', async () => {
    const dir = freshDir();
    const r = await simulate('--suite', 'ed25519', '--min-signers', '4', '--max-signers', '10', '--out', dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Simulated ceremony: ed25519 \(FROST-ED25519-SHA512-v1\), 4-of-10, P1 coordinating\n/);
    expect(r.out).toContain('  result:       success: 4-of-10\n');
    expect(r.out).toContain('  generations:  1\n');
    expect(r.out).toMatch(/ {2}group key: {4}[0-9a-f]{64}\n/);
    expect(r.out).toContain('never for real funds');
    const { keyPackages, publicKeyPackage } = readOutputs(dir, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const message = new Uint8Array([1, 2, 3]);
    const sig = testSign(keyPackages.slice(6), publicKeyPackage, message, seededRng('ten'));
    expect(verifyGroupSignature('ed25519', publicKeyPackage.verifyingKey, message, sig)).toBe(true);

    const before = readFileSync(join(dir, 'key-package-1.json'), 'utf8');
    const again = await simulate('--suite', 'ed25519', '--min-signers', '2', '--max-signers', '2', '--out', dir);
    expect(again.code).toBe(1);
    expect(again.err).toBe(
      `frost-ceremony simulate: ${join(dir, 'key-package-1.json')} already exists; not replacing it (use --force to replace)\n`,
    );
    expect(readFileSync(join(dir, 'key-package-1.json'), 'utf8')).toBe(before);
    const forced = await simulate(
      '--suite',
      'ed25519',
      '--min-signers',
      '2',
      '--max-signers',
      '2',
      '--out',
      dir,
      '--force',
    );
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, 'key-package-1.json'), 'utf8')).not.toBe(before);
  });
});

describe('simulate: faults', () => {
  const cases = [
    {
      fault: 'bad-share:3',
      culprit: 3,
      reason: 'bad-share',
      says: 'P3 (#3) sent a secret share that does not match their public commitment.',
    },
    {
      fault: 'bad-share:2:4',
      culprit: 2,
      reason: 'bad-share',
      says: 'P2 (#2) sent a secret share that does not match their public commitment.',
    },
    { fault: 'bad-proof:4', culprit: 4, reason: 'invalid-round1', says: 'P4 (#4) sent an invalid round-1 package' },
    {
      fault: 'equivocate:2',
      culprit: 2,
      reason: 'equivocation',
      says: 'P2 (#2) sent different round-1 messages to different participants.',
    },
    {
      fault: 'false-complaint:3:1',
      culprit: 3,
      reason: 'false-complaint',
      says: 'P3 (#3) complained about a share that turned out to be correct.',
    },
  ];
  it.each(cases)(
    '$fault → P$culprit blamed ($reason), the next generation succeeds without them',
    async ({ fault, culprit, reason, says }) => {
      const dir = freshDir();
      const r = await simulate(
        '--suite',
        'ristretto255',
        '--min-signers',
        '2',
        '--max-signers',
        '4',
        '--out',
        dir,
        '--fault',
        fault,
        '--seed',
        fault,
      );
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toContain(`  generation 0: failed: ${says}`);
      expect(r.out).toContain(
        `    blamed: P${culprit} (#${culprit}), reason ${reason}; the next generation runs without them\n`,
      );
      const rest = [1, 2, 3, 4].filter((i) => i !== culprit);
      expect(r.out).toContain(`  generation 1: success with ${rest.map((i) => `P${i}`).join(', ')}\n`);
      expect(r.out).toContain('  result:       success: 2-of-3 (started as 2-of-4)\n');
      expect(r.out).toContain(`  identifiers:  ${rest.map((i, k) => `P${i} → ${k + 1}`).join(', ')}\n`);
      expect(r.out).toContain(`  left out:     P${culprit} (no key package)\n`);
      expect(existsSync(join(dir, 'key-package-4.json'))).toBe(false);
      const { keyPackages, publicKeyPackage, certificate } = readOutputs(dir, [1, 2, 3]);
      const check = verifyCertificate(certificate);
      expect(check.ok && check.summary.participants.map((p) => p.name)).toEqual(rest.map((i) => `P${i}`));
      expect(check.ok && check.summary.generation).toBe(1);
      const message = new Uint8Array([7]);
      expect(
        verifyGroupSignature(
          'ristretto255',
          publicKeyPackage.verifyingKey,
          message,
          testSign(keyPackages.slice(1), publicKeyPackage, message, seededRng('s')),
        ),
      ).toBe(true);
    },
  );

  it('silent:2 → nobody blamed, P2 left out as unresponsive, JSON names it', async () => {
    const r = await simulate(
      '--suite',
      'ed25519',
      '--min-signers',
      '2',
      '--max-signers',
      '3',
      '--out',
      freshDir(),
      '--fault',
      'silent:2',
      '--json',
    );
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as SimulationSummary;
    expect(s.generations.map((g) => [g.outcome, g.reason, g.blamed, g.excluded])).toEqual([
      ['failed', 'excluded-by-coordinator', [], [{ name: 'P2', identifier: 2 }]],
      ['success', null, [], []],
    ]);
    expect(s.identifiers).toEqual([
      { name: 'P1', identifier: 1 },
      { name: 'P2', identifier: null },
      { name: 'P3', identifier: 2 },
    ]);
  });

  it('silent in the text summary', async () => {
    const r = await simulate(
      '--suite',
      'ed25519',
      '--min-signers',
      '2',
      '--max-signers',
      '3',
      '--out',
      freshDir(),
      '--fault',
      'silent:3',
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      '  generation 0: stalled: no answer from P3 (#3) (nobody is blamed without proof)\n    left out: P3 (#3); the next generation runs without them\n',
    );
  });

  it('a fault that never shows (its target left first) is noted, and its participant keeps a key package', async () => {
    const r = await simulate(
      '--suite',
      'ed25519',
      '--min-signers',
      '2',
      '--max-signers',
      '4',
      '--out',
      freshDir(),
      '--fault',
      'bad-share:3:4',
      '--fault',
      'silent:4',
      '--seed',
      'never',
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('  identifiers:  P1 → 1, P2 → 2, P3 → 3\n  left out:     P4 (no key package)\n');
    expect(r.out).toContain("  note:         P3's fault (bad-share) never showed; P3 is in the group\n");
  });

  it('two faults in turn, then fewer than t left → exit 1 with the reason, no files', async () => {
    const dir = freshDir();
    const r = await simulate(
      '--suite',
      'ed25519',
      '--min-signers',
      '3',
      '--max-signers',
      '4',
      '--out',
      dir,
      '--fault',
      'bad-share:2',
      '--fault',
      'silent:3',
      '--seed',
      'too-few',
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain('  generation 0: stalled: no answer from P3 (#3)');
    expect(r.out).toContain(
      '  generation 1: failed: P2 (#2) sent a secret share that does not match their public commitment.\n    blamed: P2 (#2), reason bad-share\n',
    );
    expect(r.out).toContain(
      '  result:       FAILED: cannot restart: only 2 participants would remain, at least 3 are needed (t = 3)',
    );
    expect(r.err).toMatch(
      /^frost-ceremony simulate: cannot restart: only 2 participants would remain, at least 3 are needed \(t = 3\) \(last failure: P2 \(#2\) sent a secret share/,
    );
    expect(existsSync(dir)).toBe(false);
  });
});

describe('simulate: backups', () => {
  it('--backup-recipient writes age files that open to the same key packages', async () => {
    const dir = freshDir();
    const a = await generateBackupIdentity();
    const b = await generateBackupIdentity();
    const r = await simulate(
      '--suite',
      'p256',
      '--min-signers',
      '2',
      '--max-signers',
      '2',
      '--out',
      dir,
      '--backup-recipient',
      a.recipient,
      '--backup-recipient',
      b.recipient,
    );
    expect(r.code).toBe(0);
    for (const i of [1, 2]) {
      const plain = readFileSync(join(dir, `key-package-${i}.json`), 'utf8').trimEnd();
      const backup = readFileSync(join(dir, `key-package-${i}.json.age`));
      expect(statSync(join(dir, `key-package-${i}.json.age`)).mode & 0o777).toBe(0o600);
      expect((await decryptKeyPackageBackup(backup, { identities: [b.identity] })).json).toBe(plain);
    }
    expect(r.out).toContain(`    ${join(dir, 'key-package-2.json.age')}\n`);
  });

  it('--backup-passphrase-file', async () => {
    const dir = freshDir();
    const pass = join(root, 'pass.txt');
    writeFileSync(pass, 'correct horse battery staple\n');
    const r = await simulate(
      '--suite',
      'ed25519',
      '--min-signers',
      '2',
      '--max-signers',
      '2',
      '--out',
      dir,
      '--backup-passphrase-file',
      pass,
    );
    expect(r.code).toBe(0);
    const opened = await decryptKeyPackageBackup(readFileSync(join(dir, 'key-package-1.json.age')), {
      passphrase: 'correct horse battery staple',
    });
    expect(opened.json).toBe(readFileSync(join(dir, 'key-package-1.json'), 'utf8').trimEnd());
  });

  it('a bad recipient fails before any file is written', async () => {
    const dir = freshDir();
    const r = await simulate(
      '--suite',
      'ed25519',
      '--min-signers',
      '2',
      '--max-signers',
      '2',
      '--out',
      dir,
      '--backup-recipient',
      'age1notarecipient',
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^frost-ceremony simulate: backup of participant 1: .*recipient/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('simulate: argument mistakes exit 2', () => {
  const base = [
    '--suite',
    'ed25519',
    '--min-signers',
    '2',
    '--max-signers',
    '3',
    '--out',
    '/nonexistent/never-written',
  ];
  const cases: [string[], string][] = [
    [['--suite', 'ed25518', '--min-signers', '2', '--max-signers', '3', '--out', 'x'], 'unknown --suite "ed25518"'],
    [
      ['--suite', 'ed25519', '--min-signers', '4', '--max-signers', '3', '--out', 'x'],
      '--min-signers must be between 1 and --max-signers 3 (got 4)',
    ],
    [
      ['--suite', 'ed25519', '--min-signers', '0', '--max-signers', '3', '--out', 'x'],
      '--min-signers must be between 1 and --max-signers 3 (got 0)',
    ],
    [
      ['--suite', 'ed25519', '--min-signers', '1', '--max-signers', '1', '--out', 'x'],
      '--max-signers must be between 2 and 100 (got 1)',
    ],
    [
      ['--suite', 'ed25519', '--min-signers', '2', '--max-signers', '101', '--out', 'x'],
      '--max-signers must be between 2 and 100 (got 101)',
    ],
    [
      ['--suite', 'ed25519', '--min-signers', 'two', '--max-signers', '3', '--out', 'x'],
      '--min-signers must be a whole number (got "two")',
    ],
    [['--suite', 'ed25519', '--min-signers', '2', '--max-signers', '3'], 'missing --out DIR'],
    [[...base, '--fault', 'evil:2'], '--fault "evil:2": expected KIND:PARTICIPANT[:TARGET]'],
    [[...base, '--fault', 'bad-share'], '--fault "bad-share": expected KIND:PARTICIPANT[:TARGET]'],
    [[...base, '--fault', 'bad-share:4'], '--fault bad-share:4: participant must be 1..3 (got "4")'],
    [[...base, '--fault', 'bad-share:1'], '--fault bad-share:1: participant 1 is the coordinator'],
    [[...base, '--fault', 'bad-share:2', '--fault', 'silent:2'], '--fault silent:2: participant 2 already has a fault'],
    [[...base, '--fault', 'bad-proof:2:3'], '--fault bad-proof:2:3: only bad-share and false-complaint take a TARGET'],
    [[...base, '--fault', 'bad-share:2:2'], '--fault bad-share:2:2: the target must be another participant'],
    [
      [...base, '--backup-recipient', 'age1x', '--backup-passphrase-file', 'p'],
      'give --backup-recipient or --backup-passphrase-file, not both',
    ],
    [[...base, 'extra'], 'unexpected argument "extra"'],
    [[...base, '--label', 'x'.repeat(201)], '--label is longer than 200 characters'],
    [[...base, '--shards', '3'], 'unknown option --shards'],
  ];
  it.each(cases)('%j → %s', async (argv, message) => {
    const r = await simulate(...argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(`frost-ceremony simulate: ${message}`);
    expect(r.err).toContain('usage: frost-ceremony simulate');
  });

  it('--help exits 0 and lists the fault kinds', async () => {
    const r = await simulate('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('bad-share, bad-proof, equivocate, false-complaint, silent');
  });
});
