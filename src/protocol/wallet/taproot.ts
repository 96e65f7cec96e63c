/**
 * BIP-341 key-path-only Taproot outputs of a FROST secp256k1-tr group key.
 *
 * frost-secp256k1-tr's DKG already applies the BIP-341 tweak for an empty script tree
 * (`post_dkg`: P made even-y, Q = P + int(hash_TapTweak(x(P)))·G), so the group verifying key
 * in its key packages IS the output key Q, and FROST signatures verify as BIP-340 under x(Q).
 * A descriptor for it is therefore `rawtr(x(Q))`, never `tr(x(Q))` (that would tweak a second
 * time, and the coins would go to a key nobody holds). `tr(x(P))` is right only with the
 * untweaked P, which the public key package does not contain; the ceremony's round-1
 * commitments do (P = Σ_i C_i[0]), see {@link internalKeyFromConstantTerms}.
 */
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { taggedHash } from '../suites.js';

type Point = InstanceType<typeof secp256k1.Point>;
const { Point: P } = secp256k1;
const N = P.Fn.ORDER;

/** BIP-340 lift_x: the point with x-coordinate `x` and even y. Throws if there is none. */
export function liftX(x: Uint8Array): Point {
  if (x.length !== 32) throw new RangeError('x-only keys are 32 bytes');
  return P.fromBytes(Uint8Array.of(0x02, ...x));
}

/**
 * BIP-341 `taproot_tweak_pubkey(pubkey, b'')` for a key-path-only output: the x-only output key
 * Q = lift_x(p) + int(hash_TapTweak(p))·G.
 */
export function taprootOutputKey(internalXOnly: Uint8Array): Uint8Array {
  const p = liftX(internalXOnly);
  const t = bytesToNumberBE(taggedHash('TapTweak', internalXOnly));
  // BIP-341: "if t >= SECP256K1_ORDER: raise ValueError", never reduce.
  if (t >= N) throw new RangeError('TapTweak is not below the group order');
  const q = p.add(P.BASE.multiply(t));
  if (q.is0()) throw new RangeError('the tweaked key is the point at infinity');
  return q.toBytes(true).subarray(1);
}

/**
 * The untweaked internal key from the DKG's constant-term commitments C_i[0] (SEC1 bytes):
 * x(Σ_i C_i[0]) (x-only drops the sign, exactly as frost-rs's even-y step does).
 */
export function internalKeyFromConstantTerms(constantTerms: readonly Uint8Array[]): Uint8Array {
  if (constantTerms.length === 0) throw new RangeError('no commitments');
  let sum: Point = P.ZERO;
  for (const c of constantTerms) sum = sum.add(P.fromBytes(c));
  if (sum.is0()) throw new RangeError('the commitments sum to the point at infinity');
  return sum.toBytes(true).subarray(1);
}

/**
 * x(Q) of a secp256k1-tr group verifying key as frost-rs writes it (33-byte SEC1 compressed): the
 * 32-byte x-only key BIP-340 verifies under and the Taproot address commits to. The group key is
 * already the tweaked output key Q (module comment), so nothing is tweaked here.
 */
export function outputKeyOfGroupKey(verifyingKey: Uint8Array): Uint8Array {
  if (verifyingKey.length !== 33 || (verifyingKey[0] !== 0x02 && verifyingKey[0] !== 0x03))
    throw new RangeError('a secp256k1-tr group key is 33 bytes of SEC1 compressed point');
  return verifyingKey.subarray(1);
}

/** `OP_1 <32-byte output key>`: the segwit v1 scriptPubKey. */
export function taprootScriptPubKey(outputXOnly: Uint8Array): Uint8Array {
  if (outputXOnly.length !== 32) throw new RangeError('x-only keys are 32 bytes');
  return Uint8Array.of(0x51, 0x20, ...outputXOnly);
}
