import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { schnorr } from '@noble/curves/secp256k1.js';
import { bech32m } from '@scure/base';
import {
  certificateOf,
  keyPackageToJson,
  publicKeyPackageToJson,
  keyPackageOf,
  publicKeyPackageOf,
  runSimulation,
} from '../protocol/index';
import { inspectCommand } from './inspect';
import { signCommand } from './sign';
import { captureIo } from './testing/testFixtures';
import { walletCommand } from './wallet';

const dir = mkdtempSync(join(tmpdir(), 'frost-wallet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const put = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
async function run(cmd: typeof walletCommand, ...argv: string[]) {
  const c = captureIo();
  const code = await cmd(argv, c.io);
  return { code, out: c.stdout(), err: c.stderr() };
}

describe('frost-ceremony wallet', () => {
  it('secp256k1-tr: address, rawtr and (with the certificate) tr descriptors; a CLI signature verifies under the address key', async () => {
    const sim = await runSimulation({ suite: 'secp256k1-tr', minSigners: 2, maxSigners: 3, seed: 'cli-wallet' });
    const s1 = sim.participants[0]!.state;
    const pkp = put('tr-pkp.json', publicKeyPackageToJson(publicKeyPackageOf(s1)!));
    const cert = put('tr-cert.json', certificateOf(s1)!);
    const j = await run(walletCommand, pkp, '--network', 'testnet', '--certificate', cert, '--json');
    expect(j.err).toBe('');
    expect(j.code).toBe(0);
    const w = JSON.parse(j.out);
    expect(w.suite).toBe('secp256k1-tr');
    expect(w.address).toMatch(/^tb1p[02-9ac-hj-np-z]{58}$/);
    expect(w.descriptor).toMatch(/^rawtr\([0-9a-f]{64}\)#[02-9ac-hj-np-z]{8}$/);
    expect(w.internal_descriptor).toMatch(/^tr\([0-9a-f]{64}\)#[02-9ac-hj-np-z]{8}$/);
    expect(w.descriptor).toContain(w.group_key.slice(2));

    // Sign with the CLI (two of the three key packages) and verify BIP-340 under the address's program.
    const kps = [0, 2].map((i) => put(`tr-kp-${i}.json`, keyPackageToJson(keyPackageOf(sim.participants[i]!.state)!)));
    const msg = 'aa'.repeat(32);
    const s = await run(signCommand, '--message', msg, ...kps, '--public-key-package', pkp);
    expect(s.code).toBe(0);
    const sig = JSON.parse(s.out).signature as string;
    const program = bech32m.fromWords(bech32m.decode(w.address).words.slice(1));
    expect(schnorr.verify(Buffer.from(sig, 'hex'), Buffer.from(msg, 'hex'), program)).toBe(true);

    const text = await run(walletCommand, pkp);
    expect(text.out).toContain('address (bitcoin):');
    expect(text.out).toMatch(/bc1p/);
    expect(text.out).toContain('needs the certificate');

    const ins = await run(inspectCommand, pkp);
    expect(ins.out).toContain(
      `descriptor:      ${JSON.parse((await run(walletCommand, pkp, '--json')).out).descriptor}`,
    );
  });

  it('refuses a certificate of another key, a bad network, and reads a frost-core 2.x file', async () => {
    const a = await runSimulation({ suite: 'secp256k1-tr', minSigners: 2, maxSigners: 2, seed: 'cli-wallet-a' });
    const b = await runSimulation({ suite: 'secp256k1-tr', minSigners: 2, maxSigners: 2, seed: 'cli-wallet-b' });
    const pkpA = publicKeyPackageOf(a.participants[0]!.state)!;
    const pkp = put('a-pkp.json', publicKeyPackageToJson(pkpA, 2));
    const certB = put('b-cert.json', certificateOf(b.participants[0]!.state)!);
    const wrong = await run(walletCommand, pkp, '--certificate', certB);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('is the certificate of another key');
    const net = await run(walletCommand, pkp, '--network', 'mainnet');
    expect(net.code).toBe(2);
    expect(net.err).toContain('--network must be one of bitcoin, testnet, signet, regtest');
    expect((await run(walletCommand, pkp, '--network', 'regtest', '--json')).out).toContain('"address":"bcrt1p');
    // `sign` takes the 2.x file too: the threshold comes from the key packages.
    const kps = a.participants.map((q, i) => put(`a-kp-${i}.json`, keyPackageToJson(keyPackageOf(q.state)!)));
    const signed = await run(signCommand, '--message', '00', ...kps, '--public-key-package', pkp);
    expect(signed.err).toBe('');
    expect(JSON.parse(signed.out).verified).toBe(true);
    const one = await run(signCommand, '--message', '00', kps[0]!, '--public-key-package', pkp);
    expect(one.code).toBe(1);
  });

  it('ed25519: the Solana address; p256: key and fingerprint only', async () => {
    const ed = await runSimulation({ suite: 'ed25519', minSigners: 2, maxSigners: 2, seed: 'cli-ed' });
    const edPkp = put('ed-pkp.json', publicKeyPackageToJson(publicKeyPackageOf(ed.participants[0]!.state)!));
    const e = JSON.parse((await run(walletCommand, edPkp, '--json')).out);
    expect(Object.keys(e).sort()).toEqual(['fingerprint', 'group_key', 'solana_address', 'suite']);
    expect(e.solana_address).toMatch(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/);
    const p = await runSimulation({ suite: 'p256', minSigners: 2, maxSigners: 2, seed: 'cli-p' });
    const pPkp = put('p-pkp.json', publicKeyPackageToJson(publicKeyPackageOf(p.participants[0]!.state)!));
    const t = await run(walletCommand, pPkp);
    expect(t.out).toContain('No chain address is derived for this suite');
    expect(t.out).toContain('key fingerprint:');
  });
});
