import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { sha512 } from '@noble/hashes/sha2.js';
import {
  openEnvelope,
  sealEnvelope,
  concatBytes,
  fromHex,
  toHex,
  createNobleIdentityCrypto,
  generateIdentity,
  type IdentityCrypto,
} from '../protocol/index.js';
import {
  createBrowserIdentityCrypto,
  envelopeSigningInput,
  nativeVerdictUsable,
  type SubtleEd25519,
} from './identityBrowser.js';
import { createNodeIdentityCrypto } from './identityNode.js';

const noble = createNobleIdentityCrypto();
const L = ed25519.Point.Fn.ORDER;
const P = ed25519.Point.Fp.ORDER;
const B = ed25519.Point.BASE;
const le32 = (n: bigint) => numberToBytesLE(n, 32);
let seed = 1;
const rng = (n: number) => Uint8Array.from({ length: n }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);

/** The browser path's verdict after its native check had time to answer. */
async function browserVerdict(
  c: ReturnType<typeof createBrowserIdentityCrypto>,
  sig: Uint8Array,
  msg: Uint8Array,
  pk: Uint8Array,
): Promise<boolean> {
  c.prefetch({ signature: sig, message: msg, publicKey: pk });
  await c.idle();
  return c.verify(sig, msg, pk);
}

/** A point of order 8 and all eight small-order points (its multiples). */
const T8 = ed25519.Point.fromBytes(fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'));
const torsion = Array.from({ length: 8 }, (_, k) => T8.multiplyUnsafe(BigInt(k)));

/** Every encoding of a small-order point: canonical, with the sign bit flipped, and y + p where that fits. */
function smallOrderEncodings(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const t of torsion) {
    const enc = t.toBytes();
    out.push(enc);
    const flipped = enc.slice();
    flipped[31] = flipped[31]! ^ 0x80;
    out.push(flipped);
    const y = bytesToNumberLE(enc) & ((1n << 255n) - 1n);
    if (y + P < 1n << 255n) {
      const alt = le32(y + P);
      alt[31] = alt[31]! | (enc[31]! & 0x80);
      out.push(alt);
    }
  }
  return out;
}

