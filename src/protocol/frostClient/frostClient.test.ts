import { readFileSync } from 'node:fs';
import { bech32, bech32m } from '@scure/base';
import { hexToBytes, randomBytes } from '@noble/hashes/utils.js';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { dkgRound1, dkgRound2Shares, dkgRound3 } from '../dkg/index.js';
import type { KeyPackage, PublicKeyPackage, Round1Package, Round1Secret } from '../dkg/types.js';
import { toHex } from '../encoding.js';
import { getSuite, type SuiteName } from '../suites.js';
import {
  decodeContact,
  encodeContact,
  FrostClientContactError,
  frostClientCredentials,
  FrostClientExportError,
} from './index.js';

// From ZF's frost-client walkthrough (frost book, "Exchanging the Contact Information"): Alice's
// contact string as `frost-client export` printed it, and her public key.
const ALICE_CONTACT = 'zffrost1qyqq2stvd93k2gqq6cumgg6zajpsx8qvlvzx9jm4nqe0kntm03v59mwncpnmge2qdu8ya0ws';
const ALICE_PUBKEY = '00d639b42342ec83031c0cfb0462cb759832fb4d7b7c5942edd3c067b465406f';

function dkg(name: SuiteName, t: number, n: number): { keyPackages: KeyPackage[]; publicKeyPackage: PublicKeyPackage } {
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
  return { keyPackages, publicKeyPackage: publicKeyPackage as PublicKeyPackage };
}

/**
 * An independent reader of frost-rs's ed25519 postcard layout, written from the snapshot files
 * (`key_package.hex`, `public_key_package.hex`), not from our codec: fixed 32-byte fields after
 * the 5-byte header; one-byte varints (fine below 128 participants).
 */
const snapshot = (n: string) =>
  readFileSync(
    new URL(`../../../../shared/vectors/frost-rs/frost-ed25519/postcard/${n}.hex`, import.meta.url),
    'utf8',
  ).trim();
const ED_HEADER = snapshot('key_package').slice(0, 10);
function readKeyPackageBytes(hex: string) {
  expect(hex.slice(0, 10)).toBe(ED_HEADER);
  const f = (i: number) => hex.slice(10 + 64 * i, 10 + 64 * (i + 1));
  expect(hex.length).toBe(10 + 64 * 4 + 2);
  return {
    identifier: f(0),
    signingShare: f(1),
    verifyingShare: f(2),
    verifyingKey: f(3),
    minSigners: parseInt(hex.slice(-2), 16),
  };
}
function readPublicKeyPackageBytes(hex: string) {
  expect(hex.slice(0, 10)).toBe(ED_HEADER);
  const count = parseInt(hex.slice(10, 12), 16);
  const shares: Record<string, string> = {};
  let at = 12;
  for (let i = 0; i < count; i++, at += 128) shares[hex.slice(at, at + 64)] = hex.slice(at + 64, at + 128);
  const verifyingKey = hex.slice(at, at + 64);
  expect(hex.length).toBe(at + 64); // frost-core 2.x: nothing after the verifying key
  return { shares, verifyingKey };
}

/** The shape frost-client's credentials.toml has, as an independent TOML parser returns it (the tests check the values). */
interface CredentialsToml {
  version: number;
  group: Record<
    string,
    { description: string; key_package: string; public_key_package: string; participant: Record<string, unknown> }
  >;
  contact?: Record<string, { name: string; pubkey: string }>;
}

