import { describe, expect, it } from 'vitest';
import { seededRng } from '../dkg/testing/testHelpers.js';
import { toHex } from '../encoding.js';
import { verifyGroupSignature } from '../signing.js';
import { getSuite } from '../suites.js';
import { awaitedSigners, finishAttempt, receiveShares, startAttempt, type ShareMessage } from './attempt.js';
import { checkShareEvidence, round2Sign, signingPackageHash, type SigningPackage } from './rounds.js';
import { consumeNonce, createNonce, emptyNonceStore, type NonceStore } from './nonces.js';
import { signingMessages } from './request.js';
import { makeGroup, twoInputPsbt } from './testing/fixtures.js';

const g = makeGroup('secp256k1-tr', 2, 3);
const messages = signingMessages({ kind: 'psbt', psbt: twoInputPsbt(g.pkp), network: 'bitcoin' }, g.pkp);

/** Round 1 and 2 for `signers` over both PSBT inputs; returns the packages and each signer's share message. */
function attempt(signers: number[], seed: string) {
  const rng = seededRng(seed);
  const stores = new Map<number, NonceStore>(signers.map((s) => [s, emptyNonceStore()]));
  const packages: SigningPackage[] = messages.map((message, m) => ({
    message,
    commitments: signers.map((id) => {
      const r = createNonce(stores.get(id)!, `m${m}`, g.keyPackages[id - 1]!, rng);
      stores.set(id, r.store);
      return r.commitment;
    }),
  }));
  const msgs = new Map<number, ShareMessage>();
  for (const id of signers) {
    const shares = packages.map((pkg, m) => {
      const c = consumeNonce(stores.get(id)!, `m${m}`);
      stores.set(id, c.store);
      return round2Sign(g.keyPackages[id - 1]!, g.pkp, pkg, c.nonce).share;
    });
    msgs.set(id, { packageHashes: packages.map((p) => signingPackageHash(g.pkp, p)), shares });
  }
  return { packages, msgs };
}

describe('receiving share messages', () => {
  const a1 = attempt([1, 2], 'a1');
  const a2 = attempt([1, 3], 'a2');

  it('in any order, with duplicates: accepted once, then the signatures verify', () => {
    let s = startAttempt(g.pkp, a2.packages, [3, 1]);
    expect(awaitedSigners(s)).toEqual([1, 3]);
    const results: string[] = [];
    for (const [sender, m] of [
      [3, a2.msgs.get(3)!],
      [3, a2.msgs.get(3)!],
      [1, a2.msgs.get(1)!],
    ] as const) {
      const r = receiveShares(s, sender, m);
      s = r.state;
      results.push(r.result.kind);
    }
    expect(results).toEqual(['accepted', 'duplicate', 'accepted']);
    const sigs = finishAttempt(s);
    sigs.forEach((sig, i) =>
      expect(verifyGroupSignature('secp256k1-tr', g.pkp.verifyingKey, messages[i]!, sig)).toBe(true),
    );
  });

  it('a share message replayed from an earlier attempt is stale, never blame', () => {
    const s = startAttempt(g.pkp, a2.packages, [1, 3]);
    const r = receiveShares(s, 1, a1.msgs.get(1)!);
    expect(r.result).toEqual({ kind: 'stale', sender: 1 });
    expect(r.state.invalid.size).toBe(0);
    // Re-labelled with this attempt's package hashes, the old shares are invalid: blame, with evidence.
    const relabelled = { packageHashes: a2.msgs.get(1)!.packageHashes, shares: a1.msgs.get(1)!.shares };
    const r2 = receiveShares(s, 1, relabelled);
    expect(r2.result.kind).toBe('invalid');
    if (r2.result.kind === 'invalid') expect(r2.result.evidence.every((e) => checkShareEvidence(g.pkp, e))).toBe(true);
  });

  it("wrong sender: a non-signer is ignored; a signer forwarding another signer's shares is blamed (its envelope signed them)", () => {
    const s = startAttempt(g.pkp, a2.packages, [1, 3]);
    expect(receiveShares(s, 2, a2.msgs.get(1)!).result).toEqual({ kind: 'not-a-signer', sender: 2 });
    const r = receiveShares(s, 3, a2.msgs.get(1)!);
    expect(r.result.kind).toBe('invalid');
    expect(() => finishAttempt(r.state)).toThrow(expect.objectContaining({ code: 'invalid-share', culprits: [3] }));
  });

  it('two different messages from one signer: equivocation (first valid, second different)', () => {
    let s = startAttempt(g.pkp, a2.packages, [1, 3]);
    s = receiveShares(s, 1, a2.msgs.get(1)!).state;
    const other = { ...a2.msgs.get(1)!, shares: [a2.msgs.get(1)!.shares[0]!, new Uint8Array(32).fill(7)] };
    expect(receiveShares(s, 1, other).result.kind).toBe('equivocation');
  });

  it('missing, huge, wrong-count and re-encoded (z + n) shares are invalid, naming the sender, with bounded evidence', () => {
    const s = startAttempt(g.pkp, a2.packages, [1, 3]);
    const hashes = a2.msgs.get(1)!.packageHashes;
    const good = a2.msgs.get(1)!.shares;
    const n = getSuite('secp256k1-tr').internals.Fn.ORDER;
    const plusN = (b: Uint8Array) => {
      const z = BigInt(`0x${toHex(b)}`) + n;
      return z < 2n ** 256n
        ? Uint8Array.from(Buffer.from(z.toString(16).padStart(64, '0'), 'hex'))
        : new Uint8Array(32).fill(255);
    };
    const bad: ShareMessage[] = [
      { packageHashes: hashes, shares: [good[0]!] },
      { packageHashes: hashes, shares: [good[0]!, new Uint8Array(1 << 20)] },
      { packageHashes: hashes, shares: [good[0]!, plusN(good[1]!)] },
      { packageHashes: hashes, shares: 'x' as unknown as Uint8Array[] },
    ];
    for (const m of bad) {
      const r = receiveShares(s, 1, m);
      expect(r.result.kind).toBe('invalid');
      if (r.result.kind === 'invalid')
        for (const e of r.result.evidence) expect(e.share.share.length).toBeLessThanOrEqual(33);
    }
  });

  it('finishing early names who is awaited', () => {
    const s = receiveShares(startAttempt(g.pkp, a2.packages, [1, 3]), 3, a2.msgs.get(3)!).state;
    expect(() => finishAttempt(s)).toThrow(expect.objectContaining({ code: 'bad-signing-package', culprits: [1] }));
  });

  it('an attempt whose packages do not list exactly the selected signers is refused', () => {
    expect(() => startAttempt(g.pkp, a2.packages, [1, 2])).toThrow(
      expect.objectContaining({ code: 'bad-signing-package' }),
    );
  });
});
