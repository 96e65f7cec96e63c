import { readFileSync } from 'node:fs';
import { schnorr } from '@noble/curves/secp256k1.js';
import { bech32m } from '@scure/base';
import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { certificateOf, verifyCertificate } from '../certificate.js';
import { toHex } from '../encoding.js';
import { keyPackageOf, publicKeyPackageOf } from '../machine/outputs.js';
import { testSign } from '../signing.js';
import { runSimulation, seededRng } from '../simulation.js';
import {
  descriptorChecksum,
  internalKeyFromConstantTerms,
  outputKeyOfGroupKey,
  solanaAddress,
  taprootAddress,
  taprootOutputKey,
  taprootScriptPubKey,
  walletOutputs,
  walletOutputsJson,
  withChecksum,
  WalletOutputError,
} from './index.js';
import type { KeyPackage } from '../dkg/types.js';

const bip341 = JSON.parse(
  readFileSync(new URL('../../../../shared/vectors/bip341/wallet-test-vectors.json', import.meta.url), 'utf8'),
) as {
  scriptPubKey: {
    given: { internalPubkey: string; scriptTree: unknown };
    intermediary: { tweakedPubkey: string };
    expected: { scriptPubKey: string; bip350Address: string };
  }[];
};

describe('BIP-341 wallet test vectors: key-path-only outputs', () => {
  const cases = bip341.scriptPubKey.filter((c) => c.given.scriptTree === null);
  it('has key-path-only cases', () => expect(cases.length).toBeGreaterThan(0));
  it.each(cases.map((c) => [c.given.internalPubkey, c] as const))(
    '%s → output key → scriptPubKey → address',
    (_k, c) => {
      const q = taprootOutputKey(hexToBytes(c.given.internalPubkey));
      expect(toHex(q)).toBe(c.intermediary.tweakedPubkey);
      expect(toHex(taprootScriptPubKey(q))).toBe(c.expected.scriptPubKey);
      expect(taprootAddress(q, 'bitcoin')).toBe(c.expected.bip350Address);
    },
  );
});

describe('BIP-380 descriptor checksums', () => {
  it("the BIP's vector: raw(deadbeef)#89f8spxm", () => {
    expect(withChecksum('raw(deadbeef)')).toBe('raw(deadbeef)#89f8spxm');
  });
  // Bitcoin Core `getrawtransaction … true` output for two mainnet Taproot outputs (coinbase of
  // block 871177 and another): desc and address as Core prints them.
  it.each([
    [
      '3daaca9b82a51aca960c1491588246029d7e0fc49e0abdbcc8fd17574be5c74b',
      'p35tdfgk',
      'bc1p8k4v4xuz55dv49svzjg43qjxq2whur7ync9tm0xgl5t4wjl9ca9snxgmlt',
    ],
    ['3b41daba4c9ace578369740f15e5ec880c28279ee7f51b07dca69c7061e07068', '38d6v6ev', undefined],
  ])('rawtr(%s) as Bitcoin Core prints it', (key, checksum, address) => {
    expect(descriptorChecksum(`rawtr(${key})`)).toBe(checksum);
    if (address) expect(taprootAddress(hexToBytes(key), 'bitcoin')).toBe(address);
  });
  it('refuses characters outside the descriptor alphabet', () => {
    expect(() => descriptorChecksum('raw(dé)')).toThrow(RangeError);
  });
});

describe('addresses per network, Solana', () => {
  const q = hexToBytes('53a1f6e454df1aa2776a2814a721372d6258050de330b3c6d10ee8f4e0dda343');
  it.each([
    ['bitcoin', 'bc1p'],
    ['testnet', 'tb1p'],
    ['signet', 'tb1p'],
    ['regtest', 'bcrt1p'],
  ] as const)('%s → %s…, witness v1 with the output key as program', (network, prefix) => {
    const a = taprootAddress(q, network);
    expect(a.startsWith(prefix)).toBe(true);
    const { words } = bech32m.decode(a as `${string}1${string}`);
    expect(words[0]).toBe(1);
    expect(toHex(bech32m.fromWords(words.slice(1)))).toBe(toHex(q));
  });
  it('Solana: base58 of the key (the all-zero key is the system program 1111…1111)', () => {
    expect(solanaAddress(new Uint8Array(32))).toBe('11111111111111111111111111111111');
    expect(() => solanaAddress(new Uint8Array(33))).toThrow(RangeError);
  });
});

