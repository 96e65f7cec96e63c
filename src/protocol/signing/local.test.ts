import { schnorr } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../dkg/testing/testHelpers.js';
import { verifyGroupSignature } from '../signing.js';
import { SignError } from './errors.js';
import { signLocal, type LocalSigner } from './local.js';
import { checkShareEvidence } from './rounds.js';
import { evidenceFromJson } from './record.js';
import { findSplitView, signingMessages, type SigningRequest } from './request.js';
import { initialReputation } from './selection.js';
import { makeGroup, twoInputPsbt } from './testing/fixtures.js';

const tr = makeGroup('secp256k1-tr', 2, 3);
const psbtRequest: SigningRequest = { kind: 'psbt', psbt: twoInputPsbt(tr.pkp), network: 'testnet' };
const everyone = (g = tr, extra: Record<number, Partial<LocalSigner>> = {}): LocalSigner[] =>
  g.keyPackages.map((keyPackage) => ({ keyPackage, approves: true, ...extra[keyPackage.identifier] }));

describe('a signing session in one process', () => {
  it('a signer sending a bad share is named with evidence, jailed and replaced by the next-ranked; the transaction verifies', () => {
    const res = signLocal({
      publicKeyPackage: tr.pkp,
      request: psbtRequest,
      signers: everyone(tr, { 2: { corruptShare: true } }),
      reputation: initialReputation([1, 2, 3]),
      rng: seededRng('local-1'),
    });
    expect(res.attempts).toEqual([
      { signers: [1, 2], blamed: [2], silent: [] },
      { signers: [1, 3], blamed: [], silent: [] },
    ]);
    expect(res.signers).toEqual([1, 3]);
    const msgs = signingMessages(psbtRequest, tr.pkp);
    res.signatures.forEach((sig, i) =>
      expect(schnorr.verify(sig, msgs[i]!, tr.pkp.verifyingKey.subarray(1))).toBe(true),
    );
    expect(res.psbt!.txHex).toMatch(/^02000000000102/); // version 2, segwit marker, 2 inputs
    expect(res.record.blamed.map((b) => b.identifier)).toEqual([2]);
    for (const e of res.record.blamed[0]!.evidence) expect(checkShareEvidence(tr.pkp, evidenceFromJson(e))).toBe(true);
    expect(res.record.blamed[0]!.evidence).toHaveLength(2); // one per input
    expect(res.reputation.entries.find((e) => e.identifier === 2)).toEqual({
      identifier: 2,
      score: -400,
      jailedThrough: 3,
    });
    expect(res.reputation.entries.find((e) => e.identifier === 1)!.score).toBe(100);
  });

  it('a silent signer is left out by the restart (a small loss, no jail) and the next-ranked signs', () => {
    const res = signLocal({
      publicKeyPackage: tr.pkp,
      request: psbtRequest,
      signers: everyone(tr, { 1: { silent: true } }),
      reputation: initialReputation([1, 2, 3]),
      rng: seededRng('local-silent'),
    });
    expect(res.attempts).toEqual([
      { signers: [1, 2], blamed: [], silent: [1] },
      { signers: [2, 3], blamed: [], silent: [] },
    ]);
    expect(res.record.excluded).toEqual([1]);
    expect(res.record.blamed).toEqual([]);
    expect(res.reputation.entries.find((e) => e.identifier === 1)).toEqual({
      identifier: 1,
      score: -100,
      jailedThrough: 0,
    });
  });

  it('a custodian who refuses is never selected', () => {
    const g = makeGroup('ed25519', 2, 4);
    const res = signLocal({
      publicKeyPackage: g.pkp,
      request: { kind: 'message', message: new Uint8Array([1, 2, 3]) },
      signers: everyone(g, { 1: { approves: false }, 3: { corruptShare: true } }),
      reputation: initialReputation([1, 2, 3, 4]),
      rng: seededRng('local-2'),
    });
    expect(res.attempts.flatMap((a) => a.signers)).not.toContain(1);
    expect(res.signers).toEqual([2, 4]);
    expect(verifyGroupSignature('ed25519', g.pkp.verifyingKey, new Uint8Array([1, 2, 3]), res.signatures[0]!)).toBe(
      true,
    );
  });

  it('too few honest approving custodians: not-enough-signers, naming the blamed', () => {
    let err: unknown;
    try {
      signLocal({
        publicKeyPackage: tr.pkp,
        request: psbtRequest,
        signers: everyone(tr, { 3: { approves: false }, 1: { corruptShare: true } }),
        reputation: initialReputation([1, 2, 3]),
        rng: seededRng('local-3'),
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SignError);
    expect((err as SignError).code).toBe('not-enough-signers');
    expect((err as SignError).culprits).toEqual([1]);
  });

  it('a request that differs between custodians (split view) is detected before any nonce is made', () => {
    const other: SigningRequest = {
      kind: 'psbt',
      psbt: twoInputPsbt(tr.pkp, (tx) => tx.updateOutput(0, { amount: 59_000_000n })),
      network: 'testnet',
    };
    const rng = () => {
      throw new Error('no randomness may be drawn before the split view is ruled out');
    };
    expect(() =>
      signLocal({
        publicKeyPackage: tr.pkp,
        request: psbtRequest,
        signers: everyone(tr, { 3: { sawRequest: other } }),
        reputation: initialReputation([1, 2, 3]),
        rng,
      }),
    ).toThrow(expect.objectContaining({ code: 'split-view' }));
    // Only the network differs: still a different request.
    expect(() =>
      signLocal({
        publicKeyPackage: tr.pkp,
        request: psbtRequest,
        signers: everyone(tr, { 1: { sawRequest: { ...psbtRequest, network: 'bitcoin' } } }),
        reputation: initialReputation([1, 2, 3]),
        rng,
      }),
    ).toThrow(expect.objectContaining({ code: 'split-view' }));
  });

  it('findSplitView groups custodians by what they saw', () => {
    const a = new Uint8Array(32).fill(1);
    const b = new Uint8Array(32).fill(2);
    expect(
      findSplitView([
        { identifier: 1, requestHash: a },
        { identifier: 2, requestHash: a },
      ]),
    ).toBeNull();
    expect(
      findSplitView([
        { identifier: 3, requestHash: b },
        { identifier: 1, requestHash: a },
        { identifier: 2, requestHash: a },
      ]),
    ).toEqual([
      { requestHash: '01'.repeat(32), identifiers: [1, 2] },
      { requestHash: '02'.repeat(32), identifiers: [3] },
    ]);
  });

  it('a jailed custodian from an earlier session is not selected', () => {
    const first = signLocal({
      publicKeyPackage: tr.pkp,
      request: psbtRequest,
      signers: everyone(tr, { 1: { corruptShare: true } }),
      reputation: initialReputation([1, 2, 3]),
      rng: seededRng('local-4'),
    });
    const second = signLocal({
      publicKeyPackage: tr.pkp,
      request: { kind: 'message', message: new Uint8Array([9]) },
      signers: everyone(tr),
      reputation: first.reputation,
      rng: seededRng('local-5'),
    });
    expect(second.attempts).toEqual([{ signers: [2, 3], blamed: [], silent: [] }]);
  });
});
