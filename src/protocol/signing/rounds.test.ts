import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { schnorr } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../dkg/testing/testHelpers.js';
import { encodeScalar } from '../dkg/group.js';
import { toHex } from '../encoding.js';
import { verifyGroupSignature } from '../signing.js';
import { getSuite, SUITE_NAMES } from '../suites.js';
import { SignError } from './errors.js';
import { consumeNonce, createNonce, emptyNonceStore, type NonceStore, type SigningCommitment } from './nonces.js';
import {
  aggregateSignature,
  checkShareEvidence,
  checkSigningPackage,
  InvalidShareError,
  round2Sign,
  signingPackageHash,
  verifySignatureShare,
  type SignatureShare,
  type SigningPackage,
} from './rounds.js';
import { makeGroup, type Group } from './testing/fixtures.js';

const message = new TextEncoder().encode('pay the invoice #42');

/** Round 1 for `ids`: stores and the signing package. */
function round1(g: Group, ids: number[], msg = message, seed = 'r1') {
  const rng = seededRng(seed);
  const stores = new Map<number, NonceStore>();
  const commitments: SigningCommitment[] = [];
  for (const id of ids) {
    const r = createNonce(emptyNonceStore(), 'n', g.keyPackages[id - 1]!, rng);
    stores.set(id, r.store);
    commitments.push(r.commitment);
  }
  return { stores, pkg: { message: msg, commitments } as SigningPackage };
}

function round2(g: Group, stores: Map<number, NonceStore>, pkg: SigningPackage): SignatureShare[] {
  return pkg.commitments.map((c) =>
    round2Sign(g.keyPackages[c.identifier - 1]!, g.pkp, pkg, consumeNonce(stores.get(c.identifier)!, 'n').nonce),
  );
}

describe.each(SUITE_NAMES)('rounds on a DKG key: %s', (name) => {
  const g = makeGroup(name, 2, 3);

  it('two signers make a signature that verifies (ed25519 also with node:crypto, secp256k1-tr as BIP-340)', () => {
    const { stores, pkg } = round1(g, [1, 3]);
    const sig = aggregateSignature(g.pkp, pkg, round2(g, stores, pkg));
    expect(verifyGroupSignature(name, g.pkp.verifyingKey, message, sig)).toBe(true);
    if (name === 'ed25519') {
      const key = createPublicKey({
        key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(g.pkp.verifyingKey).toString('base64url') },
        format: 'jwk',
      });
      expect(nodeVerify(null, message, key, sig)).toBe(true);
    }
    if (name === 'secp256k1-tr') expect(schnorr.verify(sig, message, g.pkp.verifyingKey.subarray(1))).toBe(true);
  });

  it('an invalid share names its signer with evidence that checkShareEvidence confirms; the honest share is not blamed', () => {
    const { stores, pkg } = round1(g, [1, 2]);
    const shares = round2(g, stores, pkg);
    const suite = getSuite(name);
    const bad = {
      identifier: 2,
      share: encodeScalar(suite, suite.internals.Fn.add(suite.internals.Fn.fromBytes(shares[1]!.share), 1n)),
    };
    let err: unknown;
    try {
      aggregateSignature(g.pkp, pkg, [shares[0]!, bad]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidShareError);
    const e = err as InvalidShareError;
    expect(e.code).toBe('invalid-share');
    expect(e.culprits).toEqual([2]);
    expect(e.evidence).toHaveLength(1);
    expect(checkShareEvidence(g.pkp, e.evidence[0]!)).toBe(true);
    // The honest share as "evidence" proves nothing.
    expect(checkShareEvidence(g.pkp, { signingPackage: pkg, share: shares[0]! })).toBe(false);
    // The honest share with a package it was not made for is "invalid" arithmetically: that is
    // why the signed share message carries signingPackageHash (the evidence's binding).
    expect(toHex(signingPackageHash(g.pkp, e.evidence[0]!.signingPackage))).toBe(toHex(signingPackageHash(g.pkp, pkg)));
  });
});

