import { describe, expect, it } from 'vitest';
import { getSuite } from '../suites.js';
import { toHex } from '../encoding.js';
import type { KeyPackage, PublicKeyPackage, Rng } from '../dkg/types.js';
import { createNobleIdentityCrypto, generateIdentity, type IdentityKeyPair } from '../identity.js';
import { LifecycleError } from './errors.js';
import {
  assembleLifecycleCertificate,
  certificateHash,
  confirmationMessage,
  confirmers,
  makeLifecycleCertificateBody,
  verifyLifecycleChain,
  type LifecycleCertificateBody,
} from './lifecycleCertificate.js';
import { proveHolding, type LifecyclePurpose } from './proofOfHolding.js';
import { refreshRound1 } from './refreshRound1.js';
import { refreshRound2Shares } from './refreshRound2.js';
import { refreshShares } from './refreshShares.js';
import { reshareDeal } from './reshareDeal.js';
import { reshareFinish } from './reshareFinish.js';
import { makeKey, seededRng } from './testing/testKeys.js';

const crypto = createNobleIdentityCrypto();

/** Signs a body by every confirmer and returns the certificate text. */
function sign(body: LifecycleCertificateBody, ids: Map<string, IdentityKeyPair>): string {
  const msg = confirmationMessage(body);
  return assembleLifecycleCertificate(
    body,
    confirmers(body).map((identity) => ({
      identity,
      signature: toHex(crypto.sign(msg, ids.get(identity)!.secretKey)),
    })),
  );
}

function link(
  kind: LifecyclePurpose,
  rng: Rng,
  prev: { publicKeyPackage: PublicKeyPackage; certificateText: string },
  oldHolders: { kp: KeyPackage; id: IdentityKeyPair }[],
  newHolders: { identifier: number; id: IdentityKeyPair }[],
  publicKeyPackage: PublicKeyPackage,
  sessionByte: number,
): string {
  const sessionId = new Uint8Array(32).fill(sessionByte);
  const body = makeLifecycleCertificateBody({
    kind,
    sessionId,
    previousPublicKeyPackage: prev.publicKeyPackage,
    previousCertificateText: prev.certificateText,
    oldHolders: oldHolders.map((h) => ({
      identifier: h.kp.identifier,
      identity: h.id.publicKey,
      proofOfHolding: proveHolding(h.kp, prev.publicKeyPackage, { sessionId, purpose: kind }, rng).signature,
    })),
    newHolders: newHolders.map((h) => ({ identifier: h.identifier, identity: h.id.publicKey })),
    publicKeyPackage,
  });
  const all = new Map(
    [...oldHolders.map((h) => h.id), ...newHolders.map((h) => h.id)].map((k) => [toHex(k.publicKey), k]),
  );
  return sign(body, all);
}

