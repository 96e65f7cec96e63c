/**
 * The funding receipt verified offline with the certificate (issue 14): complete and untouched it
 * verifies; one acknowledgement missing, altered, swapped for another ceremony's, doubled, or
 * for another address fails, naming who. Receipts are built by the shipping code (the machine's
 * own acks, fundingReceiptOf) and checked by the shipping verifier.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runSimulation, type SimParticipant } from './simulation.js';
import { createNodeIdentityCrypto } from '../platform/node.js';
import { sealEnvelope } from './envelope.js';
import { toHex } from './encoding.js';
import { certificateOf } from './certificate.js';
import { fundingCheckOf } from './fundingCheck.js';
import { fundingReceiptOf, verifyFundingReceipt } from './fundingReceipt.js';
import { step } from './machine/step.js';
import type { ParticipantState } from './machine/types.js';

const crypto = createNodeIdentityCrypto();
const PROOF = (i: number): string => toHex(new Uint8Array(32).fill(0x20 + i));

/** A ceremony of `suite` in which all three acknowledged: its receipt and certificate. */
async function acknowledged(
  suite: 'ed25519' | 'p256',
  seed: string,
): Promise<{ receipt: string; cert: string; parts: SimParticipant[] }> {
  const { participants } = await runSimulation({ suite, minSigners: 2, maxSigners: 3, seed, crypto });
  const states: ParticipantState[] = participants.map((p) => p.state);
  const key = states[0]!.session!.result!.verifyingKey;
  const acks: Uint8Array[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await step(
      states[i]!,
      { type: 'acknowledgeFunding', checked: fundingCheckOf(suite, key).primary, backupProof: PROOF(i) },
      participants[i]!.rng,
      { crypto },
    );
    states[i] = r.state;
    for (const e of r.effects) if (e.type === 'broadcast') acks.push(e.bytes);
  }
  let st = states[0]!;
  for (const bytes of acks) st = (await step(st, { type: 'receive', bytes }, participants[0]!.rng, { crypto })).state;
  return { receipt: fundingReceiptOf(st)!, cert: certificateOf(st)!, parts: participants };
}

let ed: Awaited<ReturnType<typeof acknowledged>>;
let other: Awaited<ReturnType<typeof acknowledged>>;
beforeAll(async () => {
  [ed, other] = await Promise.all([acknowledged('ed25519', 'receipt'), acknowledged('ed25519', 'receipt-other')]);
});

type Receipt = { format: string; sessionId: string; groupKey: string; acknowledgements: string[] };
const edit = (text: string, f: (r: Receipt) => void): string => {
  const r = JSON.parse(text) as Receipt;
  f(r);
  return JSON.stringify(r);
};
const failure = (receipt: string, cert = ed.cert) => {
  const c = verifyFundingReceipt(receipt, cert, { crypto });
  if (c.ok) throw new Error('expected the receipt to fail');
  return c;
};

describe('funding receipt', () => {
  it('Example: complete and untouched, it verifies with the certificate and lists what each custodian checked', () => {
    const c = verifyFundingReceipt(ed.receipt, ed.cert, { crypto });
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    const solana = fundingCheckOf('ed25519', c.certificate.groupKey).primary;
    expect(c.acknowledgements.map((a) => [a.id, a.checked, a.backupProof])).toEqual(
      [0, 1, 2].map((i) => [i + 1, solana, PROOF(i)]),
    );
  });

  it('one acknowledgement missing: fails naming who', () => {
    const c = failure(edit(ed.receipt, (r) => void r.acknowledgements.splice(1, 1)));
    expect(c.culprits.map((x) => x.id)).toContain(2);
    expect(c.reason).toMatch(/#2\).*no valid acknowledgement/);
  });

  it('one acknowledgement altered (its address changed after signing): fails, naming whom it claims to be from', () => {
    const c = failure(
      edit(ed.receipt, (r) => {
        const w = JSON.parse(r.acknowledgements[2]!) as { payload: string };
        const p = JSON.parse(w.payload) as { checked: string };
        p.checked = fundingCheckOf('ed25519', (JSON.parse(other.receipt) as Receipt).groupKey).primary;
        r.acknowledgements[2] = JSON.stringify({ ...w, payload: JSON.stringify(p) });
      }),
    );
    expect(c.reason).toMatch(/claims to be from .*#3/);
    expect(c.reason).toMatch(/does not verify|signature/);
    expect(c.reason).toMatch(/#3\).*no valid acknowledgement/);
  });

  it("another ceremony's acknowledgement swapped in: fails", () => {
    const mine = JSON.parse(ed.receipt) as Receipt;
    const theirs = JSON.parse(other.receipt) as Receipt;
    const c = failure(edit(ed.receipt, (r) => void (r.acknowledgements[0] = theirs.acknowledgements[0]!)));
    expect(c.reason).toMatch(/acknowledgement 1/);
    expect(c.reason).toMatch(/#1\).*no valid acknowledgement/);
    expect(mine.sessionId).not.toBe(theirs.sessionId);
  });

  it('the same custodian twice (in place of another): fails naming both', () => {
    const c = failure(edit(ed.receipt, (r) => void (r.acknowledgements[2] = r.acknowledgements[1]!)));
    expect(c.culprits.map((x) => x.id).sort()).toEqual([2, 3]);
  });

  it('a correctly signed acknowledgement of another address: fails naming its signer', () => {
    const s = ed.parts[1]!.state;
    const bad = sealEnvelope(crypto, ed.parts[1]!.identity, {
      type: 'fund-ack',
      room: s.room.id,
      session: s.session!.id,
      generation: s.generation,
      payload: {
        groupKey: s.session!.result!.verifyingKey,
        checked: '11111111111111111111111111111111',
        backupProof: PROOF(1),
      },
    });
    const c = failure(edit(ed.receipt, (r) => void (r.acknowledgements[1] = new TextDecoder().decode(bad.bytes))));
    expect(c.culprits.map((x) => x.id)).toEqual([2]);
    expect(c.reason).toMatch(/acknowledged another key/);
  });

  it('with the certificate of another ceremony: fails', () => {
    expect(failure(ed.receipt, other.cert).reason).toMatch(/session/);
  });

  it('huge or malformed receipts are refused, not crashed on', () => {
    expect(failure('{').reason).toMatch(/not a funding receipt/);
    expect(
      failure(edit(ed.receipt, (r) => void (r.acknowledgements = Array.from({ length: 1000 }, () => 'x')))).reason,
    ).toMatch(/not a funding receipt/);
    expect(failure(ed.receipt.replace('"format"', '"format":"x","format"')).reason).toMatch(/appears twice/);
  });
});
