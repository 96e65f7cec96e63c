/**
 * DKG round 3 (frost-rs `part3` + secp256k1-tr `post_dkg`): check the received shares, sum
 * them into the long-lived signing share, and derive every verifying share and the group key.
 *
 * Shares are checked all at once first (G·Σ shares == own verifying share computed from the
 * summed commitments); only if that fails is each share checked alone, which names exactly the
 * senders the one-by-one check names. Why this is sound: AGGREGATE-CHECK.md beside this file.
 */
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { type GroupPoint, type Suite, taggedHash } from '../suites.js';
import {
  assertCache,
  decodePoint,
  decodeScalar,
  encodeScalar,
  evalCommitment,
  evalPolynomial,
  isValidIdentifier,
  mulBase,
  type PointCache,
} from './group.js';
import { hasEvenY, parseSecret } from './round1.js';
import { shareMatches } from './round2.js';
import {
  DkgInputError,
  type KeyPackage,
  type PublicKeyPackage,
  type Round1Package,
  type Round1Secret,
} from './types.js';

/** Result of {@link dkgRound3}. */
export type Round3Result =
  { ok: true; keyPackage: KeyPackage; publicKeyPackage: PublicKeyPackage } | { ok: false; badShares: number[] };

/** Decodes all round-1 commitments; they must already have passed checkRound1Packages. */
function decodeCommitments(
  suite: Suite,
  round1: ReadonlyMap<number, Round1Package>,
  minSigners: number,
  cache?: PointCache,
): Map<number, GroupPoint[]> {
  const out = new Map<number, GroupPoint[]>();
  const bad: number[] = [];
  for (const [id, pkg] of round1) {
    const C: GroupPoint[] = [];
    const cs = (pkg as Partial<Round1Package> | null)?.commitment;
    if (Array.isArray(cs) && cs.length === minSigners) {
      for (const b of cs) {
        const p = decodePoint(suite, b, cache);
        if (typeof p === 'string') break;
        C.push(p);
      }
    }
    if (C.length !== minSigners) bad.push(id);
    out.set(id, C);
  }
  if (bad.length > 0)
    throw new DkgInputError(
      'round1-not-validated',
      'round-1 packages do not decode (call checkRound1Packages first)',
      bad,
    );
  return out;
}

/**
 * Round 3 for the holder of `secret`. `round1` = all n packages (own included), `shares` = the
 * share received from every other participant. On failure lists the senders whose share to me
 * is bad, missing or malformed (ascending). For secp256k1-tr applies frost-rs's post-DKG Taproot
 * step (even-y + TapTweak with an empty script tree), so outputs equal frost-rs's.
 */