describe('frost-client contact strings', () => {
  it("decodes frost-client's own example (Alice)", () => {
    expect(decodeContact(ALICE_CONTACT)).toEqual({ name: 'Alice', pubkey: hexToBytes(ALICE_PUBKEY) });
    expect(encodeContact({ name: 'Alice', pubkey: hexToBytes(ALICE_PUBKEY) })).toBe(ALICE_CONTACT);
  });
  it("round-trips long and non-ASCII names (longer than BIP-173's 90 characters)", () => {
    const c = { name: 'Zoë of the Treasury Committee, Geneva office, second floor', pubkey: randomBytes(32) };
    const s = encodeContact(c);
    expect(s.length).toBeGreaterThan(90);
    expect(decodeContact(s)).toEqual(c);
  });
  const bytesOf = (s: string) => bech32m.fromWords(bech32m.decode(s as `${string}1${string}`, 1023).words);
  const reencode = (b: Uint8Array, hrp = 'zffrost') => bech32m.encode(hrp, bech32m.toWords(b), 1023);
  const good = bytesOf(ALICE_CONTACT);
  it.each([
    ['another prefix', reencode(good, 'zfrost'), 'starts with "zffrost1"'],
    [
      'a typo (checksum)',
      ALICE_CONTACT.slice(0, 20) + (ALICE_CONTACT[20] === 'q' ? 'p' : 'q') + ALICE_CONTACT.slice(21),
      'checksum',
    ],
    ['bech32 instead of bech32m', bech32.encode('zffrost', bech32.toWords(good), 1023), 'checksum'],
    ['no version', reencode(Uint8Array.from([0, ...good.slice(2)])), 'no format version'],
    ['version 1', reencode(Uint8Array.from([1, 1, ...good.slice(2)])), 'version 1 is not supported'],
    [
      'a 31-byte key',
      reencode(Uint8Array.from([...good.slice(0, 8), 31, ...good.slice(9, 40)])),
      '31 bytes, expected 32',
    ],
    ['trailing bytes', reencode(Uint8Array.from([...good, 0])), 'after the end of the contact'],
    ['truncated', reencode(good.slice(0, 30)), 'expected 32 bytes, 21 left'],
    ['a name that is not UTF-8', reencode(Uint8Array.from([1, 0, 1, 0xff, 32, ...good.slice(9)])), 'not UTF-8'],
  ])('refuses %s', (_what, s, message) => {
    expect(() => decodeContact(s)).toThrow(FrostClientContactError);
    expect(() => decodeContact(s)).toThrow(message);
  });
});

