/**
 * Certificate v2 (COCKTAIL-DKG, certificate.ts) against tampering, and the v1 path kept for
 * certificates written by the previous core (fixtures frozen from it): each verifies by its own
 * code, names its format, and neither is ever read as the other.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { getCocktailSuite } from './cocktail/suites.js';
import { parseTranscript } from './cocktail/transcript.js';
import { certificateOf, CERTIFICATE_FORMAT, CERTIFICATE_FORMAT_V1, verifyCertificate } from './certificate.js';
import { fromHex, toHex } from './encoding.js';
import { keyPackageOf } from './machine/outputs.js';
import { runSimulation } from './simulation.js';
import { taprootOutputKey } from './wallet/taproot.js';

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`./testing/fixtures/${name}`, import.meta.url)), 'utf8');

type Cert = Record<string, unknown> & { cocktail: { suite: string; transcript: string; signatures: string } };
const flipLast = (hex: string): string => hex.slice(0, -2) + (hex.endsWith('00') ? '01' : '00');

let ed: string;
let tr: string;
let trState: Awaited<ReturnType<typeof runSimulation>>;
beforeAll(async () => {
  ed = certificateOf(
    (await runSimulation({ suite: 'ed25519', minSigners: 2, maxSigners: 3, seed: 'cert-v2' })).participants[0]!.state,
  )!;
  trState = await runSimulation({ suite: 'secp256k1-tr', minSigners: 2, maxSigners: 3, seed: 'cert-v2-tr' });
  tr = certificateOf(trState.participants[1]!.state)!;
});

describe('certificate v2', () => {
  it('verifies, names its format, and its transcript is the spec T: P_1..P_n are the roster static keys', () => {
    const r = verifyCertificate(ed);
    expect(r.ok && r.summary.format).toBe(CERTIFICATE_FORMAT);
    const c = JSON.parse(ed) as Cert;
    const T = parseTranscript(getCocktailSuite('ed25519'), fromHex(c.cocktail.transcript));
    const roster = JSON.parse(JSON.parse(c.roster as string).payload) as { roster: { static: string }[] };
    expect(T.staticPublicKeys.map(toHex)).toEqual(roster.roster.map((e) => e.static));
    expect(T.t).toBe(2);
    expect(c.cocktail.signatures).toHaveLength(3 * 64 * 2);
  });

  it('refuses a flipped transcript, signature, suite or PublicKeyPackage, naming the field', () => {
    const c = JSON.parse(ed) as Cert;
    const variants: [Cert, RegExp][] = [
      [{ ...c, cocktail: { ...c.cocktail, transcript: flipLast(c.cocktail.transcript) } }, /cocktail\.transcript/],
      [{ ...c, cocktail: { ...c.cocktail, signatures: flipLast(c.cocktail.signatures) } }, /signature #3/],
      [{ ...c, cocktail: { ...c.cocktail, signatures: c.cocktail.signatures.slice(2) } }, /cocktail\.signatures/],
      [{ ...c, cocktail: { ...c.cocktail, suite: 'ristretto255' } }, /cocktail\.suite/],
      [{ ...c, round1: [...(c.round1 as string[])].reverse() }, /round1 #1/],
    ];
    for (const [v, why] of variants) {
      const r = verifyCertificate(JSON.stringify(v));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(why);
    }
  });

  it('secp256k1-tr: the key packages follow today’s Taproot rules (the group key is the BIP-341 output key of the even-Y x(Σ C_i,0))', () => {
    const r = verifyCertificate(tr);
    if (!r.ok) throw new Error(r.reason);
    const kp = keyPackageOf(trState.participants[1]!.state)!;
    expect(toHex(kp.verifyingKey)).toBe(r.summary.groupKey);
    expect(toHex(taprootOutputKey(fromHex(r.summary.taprootInternalKey!)))).toBe(r.summary.groupKey.slice(2));
  });
});

describe('certificate v1 (the previous core) keeps verifying by its own path', () => {
  it('the frozen v1 certificates verify and say v1', () => {
    const a = verifyCertificate(fixture('certificate-v1-ed25519.json'));
    expect(a.ok && [a.summary.format, a.summary.groupKey]).toEqual([
      CERTIFICATE_FORMAT_V1,
      'a0f83f12505c7db43166741852ffd58e35248858b605604ee3cd7ed30d7fbd5d',
    ]);
    const b = verifyCertificate(fixture('certificate-v1-secp256k1-tr.json'));
    expect(b.ok && b.summary.format).toBe(CERTIFICATE_FORMAT_V1);
    expect(b.ok && b.summary.taprootInternalKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a v1 file relabelled v2, or a v2 file relabelled v1, is refused (never misread)', () => {
    const v1 = JSON.parse(fixture('certificate-v1-ed25519.json')) as Record<string, unknown>;
    expect(verifyCertificate(JSON.stringify({ ...v1, format: CERTIFICATE_FORMAT })).ok).toBe(false);
    const v2 = JSON.parse(ed) as Record<string, unknown>;
    expect(verifyCertificate(JSON.stringify({ ...v2, format: CERTIFICATE_FORMAT_V1 })).ok).toBe(false);
    const { cocktail: _drop, ...noCocktail } = v2;
    expect(verifyCertificate(JSON.stringify({ ...noCocktail, format: CERTIFICATE_FORMAT_V1 })).ok).toBe(false);
    const r = verifyCertificate(JSON.stringify({ ...v2, format: 'frost-ceremony/certificate/v3' }));
    expect(!r.ok && r.reason).toMatch(/neither .*v2 nor .*v1/);
  });
});