describe('share handling: missing, duplicated, wrong sender, re-encoded, huge', () => {
  const g = makeGroup('secp256k1', 2, 3);
  const { stores, pkg } = round1(g, [1, 2]);
  const shares = round2(g, stores, pkg);
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return [(e as SignError).code, [...(e as SignError).culprits]];
    }
    return 'no error';
  };

  it('a missing share names who is missing', () => {
    expect(code(() => aggregateSignature(g.pkp, pkg, [shares[0]!]))).toEqual(['bad-signing-package', [2]]);
  });
  it('two shares from one signer are refused, naming it', () => {
    expect(code(() => aggregateSignature(g.pkp, pkg, [shares[0]!, shares[1]!, shares[1]!]))).toEqual([
      'bad-signing-package',
      [2],
    ]);
  });
  it('a share from someone not in the package (wrong sender) is refused, naming it', () => {
    expect(
      code(() => aggregateSignature(g.pkp, pkg, [shares[0]!, { identifier: 3, share: shares[1]!.share }])),
    ).toEqual(['bad-signing-package', [3]]);
  });
  it("a share relabelled as another signer's is invalid for that signer", () => {
    expect(
      code(() =>
        aggregateSignature(g.pkp, pkg, [
          { identifier: 1, share: shares[1]!.share },
          { identifier: 2, share: shares[0]!.share },
        ]),
      ),
    ).toEqual(['invalid-share', [1, 2]]);
  });
  it('a non-canonical share (z + n), a short one and a huge one are invalid, naming the signer', () => {
    const n = getSuite('secp256k1').internals.Fn.ORDER;
    const z = BigInt(`0x${toHex(shares[1]!.share)}`) + n;
    const nonCanonical =
      z < 2n ** 256n ? Uint8Array.from(Buffer.from(z.toString(16).padStart(64, '0'), 'hex')) : new Uint8Array(33);
    for (const bad of [nonCanonical, shares[1]!.share.subarray(1), new Uint8Array(1 << 20)])
      expect(code(() => aggregateSignature(g.pkp, pkg, [shares[0]!, { identifier: 2, share: bad }]))).toEqual([
        'invalid-share',
        [2],
      ]);
  });
  it('verifySignatureShare: true for the real shares only', () => {
    expect(shares.map((s) => verifySignatureShare(g.pkp, pkg, s))).toEqual([true, true]);
    expect(verifySignatureShare(g.pkp, { ...pkg, message: new Uint8Array(1) }, shares[0]!)).toBe(false);
  });
  it('the signing package hash changes with the message and with any commitment', () => {
    const h = toHex(signingPackageHash(g.pkp, pkg));
    expect(toHex(signingPackageHash(g.pkp, { ...pkg, message: new Uint8Array(1) }))).not.toBe(h);
    const other = round1(g, [1, 2], message, 'other').pkg;
    expect(
      toHex(signingPackageHash(g.pkp, { ...pkg, commitments: [pkg.commitments[0]!, other.commitments[1]!] })),
    ).not.toBe(h);
  });
});

describe('signing packages a signer refuses', () => {
  const g = makeGroup('ed25519', 2, 3);
  const { stores, pkg } = round1(g, [1, 2, 3]);
  const [c1, c2, c3] = pkg.commitments as [SigningCommitment, SigningCommitment, SigningCommitment];
  const refused = (p: SigningPackage) =>
    expect(() => checkSigningPackage(g.pkp, p)).toThrow(expect.objectContaining({ code: 'bad-signing-package' }));

  it('unsorted, duplicated, non-member, identity-point, too few, too many, no message', () => {
    refused({ ...pkg, commitments: [c2, c1, c3] });
    refused({ ...pkg, commitments: [c1, c1, c3] });
    refused({ ...pkg, commitments: [c1, { ...c2, identifier: 9 }] });
    refused({
      ...pkg,
      commitments: [c1, { ...c2, hiding: new Uint8Array(32).fill(0).map((_, i) => (i === 0 ? 1 : 0)) }],
    }); // the identity
    refused({ ...pkg, commitments: [c1] });
    refused({ ...pkg, commitments: [c1, c2, c3, { ...c3, identifier: 4 }] });
    refused({ commitments: [c1, c2], message: 'text' as unknown as Uint8Array });
    expect(() => checkSigningPackage(g.pkp, pkg, [1, 2])).toThrow(/selected signers/);
  });

  it('round2Sign refuses a package listing a different commitment for this signer (and does not use up the nonce store record twice)', () => {
    const swapped = { ...pkg, commitments: [{ ...c1, hiding: c2.hiding }, c2, c3] };
    const { nonce } = consumeNonce(stores.get(1)!, 'n');
    expect(() => round2Sign(g.keyPackages[0]!, g.pkp, swapped, nonce)).toThrow(
      expect.objectContaining({ code: 'bad-signing-package' }),
    );
  });

  it("round2Sign refuses another signer's nonce and a key package of another group", () => {
    const { nonce } = consumeNonce(stores.get(2)!, 'n');
    expect(() => round2Sign(g.keyPackages[0]!, g.pkp, pkg, nonce)).toThrow(
      expect.objectContaining({ code: 'bad-signing-package' }),
    );
    const other = makeGroup('ed25519', 2, 3, 'other');
    expect(() => round2Sign(other.keyPackages[1]!, g.pkp, pkg, nonce)).toThrow(
      expect.objectContaining({ code: 'bad-key-package' }),
    );
  });

  it('a consumed nonce signs once: a replay of the same ConsumedNonce is refused', () => {
    const { nonce } = consumeNonce(stores.get(3)!, 'n');
    round2Sign(g.keyPackages[2]!, g.pkp, pkg, nonce);
    expect(() => round2Sign(g.keyPackages[2]!, g.pkp, { ...pkg, message: new Uint8Array(3) }, nonce)).toThrow(
      expect.objectContaining({ code: 'nonce-reused' }),
    );
  });
});

describe('errors are SignError', () => {
  it('garbage public key package', () => {
    expect(() => checkSigningPackage({} as never, { message: new Uint8Array(), commitments: [] })).toThrow(SignError);
  });
});
