import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { ED25519_TORSION_SUBGROUP, ed25519_FROST } from '@noble/curves/ed25519.js';
import { schnorr } from '@noble/curves/secp256k1.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KeyPackage, PublicKeyPackage, Rng } from './dkg/index.js';
import { runDkg, seededRng } from './dkg/testing/testHelpers.js';
import { hex, replayRng, signVectorPackages, toHexString } from './dkg/testing/testVectors.js';
import { SigningError, testSign, verifyGroupSignature } from './signing.js';
import { getSuite, SUITE_NAMES, type SuiteName } from './suites.js';

const msg = new TextEncoder().encode('frost-ceremony test signing');

describe.each(SUITE_NAMES)('frost-rs signing vectors: %s', (name) => {
  const { v, pkp, kpOf } = signVectorPackages(name);

  it('the published signature verifies under the group key', () => {
    expect(verifyGroupSignature(name, pkp.verifyingKey, hex(v.inputs.message), hex(v.final_output.sig))).toBe(true);
    expect(verifyGroupSignature(name, pkp.verifyingKey, msg, hex(v.final_output.sig))).toBe(false);
  });

  it('testSign with the vectors nonce randomness reproduces the signature exactly', () => {
    const outs = v.round_one_outputs.outputs;
    const rng = replayRng(outs.flatMap((o) => [hex(o.hiding_nonce_randomness), hex(o.binding_nonce_randomness)]));
    const sig = testSign(
      outs.map((o) => kpOf(o.identifier)),
      pkp,
      hex(v.inputs.message),
      rng,
    );
    expect(toHexString(sig)).toBe(v.final_output.sig);
  });
});

describe.each(SUITE_NAMES)('DKG then test signing: %s', (name) => {
  const suite = getSuite(name);
  const cases: [number, number][] =
    name === 'ed448' || name === 'ed25519'
      ? [
          [1, 2],
          [2, 3],
          [3, 3],
          [4, 7],
        ]
      : [
          [1, 3],
          [2, 3],
          [3, 5],
          [5, 5],
          [4, 10],
        ];

  it.each(cases)('t=%i n=%i: every t-subset signs; the signature verifies', (t, n) => {
    const rng = seededRng(`${name}-${t}-${n}`);
    const dkg = runDkg(suite, t, n, rng);
    const kps: KeyPackage[] = [];
    let pkp: PublicKeyPackage | undefined;
    for (const r of dkg.results.values()) {
      if (!r.ok) throw new Error('dkg failed');
      kps.push(r.keyPackage);
      pkp ??= r.publicKeyPackage;
      expect(r.publicKeyPackage).toEqual(pkp); // everyone derives the same public package
    }
    const signerSets = [kps.slice(0, Math.max(2, t)), kps.slice(n - Math.max(2, t))];
    for (const signers of signerSets) {
      const sig = testSign(signers, pkp!, msg, rng);
      expect(verifyGroupSignature(name, pkp!.verifyingKey, msg, sig)).toBe(true);
      if (name === 'ed25519') {
        const key = createPublicKey({
          key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(pkp!.verifyingKey).toString('base64url') },
          format: 'jwk',
        });
        expect(nodeVerify(null, msg, key, sig)).toBe(true);
      }
      if (name === 'secp256k1-tr') {
        // BIP-340 under the (tweaked) output key, x-only.
        expect(schnorr.verify(sig, msg, pkp!.verifyingKey.subarray(1))).toBe(true);
      }
    }
  });
});

