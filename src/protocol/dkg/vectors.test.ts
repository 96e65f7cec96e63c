// frost-rs DKG vectors (frost-core/src/tests/vectors_dkg.rs, check_dkg_keygen) through OUR code path:
// rebuild each participant's Round1Secret, check everyone's proofs, recompute the round-2 shares,
// run round 3, and compare the key packages byte for byte (and as frost-rs JSON).
import { describe, expect, it } from 'vitest';
import { getSuite, SUITE_NAMES } from '../suites.js';
import {
  keyPackageToJson,
  parseKeyPackage,
  parsePublicKeyPackage,
  parseRound1Package,
  parseRound2Package,
  publicKeyPackageToJson,
  round1PackageToJson,
  round2PackageToJson,
} from '../frostJson/index.js';
import {
  checkRound1Packages,
  createPointCache,
  dkgRound2Shares,
  dkgRound3,
  type Round1Package,
  type Round1Secret,
} from './index.js';
import { dkgParticipants, dkgVectors, hex, toHexString } from './testing/testVectors.js';

describe.each(SUITE_NAMES)('frost-rs DKG vectors: %s', (name) => {
  const suite = getSuite(name);
  const v = dkgVectors(name);
  const t = v.config.MIN_PARTICIPANTS;
  const n = v.config.MAX_PARTICIPANTS;
  const people = dkgParticipants(v);
  const round1 = new Map<number, Round1Package>(
    [...people].map(([id, p]) => [
      id,
      { commitment: p.vss_commitments.map(hex), proofOfKnowledge: hex(p.proof_of_knowledge) },
    ]),
  );
  const secretOf = (id: number): Round1Secret => {
    const p = people.get(id)!;
    return {
      suite: name,
      identifier: id,
      minSigners: t,
      maxSigners: n,
      coefficients: [hex(p.signing_key), hex(p.coefficient)],
    };
  };

  it('accepts every proof of knowledge', () => {
    expect(checkRound1Packages(suite, round1, t)).toEqual({ ok: true });
  });

  it('recomputes every round-2 share (signing_shares[j] of i = f_j(i))', () => {
    for (const [j] of people) {
      const others = [...people.keys()].filter((k) => k !== j);
      const shares = dkgRound2Shares(suite, secretOf(j), others);
      for (const i of others) expect(toHexString(shares.get(i)!)).toBe(people.get(i)!.signing_shares[String(j)]);
    }
  });

  it.each([1, 2, 3])('round 3 of participant %i equals the vectors, in bytes and frost-rs JSON', (i) => {
    const cache = createPointCache(suite);
    expect(checkRound1Packages(suite, round1, t, cache)).toEqual({ ok: true });
    const p = people.get(i)!;
    const received = new Map(Object.entries(p.signing_shares).map(([j, s]) => [Number(j), hex(s)]));
    const r = dkgRound3(suite, secretOf(i), round1, received, cache);
    if (!r.ok) throw new Error(`bad shares ${r.badShares.join(',')}`);
    expect(r.keyPackage).toEqual({
      suite: name,
      identifier: i,
      signingShare: hex(p.signing_share),
      verifyingShare: hex(p.verifying_share),
      verifyingKey: hex(v.inputs.verifying_key),
      minSigners: t,
    });
    expect(r.publicKeyPackage).toEqual({
      suite: name,
      verifyingShares: [...people].map(([id, q]) => ({ identifier: id, verifyingShare: hex(q.verifying_share) })),
      verifyingKey: hex(v.inputs.verifying_key),
      minSigners: t,
    });

    // JSON, spelled out independently of the writer (field order as frost-rs's serde derive).
    const id = (k: number) => toHexString(suite.internals.Fn.toBytes(BigInt(k)));
    const header = `{"version":0,"ciphersuite":"${suite.ciphersuiteId}"}`;
    const kpJson = keyPackageToJson(r.keyPackage);
    expect(kpJson).toBe(
      `{"header":${header},"identifier":"${id(i)}","signing_share":"${p.signing_share}","verifying_share":"${p.verifying_share}","verifying_key":"${v.inputs.verifying_key}","min_signers":${t}}`,
    );
    const shares = [...people].map(([k, q]) => `"${id(k)}":"${q.verifying_share}"`).join(',');
    const pkpJson = publicKeyPackageToJson(r.publicKeyPackage);
    expect(pkpJson).toBe(
      `{"header":${header},"verifying_shares":{${shares}},"verifying_key":"${v.inputs.verifying_key}","min_signers":${t}}`,
    );
    expect(parseKeyPackage(kpJson)).toEqual(r.keyPackage);
    expect(parsePublicKeyPackage(pkpJson)).toEqual(r.publicKeyPackage);
    expect(keyPackageToJson(parseKeyPackage(kpJson))).toBe(kpJson);
    expect(publicKeyPackageToJson(parsePublicKeyPackage(pkpJson))).toBe(pkpJson);
  });

  it('round packages survive frost-rs JSON both ways', () => {
    for (const [j, pkg] of round1) {
      const json = round1PackageToJson(suite, pkg);
      expect(JSON.parse(json)).toEqual({
        header: { version: 0, ciphersuite: suite.ciphersuiteId },
        commitment: people.get(j)!.vss_commitments,
        proof_of_knowledge: people.get(j)!.proof_of_knowledge,
      });
      expect(parseRound1Package(json)).toEqual({ suite: name, package: pkg });
      expect(round1PackageToJson(suite, parseRound1Package(json).package)).toBe(json);
    }
    const share = hex(people.get(1)!.signing_shares['2']!);
    const json = round2PackageToJson(suite, share);
    expect(json).toBe(
      `{"header":{"version":0,"ciphersuite":"${suite.ciphersuiteId}"},"signing_share":"${toHexString(share)}"}`,
    );
    expect(parseRound2Package(json)).toEqual({ suite: name, signingShare: share });
  });
});
