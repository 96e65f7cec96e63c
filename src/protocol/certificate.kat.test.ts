/**
 * Known answer for the success certificate (certificate.ts): a seeded simulation (all randomness
 * from the seed, ed25519 signatures deterministic) gives one certificate text, byte for byte. Its
 * SHA-256, length and the facts in it are frozen: a changed layout, field, message encoding or
 * protocol step that alters a signed message fails here. (A deliberate protocol change updates the
 * values below, and says so in its commit.) Updated for session id v4: the roster and hellos carry
 * COCKTAIL static keys, and each participant draws its master secret from the seeded rng, which
 * moves the later draws (hence a new group key too).
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
    expect(CERTIFICATE_FORMAT).toBe('frost-ceremony/certificate/v1');
    expect(cert.length).toBe(11201);
    expect(toHex(sha256(utf8(cert)))).toBe('53b13d75877d6adfa972cc4cd05d74dbf5c38f91e16df5f0c060cc0a3f01c6b9');
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
    expect(r.ok && r.summary.groupKey).toBe('a0f83f12505c7db43166741852ffd58e35248858b605604ee3cd7ed30d7fbd5d');
  });
});
