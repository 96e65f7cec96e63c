import { readFileSync } from 'node:fs';
import { hexToBytes, randomBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeScalar, toHex } from '../dkg/group.js';
import {
  parseFrostJson,
  readPublicKeyPackage,
  publicKeyPackageToJson,
  keyPackageToJson,
  round1PackageToJson,
  round2PackageToJson,
} from '../frostJson/index.js';
import { getSuite, SUITE_NAMES, type Suite, type SuiteName } from '../suites.js';

import { dkgRound1, dkgRound2Shares, dkgRound3 } from '../dkg/index.js';
import type { KeyPackage, PublicKeyPackage, Round1Package, Round1Secret } from '../dkg/types.js';
import {
  crc32,
  FrostPostcardError,
  keyPackageFromPostcard,
  keyPackageToPostcard,
  publicKeyPackageFromPostcard,
  publicKeyPackageToPostcard,
  round1PackageFromPostcard,
  round1PackageToPostcard,
  round2PackageFromPostcard,
  round2PackageToPostcard,
  shortId,
} from './index.js';

const CRATE: Record<SuiteName, string> = {
  ed25519: 'frost-ed25519',
  ristretto255: 'frost-ristretto255',
  ed448: 'frost-ed448',
  p256: 'frost-p256',
  secp256k1: 'frost-secp256k1',
  'secp256k1-tr': 'frost-secp256k1-tr',
};
const snapshot = (suite: SuiteName, name: string): string =>
  readFileSync(
    new URL(`../../../../shared/vectors/frost-rs/${CRATE[suite]}/postcard/${name}.hex`, import.meta.url),
    'utf8',
  ).trim();

/**
 * The sample values of frost-rs `tests/helpers/samples.rs`, built here from their definition
 * (not from the snapshots): element1 = G, scalar1 = 1/3 mod the group order, identifier 42,
 * min_signers 2, the proof of knowledge `R = element1, z = scalar1`.
 */
function samples(suite: Suite) {
  const { Fn, Point } = suite.internals;
  const element1 = Point.BASE.toBytes();
  const scalar1 = encodeScalar(suite, Fn.inv(3n));
  // secp256k1-tr signatures carry R x-only (BIP-340).
  const r = suite.internals.taproot ? element1.subarray(1) : element1;
  const proof = new Uint8Array([...r, ...scalar1]);
  const shares = [{ identifier: 42, verifyingShare: element1 }];
  return {
    keyPackage: {
      suite: suite.name,
      identifier: 42,
      signingShare: scalar1,
      verifyingShare: element1,
      verifyingKey: element1,
      minSigners: 2,
    },
    publicKeyPackage: { suite: suite.name, verifyingShares: shares, verifyingKey: element1, minSigners: undefined },
    publicKeyPackageNew: { suite: suite.name, verifyingShares: shares, verifyingKey: element1, minSigners: 2 },
    round1: { commitment: [element1], proofOfKnowledge: proof },
    round2: scalar1,
  };
}

/** A 2-of-3 DKG through the protocol core, as frost-rs JSON and objects. */
function runDkg(name: SuiteName, t: number, n: number) {
  const s = getSuite(name);
  const ids = Array.from({ length: n }, (_, k) => k + 1);
  const secrets = new Map<number, Round1Secret>();
  const round1 = new Map<number, Round1Package>();
  for (const id of ids) {
    const r = dkgRound1(s, id, t, n, randomBytes);
    secrets.set(id, r.secret);
    round1.set(id, r.package);
  }
  const received = new Map<number, Map<number, Uint8Array>>(ids.map((id) => [id, new Map()]));
  for (const i of ids)
    for (const [j, share] of dkgRound2Shares(
      s,
      secrets.get(i) as Round1Secret,
      ids.filter((j) => j !== i),
    ))
      received.get(j)?.set(i, share);
  const keyPackages: KeyPackage[] = [];
  let publicKeyPackage: PublicKeyPackage | undefined;
  for (const id of ids) {
    const r = dkgRound3(s, secrets.get(id) as Round1Secret, round1, received.get(id) as Map<number, Uint8Array>);
    if (!r.ok) throw new Error('fixture DKG failed');
    keyPackages.push(r.keyPackage);
    publicKeyPackage = r.publicKeyPackage;
  }
  const pkp = publicKeyPackage as PublicKeyPackage;
  const share12 = received.get(2)?.get(1) as Uint8Array;
  return {
    keyPackages,
    keyPackageJson: keyPackages.map((kp) => keyPackageToJson(kp)),
    publicKeyPackage: pkp,
    publicKeyPackageJson: publicKeyPackageToJson(pkp),
    round1Json: round1PackageToJson(s, round1.get(1) as Round1Package),
    round2Json: round2PackageToJson(s, share12),
  };
}

