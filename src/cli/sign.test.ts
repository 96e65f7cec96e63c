import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyGroupSignature, SUITE_NAMES, getSuite } from '../protocol/index';
import { parseHexMessage, signCommand } from './sign';
import { captureIo, runDkg } from './testing/testFixtures';

const dir = mkdtempSync(join(tmpdir(), 'frost-sign-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function put(content: string): string {
  const p = join(dir, `f${n++}.json`);
  writeFileSync(p, content);
  return p;
}
async function sign(...argv: string[]) {
  const c = captureIo();
  const code = await signCommand(argv, c.io);
  return { code, out: c.stdout(), err: c.stderr() };
}
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const MSG = Buffer.from('pay 1 BTC to Alice').toString('hex');

describe('sign: t key packages make a signature that verifies', () => {
  for (const suite of SUITE_NAMES) {
    it(`${suite}: 2 of 3`, async () => {
      const d = runDkg(suite, 2, 3);
      const pkp = put(d.publicKeyPackageJson);
      const r = await sign(
        '--message',
        MSG,
        put(d.keyPackageJson[2]!),
        put(d.keyPackageJson[0]!),
        '--public-key-package',
        pkp,
      );
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.out);
      expect(Object.keys(out)).toEqual(['suite', 'ciphersuite', 'message', 'signature', 'verifying_key', 'verified']);
      expect(out).toMatchObject({
        suite,
        ciphersuite: getSuite(suite).ciphersuiteId,
        message: MSG,
        verifying_key: hex(d.publicKeyPackage.verifyingKey),
        verified: true,
      });
      const sig = Buffer.from(out.signature, 'hex');
      expect(sig.length).toBe(getSuite(suite).signatureBytes);
      expect(verifyGroupSignature(suite, d.publicKeyPackage.verifyingKey, Buffer.from(MSG, 'hex'), sig)).toBe(true);
      expect(verifyGroupSignature(suite, d.publicKeyPackage.verifyingKey, Buffer.from('other'), sig)).toBe(false);
    });
  }

  it('ed25519 signatures verify with node:crypto (an independent implementation)', async () => {
    const d = runDkg('ed25519', 3, 5);
    const r = await sign(
      '--public-key-package',
      put(d.publicKeyPackageJson),
      '--message',
      MSG,
      ...[1, 3, 4].map((i) => put(d.keyPackageJson[i]!)),
    );
    expect(r.code).toBe(0);
    const { signature } = JSON.parse(r.out);
    const spki = Buffer.concat([
      Buffer.from('302a300506032b6570032100', 'hex'),
      Buffer.from(d.publicKeyPackage.verifyingKey),
    ]);
    const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    expect(verify(null, Buffer.from(MSG, 'hex'), key, Buffer.from(signature, 'hex'))).toBe(true);
  });

  it('more than t signers, the empty message and uppercase hex are fine', async () => {
    const d = runDkg('ristretto255', 2, 3);
    const kps = d.keyPackageJson.map(put);
    const all = await sign('--message', 'ABCDEF', ...kps, '--public-key-package', put(d.publicKeyPackageJson));
    expect(all.code).toBe(0);
    expect(JSON.parse(all.out).message).toBe('abcdef');
    const empty = await sign('--message=', kps[0]!, kps[1]!, '--public-key-package', put(d.publicKeyPackageJson));
    expect(empty.code).toBe(0);
    expect(JSON.parse(empty.out).message).toBe('');
  });

  it('a 1-of-n key signs with two participants (FROST needs two), not with one', async () => {
    const d = runDkg('secp256k1', 1, 3);
    const pkp = put(d.publicKeyPackageJson);
    const one = await sign('--message', MSG, put(d.keyPackageJson[0]!), '--public-key-package', pkp);
    expect(one.code).toBe(1);
    expect(one.err).toBe(
      'frost-ceremony sign: FROST signing needs at least 2 key packages (even for a 1-of-3 key), only 1 given\n',
    );
    const two = await sign(
      '--message',
      MSG,
      put(d.keyPackageJson[0]!),
      put(d.keyPackageJson[2]!),
      '--public-key-package',
      pkp,
    );
    expect(two.code).toBe(0);
  });
});