describe('lifecycle certificate chain', () => {
  const rng = seededRng('chain');
  const suite = getSuite('secp256k1-tr');
  const key = makeKey('secp256k1-tr', 2, 3, rng);
  const ids = new Map([1, 2, 3, 4].map((i) => [i, generateIdentity(rng)]));
  const genesis = {
    publicKeyPackage: key.publicKeyPackage,
    certificateText: '{"format":"frost-ceremony/certificate/v1","stand-in":"genesis"}',
  };

  // 1. refresh by all three
  const secrets = [1, 2, 3].map((i) => refreshRound1(suite, i, [1, 2, 3], 2, rng));
  const refreshed = [1, 2, 3].map((i) => {
    const others = [1, 2, 3].filter((l) => l !== i);
    return refreshShares({
      secret: secrets[i - 1]!.secret,
      packages: new Map(others.map((l) => [l, secrets[l - 1]!.package])),
      shares: new Map(others.map((l) => [l, refreshRound2Shares(secrets[l - 1]!.secret).get(i)!])),
      oldKeyPackage: key.keyPackages.get(i)!,
      oldPublicKeyPackage: key.publicKeyPackage,
    });
  });
  const pkp1 = refreshed[0]!.publicKeyPackage;
  const link1 = link(
    'refresh',
    rng,
    genesis,
    [1, 2, 3].map((i) => ({ kp: key.keyPackages.get(i)!, id: ids.get(i)! })),
    [1, 2, 3].map((i) => ({ identifier: i, id: ids.get(i)! })),
    pkp1,
    1,
  );
  // 2. repair of 3 by 1 and 2 (3 comes back with the same identity here; in a real repair a new one)
  const link2 = link(
    'repair',
    rng,
    { publicKeyPackage: pkp1, certificateText: link1 },
    [0, 1].map((k) => ({ kp: refreshed[k]!.keyPackage, id: ids.get(k + 1)! })),
    [{ identifier: 3, id: ids.get(3)! }],
    pkp1,
    2,
  );
  // 3. reshare 2-of-3 → 3-of-4 by dealers 1 and 3
  const params = { oldPublicKeyPackage: pkp1, dealers: [1, 3], newMinSigners: 3, newParticipants: [1, 2, 3, 4] };
  const dealings = [1, 3].map((i) => [i, reshareDeal(params, refreshed[i - 1]!.keyPackage, rng)] as const);
  const resh = reshareFinish(
    params,
    1,
    new Map(dealings.map(([i, d]) => [i, d.package])),
    new Map(dealings.map(([i, d]) => [i, d.shares.get(1)!])),
  );
  const link3 = link(
    'reshare',
    rng,
    { publicKeyPackage: pkp1, certificateText: link2 },
    [1, 3].map((i) => ({ kp: refreshed[i - 1]!.keyPackage, id: ids.get(i)! })),
    [1, 2, 3, 4].map((i) => ({ identifier: i, id: ids.get(i)! })),
    resh.publicKeyPackage,
    3,
  );

  it('verifies genesis → refresh → repair → reshare and returns the current package', () => {
    const r = verifyLifecycleChain(genesis, [link1, link2, link3]);
    expect(r.kinds).toEqual(['refresh', 'repair', 'reshare']);
    expect(r.publicKeyPackage).toEqual(resh.publicKeyPackage);
    expect(r.publicKeyPackage.verifyingKey).toEqual(key.publicKeyPackage.verifyingKey);
  });

  const fails = (links: string[], code: string) => {
    try {
      verifyLifecycleChain(genesis, links);
    } catch (e) {
      expect(e).toBeInstanceOf(LifecycleError);
      expect((e as LifecycleError).code).toBe(code);
      return (e as LifecycleError).message;
    }
    throw new Error('chain verified');
  };
  const edit = (text: string, f: (o: Record<string, unknown>) => void) => {
    const o = JSON.parse(text) as Record<string, unknown>;
    f(o);
    return JSON.stringify(o);
  };

  it('rejects links out of order, skipped or from another chain', () => {
    expect(fails([link2], 'chain-broken')).toMatch(/link 1/);
    expect(fails([link1, link3], 'chain-broken')).toMatch(/link 2/);
    expect(fails([link1, link1], 'chain-broken')).toMatch(/link 2/);
    expect(() => verifyLifecycleChain({ ...genesis, certificateText: '{"other":1}' }, [link1])).toThrow(
      expect.objectContaining({ code: 'chain-broken' }),
    );
  });

  it('rejects a changed group key, package, threshold or session (confirmations and proofs no longer verify)', () => {
    fails([edit(link1, (o) => void (o.groupKey = toHex(suite.internals.Point.BASE.toBytes())))], 'chain-broken');
    fails(
      [edit(link1, (o) => void ((o.publicKeyPackage as { min_signers: number }).min_signers = 3))],
      'certificate-invalid',
    );
    fails([edit(link1, (o) => void (o.sessionId = '00'.repeat(32)))], 'certificate-invalid');
    fails(
      [link1, link2, edit(link3, (o) => void ((o.publicKeyPackage as { min_signers: number }).min_signers = 2))],
      'certificate-invalid',
    );
  });

  it('rejects missing, duplicated, forged or extra confirmations, and too few old holders', () => {
    fails([edit(link1, (o) => void (o.confirmations as unknown[]).pop())], 'certificate-invalid');
    fails(
      [edit(link1, (o) => void (o.confirmations as unknown[]).push((o.confirmations as unknown[])[0]))],
      'certificate-invalid',
    );
    fails(
      [edit(link1, (o) => void ((o.confirmations as { signature: string }[])[0]!.signature = '00'.repeat(64)))],
      'certificate-invalid',
    );
    // a refresh by 1 holder of a 2-of-3 key: not enough holders (after re-signing so only that check fails)
    const body = JSON.parse(link2) as LifecycleCertificateBody & { confirmations?: unknown };
    delete body.confirmations;
    body.oldHolders = body.oldHolders.slice(0, 1);
    const all = new Map([...ids.values()].map((k) => [toHex(k.publicKey), k]));
    expect(fails([link1, sign(body, all)], 'certificate-invalid')).toMatch(/only 1 holders/);
  });

  it('rejects a proof of holding replayed from another link, and malformed, duplicated-field or huge text', () => {
    const p2 = (JSON.parse(link2) as LifecycleCertificateBody).oldHolders[0]!.proofOfHolding;
    const body = JSON.parse(link3) as LifecycleCertificateBody & { confirmations?: unknown };
    delete body.confirmations;
    body.oldHolders[0]!.proofOfHolding = p2; // holder 1's proof from the repair session
    const all = new Map([...ids.values()].map((k) => [toHex(k.publicKey), k]));
    expect(fails([link1, link2, sign(body, all)], 'certificate-invalid')).toMatch(/proof of holding/);
    fails(['not json'], 'certificate-invalid');
    fails([link1.replace('{"confirmations"', '{"kind":"repair","confirmations"')], 'certificate-invalid');
    fails([edit(link1, (o) => void (o.extra = 'x'.repeat(1 << 20)))], 'certificate-invalid');
  });

  it('known answer: the confirmation message and certificate hash of a fixed body', () => {
    const body: LifecycleCertificateBody = {
      format: 'frost-ceremony/lifecycle-certificate/v1',
      kind: 'refresh',
      sessionId: '11'.repeat(32),
      groupKey: '02' + '22'.repeat(32),
      previous: { publicKeyPackageHash: '33'.repeat(32), certificateHash: '44'.repeat(32) },
      oldHolders: [{ identifier: 1, identity: '55'.repeat(32), proofOfHolding: '66'.repeat(64) }],
      newHolders: [{ identifier: 1, identity: '55'.repeat(32) }],
      publicKeyPackage: { header: { version: 0 } },
    };
    expect(toHex(confirmationMessage(body))).toBe(KAT_CONFIRMATION);
    expect(
      certificateHash(assembleLifecycleCertificate(body, [{ identity: '55'.repeat(32), signature: '77'.repeat(64) }])),
    ).toBe(KAT_CERT_HASH);
  });
});

// Computed independently (Python: json.dumps(sort_keys=True, separators=(',', ':')) = RFC 8785
// for this ASCII/integer body; SHA-256 over kind byte 1 ‖ u32be length ‖ UTF-8 for tag and body).
const KAT_CONFIRMATION = 'd49eb7f89f23b5b8f0d661a0e1837b984c6c3320f64a2e5446e7b6db5426be21';
const KAT_CERT_HASH = '3ff5912868fdcd041fec6e13ba7276a88e4621d8dcd9124fc4b9a764e21b47bd';
