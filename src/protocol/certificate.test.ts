import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runSimulation } from './simulation.js';
import { createNodeIdentityCrypto } from '../platform/node.js';
import { certificateOf, verifyCertificate } from './certificate.js';

const crypto = createNodeIdentityCrypto();
let cert: string;
let coordinator: string;
let groupKey: string;

beforeAll(async () => {
  const r = await runSimulation({ suite: 'ed25519', minSigners: 2, maxSigners: 3, seed: 'certificate', crypto });
  cert = certificateOf(r.participants[2]!.state) as string;
  coordinator = r.participants[0]!.state.identity.publicKey;
  groupKey = r.views[0]!.groupKey.hex as string;
});

type Cert = {
  roster: string;
  starts: string[];
  round1: string[];
  echoes: string[];
  confirmations: string[];
  publicKeyPackage: Record<string, unknown>;
};
const edit = (f: (c: Cert) => void): string => {
  const c = JSON.parse(cert) as Cert;
  f(c);
  return JSON.stringify(c);
};

describe('success certificate', () => {
  it('verifies offline and summarises the ceremony', () => {
    const r = verifyCertificate(cert, { expectedCoordinator: coordinator });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.summary.groupKey).toBe(groupKey);
    expect(r.summary.participants.map((p) => p.name)).toEqual(['P1', 'P2', 'P3']);
    expect(r.summary.minSigners).toBe(2);
    expect(r.summary.ciphersuiteId).toBe('FROST-ED25519-SHA512-v1');
    expect(r.summary.verificationCode).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
  });

  it('contains no round-2 material', () => {
    expect(cert).not.toContain('round2');
    expect(cert).not.toContain('ciphertext');
  });

  it.each<[string, () => string, RegExp]>([
    ['another coordinator expected', () => cert, /coordinator/],
    ['a start missing', () => edit((c) => c.starts.pop()), /start: expected 3/],
    ['round-1 packages swapped', () => edit((c) => c.round1.reverse()), /round1 #1 is signed by participant #3/],
    ['an echo replaced by a confirmation', () => edit((c) => (c.echoes[0] = c.confirmations[0] as string)), /echo #1/],
    [
      'a confirmation signature flipped',
      () =>
        edit(
          (c) =>
            (c.confirmations[1] = (c.confirmations[1] as string).replace(
              /"sig":"(.)/,
              (_m, ch: string) => `"sig":"${ch === '0' ? '1' : '0'}`,
            )),
        ),
      /signature/,
    ],
    [
      'the group key changed',
      () =>
        edit(
          (c) =>
            (c.publicKeyPackage.verifying_key = (c.publicKeyPackage.verifying_key as string).replace(/^(..)/, '00')),
        ),
      /publicKeyPackage/,
    ],
    [
      'a verifying share swapped',
      () =>
        edit((c) => {
          const vs = c.publicKeyPackage.verifying_shares as Record<string, string>;
          const [a, b] = Object.keys(vs) as [string, string];
          [vs[a], vs[b]] = [vs[b] as string, vs[a] as string];
        }),
      /verifying share/,
    ],
    ['not JSON', () => cert.slice(0, 100), /not JSON/],
    ['an unknown field', () => edit((c) => ((c as unknown as Record<string, unknown>).extra = 1)), /not a certificate/],
  ])('fails when %s', (name, make, reason) => {
    const r = verifyCertificate(
      make(),
      name === 'another coordinator expected' ? { expectedCoordinator: '00'.repeat(32) } : {},
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it('property: any single-character change either fails or changes nothing the summary says', () => {
    const good = verifyCertificate(cert);
    fc.assert(
      fc.property(fc.nat({ max: cert.length - 1 }), fc.constantFrom(...'0123456789abcdef"{}[],: x'), (pos, ch) => {
        if (cert[pos] === ch) return;
        const r = verifyCertificate(cert.slice(0, pos) + ch + cert.slice(pos + 1));
        if (r.ok) expect(r).toEqual(good);
      }),
      { numRuns: 150 },
    );
  });
});
