/**
 * Public facts everyone must agree on after round 3: the PublicKeyPackage (recomputable by
 * anyone from the round-1 commitments alone) and a hash of the signed public transcript.
 */
import type { GroupPoint, Suite } from './suites.js';
import { taggedHash as bip340TaggedHash } from './suites.js';
import { decodePoint, evalCommitment, mulBase } from './dkg/group.js';
import { hasEvenY } from './dkg/round1.js';
import type { PublicKeyPackage, Round1Package } from './dkg/index.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { fromHex, taggedHash, toHex, type Field } from './encoding.js';

/**
 * The group's PublicKeyPackage from all n round-1 packages (already validated): group key
 * Σ C_i0 and verifying share of j = Σ_k (Σ_i C_ik)·j^k; for secp256k1-tr the same even-y +
 * TapTweak post-processing as frost-rs (and dkgRound3). Returns null on undecodable input.
 */
export function publicKeyPackageFromCommitments(
  suite: Suite,
  round1: ReadonlyMap<number, Round1Package>,
  minSigners: number,
): PublicKeyPackage | null {
  const { Point, Fn, taproot } = suite.internals;
  const M: GroupPoint[] = [];
  for (let k = 0; k < minSigners; k++) M.push(Point.ZERO);
  for (const pkg of round1.values()) {
    if (pkg.commitment.length !== minSigners) return null;
    for (let k = 0; k < minSigners; k++) {
      const p = decodePoint(suite, pkg.commitment[k] as Uint8Array);
      if (typeof p === 'string') return null;
      M[k] = (M[k] as GroupPoint).add(p);
    }
  }
  const ids = [...round1.keys()].sort((a, b) => a - b);
  let verifying = ids.map((id) => evalCommitment(M, id));
  let groupKey = M[0] as GroupPoint;
  if (taproot) {
    if (!hasEvenY(groupKey)) {
      groupKey = groupKey.negate();
      verifying = verifying.map((p) => p.negate());
    }
    const tweak = bytesToNumberBE(bip340TaggedHash('TapTweak', groupKey.toBytes().subarray(1)));
    if (tweak >= Fn.ORDER) return null;
    const tG = mulBase(suite, tweak);
    groupKey = groupKey.add(tG);
    verifying = verifying.map((p) => p.add(tG));
  }
  if (groupKey.is0() || verifying.some((p) => p.is0())) return null;
  return {
    suite: suite.name,
    verifyingShares: ids.map((id, i) => ({ identifier: id, verifyingShare: (verifying[i] as GroupPoint).toBytes() })),
    verifyingKey: groupKey.toBytes(),
    minSigners,
  };
}

/** Canonical hash of a PublicKeyPackage (independent of JSON formatting). */
export function publicKeyPackageHash(p: PublicKeyPackage): string {
  const fields: Field[] = [p.suite, p.minSigners, p.verifyingShares.length];
  for (const v of [...p.verifyingShares].sort((a, b) => a.identifier - b.identifier))
    fields.push(v.identifier, v.verifyingShare);
  fields.push(p.verifyingKey);
  return toHex(taggedHash('frost-ceremony/public-key-package/v1', fields));
}

/**
 * Transcript hash: the session id and the content hashes of the n round-1 envelopes, in
 * identifier order. It binds only what every honest participant of a successful session must
 * hold alike: the session id fixes the whole roster (params, keys, code commitments, names;
 * session.ts), and the round-1 set is what the echo round made everyone agree on (it alone gives
 * the key). Nothing a single participant can make differ between honest participants is in it
 * (the v1 transcript also hashed Start and echo envelopes as each received them, so one Start
 * spelled two ways failed everyone with nobody to blame). So a confirmation with another
 * transcript contradicts its signer's own echo, and is blamed like another group key (blame.ts).
 */
export function transcriptHash(sessionId: string, round1: readonly string[]): string {
  const fields: Field[] = [fromHex(sessionId), round1.length];
  for (const h of round1) fields.push(fromHex(h));
  return toHex(taggedHash('frost-ceremony/transcript/v2', fields));
}
