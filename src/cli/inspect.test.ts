import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { certificateOf, runSimulation, verifyCertificate, SUITE_NAMES, getSuite } from '../protocol/index';
import { inspectCommand } from './inspect';
import { captureIo, runDkg } from './testing/testFixtures';
import { consistentSample } from '../protocol/frostJson/testing/testSamples';

const dir = mkdtempSync(join(tmpdir(), 'frost-inspect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(content: string): string {
  const p = join(dir, `f${n++}.json`);
  writeFileSync(p, content);
  return p;
}
async function inspect(...argv: string[]) {
  const c = captureIo();
  const code = await inspectCommand(argv, c.io);
  return { code, out: c.stdout(), err: c.stderr() };
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('inspect: every kind of package of every suite', () => {
  for (const suite of SUITE_NAMES) {
    it(`${suite}: summarises and prints back canonical JSON`, async () => {
      const d = runDkg(suite, 2, 3);
      const id = getSuite(suite).ciphersuiteId;
      const kp = d.keyPackages[1]!;

      const k = await inspect(file(d.keyPackageJson[1]!));
      expect(k.code).toBe(0);
      expect(k.err).toBe('');
      expect(k.out).toContain("Key package: one participant's SECRET signing share");
      expect(k.out).toContain(`${suite} (${id})`);
      expect(k.out).toMatch(/participant:\s+2\n/);
      expect(k.out).toContain(hex(kp.verifyingKey));
      expect(k.out).toContain('2 needed to sign');
      if (suite === 'secp256k1-tr')
        expect(k.out).toContain(`x-only key:      ${hex(kp.verifyingKey.subarray(1))} (BIP-340)`);
      else expect(k.out).not.toContain('x-only');
      expect(k.out).not.toContain(hex(kp.signingShare)); // the secret is never echoed

      const p = await inspect(file(d.publicKeyPackageJson));
      expect(p.code).toBe(0);
      expect(p.out).toContain('Public key package');
      expect(p.out).toContain('2 of 3 needed to sign');
      expect(p.out).toMatch(/participants:\s+1, 2, 3\n/);
      expect(p.out).toContain(hex(d.publicKeyPackage.verifyingKey));

      const r1 = await inspect(file(d.round1Json));
      expect(r1.code).toBe(0);
      expect(r1.out).toContain('DKG round-1 package');
      expect(r1.out).toContain('needs 2 signers');

      const r2 = await inspect(file(d.round2Json));
      expect(r2.code).toBe(0);
      expect(r2.out).toContain('DKG round-2 package: a SECRET share');
      expect(r2.out).not.toContain(JSON.parse(d.round2Json).signing_share);

      for (const json of [d.keyPackageJson[1]!, d.publicKeyPackageJson, d.round1Json, d.round2Json]) {
        const j = await inspect(file(json), '--json');
        expect(j.code).toBe(0);
        expect(j.out).toBe(`${json}\n`);
      }
    });
  }

  it('a frost-core 2.x public key package (no min_signers) reads, and says the threshold is not recorded', async () => {
    const d = runDkg('ed25519', 2, 3);
    const { min_signers: _dropped, ...old } = JSON.parse(d.publicKeyPackageJson);
    const r = await inspect(file(JSON.stringify(old)));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('threshold:       not recorded in this file (a frost-core 2.x file); 3 participants');
    expect((await inspect(file(JSON.stringify(old)), '--json')).out).toBe(`${JSON.stringify(old)}\n`);
  });

  it('--json turns a pretty-printed file into the compact canonical form', async () => {
    const d = runDkg('ristretto255', 1, 2);
    const pretty = JSON.stringify(JSON.parse(d.publicKeyPackageJson), null, 2);
    const j = await inspect('--json', file(pretty));
    expect(j.out).toBe(`${d.publicKeyPackageJson}\n`);
    const s = await inspect(file(pretty));
    expect(s.out).toContain('1 of 2 needed to sign');
  });
});

describe('inspect: strict validation names the field and exits 1', () => {
  const d = runDkg('secp256k1', 2, 3);
  const kp = JSON.parse(d.keyPackageJson[0]!);
  const pkp = JSON.parse(d.publicKeyPackageJson);
  const cases: [string, unknown, string][] = [
    ['an unknown field', { ...kp, extra: 1 }, 'extra: unknown field'],
    ['a missing field', { ...kp, verifying_key: undefined }, 'verifying_key: missing field'],
    [
      'a wrong header version',
      { ...kp, header: { ...kp.header, version: 1 } },
      'header.version: only format version 0 is supported',
    ],
    [
      'an unknown ciphersuite',
      { ...kp, header: { version: 0, ciphersuite: 'FROST-secp256k1-SHA256-v9' } },
      'header.ciphersuite: unknown ciphersuite',
    ],
    [
      'a wrong hex length',
      { ...kp, verifying_key: kp.verifying_key.slice(2) },
      'verifying_key: expected 33 bytes, got 32',
    ],
    [
      'an invalid point',
      { ...kp, verifying_share: '05' + kp.verifying_share.slice(2) },
      'verifying_share: not a valid group element',
    ],
    ['an invalid scalar', { ...kp, signing_share: 'ff'.repeat(32) }, 'signing_share: scalar not below the group order'],
    ['a zero identifier', { ...kp, identifier: '00'.repeat(32) }, 'identifier: identifier must not be zero'],
    [
      'uppercase hex',
      { ...kp, signing_share: kp.signing_share.toUpperCase() },
      'signing_share: expected lowercase hex',
    ],
    ['a min_signers of 0', { ...pkp, min_signers: 0 }, 'min_signers: expected an integer in 1..65535'],
    ['an unknown document', { hello: 'world' }, 'not a frost-rs key package, public key package or DKG round package'],
  ];
  for (const [what, doc, message] of cases) {
    it(`rejects ${what}`, async () => {
      const path = file(JSON.stringify(doc));
      const r = await inspect(path);
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      expect(r.err).toContain(`frost-ceremony inspect: ${path}: ${message}`);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    });
  }

  it('rejects a file that is not JSON, not UTF-8, or missing', async () => {
    const notJson = file('{"header":');
    expect((await inspect(notJson)).err).toMatch(new RegExp(`inspect: ${notJson}: not valid JSON \\(`));
    const binary = join(dir, 'bin');
    writeFileSync(binary, Uint8Array.of(0xff, 0xfe, 0x00));
    const b = await inspect(binary);
    expect(b.code).toBe(1);
    expect(b.err).toBe(`frost-ceremony inspect: file ${binary} is not UTF-8 text\n`);
    const m = await inspect(join(dir, 'nope.json'));
    expect(m.code).toBe(1);
    expect(m.err).toBe(`frost-ceremony inspect: cannot read file ${join(dir, 'nope.json')}: no such file\n`);
  });

  it('usage mistakes exit 2; --help exits 0', async () => {
    const none = await inspect();
    expect(none.code).toBe(2);
    expect(none.err).toContain('frost-ceremony inspect: missing FILE\nusage: frost-ceremony inspect FILE [--json]');
    const two = await inspect('a', 'b');
    expect(two.code).toBe(2);
    expect(two.err).toContain('unexpected argument "b"');
    expect((await inspect('a', '--pretty')).err).toContain('unknown option --pretty');
    const help = await inspect('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('--json');
  });
});

describe('inspect: certificates', () => {
  it('verifies a success certificate and summarises it; --json gives the verified summary', async () => {
    const sim = await runSimulation({ suite: 'p256', minSigners: 2, maxSigners: 3, seed: 'inspect-certificate' });
    const cert = certificateOf(sim.participants[0]!.state);
    expect(cert).not.toBeNull();
    const path = file(cert!);
    const check = verifyCertificate(cert!);
    if (!check.ok) throw new Error(check.reason);
    const r = await inspect(path);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Success certificate: all 3 participants confirmed the same group key.');
    expect(r.out).toContain('p256 (FROST-P256-SHA256-v1)');
    expect(r.out).toContain(`group key:         ${check.summary.groupKey}`);
    expect(r.out).toContain('2 of 3 needed to sign');
    expect(r.out).toContain(`verification code: ${check.summary.verificationCode}`);
    expect(r.out).toMatch(/participant 2:\s+"P2" \(fingerprint /);
    const j = await inspect(path, '--json');
    expect(JSON.parse(j.out)).toEqual({ kind: 'certificate', valid: true, ...check.summary });

    // One confirmation swapped for another: signed by the wrong participant.
    const doc = JSON.parse(cert!);
    doc.confirmations = [doc.confirmations[1], doc.confirmations[0], doc.confirmations[2]];
    const swapped = file(JSON.stringify(doc));
    const bad = await inspect(swapped);
    expect(bad.code).toBe(1);
    expect(bad.err).toBe(
      `frost-ceremony inspect: ${swapped}: the certificate does not verify: confirmation #1 is signed by participant #2\n`,
    );
  });

  it('reports a certificate-shaped file that is not a valid certificate', async () => {
    const path = file(JSON.stringify({ format: 'frost-ceremony/certificate/v1', roster: 'x' }));
    const r = await inspect(path);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      new RegExp(`^frost-ceremony inspect: ${path}: the certificate does not verify: not a certificate: `),
    );
  });
});

describe('inspect: the frost-rs serde samples (every crate)', () => {
  type Case = { suite: string; kind: string; valid: boolean; label: string; json: string };
  const samples = JSON.parse(
    readFileSync(join(__dirname, '../protocol/frostJson/testdata/frost-rs-serde-samples.json'), 'utf8'),
  ) as { cases: Case[] };

  it('accepts the valid ones and prints them back unchanged; rejects the invalid ones in one line', async () => {
    expect(samples.cases.length).toBeGreaterThan(100);
    for (const c of samples.cases) {
      // Valid KeyPackage samples hold unrelated random shares, refused as damaged (share-mismatch,
      // tested below): the consistent version of each is checked here.
      const json = c.valid ? consistentSample(c.json) : c.json;
      const path = file(json);
      const r = await inspect(path, '--json');
      const what = `${c.suite} ${c.kind} "${c.label}"`;
      if (c.valid) {
        // Including frost-core 2.x public key packages, which have no min_signers.
        expect(r.code, what).toBe(0);
        expect(JSON.parse(r.out), what).toEqual(JSON.parse(json));
      } else {
        expect(r.code, what).toBe(1);
        expect(r.err.startsWith(`frost-ceremony inspect: ${path}: `), what).toBe(true);
        expect(r.err.trim().split('\n'), what).toHaveLength(1);
      }
    }
  });
});
