/**
 * Whole ceremonies through the real state machine: every message serialised to bytes,
 * delivered in shuffled order with duplicates.
 */
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../simulation.js';
import { SUITE_NAMES } from '../suites.js';
import { createNodeIdentityCrypto } from '../../platform/node.js';
import { createNobleIdentityCrypto } from '../identity.js';
import { verifyCertificate, certificateOf } from '../certificate.js';
import { testSign } from '../signing.js';
import { fromHex, utf8 } from '../encoding.js';
import type { KeyPackage } from '../dkg/index.js';
import type { SimulationResult } from '../simulation.js';

function expectSuccess(r: SimulationResult, generation = 0): string {
  for (const v of r.views) {
    expect(v.phase, `${v.me.name}: ${JSON.stringify(v.errors)}`).toBe('success');
    expect(v.generation).toBe(generation);
    expect(v.groupKey.status).toBe('confirmed');
  }
  const keys = new Set(r.views.map((v) => v.groupKey.hex));
  expect(keys.size).toBe(1);
  return [...keys][0] as string;
}

function keyPackages(r: SimulationResult): KeyPackage[] {
  return r.participants.flatMap((p) => {
    const s = p.state.session;
    if (!s?.result) return [];
    return [
      {
        suite: s.params.suite,
        identifier: s.myId,
        signingShare: fromHex(s.result.signingShare),
        verifyingShare: fromHex(s.result.verifyingShare),
        verifyingKey: fromHex(s.result.verifyingKey),
        minSigners: s.params.minSigners,
      },
    ];
  });
}

describe('whole ceremonies', () => {
  it.each(SUITE_NAMES)('%s: 2-of-3 succeeds, certificate verifies, t shares sign', async (suite) => {
    const r = await runSimulation({
      suite,
      minSigners: 2,
      maxSigners: 3,
      seed: `suite-${suite}`,
      crypto: createNodeIdentityCrypto(),
    });
    const key = expectSuccess(r);
    const cert = certificateOf(r.participants[1]!.state);
    expect(cert).not.toBeNull();
    expect(r.certificate).not.toBeNull();
    expect(r.keyPackages.map((k) => k.keyPackage.identifier)).toEqual([1, 2, 3]);
    expect(r.publicKeyPackage?.verifyingShares.length).toBe(3);
    const check = verifyCertificate(cert as string);
    expect(check.ok, JSON.stringify(check)).toBe(true);
    if (check.ok) expect(check.summary.groupKey).toBe(key);
    const kps = keyPackages(r);
    const pkp = r.participants[0]!.state.session!.result!;
    const pub = {
      suite,
      verifyingShares: pkp.verifyingShares.map((v) => ({
        identifier: v.identifier,
        verifyingShare: fromHex(v.verifyingShare),
      })),
      verifyingKey: fromHex(pkp.verifyingKey),
      minSigners: 2,
    };
    const sig = testSign(kps.slice(1, 3), pub, utf8('hello'), r.participants[0]!.rng);
    expect(sig).toBeDefined();
  });

  it('t = n (3-of-3, ristretto255)', async () => {
    expectSuccess(
      await runSimulation({
        suite: 'ristretto255',
        minSigners: 3,
        maxSigners: 3,
        seed: 't=n',
        crypto: createNodeIdentityCrypto(),
      }),
    );
  });

  it('t = 1 < n (1-of-3, secp256k1)', async () => {
    expectSuccess(
      await runSimulation({
        suite: 'secp256k1',
        minSigners: 1,
        maxSigners: 3,
        seed: 't=1',
        allowSingleSigner: true,
        crypto: createNodeIdentityCrypto(),
      }),
    );
  });

  it('7-of-10 ed25519', async () => {
    const r = await runSimulation({
      suite: 'ed25519',
      minSigners: 7,
      maxSigners: 10,
      seed: 'ten',
      crypto: createNodeIdentityCrypto(),
    });
    expectSuccess(r);
    expect(verifyCertificate(certificateOf(r.participants[9]!.state) as string).ok).toBe(true);
  });

  it('noble and node:crypto identities produce identical signatures', () => {
    const a = createNobleIdentityCrypto();
    const b = createNodeIdentityCrypto();
    const sk = new Uint8Array(32).fill(3);
    expect(b.publicKey(sk)).toEqual(a.publicKey(sk));
    const msg = utf8('message');
    expect(b.sign(msg, sk)).toEqual(a.sign(msg, sk));
    expect(a.verify(b.sign(msg, sk), msg, a.publicKey(sk))).toBe(true);
  });
});
