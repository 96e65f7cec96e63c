/**
 * Attack tests for "one Ed25519 verifier" (SECURITY.md): `frost-ceremony verify` must give the
 * app's verdict on every signature in a certificate.
 * - A participant who signs its messages with crafted nonces (mixed-order R: rB + T8) takes part
 *   in a ceremony that every app accepts; the certificate must then pass `verify` too (OpenSSL's
 *   cofactorless check alone rejected it).
 * - A "participant" whose identity key is the small-order identity point needs no secret: the
 *   same (R = identity, S = 0) verifies for every message under OpenSSL. A certificate listing
 *   such a key must not pass `verify`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { sha512 } from '@noble/hashes/sha2.js';
import {
  bytesEqual,
  concatBytes,
  fromHex,
  utf8,
  createNobleIdentityCrypto,
  generateIdentity,
  type IdentityCrypto,
  runSimulation,
} from '../protocol/index';
import { envelopeSigningInput } from '../platform/index';
import { opensslVerify } from '../platform/node';
import { captureIo } from './testing/testFixtures';
import { verifyCommand } from './verify';

const dir = mkdtempSync(join(tmpdir(), 'frost-verdict-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const noble = createNobleIdentityCrypto();
const L = ed25519.Point.Fn.ORDER;
const T8 = ed25519.Point.fromBytes(fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'));

async function verifyFile(name: string, text: string): Promise<{ code: number; err: string }> {
  const path = join(dir, name);
  writeFileSync(path, text);
  const c = captureIo();
  const code = await verifyCommand([path], c.io);
  return { code, err: c.stderr() };
}

/** Signs like Ed25519 but with nonce point R = rB + T8 (valid under the cofactored equation only). */
function mixedOrderSign(msg: Uint8Array, seed: Uint8Array): Uint8Array {
  const { scalar: a, pointBytes: A } = ed25519.utils.getExtendedPublicKey(seed);
  const r = bytesToNumberLE(sha512(concatBytes(seed, msg))) % L;
  const R = ed25519.Point.BASE.multiply(r).add(T8).toBytes();
  const k = bytesToNumberLE(sha512(concatBytes(R, A, msg))) % L;
  return concatBytes(R, numberToBytesLE((r + k * a) % L, 32));
}

describe('frost-ceremony verify gives the app’s Ed25519 verdict', () => {
  it('a participant signing with mixed-order nonces: the app completes the ceremony, and `verify` accepts its certificate', async () => {
    const carol = generateIdentity(() => new Uint8Array(32).fill(3));
    let crafted = 0;
    const crypto: IdentityCrypto = {
      publicKey: noble.publicKey,
      sign: (msg, sk) => (bytesEqual(sk, carol.secretKey) ? (crafted++, mixedOrderSign(msg, sk)) : noble.sign(msg, sk)),
      verify: noble.verify, // the verdict of browsers and the headless participant
    };
    const r = await runSimulation({
      suite: 'ed25519',
      minSigners: 2,
      maxSigners: 3,
      seed: 'mixed-order-R',
      crypto,
      identityFor: (i, rng) => (i === 2 ? carol : generateIdentity(rng)),
    });
    expect(r.generations.map((g) => g.outcome)).toEqual(['success']);
    expect(crafted).toBeGreaterThan(5);
    const cert = JSON.parse(r.certificate as string) as { confirmations: string[] };
    // Carol's confirmation really carries a mixed-order R that OpenSSL alone rejects.
    const inputs = cert.confirmations.map((t) => envelopeSigningInput(utf8(t))!);
    const carols = inputs.find((i) => bytesEqual(i.publicKey, carol.publicKey))!;
    expect(noble.verify(carols.signature, carols.message, carols.publicKey)).toBe(true);
    expect(opensslVerify(carols.signature, carols.message, carols.publicKey)).toBe(false);
    const v = await verifyFile('mixed-order.json', r.certificate as string);
    expect(v.err).toBe('');
    expect(v.code).toBe(0);
  });

  it('a certificate with a small-order identity key (signatures anyone can forge) does not verify', async () => {
    const identityPoint = ed25519.Point.ZERO.toBytes();
    const forgerSecret = new Uint8Array(32).fill(9);
    // The attacker's world: OpenSSL verdicts, and a "key" whose signatures need no secret.
    const crypto: IdentityCrypto = {
      publicKey: (sk) => (bytesEqual(sk, forgerSecret) ? identityPoint : noble.publicKey(sk)),
      sign: (msg, sk) =>
        bytesEqual(sk, forgerSecret) ? concatBytes(identityPoint, new Uint8Array(32)) : noble.sign(msg, sk),
      verify: (sig, msg, pk) => opensslVerify(sig, msg, pk),
    };
    const r = await runSimulation({
      suite: 'ed25519',
      minSigners: 2,
      maxSigners: 3,
      seed: 'small-order-key',
      crypto,
      identityFor: (i, rng) =>
        i === 2 ? { secretKey: forgerSecret, publicKey: identityPoint } : generateIdentity(rng),
    });
    expect(r.generations.map((g) => g.outcome)).toEqual(['success']);
    const v = await verifyFile('small-order.json', r.certificate as string);
    expect(v.code).toBe(1);
    expect(v.err).toMatch(/signature/i);
  });
});