describe('a real secp256k1-tr ceremony: address, descriptors and a signature under the address key', () => {
  it("t key packages sign; an independent BIP-340 verifier accepts under the address's program", async () => {
    const sim = await runSimulation({ suite: 'secp256k1-tr', minSigners: 2, maxSigners: 3, seed: 'wallet-test' });
    const [p1, , p3] = sim.participants;
    const pkp = publicKeyPackageOf(p1!.state)!;
    const kps = [keyPackageOf(p1!.state), keyPackageOf(p3!.state)] as KeyPackage[];
    const cert = verifyCertificate(certificateOf(p1!.state)!);
    if (!cert.ok) throw new Error(cert.reason);
    const internal = hexToBytes(cert.summary.taprootInternalKey!);

    const w = walletOutputs(pkp, { network: 'regtest', internalKey: internal });
    expect(w.address!.startsWith('bcrt1p')).toBe(true);
    expect(w.descriptor).toBe(withChecksum(`rawtr(${toHex(pkp.verifyingKey.subarray(1))})`));
    expect(w.internalDescriptor).toBe(withChecksum(`tr(${toHex(internal)})`));
    // Never tr(output key): that would be the tweak applied twice.
    expect(w.internalDescriptor).not.toContain(toHex(pkp.verifyingKey.subarray(1)));
    expect(toHex(taprootOutputKey(internal))).toBe(w.outputKey);

    const program = bech32m.fromWords(bech32m.decode(w.address as `${string}1${string}`).words.slice(1));
    const message = new TextEncoder().encode('spend from the group key');
    const sig = testSign(kps, pkp, message, seededRng('sign'));
    expect(schnorr.verify(sig, message, program)).toBe(true);
    // …and not under the untweaked internal key.
    expect(schnorr.verify(sig, message, internal)).toBe(false);

    expect(walletOutputsJson(w)).toMatchObject({
      suite: 'secp256k1-tr',
      group_key: toHex(pkp.verifyingKey),
      address: w.address,
      descriptor: w.descriptor,
      internal_descriptor: w.internalDescriptor,
    });
  });

  it('an internal key of another ceremony is refused, not turned into a tr() descriptor', async () => {
    const sim = await runSimulation({ suite: 'secp256k1-tr', minSigners: 2, maxSigners: 2, seed: 'wallet-other' });
    const pkp = publicKeyPackageOf(sim.participants[0]!.state)!;
    const wrong = internalKeyFromConstantTerms([
      hexToBytes('0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798'),
    ]);
    expect(() => walletOutputs(pkp, { internalKey: wrong })).toThrow(WalletOutputError);
  });
});

describe('other suites', () => {
  it('ed25519: Solana address; p256 and the rest: group key and fingerprint only', async () => {
    const ed = await runSimulation({ suite: 'ed25519', minSigners: 2, maxSigners: 2, seed: 'w-ed' });
    const pkp = publicKeyPackageOf(ed.participants[0]!.state)!;
    const w = walletOutputs(pkp);
    expect(w.solanaAddress).toBe(solanaAddress(pkp.verifyingKey));
    expect(w.address).toBeUndefined();
    expect(w.fingerprint).toMatch(/^[0-9a-f]{4}(-[0-9a-f]{4}){3}$/);
    const p = await runSimulation({ suite: 'p256', minSigners: 2, maxSigners: 2, seed: 'w-p' });
    const wp = walletOutputs(publicKeyPackageOf(p.participants[0]!.state)!);
    expect(Object.keys(walletOutputsJson(wp)).sort()).toEqual(['fingerprint', 'group_key', 'suite']);
    expect(wp.note).toContain('No chain address');
  });
});

describe('outputKeyOfGroupKey', () => {
  it('drops the SEC1 parity byte of a 33-byte group key and nothing else', () => {
    const q = new Uint8Array(33).fill(7);
    q[0] = 0x03;
    expect(toHex(outputKeyOfGroupKey(q))).toBe('07'.repeat(32));
  });
  it('refuses anything but a 33-byte compressed point encoding', () => {
    expect(() => outputKeyOfGroupKey(new Uint8Array(32).fill(2))).toThrow(/33 bytes/);
    const bad = new Uint8Array(33).fill(1);
    bad[0] = 0x04;
    expect(() => outputKeyOfGroupKey(bad)).toThrow(/33 bytes/);
  });
});
