import { describe, expect, it } from 'vitest';
import { SUITE_NAMES, getSuite } from '../suites.js';
import { LifecycleError } from './errors.js';
import { proofOfHoldingMessage, proveHolding, verifyHolding, type HoldingContext } from './proofOfHolding.js';
import { makeKey, seededRng } from './testing/testKeys.js';

const sid = (b: number) => new Uint8Array(32).fill(b);

function expectLifecycleError(f: () => unknown, code: string, culprits: number[]): LifecycleError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(LifecycleError);
    expect((e as LifecycleError).code).toBe(code);
    expect((e as LifecycleError).culprits).toEqual(culprits);
    return e as LifecycleError;
  }
  throw new Error('expected a LifecycleError');
}

describe.each(SUITE_NAMES)('proof of holding (%s)', (name) => {
  const rng = seededRng(`poh-${name}`);
  const key = makeKey(name, 2, 3, rng);
  const pkp = key.publicKeyPackage;
  const ctx: HoldingContext = { sessionId: sid(7), purpose: 'reshare' };
  const kp2 = key.keyPackages.get(2)!;
  const proof = proveHolding(kp2, pkp, ctx, rng);

  it('verifies for the holder of share 2 in this session and purpose', () => {
    expect(() => verifyHolding(pkp, ctx, 2, proof)).not.toThrow();
    expect(proof.signature.length).toBe(getSuite(name).signatureBytes);
  });

  it('is the suite Schnorr signature under the verifying share (frost-rs VerifyingKey::verify semantics)', () => {
    const suite = getSuite(name);
    const msg = proofOfHoldingMessage(pkp, 2, ctx);
    expect(suite.internals.frost.verify(proof.signature, msg, kp2.verifyingShare)).toBe(true);
  });

  it('rejects a signature by the wrong share (3 signs, claims 2)', () => {
    const kp3 = key.keyPackages.get(3)!;
    const forged = proveHolding(
      { ...kp3, identifier: 2, verifyingShare: kp2.verifyingShare },
      {
        ...pkp,
        verifyingShares: pkp.verifyingShares.map((v) =>
          v.identifier === 2 ? { ...v, verifyingShare: kp3.verifyingShare } : v,
        ),
      },
      ctx,
      rng,
    );
    expectLifecycleError(() => verifyHolding(pkp, ctx, 2, forged), 'bad-proof-of-holding', [2]);
  });

  it('rejects a replay into another session or another purpose', () => {
    expectLifecycleError(
      () => verifyHolding(pkp, { ...ctx, sessionId: sid(8) }, 2, proof),
      'bad-proof-of-holding',
      [2],
    );
    expectLifecycleError(
      () => verifyHolding(pkp, { ...ctx, purpose: 'refresh' }, 2, proof),
      'bad-proof-of-holding',
      [2],
    );
  });

  it('rejects a proof sent by another identifier than the one it claims (wrong sender)', () => {
    expectLifecycleError(() => verifyHolding(pkp, ctx, 3, proof), 'bad-proof-of-holding', [3]);
    // and relabelling the proof to the sender does not help: the signature binds identifier 2
    expectLifecycleError(() => verifyHolding(pkp, ctx, 3, { ...proof, identifier: 3 }), 'bad-proof-of-holding', [3]);
  });

  it('rejects missing, truncated, oversized and re-encoded signatures', () => {
    expectLifecycleError(() => verifyHolding(pkp, ctx, 2, undefined as never), 'malformed', [2]);
    expectLifecycleError(() => verifyHolding(pkp, ctx, 2, { identifier: 2 } as never), 'malformed', [2]);
    expectLifecycleError(
      () => verifyHolding(pkp, ctx, 2, { ...proof, signature: proof.signature.subarray(1) }),
      'malformed',
      [2],
    );
    expectLifecycleError(
      () => verifyHolding(pkp, ctx, 2, { ...proof, signature: new Uint8Array(1 << 20) }),
      'malformed',
      [2],
    );
    // z + order: same value mod q, non-canonical encoding
    const suite = getSuite(name);
    const sig = proof.signature.slice();
    const zOff = sig.length - suite.scalarBytes;
    const z = suite.internals.Fn.fromBytes(sig.subarray(zOff));
    const big = z + suite.internals.Fn.ORDER;
    if (big < 1n << BigInt(8 * suite.scalarBytes)) {
      const hex = big.toString(16).padStart(suite.scalarBytes * 2, '0');
      const bytes = Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));
      sig.set(suite.identifierByteOrder === 'le' ? bytes.reverse() : bytes, zOff);
      expectLifecycleError(() => verifyHolding(pkp, ctx, 2, { ...proof, signature: sig }), 'bad-proof-of-holding', [2]);
    }
  });

  it('rejects a proof for a share of another key', () => {
    const other = makeKey(name, 2, 3, seededRng(`poh-other-${name}`));
    const p = proveHolding(other.keyPackages.get(2)!, other.publicKeyPackage, ctx, rng);
    expectLifecycleError(() => verifyHolding(pkp, ctx, 2, p), 'bad-proof-of-holding', [2]);
  });

  it('refuses to prove with a key package that is not in the public key package (local misuse)', () => {
    expectLifecycleError(() => proveHolding({ ...kp2, identifier: 3 }, pkp, ctx, rng), 'bad-input', []);
  });
});
