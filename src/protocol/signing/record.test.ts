import { describe, expect, it } from 'vitest';
import { seededRng } from '../dkg/testing/testHelpers.js';
import { generateIdentity } from '../identity.js';
import { toHex } from '../encoding.js';
import { signLocal } from './local.js';
import {
  encodeSigningRecord,
  SIGNING_RECORD_FORMAT,
  signSigningRecord,
  verifySigningRecord,
  type SignedSigningRecord,
  type SigningRecord,
} from './record.js';
import { initialReputation } from './selection.js';
import { makeGroup, twoInputPsbt } from './testing/fixtures.js';

describe('signing record encoding', () => {
  it('known answer: RFC 8785 canonical JSON, members sorted, no whitespace', () => {
    const record: SigningRecord = {
      format: SIGNING_RECORD_FORMAT,
      suite: 'ed25519',
      verifyingKey: 'aa'.repeat(32),
      request: { kind: 'message', message: '68656c6c6f' },
      requestHash: 'bb'.repeat(32),
      session: 7,
      signers: [1, 3],
      signatures: ['cc'.repeat(64)],
      blamed: [
        {
          identifier: 2,
          evidence: [
            {
              message: '68656c6c6f',
              commitments: [{ identifier: 1, hiding: '01', binding: '02' }],
              identifier: 2,
              share: '03',
            },
          ],
        },
      ],
      excluded: [4],
      reputation: [{ identifier: 2, before: 0, after: -400, jailedThrough: 9 }],
    };
    expect(encodeSigningRecord(record)).toBe(
      '{"blamed":[{"evidence":[{"commitments":[{"binding":"02","hiding":"01","identifier":1}],"identifier":2,"message":"68656c6c6f","share":"03"}],"identifier":2}],"excluded":[4],' +
        `"format":"frost-ceremony/signing-record/v1","reputation":[{"after":-400,"before":0,"identifier":2,"jailedThrough":9}],"request":{"kind":"message","message":"68656c6c6f"},` +
        `"requestHash":"${'bb'.repeat(32)}","session":7,"signatures":["${'cc'.repeat(64)}"],"signers":[1,3],"suite":"ed25519","verifyingKey":"${'aa'.repeat(32)}"}`,
    );
  });
});

describe('verifySigningRecord', () => {
  const tr = makeGroup('secp256k1-tr', 2, 3);
  const rep = initialReputation([1, 2, 3]);
  const res = signLocal({
    publicKeyPackage: tr.pkp,
    request: { kind: 'psbt', psbt: twoInputPsbt(tr.pkp), network: 'signet' },
    signers: tr.keyPackages.map((keyPackage) => ({
      keyPackage,
      approves: true,
      corruptShare: keyPackage.identifier === 1,
    })),
    reputation: rep,
    rng: seededRng('record'),
  });
  const rng = seededRng('identities');
  const ids = [generateIdentity(rng), generateIdentity(rng), generateIdentity(rng)];
  let signed: SignedSigningRecord = { record: res.record, signatures: [] };
  for (const id of ids) signed = signSigningRecord(signed, id.secretKey);
  const text = JSON.stringify(signed);

  it('a real record verifies offline: hash, signatures, transaction, evidence, reputation, identities', () => {
    const check = verifySigningRecord(text, tr.pkp, {
      requiredIdentities: ids.map((i) => toHex(i.publicKey)),
      previousReputation: rep,
    });
    expect(check).toEqual({
      ok: true,
      summary: {
        requestHash: toHex(res.requestHash),
        signers: [2, 3],
        blamed: [1],
        excluded: [],
        signedBy: ids.map((i) => toHex(i.publicKey)),
        transaction: res.psbt!.txHex,
      },
    });
  });

  const tamper = (f: (r: SignedSigningRecord) => void, resign = true): string => {
    const c = JSON.parse(text) as SignedSigningRecord;
    f(c);
    if (resign) {
      let s: SignedSigningRecord = { record: c.record, signatures: [] };
      for (const id of ids) s = signSigningRecord(s, id.secretKey);
      return JSON.stringify(s);
    }
    return JSON.stringify(c);
  };
  const reason = (t: string, opts = {}) => {
    const c = verifySigningRecord(t, tr.pkp, opts);
    return c.ok ? 'ok' : c.reason;
  };

  it('even when all identities re-sign, a record whose content does not add up is refused', () => {
    expect(reason(tamper((r) => (r.record.signatures[0] = r.record.signatures[1]!)))).toMatch(
      /signature 1 does not verify/,
    );
    expect(reason(tamper((r) => (r.record.requestHash = '00'.repeat(32))))).toMatch(/request hash/);
    expect(reason(tamper((r) => ((r.record.request as { network: string }).network = 'bitcoin')))).toMatch(
      /request hash/,
    );
    expect(reason(tamper((r) => (r.record.transaction = '00')))).toMatch(/transaction/);
    expect(reason(tamper((r) => (r.record.signers = [3, 2])))).toMatch(/ascending/);
    expect(reason(tamper((r) => (r.record.signers = [2])))).toMatch(/needs 2/);
    expect(reason(tamper((r) => (r.record.blamed[0]!.identifier = 2)))).toMatch(/evidence|both blamed/);
    expect(reason(tamper((r) => (r.record.blamed[0]!.evidence[0]!.identifier = 2)))).toMatch(/evidence/);
    expect(reason(tamper((r) => (r.record.blamed[0]!.evidence = [])))).toMatch(/malformed blame/);
    expect(
      reason(
        tamper((r) => (r.record.reputation[0]!.after += 1)),
        { previousReputation: rep },
      ),
    ).toMatch(/reputation/);
    expect(
      reason(tamper((r) => (r.record.verifyingKey = toHex(makeGroup('secp256k1-tr', 2, 3, 'x').pkp.verifyingKey)))),
    ).toMatch(/another key/);
  });

  it('an identity signature over other content, a duplicate signer, a missing required identity or no signature at all is refused', () => {
    expect(reason(tamper((r) => (r.record.session = 2), false))).toMatch(/does not verify/);
    expect(reason(tamper((r) => r.signatures.push(r.signatures[0]!), false))).toMatch(/signed twice/);
    expect(reason(tamper((r) => r.signatures.splice(0, 3), false))).toMatch(/nobody signed/);
    expect(
      reason(
        tamper((r) => r.signatures.splice(1, 1), false),
        { requiredIdentities: [toHex(ids[1]!.publicKey)] },
      ),
    ).toMatch(/not signed by/);
  });

  it('garbage, duplicate members and extra fields are refused, never thrown', () => {
    expect(reason('nope')).toMatch(/unreadable/);
    expect(reason(text.replace('{"record":', '{"record":{},"record":'))).not.toBe('ok');
    expect(reason(tamper((r) => ((r as unknown as Record<string, unknown>).extra = 1), false))).toMatch(
      /unexpected fields/,
    );
    expect(reason(tamper((r) => ((r.record as unknown as Record<string, unknown>).note = 'pay Mallory')))).toMatch(
      /members/,
    );
    expect(reason(tamper((r) => ((r.record as unknown as Record<string, unknown>).reputation = 'x')))).toMatch(
      /reputation/,
    );
  });
});
