/**
 * Known answer for the success certificate (certificate.ts): a seeded simulation (all randomness
 * from the seed, ed25519 signatures deterministic) gives one certificate text, byte for byte. Its
 * SHA-256, length and the facts in it are frozen: a changed layout, field, message encoding or
 * protocol step that alters a signed message fails here. (A deliberate protocol change updates the
 * values below, and says so in its commit.)
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
    expect(cert.length).toBe(10937);
    expect(toHex(sha256(utf8(cert)))).toBe('857d5662358b8ee6e0a267673e207ec89416f50542255cdc27cea16b669b960e');
  });

  it('names the frozen room, session and group key, and verifies', () => {
    const roster = JSON.parse((JSON.parse(cert) as { roster: string }).roster) as {
      room: string;
      session: string;
      gen: number;
    };
    expect([roster.room, roster.session, roster.gen]).toEqual([
      'room-cf7f54827d59',
      'd2326ed14e608517fbe9393103a61e6ac14b79475143e34bcfa02efe6f5a2a05',
      0,
    ]);
    const r = verifyCertificate(cert);
    expect(r.ok && r.summary.groupKey).toBe('bfb2a69add63cb77e45153ba089883b74be30b03f6cac0a0a38a779380310045');
  });
});
