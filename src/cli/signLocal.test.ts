/**
 * `sign-local` and `verify-signing` end to end in one process, through the files a user has:
 * a 2-of-3 secp256k1-tr key, a PSBT with two of the group's coins and change, one faulty signer.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { schnorr } from '@noble/curves/secp256k1.js';
import { Transaction } from '@scure/btc-signer';
import { afterAll, describe, expect, it } from 'vitest';
import { bip341KeyPathSighash, parseRawTx } from '../protocol/signing/testing/bip341Sighash.js';
import { twoInputPsbt } from '../protocol/signing/testing/fixtures.js';
import { signLocalCommand } from './signLocal';
import { captureIo, runDkg } from './testing/testFixtures';
import { verifySigningCommand } from './verifySigning';

const dir = mkdtempSync(join(tmpdir(), 'frost-sign-local-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function put(content: string | Uint8Array): string {
  const p = join(dir, `f${n++}`);
  writeFileSync(p, content);
  return p;
}
async function run(cmd: typeof signLocalCommand, ...argv: string[]) {
  const c = captureIo();
  const code = await cmd(argv, c.io);
  return { code, out: c.stdout(), err: c.stderr() };
}

describe('frost-ceremony sign-local', () => {
  const d = runDkg('secp256k1-tr', 2, 3);
  const pkp = put(d.publicKeyPackageJson);
  const kps = d.keyPackageJson.map((j) => put(j));
  const psbt = twoInputPsbt(d.publicKeyPackage);

  it('a faulty signer is named and replaced; the transaction verifies input by input; the record verifies offline', async () => {
    const out = join(dir, 'run1');
    const r = await run(
      signLocalCommand,
      '--psbt',
      put(Buffer.from(psbt).toString('base64')),
      '--network',
      'regtest',
      '--public-key-package',
      pkp,
      ...kps,
      '--faulty',
      '1',
      '--out',
      out,
    );
    expect(r.err).toMatch(/output 2: 0\.19990000 BTC to bcrt1p\S+ \(change back to the group\)/);
    expect(r.err).toMatch(/fee: 0\.00010000 BTC \(50\.000 sat\/vB, 200 vB\)/);
    expect(r.err).toMatch(/Participant 1 sent an invalid signature share/);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.out);
    expect(res.attempts).toEqual([
      { signers: [1, 2], blamed: [1], silent: [] },
      { signers: [2, 3], blamed: [], silent: [] },
    ]);
    const txHex = readFileSync(join(out, 'transaction.hex'), 'utf8').trim();
    expect(txHex).toBe(res.transaction);
    const raw = parseRawTx(Uint8Array.from(Buffer.from(txHex, 'hex')));
    const t = Transaction.fromPSBT(psbt);
    const spent = [0, 1].map((i) => ({
      script: t.getInput(i).witnessUtxo!.script,
      amount: t.getInput(i).witnessUtxo!.amount,
    }));
    for (let i = 0; i < 2; i++)
      expect(
        schnorr.verify(
          raw.witnesses[i]![0]!,
          bip341KeyPathSighash(raw, i, spent, 0).sigHash,
          d.publicKeyPackage.verifyingKey.subarray(1),
        ),
      ).toBe(true);
    const signedPsbt = Transaction.fromPSBT(readFileSync(join(out, 'signed.psbt')));
    expect([0, 1].every((i) => signedPsbt.getInput(i).tapKeySig?.length === 64)).toBe(true);

    const v = await run(
      verifySigningCommand,
      join(out, 'signing-record.json'),
      '--public-key-package',
      pkp,
      '--allow-unsigned',
    );
    expect(v.err).toBe('');
    expect(v.out).toMatch(/^OK: .*signed by participants 2, 3; blamed with evidence: 1/);
    const strict = await run(verifySigningCommand, join(out, 'signing-record.json'), '--public-key-package', pkp);
    expect(strict.code).toBe(1);
    expect(strict.err).toMatch(/nobody signed/);

    // The next session starts from the written reputation: participant 1 is jailed.
    const r2 = await run(
      signLocalCommand,
      '--message-hex',
      '68656c6c6f',
      '--public-key-package',
      pkp,
      ...kps,
      '--reputation',
      join(out, 'reputation.json'),
      '--out',
      join(dir, 'run2'),
    );
    expect(r2.code).toBe(0);
    expect(JSON.parse(r2.out).attempts).toEqual([{ signers: [2, 3], blamed: [], silent: [] }]);
  });

  it('verify-signing checks identity signatures over a record, and pins the required identities', async () => {
    const out = join(dir, 'run9');
    expect(
      (await run(signLocalCommand, '--message-hex', '6869', '--public-key-package', pkp, ...kps, '--out', out)).code,
    ).toBe(0);
    const { generateIdentity } = await import('../protocol/index.js');
    const { signSigningRecord } = await import('../protocol/index.js');
    const { seededRng } = await import('../protocol/dkg/testing/testHelpers.js');
    const rng = seededRng('cli-identities');
    const [a, b] = [generateIdentity(rng), generateIdentity(rng)];
    const unsigned = JSON.parse(readFileSync(join(out, 'signing-record.json'), 'utf8'));
    const signed = signSigningRecord(signSigningRecord(unsigned, a.secretKey), b.secretKey);
    const file = put(JSON.stringify(signed));
    const hexOf = (k: Uint8Array) => Buffer.from(k).toString('hex');
    const ok = await run(
      verifySigningCommand,
      file,
      '--public-key-package',
      pkp,
      '--identity',
      hexOf(a.publicKey),
      '--identity',
      hexOf(b.publicKey),
    );
    expect(ok.err).toBe('');
    expect(ok.out).toMatch(/record signed by 2 identities/);
    const missing = await run(
      verifySigningCommand,
      put(JSON.stringify(signSigningRecord(unsigned, a.secretKey))),
      '--public-key-package',
      pkp,
      '--identity',
      hexOf(b.publicKey),
    );
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/not signed by/);
  });

  it('a silent signer: the restart leaves them out and says so', async () => {
    const r = await run(
      signLocalCommand,
      '--message-hex',
      '00ff',
      '--public-key-package',
      pkp,
      ...kps,
      '--silent',
      '2',
      '--out',
      join(dir, 'run8'),
    );
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/Participant 2 sent no signature share; restarted without them/);
    expect(JSON.parse(r.out).signers).toEqual([1, 3]);
  });

  it('a refusing custodian is not selected; with too few left the command fails naming the culprit', async () => {
    const ok = await run(
      signLocalCommand,
      '--message-hex',
      '00ff',
      '--public-key-package',
      pkp,
      ...kps,
      '--refuse',
      '1',
      '--out',
      join(dir, 'run3'),
    );
    expect(JSON.parse(ok.out).signers).toEqual([2, 3]);
    const bad = await run(
      signLocalCommand,
      '--message-hex',
      '00ff',
      '--public-key-package',
      pkp,
      ...kps,
      '--refuse',
      '1',
      '--faulty',
      '3',
      '--out',
      join(dir, 'run4'),
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/signing failed: .*participant 3/);
  });

  it("a PSBT that is not the group's (a foreign input) is refused before anything is signed", async () => {
    const other = runDkg('secp256k1-tr', 2, 3);
    const r = await run(
      signLocalCommand,
      '--psbt',
      put(twoInputPsbt(other.publicKeyPackage)),
      '--network',
      'bitcoin',
      '--public-key-package',
      pkp,
      ...kps,
      '--out',
      join(dir, 'run5'),
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/ERROR: Input 1 is not this key's coin/);
    expect(r.err).toMatch(/signing failed/);
  });

  it('a broken reputation file is named, not an internal error', async () => {
    const r = await run(
      signLocalCommand,
      '--message-hex',
      '00',
      '--public-key-package',
      pkp,
      ...kps,
      '--reputation',
      put('{'),
      '--out',
      join(dir, 'run6'),
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/reputation file is not JSON/);
    const r2 = await run(
      signLocalCommand,
      '--message-hex',
      '00',
      '--public-key-package',
      pkp,
      ...kps,
      '--reputation',
      put('{"session":1,"entries":[{"identifier":1}]}'),
      '--out',
      join(dir, 'run7'),
    );
    expect(r2.code).toBe(1);
    expect(r2.err).toMatch(/malformed reputation entry/);
  });

  it('usage errors: no request, two requests, a PSBT without network', async () => {
    expect((await run(signLocalCommand, '--public-key-package', pkp, ...kps, '--out', dir)).code).toBe(2);
    expect(
      (
        await run(
          signLocalCommand,
          '--message-hex',
          '00',
          '--psbt',
          put(psbt),
          '--public-key-package',
          pkp,
          ...kps,
          '--out',
          dir,
        )
      ).code,
    ).toBe(2);
    expect(
      (await run(signLocalCommand, '--psbt', put(psbt), '--public-key-package', pkp, ...kps, '--out', dir)).code,
    ).toBe(2);
  });
});