describe('testSign input errors', () => {
  const name: SuiteName = 'ristretto255';
  const suite = getSuite(name);
  const dkg = runDkg(suite, 2, 3, seededRng('errors'));
  const kps = [...dkg.results.values()].map((r) => (r.ok ? r.keyPackage : undefined)!);
  const pkp = [...dkg.results.values()].map((r) => (r.ok ? r.publicKeyPackage : undefined))[0]!;
  const rng = seededRng('errors-sign');

  it('too few signers', () => {
    expect(() => testSign(kps.slice(0, 1), pkp, msg, rng)).toThrow(expect.objectContaining({ code: 'bad-input' }));
  });

  it('a key package with a wrong share is named', () => {
    const bad = { ...kps[1]!, signingShare: suite.internals.Fn.toBytes(5n) };
    let err: unknown;
    try {
      testSign([kps[0]!, bad], pkp, msg, rng);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SigningError);
    expect(err).toMatchObject({ code: 'bad-signature-share', culprits: [2] });
  });

  it('a key package from another group is named', () => {
    const other = runDkg(suite, 2, 3, seededRng('other'));
    const foreign = (other.results.get(3) as { ok: true; keyPackage: KeyPackage }).keyPackage;
    expect(() => testSign([kps[0]!, foreign], pkp, msg, rng)).toThrow(
      expect.objectContaining({ code: 'inconsistent-key-package', culprits: [3] }),
    );
  });

  it('ed25519: a signature whose R carries a small-order component is rejected', () => {
    const ed = getSuite('ed25519');
    const d = runDkg(ed, 2, 2, seededRng('torsion'));
    const r = [...d.results.values()].map((x) => (x.ok ? x : undefined)!);
    const sig = testSign(
      r.map((x) => x.keyPackage),
      r[0]!.publicKeyPackage,
      msg,
      seededRng('torsion-sign'),
    );
    const { Point } = ed.internals;
    const T = Point.fromBytes(Uint8Array.from(Buffer.from(ED25519_TORSION_SUBGROUP[2]!, 'hex'))); // a small-order point
    const badR = Point.fromBytes(sig.subarray(0, 32)).add(T).toBytes();
    const bad = Uint8Array.from([...badR, ...sig.subarray(32)]);
    expect(verifyGroupSignature('ed25519', r[0]!.publicKeyPackage.verifyingKey, msg, sig)).toBe(true);
    expect(verifyGroupSignature('ed25519', r[0]!.publicKeyPackage.verifyingKey, msg, bad)).toBe(false);
    expect(() => ed25519_FROST.verify(bad, msg, r[0]!.publicKeyPackage.verifyingKey)).toThrow();
  });

  it('property: garbage key packages / public packages / rng → SigningError, never another exception', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.constant(kps[0]!.signingShare),
      fc.constant(pkp.verifyingKey),
    );
    const garbageKp = fc.oneof(
      fc.record({
        suite: fc.constantFrom('ristretto255', 'p256'),
        identifier: fc.oneof(fc.integer({ min: -1, max: 4 }), fc.double()),
        signingShare: bytes,
        verifyingShare: bytes,
        verifyingKey: bytes,
        minSigners: fc.integer({ min: 0, max: 3 }),
      }),
      fc.constantFrom(...kps),
      fc.anything(),
    );
    const garbagePkp = fc.oneof(
      fc.constant(pkp),
      fc.integer({ min: -1, max: 4 }).map((minSigners) => ({ ...pkp, minSigners })),
      bytes.map((verifyingKey) => ({ ...pkp, verifyingKey })),
      fc
        .array(fc.record({ identifier: fc.integer({ min: 0, max: 4 }), verifyingShare: bytes }), { maxLength: 4 })
        .map((verifyingShares) => ({ ...pkp, verifyingShares })),
      fc.anything(),
    );
    const garbageRng = fc.oneof(
      fc.constant(rng),
      fc.constant((n: number) => new Uint8Array(n - 1)),
      fc.constant(() => 'x'),
    );
    fc.assert(
      fc.property(fc.array(garbageKp, { maxLength: 3 }), garbagePkp, garbageRng, (k, p, r) => {
        try {
          const sig = testSign(k as KeyPackage[], p as PublicKeyPackage, msg, r as Rng);
          expect(verifyGroupSignature(name, pkp.verifyingKey, msg, sig)).toBe(true);
        } catch (e) {
          if (!(e instanceof SigningError)) throw e;
        }
      }),
      { numRuns: 150 },
    );
  });

  it('verifyGroupSignature is false on garbage, never throws', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SUITE_NAMES), fc.anything(), fc.anything(), fc.anything(), (s, k, m, g) => {
        expect(verifyGroupSignature(s, k as Uint8Array, m as Uint8Array, g as Uint8Array)).toBe(false);
      }),
      { numRuns: 200 },
    );
    for (const s of SUITE_NAMES) {
      expect(verifyGroupSignature(s, new Uint8Array(3), msg, new Uint8Array(64))).toBe(false);
      expect(verifyGroupSignature(s, pkp.verifyingKey, msg, new Uint8Array(getSuite(s).signatureBytes))).toBe(false);
    }
    expect(verifyGroupSignature('nope' as SuiteName, pkp.verifyingKey, msg, new Uint8Array(64))).toBe(false);
  });
});