function errorOf(f: () => unknown): FrostPostcardError {
  try {
    f();
  } catch (e) {
    if (e instanceof FrostPostcardError) return e;
    throw e;
  }
  throw new Error('expected a FrostPostcardError');
}

describe('crc32 and the binary ciphersuite tag', () => {
  it('is the standard CRC-32 (check value of "123456789")', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
  it.each(SUITE_NAMES.map((n) => [n]))('%s: header tag equals bytes 1..5 of the snapshots', (name) => {
    expect(toHex(shortId(getSuite(name)))).toBe(snapshot(name, 'key_package').slice(2, 10));
  });
});

describe('frost-rs postcard snapshots reproduce byte for byte and read back (all six crates)', () => {
  for (const name of SUITE_NAMES) {
    const suite = getSuite(name);
    const s = samples(suite);
    it(`${name}: KeyPackage`, () => {
      const hex = snapshot(name, 'key_package');
      expect(toHex(keyPackageToPostcard(s.keyPackage))).toBe(hex);
      expect(keyPackageFromPostcard(hexToBytes(hex))).toEqual(s.keyPackage);
    });
    it(`${name}: PublicKeyPackage without min_signers (frost-core 2.x), and the 3.x one with it`, () => {
      const old = snapshot(name, 'public_key_package');
      const neu = snapshot(name, 'public_key_package_new');
      expect(toHex(publicKeyPackageToPostcard(s.publicKeyPackage))).toBe(old);
      expect(toHex(publicKeyPackageToPostcard(s.publicKeyPackageNew, 3))).toBe(neu);
      expect(toHex(publicKeyPackageToPostcard(s.publicKeyPackageNew, 2))).toBe(old);
      expect(publicKeyPackageFromPostcard(hexToBytes(old))).toEqual(s.publicKeyPackage);
      expect(publicKeyPackageFromPostcard(hexToBytes(neu))).toEqual(s.publicKeyPackageNew);
    });
    it(`${name}: DKG round-1 and round-2 packages`, () => {
      const r1 = snapshot(name, 'round1_package');
      const r2 = snapshot(name, 'round2_package');
      expect(toHex(round1PackageToPostcard(suite, s.round1))).toBe(r1);
      expect(round1PackageFromPostcard(hexToBytes(r1))).toEqual({ suite: name, package: s.round1 });
      expect(toHex(round2PackageToPostcard(suite, s.round2))).toBe(r2);
      expect(round2PackageFromPostcard(hexToBytes(r2))).toEqual({ suite: name, signingShare: s.round2 });
    });
  }
});

describe('a real DKG: postcard and JSON describe the same packages', () => {
  it.each(SUITE_NAMES.map((n) => [n]))('%s: binary round trip agrees with the JSON packages', (name) => {
    const d = runDkg(name, 2, 3);
    for (const [i, kp] of d.keyPackages.entries()) {
      const back = keyPackageFromPostcard(keyPackageToPostcard(kp));
      expect(keyPackageToJson(back)).toBe(d.keyPackageJson[i]);
    }
    const p3 = publicKeyPackageFromPostcard(publicKeyPackageToPostcard(d.publicKeyPackage, 3));
    expect(publicKeyPackageToJson(p3)).toBe(d.publicKeyPackageJson);
    const p2 = publicKeyPackageFromPostcard(publicKeyPackageToPostcard(d.publicKeyPackage, 2));
    expect(p2.minSigners).toBeUndefined();
    expect(publicKeyPackageToJson(p2)).toBe(publicKeyPackageToJson(readPublicKeyPackage(d.publicKeyPackageJson), 2));
    const r1 = parseFrostJson(d.round1Json);
    if (r1.kind !== 'round1-package') throw new Error('fixture');
    const b1 = round1PackageFromPostcard(round1PackageToPostcard(getSuite(name), r1.value));
    expect(round1PackageToJson(getSuite(name), b1.package)).toBe(d.round1Json);
    const r2 = parseFrostJson(d.round2Json);
    if (r2.kind !== 'round2-package') throw new Error('fixture');
    expect(
      round2PackageToJson(
        getSuite(name),
        round2PackageFromPostcard(round2PackageToPostcard(getSuite(name), r2.signingShare)).signingShare,
      ),
    ).toBe(d.round2Json);
  });
});

describe('strict reading: every bad encoding names its field', () => {
  const ed = (name: string) => hexToBytes(snapshot('ed25519', name));
  const p256 = (name: string) => hexToBytes(snapshot('p256', name));
  const edit = (b: Uint8Array, at: number, v: number) => {
    const c = b.slice();
    c[at] = v;
    return c;
  };
  it.each([
    ['version 1', () => keyPackageFromPostcard(edit(ed('key_package'), 0, 1)), 'bad-header', 'header.version'],
    [
      'unknown ciphersuite tag',
      () => keyPackageFromPostcard(edit(ed('key_package'), 1, 0)),
      'unknown-ciphersuite',
      'header.ciphersuite',
    ],
    ['zero identifier', () => keyPackageFromPostcard(edit(ed('key_package'), 5, 0)), 'zero-identifier', 'identifier'],
    [
      'non-canonical scalar',
      () => keyPackageFromPostcard(edit(ed('key_package'), 5 + 32 + 31, 0xff)),
      'invalid-scalar',
      'signing_share',
    ],
    [
      'invalid point',
      () => keyPackageFromPostcard(edit(p256('key_package'), 5 + 32 + 32, 0x05)),
      'invalid-point',
      'verifying_share',
    ],
    [
      'min_signers 0',
      () => keyPackageFromPostcard(edit(ed('key_package'), ed('key_package').length - 1, 0)),
      'bad-min-signers',
      'min_signers',
    ],
    [
      'padded varint',
      () => keyPackageFromPostcard(new Uint8Array([...ed('key_package').slice(0, -1), 0x82, 0x00])),
      'bad-varint',
      'min_signers',
    ],
    [
      'min_signers above u16',
      () => keyPackageFromPostcard(new Uint8Array([...ed('key_package').slice(0, -1), 0x80, 0x80, 0x04])),
      'bad-varint',
      'min_signers',
    ],
    [
      'trailing byte',
      () => keyPackageFromPostcard(new Uint8Array([...ed('key_package'), 0])),
      'trailing-bytes',
      undefined,
    ],
    ['truncated', () => keyPackageFromPostcard(ed('key_package').slice(0, 40)), 'truncated', 'signing_share'],
    [
      'Option tag 2',
      () =>
        publicKeyPackageFromPostcard(edit(ed('public_key_package_new'), ed('public_key_package_new').length - 2, 2)),
      'bad-option',
      'min_signers',
    ],
    [
      'huge share count',
      () => publicKeyPackageFromPostcard(new Uint8Array([...ed('public_key_package').slice(0, 5), 0xff, 0xff, 0x03])),
      'truncated',
      'verifying_shares',
    ],
    [
      'zero commitments',
      () => round1PackageFromPostcard(edit(ed('round1_package'), 5, 0)),
      'wrong-length',
      'commitment',
    ],
    [
      'proof length 63',
      () => round1PackageFromPostcard(edit(ed('round1_package'), 5 + 1 + 32, 63)),
      'wrong-length',
      'proof_of_knowledge',
    ],
    [
      'round-2 share of the wrong suite length',
      () => round2PackageFromPostcard(ed('round2_package').slice(0, 20)),
      'truncated',
      'signing_share',
    ],
  ] as const)('%s', (_what, f, code, field) => {
    expect(errorOf(f)).toMatchObject({ code, field });
  });

  it('a duplicated identifier in verifying_shares is refused, not silently overwritten', () => {
    const b = ed('public_key_package');
    const entry = b.slice(6, 6 + 64);
    const dup = new Uint8Array([...b.slice(0, 5), 2, ...entry, ...entry, ...b.slice(6 + 64)]);
    expect(errorOf(() => publicKeyPackageFromPostcard(dup))).toMatchObject({ code: 'duplicate-identifier' });
  });

  it('a package of one suite with the header of another is refused', () => {
    // secp256k1 and secp256k1-tr share the group: only the tag differs, and it decides the suite.
    const b = hexToBytes(snapshot('secp256k1', 'public_key_package'));
    const tr = new Uint8Array([...b.slice(0, 1), ...shortId(getSuite('secp256k1-tr')), ...b.slice(5)]);
    expect(publicKeyPackageFromPostcard(tr).suite).toBe('secp256k1-tr');
    expect(publicKeyPackageFromPostcard(b).suite).toBe('secp256k1');
  });

  it('never throws anything but FrostPostcardError on mutated snapshots', () => {
    const inputs = SUITE_NAMES.flatMap((n) =>
      ['key_package', 'public_key_package', 'public_key_package_new', 'round1_package', 'round2_package'].map(
        (k) => [k, hexToBytes(snapshot(n, k))] as const,
      ),
    );
    const readers: Record<string, (b: Uint8Array) => unknown> = {
      key_package: keyPackageFromPostcard,
      public_key_package: publicKeyPackageFromPostcard,
      public_key_package_new: publicKeyPackageFromPostcard,
      round1_package: round1PackageFromPostcard,
      round2_package: round2PackageFromPostcard,
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...inputs),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.boolean(),
        ([kind, bytes], pos, v, cut) => {
          const p = pos % bytes.length;
          const mutated = cut ? bytes.slice(0, p) : edit(bytes, p, v);
          try {
            (readers[kind] as (b: Uint8Array) => unknown)(mutated);
          } catch (e) {
            if (!(e instanceof FrostPostcardError)) throw e;
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
