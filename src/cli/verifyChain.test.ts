/**
 * `verify CERTIFICATE LIFECYCLE-CERTIFICATE…`: a DKG certificate written by `simulate`, then a
 * refresh link made with the real lifecycle code from its key packages, verified as a chain;
 * a tampered or out-of-place link is refused with the file named.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  parseKeyPackage,
  parsePublicKeyPackage,
  publicKeyPackageToJson,
  createNobleIdentityCrypto,
  generateIdentity,
  toHex,
  getSuite,
  assembleLifecycleCertificate,
  confirmationMessage,
  confirmers,
  makeLifecycleCertificateBody,
  proveHolding,
  refreshRound1,
  refreshRound2Shares,
  refreshShares,
} from '../protocol/index.js';
import { seededRng } from '../protocol/dkg/testing/testHelpers.js';
import { simulateCommand } from './simulate';
import { captureIo } from './testing/testFixtures';
import { verifyCommand } from './verify';

const dir = mkdtempSync(join(tmpdir(), 'frost-verify-chain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const certPath = join(dir, 'dkg', 'certificate.json');
const linkPath = join(dir, 'refresh-certificate.json');
const newPkpPath = join(dir, 'refreshed-public-key-package.json');

beforeAll(async () => {
  const c = captureIo();
  const code = await simulateCommand(
    [
      '--suite',
      'p256',
      '--min-signers',
      '2',
      '--max-signers',
      '3',
      '--out',
      join(dir, 'dkg'),
      '--seed',
      'verify-chain',
    ],
    c.io,
  );
  expect(code, c.stderr()).toBe(0);
  const certText = readFileSync(certPath, 'utf8');
  const pkp = parsePublicKeyPackage(readFileSync(join(dir, 'dkg', 'public-key-package.json'), 'utf8'));
  const kps = [1, 2, 3].map((i) => parseKeyPackage(readFileSync(join(dir, 'dkg', `key-package-${i}.json`), 'utf8')));
  const rng = seededRng('verify-chain-refresh');
  const suite = getSuite('p256');
  const r1 = [1, 2, 3].map((i) => refreshRound1(suite, i, [1, 2, 3], 2, rng));
  const out = [1, 2, 3].map((i) => {
    const others = [1, 2, 3].filter((l) => l !== i);
    return refreshShares({
      secret: r1[i - 1]!.secret,
      packages: new Map(others.map((l) => [l, r1[l - 1]!.package])),
      shares: new Map(others.map((l) => [l, refreshRound2Shares(r1[l - 1]!.secret).get(i)!])),
      oldKeyPackage: kps[i - 1]!,
      oldPublicKeyPackage: pkp,
    });
  });
  const ids = [1, 2, 3].map(() => generateIdentity(rng));
  const sessionId = new Uint8Array(32).fill(9);
  const body = makeLifecycleCertificateBody({
    kind: 'refresh',
    sessionId,
    previousPublicKeyPackage: pkp,
    previousCertificateText: certText,
    oldHolders: kps.map((kp, k) => ({
      identifier: kp.identifier,
      identity: ids[k]!.publicKey,
      proofOfHolding: proveHolding(kp, pkp, { sessionId, purpose: 'refresh' }, rng).signature,
    })),
    newHolders: kps.map((kp, k) => ({ identifier: kp.identifier, identity: ids[k]!.publicKey })),
    publicKeyPackage: out[0]!.publicKeyPackage,
  });
  const crypto = createNobleIdentityCrypto();
  const byId = new Map(ids.map((k) => [toHex(k.publicKey), k]));
  const msg = confirmationMessage(body);
  writeFileSync(
    linkPath,
    assembleLifecycleCertificate(
      body,
      confirmers(body).map((identity) => ({
        identity,
        signature: toHex(crypto.sign(msg, byId.get(identity)!.secretKey)),
      })),
    ),
  );
  writeFileSync(newPkpPath, publicKeyPackageToJson(out[0]!.publicKeyPackage));
});

async function verify(...argv: string[]) {
  const c = captureIo();
  const code = await verifyCommand(argv, c.io);
  return { code, out: c.stdout(), err: c.stderr() };
}

describe('verify a lifecycle chain', () => {
  it('accepts DKG certificate → refresh link, and pins the current public key package', async () => {
    const r = await verify(certPath, linkPath, '--public-key-package', newPkpPath);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Lifecycle chain: 1 certificate(s) verified (refresh); same group key.');
    const j = JSON.parse((await verify(certPath, linkPath, '--json')).out) as {
      chain: { kinds: string[]; minSigners: number; maxSigners: number };
    };
    expect(j.chain).toMatchObject({ kinds: ['refresh'], minSigners: 2, maxSigners: 3 });
  });

  it('refuses the old package as the current one, a tampered link, and a link after the wrong certificate', async () => {
    const old = await verify(certPath, linkPath, '--public-key-package', join(dir, 'dkg', 'public-key-package.json'));
    expect(old.code).toBe(1);
    expect(old.err).toContain('is not the current public key package');
    const link = JSON.parse(readFileSync(linkPath, 'utf8')) as { sessionId: string };
    link.sessionId = '00'.repeat(32);
    const bad = join(dir, 'tampered.json');
    writeFileSync(bad, JSON.stringify(link));
    const t = await verify(certPath, bad);
    expect(t.code).toBe(1);
    expect(t.err).toContain(`${bad}: the lifecycle chain does not verify`);
    const twice = await verify(certPath, linkPath, linkPath);
    expect(twice.code).toBe(1);
    expect(twice.err).toContain('names another previous');
  });
});