export function dkgRound3(
  suite: Suite,
  secret: Round1Secret,
  round1: ReadonlyMap<number, Round1Package>,
  shares: ReadonlyMap<number, Uint8Array>,
  cache?: PointCache,
): Round3Result {
  const { Fn, Point, taproot } = suite.internals;
  const coeffs = parseSecret(suite, secret);
  assertCache(suite, cache);
  const me = secret.identifier;
  const t = secret.minSigners;

  // Inputs the local caller controls: the roster must be complete and contain us.
  if (!(round1 instanceof Map) || !(shares instanceof Map))
    throw new DkgInputError('bad-parameters', 'round1 and shares must be Maps');
  const own = round1.get(me);
  if (!own) throw new DkgInputError('missing-package', 'own round-1 package missing', [me]);
  if (round1.size !== secret.maxSigners)
    throw new DkgInputError(
      round1.size < secret.maxSigners ? 'missing-package' : 'unexpected-package',
      `expected ${secret.maxSigners} round-1 packages, got ${round1.size}`,
    );
  const badIds = [...round1.keys()].filter((id) => !isValidIdentifier(id));
  if (badIds.length > 0) throw new DkgInputError('bad-identifier', 'invalid identifiers in round1', badIds);
  const extra = [...shares.keys()].filter((id) => id === me || !round1.has(id));
  if (extra.length > 0) throw new DkgInputError('unexpected-package', 'shares from unknown senders', extra);

  const commitments = decodeCommitments(suite, round1, t, cache);
  // Our own package must be the one this secret produced (else we'd sign up to a different key).
  const ownC = commitments.get(me) as GroupPoint[];
  coeffs.forEach((a, k) => {
    if (!mulBase(suite, a).equals(ownC[k] as GroupPoint))
      throw new DkgInputError('own-package-mismatch', 'own round-1 package does not match the secret', [me]);
  });

  // Parse received shares; missing or non-canonical ones are bad outright.
  const others = [...round1.keys()].filter((id) => id !== me).sort((a, b) => a - b);
  const received = new Map<number, bigint>();
  const malformed: number[] = [];
  for (const j of others) {
    const s = decodeScalar(suite, shares.get(j));
    if (s === undefined) malformed.push(j);
    else received.set(j, s);
  }

  // Summed commitment M_k = Σ_j C_{j,k}: the group polynomial's commitment.
  const M: GroupPoint[] = [];
  for (let k = 0; k < t; k++) {
    let acc = Point.ZERO;
    for (const C of commitments.values()) acc = acc.add(C[k] as GroupPoint);
    M.push(acc);
  }

  let signing = evalPolynomial(suite, coeffs, BigInt(me));
  for (const s of received.values()) signing = Fn.add(signing, s);
  const myVerifying = evalCommitment(M, me);

  // Fast path: one fixed-base multiplication checks every share at once.
  if (malformed.length > 0 || !mulBase(suite, signing).equals(myVerifying)) {
    const bad = [...malformed];
    for (const [j, s] of received) if (!shareMatches(suite, commitments.get(j) as GroupPoint[], me, s)) bad.push(j);
    bad.sort((a, b) => a - b);
    // Unreachable: if every share matched, their sum would have matched (linearity).
    if (bad.length === 0) throw new Error('aggregate share check failed but no single share is bad');
    return { ok: false, badShares: bad };
  }

  const ids = [...round1.keys()].sort((a, b) => a - b);
  let verifying = ids.map((id) => (id === me ? myVerifying : evalCommitment(M, id)));
  let groupKey = M[0] as GroupPoint;
  if (taproot) {
    // frost-secp256k1-tr post_dkg: make the group key even-y (negating every share with it),
    // then add the BIP-341 TapTweak for an empty script tree: t = H_TapTweak(x(P)).
    if (!hasEvenY(groupKey)) {
      groupKey = groupKey.negate();
      verifying = verifying.map((p) => p.negate());
      signing = Fn.neg(signing);
    }
    const tweak = bytesToNumberBE(taggedHash('TapTweak', groupKey.toBytes().subarray(1)));
    if (tweak >= Fn.ORDER) throw new Error('TapTweak out of range'); // BIP-341: fail, never reduce
    const tG = mulBase(suite, tweak);
    groupKey = groupKey.add(tG);
    verifying = verifying.map((p) => p.add(tG));
    signing = Fn.add(signing, tweak);
  }
  if (groupKey.is0() || verifying.some((p) => p.is0())) throw new Error('degenerate DKG output (identity element)');

  const verifyingKey = groupKey.toBytes();
  const verifyingShares = ids.map((id, i) => ({
    identifier: id,
    verifyingShare: (verifying[i] as GroupPoint).toBytes(),
  }));
  const mine = verifyingShares.find((v) => v.identifier === me) as { verifyingShare: Uint8Array };
  return {
    ok: true,
    keyPackage: {
      suite: suite.name,
      identifier: me,
      signingShare: encodeScalar(suite, signing),
      verifyingShare: mine.verifyingShare.slice(),
      verifyingKey,
      minSigners: t,
    },
    publicKeyPackage: { suite: suite.name, verifyingShares, verifyingKey: verifyingKey.slice(), minSigners: t },
  };
}