describe('browser identity crypto: native Ed25519 verdicts, strict noble semantics', () => {
  it('signs byte-identically to noble and node:crypto, and verifies honest signatures natively', async () => {
    const c = createBrowserIdentityCrypto();
    const node = createNodeIdentityCrypto();
    for (let i = 0; i < 12; i++) {
      const id = generateIdentity(rng);
      const msg = rng(1 + i * 37);
      const sig = c.sign(msg, id.secretKey);
      expect(toHex(sig)).toBe(toHex(node.sign(msg, id.secretKey)));
      expect(toHex(sig)).toBe(toHex(noble.sign(msg, id.secretKey)));
      expect(toHex(c.publicKey(id.secretKey))).toBe(toHex(node.publicKey(id.secretKey)));
      expect(await browserVerdict(c, sig, msg, id.publicKey)).toBe(true);
    }
    // Node ≥ 20 has WebCrypto Ed25519, so every verdict above came from the native check.
    expect(c.stats()).toEqual({ native: 12, noble: 0 });
  });

  it('without a prefetch, or without WebCrypto, decides with noble', async () => {
    const id = generateIdentity(rng);
    const msg = rng(40);
    const sig = noble.sign(msg, id.secretKey);
    const c = createBrowserIdentityCrypto();
    expect(c.verify(sig, msg, id.publicKey)).toBe(true);
    expect(c.stats()).toEqual({ native: 0, noble: 1 });
    const none = createBrowserIdentityCrypto(null);
    expect(await browserVerdict(none, sig, msg, id.publicKey)).toBe(true);
    expect(none.stats()).toEqual({ native: 0, noble: 1 });
    const unsupported: SubtleEd25519 = {
      importKey: () => Promise.reject(Object.assign(new Error('Ed25519 unsupported'), { name: 'NotSupportedError' })),
      verify: () => Promise.reject(new Error('unreachable')),
    };
    const old = createBrowserIdentityCrypto(unsupported);
    expect(await browserVerdict(old, sig, msg, id.publicKey)).toBe(true);
    expect(await browserVerdict(old, sig, rng(3), id.publicKey)).toBe(false);
    expect(old.stats()).toEqual({ native: 0, noble: 2 });
  });

  it('a native verdict is only used for the exact bytes it was computed for', async () => {
    const id = generateIdentity(rng);
    const msg = rng(40);
    const sig = noble.sign(msg, id.secretKey);
    const c = createBrowserIdentityCrypto();
    c.prefetch({ signature: sig, message: msg, publicKey: id.publicKey });
    await c.idle();
    const other = msg.slice();
    other[0] = other[0]! ^ 1;
    expect(c.verify(sig, other, id.publicKey)).toBe(false);
    expect(c.verify(sig, msg, generateIdentity(rng).publicKey)).toBe(false);
    expect(c.stats()).toEqual({ native: 0, noble: 2 });
  });

  it('uses each native verdict once and keeps none for invalid signatures', async () => {
    const id = generateIdentity(rng);
    const msg = rng(30);
    const sig = noble.sign(msg, id.secretKey);
    const c = createBrowserIdentityCrypto();
    expect(await browserVerdict(c, sig, msg, id.publicKey)).toBe(true);
    expect(c.verify(sig, msg, id.publicKey)).toBe(true); // second time: noble
    const forged = sig.slice();
    forged[40] = forged[40]! ^ 4;
    expect(await browserVerdict(c, forged, msg, id.publicKey)).toBe(false);
    expect(c.stats()).toEqual({ native: 1, noble: 2 });
  });

  it('small-order public keys are refused on both paths, though WebCrypto itself may accept them', async () => {
    const subtle = globalThis.crypto.subtle;
    const c = createBrowserIdentityCrypto();
    const msg = rng(16);
    let nativeAccepted = 0;
    for (const A of smallOrderEncodings()) {
      for (const R of [torsion[0]!.toBytes(), A]) {
        // S = 0 and R small-order: [0]B = R + [k]A can hold for small-order A and R.
        const sig = concatBytes(R, new Uint8Array(32));
        expect(nativeVerdictUsable(sig, A)).toBe(false);
        expect(noble.verify(sig, msg, A)).toBe(false);
        expect(await browserVerdict(c, sig, msg, A)).toBe(false);
        try {
          const key = await subtle.importKey('raw', A as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, [
            'verify',
          ]);
          if (
            await subtle.verify(
              { name: 'Ed25519' },
              key,
              sig as Uint8Array<ArrayBuffer>,
              msg as Uint8Array<ArrayBuffer>,
            )
          )
            nativeAccepted++;
        } catch {
          // refusing the key natively is fine too
        }
      }
    }
    expect(c.stats().native).toBe(0);
    // Documents why the guard exists: this runtime's WebCrypto accepts (identity key, identity R, S = 0).
    expect(nativeAccepted).toBeGreaterThan(0);
  });

  it('non-canonical encodings of A or R and S ≥ L are refused on both paths', async () => {
    const c = createBrowserIdentityCrypto();
    const id = generateIdentity(rng);
    const msg = rng(24);
    const sig = noble.sign(msg, id.secretKey);
    const S = bytesToNumberLE(sig.subarray(32));
    const bad: [Uint8Array, Uint8Array][] = [
      [concatBytes(sig.subarray(0, 32), le32(S + L)), id.publicKey], // S + L: same point, non-reduced scalar
      [sig, le32(P + 2n)], // y = p + 2 (non-canonical encoding of y = 2)
      [concatBytes(le32(P + 3n), sig.subarray(32)), id.publicKey], // R with y ≥ p
      [concatBytes(le32(P), sig.subarray(32)), id.publicKey], // R: y = p (non-canonical 0)
    ];
    for (const [s, pk] of bad) {
      expect(nativeVerdictUsable(s, pk)).toBe(false);
      expect(noble.verify(s, msg, pk)).toBe(false);
      expect(await browserVerdict(c, s, msg, pk)).toBe(false);
    }
    expect(nativeVerdictUsable(sig, id.publicKey)).toBe(true);
  });

  it('a mixed-order key whose signature passes only the cofactored equation gets noble’s verdict (valid)', async () => {
    // A' = aB + T8: not small-order, so strict noble checks [8]([S]B − R − [k]A') = 0, which holds;
    // a cofactorless native check ([S]B = R + [k]A') fails unless 8 | k. The browser path must agree with noble.
    const a = bytesToNumberLE(rng(32)) % L;
    const A = B.multiply(a).add(T8).toBytes();
    const c = createBrowserIdentityCrypto();
    let checked = 0;
    for (let i = 0; i < 6; i++) {
      const msg = rng(20);
      const r = bytesToNumberLE(rng(32)) % L;
      const R = B.multiply(r).toBytes();
      const k = bytesToNumberLE(sha512(concatBytes(R, A, msg))) % L;
      const sig = concatBytes(R, le32((r + k * a) % L));
      const strict = noble.verify(sig, msg, A);
      expect(strict).toBe(true);
      expect(nativeVerdictUsable(sig, A)).toBe(true);
      expect(await browserVerdict(c, sig, msg, A)).toBe(strict);
      checked++;
    }
    expect(checked).toBe(6);
    // Whatever the native side said, at least the cases with 8 ∤ k were decided by noble.
    expect(c.stats().noble).toBeGreaterThan(0);
  });

  it('random single-bit corruptions of signature, key or message: same verdict as noble', async () => {
    const c = createBrowserIdentityCrypto();
    const id = generateIdentity(rng);
    const msg = rng(50);
    const sig = noble.sign(msg, id.secretKey);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('sig', 'pk', 'msg'), fc.nat(), async (where, bit) => {
        const s = sig.slice();
        const pk = id.publicKey.slice();
        const m = msg.slice();
        const target = where === 'sig' ? s : where === 'pk' ? pk : m;
        const i = bit % (target.length * 8);
        target[i >> 3] = target[i >> 3]! ^ (1 << (i & 7));
        expect(await browserVerdict(c, s, m, pk)).toBe(noble.verify(s, m, pk));
      }),
      { numRuns: 120 },
    );
  });

  it('reads exactly the bytes envelope.ts signs and verifies', () => {
    const seen: Uint8Array[] = [];
    const spy: IdentityCrypto = {
      publicKey: noble.publicKey,
      sign: (m, sk) => (seen.push(m), noble.sign(m, sk)),
      verify: (sig, m, pk) => (seen.push(m), noble.verify(sig, m, pk)),
    };
    const id = generateIdentity(rng);
    for (const session of ['', toHex(rng(32))]) {
      const env = sealEnvelope(spy, id, {
        type: 'round1',
        room: 'room-1',
        session,
        generation: 3,
        payload: { x: [1, 'é'] },
      });
      const opened = openEnvelope(spy, env.bytes);
      expect(opened.ok).toBe(true);
      const input = envelopeSigningInput(env.bytes);
      expect(input).not.toBeNull();
      expect(toHex(input!.message)).toBe(toHex(seen.at(-2)!));
      expect(toHex(input!.message)).toBe(toHex(seen.at(-1)!));
      expect(toHex(input!.publicKey)).toBe(toHex(id.publicKey));
      expect(toHex(input!.signature)).toBe(env.sig);
    }
    for (const junk of [
      '',
      'null',
      '{"type":1}',
      '{"v":1,"type":"x","room":"r","session":"zz","gen":0,"from":"00","payload":"","sig":"00"}',
    ]) {
      expect(envelopeSigningInput(new TextEncoder().encode(junk))).toBeNull();
    }
    expect(envelopeSigningInput(new Uint8Array([0xff, 0xfe]))).toBeNull();
  });
});