describe('sign: every reason the key packages cannot sign together is named', () => {
  const d = runDkg('secp256k1', 3, 4);
  const other = runDkg('secp256k1', 3, 4);
  const otherSuite = runDkg('p256', 3, 4);
  const pkp = put(d.publicKeyPackageJson);
  const kp = d.keyPackageJson.map(put);
  const edit = (json: string, patch: Record<string, unknown>) => put(JSON.stringify({ ...JSON.parse(json), ...patch }));

  async function fails(args: string[], message: string, code = 1) {
    const r = await sign('--message', MSG, ...args);
    expect(r.code, r.err).toBe(code);
    expect(r.out).toBe('');
    expect(r.err).toContain(`frost-ceremony sign: ${message}`);
  }

  it('too few signers', async () => {
    await fails(
      [kp[0]!, kp[1]!, '--public-key-package', pkp],
      '3 key packages are needed to sign (min_signers), only 2 given (participants 1, 2)',
    );
  });
  it('the same participant twice', async () => {
    const copy = put(d.keyPackageJson[1]!);
    await fails([kp[0]!, kp[1]!, copy, '--public-key-package', pkp], `${kp[1]} and ${copy} are both participant 2`);
  });
  it('a key package of another group', async () => {
    const stranger = put(other.keyPackageJson[2]!);
    await fails([kp[0]!, kp[1]!, stranger, '--public-key-package', pkp], `${stranger} belongs to another group`);
  });
  it('a key package of another suite', async () => {
    const stranger = put(otherSuite.keyPackageJson[2]!);
    await fails(
      [kp[0]!, stranger, kp[1]!, '--public-key-package', pkp],
      `${stranger} is a p256 key package, but ${pkp} is for secp256k1`,
    );
  });
  it('a different threshold', async () => {
    const changed = edit(d.keyPackageJson[2]!, { min_signers: 2 });
    await fails(
      [kp[0]!, kp[1]!, changed, '--public-key-package', pkp],
      `${changed} says 2 signers are needed, ${pkp} says 3`,
    );
  });
  it('a participant missing from the public key package', async () => {
    const pkpObj = JSON.parse(d.publicKeyPackageJson);
    const [firstId] = Object.keys(pkpObj.verifying_shares);
    delete pkpObj.verifying_shares[firstId!];
    const smaller = put(JSON.stringify(pkpObj));
    await fails(
      [kp[0]!, kp[1]!, kp[2]!, '--public-key-package', smaller],
      `${kp[0]}: participant 1 is not in ${smaller}`,
    );
  });
  it('a verifying share that differs from the public key package', async () => {
    // Participant 4's share pair under participant 3's identifier: consistent, but not 3's.
    const other = JSON.parse(d.keyPackageJson[3]!);
    const swapped = edit(d.keyPackageJson[2]!, {
      signing_share: other.signing_share,
      verifying_share: other.verifying_share,
    });
    await fails(
      [kp[0]!, kp[1]!, swapped, '--public-key-package', pkp],
      `${swapped}: the verifying share of participant 3 differs from the one in ${pkp}`,
    );
  });
  it('a damaged signing share', async () => {
    const damaged = edit(d.keyPackageJson[2]!, { signing_share: JSON.parse(d.keyPackageJson[3]!).signing_share });
    await fails(
      [kp[0]!, kp[1]!, damaged, '--public-key-package', pkp],
      `${damaged}: not a valid key package: signing_share: signing share does not match the verifying share (the key package is damaged)`,
    );
  });
  it('invalid files name the file and the field', async () => {
    const bad = edit(d.keyPackageJson[0]!, { extra: true });
    await fails(
      [bad, kp[1]!, kp[2]!, '--public-key-package', pkp],
      `${bad}: not a valid key package: extra: unknown field`,
    );
    await fails(
      [kp[0]!, kp[1]!, kp[2]!, '--public-key-package', kp[3]!],
      `${kp[3]} is a key package, not a public key package`,
    );
    await fails(
      [kp[0]!, pkp, kp[2]!, '--public-key-package', pkp],
      `${pkp} is a public key package, not a key package`,
    );
    await fails(
      [kp[0]!, kp[1]!, kp[2]!, '--public-key-package', join(dir, 'nope.json')],
      `cannot read public key package ${join(dir, 'nope.json')}: no such file`,
    );
  });
  it('usage mistakes exit 2', async () => {
    await fails([kp[0]!, kp[1]!, kp[2]!], 'missing --public-key-package FILE', 2);
    await fails(['--public-key-package', pkp], 'missing KEY_PACKAGE', 2);
    const r = await sign(kp[0]!, '--public-key-package', pkp);
    expect([r.code, r.err.split('\n')[0]]).toEqual([2, 'frost-ceremony sign: missing --message HEX']);
    const odd = await sign('--message', 'abc', kp[0]!, kp[1]!, kp[2]!, '--public-key-package', pkp);
    expect([odd.code, odd.err.split('\n')[0]]).toEqual([
      2,
      'frost-ceremony sign: --message must be hex with an even number of digits (got 3)',
    ]);
    const nothex = await sign('--message', 'zz', kp[0]!, kp[1]!, kp[2]!, '--public-key-package', pkp);
    expect([nothex.code, nothex.err.split('\n')[0]]).toEqual([
      2,
      'frost-ceremony sign: --message must be hex (0-9, a-f)',
    ]);
    expect((await sign('--help')).out).toContain('--public-key-package FILE');
  });
});

describe('parseHexMessage', () => {
  it('decodes hex', () => {
    expect([...parseHexMessage('00ff7A')]).toEqual([0, 255, 122]);
    expect(parseHexMessage('').length).toBe(0);
  });
});
