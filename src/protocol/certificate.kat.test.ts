/**
 * Known answer for the success certificate (certificate.ts): a seeded simulation (all randomness
 * from the seed, ed25519 signatures deterministic) gives one certificate text, byte for byte. Its
 * SHA-256, length and the facts in it are frozen: a changed layout, field, message encoding or
 * protocol step that alters a signed message fails here. (A deliberate protocol change updates the
 * values below, and says so in its commit.) Updated for session id v4: the roster and hellos carry
 * COCKTAIL static keys, and each participant draws its master secret from the seeded rng, which
 * moves the later draws (hence a new group key too). Updated for certificate v2 (COCKTAIL-DKG:
 * msg1 round-1 payloads, CertEq confirmations, the cocktail transcript and signatures). The v1
 * certificate frozen before that change (testing/fixtures/certificate-v1-*.json, written by the
 * previous core from this same seed) still verifies through the v1 path and names its format.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSimulation } from './simulation.js';
import { certificateOf, CERTIFICATE_FORMAT, verifyCertificate } from './certificate.js';
import { toHex, utf8 } from './encoding.js';

let cert: string;

beforeAll(async () => {
  const r = await runSimulation({ suite: 'ed25519', minSigners: 2, maxSigners: 3, seed: 'kat-certificate' });
  cert = certificateOf(r.participants[2]!.state) as string;
});

describe('certificate known answer', () => {
  it('the seeded 2-of-3 ed25519 ceremony gives the frozen certificate', () => {
    expect(CERTIFICATE_FORMAT).toBe('frost-ceremony/certificate/v2');
    expect(cert.length).toBe(15596);
    expect(toHex(sha256(utf8(cert)))).toBe('1288ebef65f11414fa5e71ce674235b32772d20a05740dd69ddc85da767edf35');
  });

  it('names the frozen room, session and group key, and verifies', () => {
    const roster = JSON.parse((JSON.parse(cert) as { roster: string }).roster) as {
      room: string;
      session: string;
      gen: number;
    };
    expect([roster.room, roster.session, roster.gen]).toEqual([
      'room-cf7f54827d59',
      '29bffd0011a78463bc00be7b3940c84ba33b613825d0962c7912e0cd9dc98126',
      0,
    ]);
    const r = verifyCertificate(cert);
    expect(r.ok && r.summary.groupKey).toBe('e079bdbe810f1f3cd5e8e4ab62b52c61876f956659a58d0958fa7ceb389a47ee');
    expect(r.ok && r.summary.format).toBe('frost-ceremony/certificate/v2');
  });
});