describe('credentials.toml for frost-client', () => {
  const { keyPackages, publicKeyPackage } = dkg('ed25519', 2, 3);
  const names = ['Alice', 'Bob "the builder"', 'Carol'];
  const contacts = new Map(names.map((name, i) => [i + 1, { name, pubkey: randomBytes(32) }]));

  it("an independent TOML parser and postcard reader see the JSON packages' key, shares, ids and threshold", () => {
    const kp = keyPackages[1] as KeyPackage;
    const text = frostClientCredentials({
      keyPackage: kp,
      publicKeyPackage,
      description: 'Treasury 2026',
      serverUrl: 'frostd.example.org:2744',
      contacts,
    });
    const doc = parseToml(text) as unknown as CredentialsToml;
    expect(doc.version).toBe(0);
    const vk = toHex(publicKeyPackage.verifyingKey);
    expect(Object.keys(doc.group)).toEqual([vk]);
    const g = doc.group[vk]!;
    expect(g).toMatchObject({
      description: 'Treasury 2026',
      ciphersuite: 'FROST-ED25519-SHA512-v1',
      server_url: 'frostd.example.org:2744',
    });
    const k = readKeyPackageBytes(g.key_package);
    expect(k).toEqual({
      identifier: '02' + '00'.repeat(31),
      signingShare: toHex(kp.signingShare),
      verifyingShare: toHex(kp.verifyingShare),
      verifyingKey: vk,
      minSigners: 2,
    });
    const p = readPublicKeyPackageBytes(g.public_key_package);
    expect(p.verifyingKey).toBe(vk);
    expect(p.shares).toEqual(
      Object.fromEntries(
        publicKeyPackage.verifyingShares.map((v) => [
          toHex(Uint8Array.of(v.identifier, ...new Uint8Array(31))),
          toHex(v.verifyingShare),
        ]),
      ),
    );
    // participant entries keyed by identifier hex, with each custodian's communication key
    expect(Object.keys(g.participant).sort()).toEqual(['01', '02', '03'].map((b) => b + '00'.repeat(31)));
    for (const [id, c] of contacts)
      expect(g.participant[`0${id}${'00'.repeat(31)}`]).toEqual({
        identifier: `0${id}${'00'.repeat(31)}`,
        pubkey: toHex(c.pubkey),
      });
    // the others are contacts (by name); oneself is frost-client's own communication key
    expect(Object.keys(doc.contact!).sort()).toEqual(['Alice', 'Carol']);
    expect(doc.contact!.Alice).toEqual({
      name: 'Alice',
      pubkey: toHex((contacts.get(1) as { pubkey: Uint8Array }).pubkey),
    });
  });

  it('writes an empty participant table when no contacts are given', () => {
    const doc = parseToml(
      frostClientCredentials({
        keyPackage: keyPackages[0] as KeyPackage,
        publicKeyPackage,
        description: 'd',
        contacts: new Map(),
      }),
    ) as unknown as CredentialsToml;
    expect(doc.group[toHex(publicKeyPackage.verifyingKey)]!.participant).toEqual({});
    expect(doc.contact).toBeUndefined();
  });

  it('refuses other suites, mismatched packages, missing, unknown or duplicated contacts, naming the participants', () => {
    const kp = keyPackages[0] as KeyPackage;
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        if (e instanceof FrostClientExportError) return e;
        throw e;
      }
      throw new Error('expected an error');
    };
    const tr = dkg('secp256k1-tr', 2, 2);
    expect(
      err(() =>
        frostClientCredentials({
          keyPackage: tr.keyPackages[0] as KeyPackage,
          publicKeyPackage: tr.publicKeyPackage,
          description: '',
          contacts: new Map(),
        }),
      ).message,
    ).toContain('Ed25519 (and RedPallas) groups only');
    const other = dkg('ed25519', 2, 3);
    expect(
      err(() =>
        frostClientCredentials({
          keyPackage: kp,
          publicKeyPackage: other.publicKeyPackage,
          description: '',
          contacts: new Map(),
        }),
      ).message,
    ).toContain('different groups');
    const two = new Map([...contacts].slice(0, 2));
    expect(
      err(() => frostClientCredentials({ keyPackage: kp, publicKeyPackage, description: '', contacts: two })),
    ).toMatchObject({ identifiers: [3] });
    const extra = new Map([...contacts, [9, { name: 'X', pubkey: randomBytes(32) }]]);
    expect(
      err(() => frostClientCredentials({ keyPackage: kp, publicKeyPackage, description: '', contacts: extra })),
    ).toMatchObject({ identifiers: [9] });
    const dupName = new Map([...contacts, [3, { name: 'Alice', pubkey: randomBytes(32) }]]);
    expect(
      err(() => frostClientCredentials({ keyPackage: kp, publicKeyPackage, description: '', contacts: dupName })),
    ).toMatchObject({ identifiers: [1, 3] });
    const dupKey = new Map([
      ...contacts,
      [3, { name: 'Z', pubkey: (contacts.get(2) as { pubkey: Uint8Array }).pubkey }],
    ]);
    expect(
      err(() => frostClientCredentials({ keyPackage: kp, publicKeyPackage, description: '', contacts: dupKey })),
    ).toMatchObject({ identifiers: [2, 3] });
  });

  it('escapes what TOML needs escaped (a description cannot add keys)', () => {
    const evil = 'x"\nkey_package = "00\\';
    const doc = parseToml(
      frostClientCredentials({
        keyPackage: keyPackages[0] as KeyPackage,
        publicKeyPackage,
        description: evil,
        contacts,
      }),
    ) as unknown as CredentialsToml;
    expect(doc.group[toHex(publicKeyPackage.verifyingKey)]!.description).toBe(evil);
    expect(doc.contact!['Bob "the builder"']!.name).toBe('Bob "the builder"');
  });
});
