/**
 * `verify CERTIFICATE --funding-receipt FILE`: a complete receipt prints "Safe to fund"; one with
 * an acknowledgement missing or altered exits 1 naming who. The receipt is the machine's own
 * (fundingReceiptOf after every custodian acknowledged), the files are real files.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  certificateOf,
  fundingCheckOf,
  fundingReceiptOf,
  runSimulation,
  step,
  toHex,
  type ParticipantState,
} from '../protocol/index';
import { createNodeIdentityCrypto } from '../platform/node';
import { captureIo } from './testing/testFixtures';
import { verifyCommand } from './verify';

const dir = mkdtempSync(join(tmpdir(), 'frost-verify-funding-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const crypto = createNodeIdentityCrypto();
let certPath: string;
let receipt: { acknowledgements: string[] };
let address: string;

beforeAll(async () => {
  const { participants } = await runSimulation({
    suite: 'secp256k1-tr',
    minSigners: 2,
    maxSigners: 3,
    seed: 'cli-funding',
    crypto,
  });
  const states: ParticipantState[] = participants.map((p) => p.state);
  address = fundingCheckOf('secp256k1-tr', states[0]!.session!.result!.verifyingKey).primary;
  const acks: Uint8Array[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await step(
      states[i]!,
      { type: 'acknowledgeFunding', checked: address, backupProof: toHex(new Uint8Array(32).fill(i + 1)) },
      participants[i]!.rng,
      { crypto },
    );
    for (const e of r.effects) if (e.type === 'broadcast') acks.push(e.bytes);
    states[i] = r.state;
  }
  let st = states[0]!;
  for (const bytes of acks) st = (await step(st, { type: 'receive', bytes }, participants[0]!.rng, { crypto })).state;
  certPath = join(dir, 'certificate.json');
  writeFileSync(certPath, certificateOf(st)!);
  receipt = JSON.parse(fundingReceiptOf(st)!) as typeof receipt;
});

async function verify(...argv: string[]) {
  const c = captureIo();
  const code = await verifyCommand(argv, c.io);
  return { code, out: c.stdout(), err: c.stderr() };
}
function write(name: string, value: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(value));
  return p;
}

describe('verify --funding-receipt', () => {
  it('a complete receipt: "Safe to fund", with what each custodian checked', async () => {
    const r = await verify(certPath, '--funding-receipt', write('ok.json', receipt));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Safe to fund: all 3 custodians have a working backup and checked the address');
    expect(r.out).toContain(`"P2" checked ${address}`);
    const j = await verify(certPath, '--funding-receipt', join(dir, 'ok.json'), '--json');
    expect((JSON.parse(j.out) as { fundingReceipt: { safeToFund: boolean } }).fundingReceipt.safeToFund).toBe(true);
  });

  it('one acknowledgement missing: exit 1 naming who', async () => {
    const r = await verify(
      certPath,
      '--funding-receipt',
      write('missing.json', {
        ...receipt,
        acknowledgements: [receipt.acknowledgements[0], receipt.acknowledgements[2]],
      }),
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/P2 \(#2\): no valid acknowledgement/);
    expect(r.out).not.toContain('Safe to fund');
  });

  it('one acknowledgement altered: exit 1 naming whom it claims to be from', async () => {
    const w = JSON.parse(receipt.acknowledgements[0]!) as { payload: string };
    const altered = JSON.stringify({ ...w, payload: w.payload.replace(/"backupProof":"0/, '"backupProof":"f') });
    const r = await verify(
      certPath,
      '--funding-receipt',
      write('altered.json', { ...receipt, acknowledgements: [altered, ...receipt.acknowledgements.slice(1)] }),
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/claims to be from P1 \(#1\)/);
    expect(r.err).toMatch(/P1 \(#1\): no valid acknowledgement/);
  });
});
