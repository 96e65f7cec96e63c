/**
 * msg1 byte layout (spec "Protocol Messages"):
 *   msg1_i = C_i ‖ PoP_i ‖ E_i ‖ c̃_{i,1} ‖ … ‖ c̃_{i,n},   c̃ = u64be(len(c)) ‖ c
 * with C_i exactly t compressed points. Parsing is exact (no trailing bytes) and bounded by
 * MAX_CIPHERTEXT_SIZE; a parse that only succeeds with k ≠ t commitment points is reported as
 * a wrong commitment length with the parsed values as evidence (threshold elevation).
 */
import { CocktailError } from './errors.js';
import { Reader, concat, decodePoint, u64be, type PointMemo } from './encoding.js';
import { AEAD_TAG_BYTES, type CocktailSuite } from './suites.js';

/**
 * Upper bound on one ciphertext (spec: MUST configure one, SHOULD be ≥ 64 KiB; MUST accept
 * scalar + tag). Same value as frost-rs.
 */
export const MAX_CIPHERTEXT_SIZE = 65536;

/** A parsed msg1 (public). Points are still raw encodings; parseMsg1 has validated them. */
export interface Msg1 {
  /** C_{i,0..k-1}: compressed points (k = t for a well-formed message). */
  commitment: Uint8Array[];
  /** PoP_i = R ‖ z. */
  pop: Uint8Array;
  /** E_i. */
  ephemeral: Uint8Array;
  /** c_{i,1..n} without their frames, recipient order. */
  ciphertexts: Uint8Array[];
}

/** Minimum ciphertext: a zero-payload share (scalar + AEAD tag). */
export function minCiphertextSize(suite: CocktailSuite): number {
  return suite.scalarBytes + AEAD_TAG_BYTES;
}

/** c̃ = u64be(len(c)) ‖ c. */
export function frame(c: Uint8Array): Uint8Array {
  return concat(u64be(c.length), c);
}

/** Encodes msg1. */
export function encodeMsg1(m: Msg1): Uint8Array {
  return concat(...m.commitment, m.pop, m.ephemeral, ...m.ciphertexts.map(frame));
}

/** Reads one frame; undefined when truncated or its length is outside [min, MAX]. */
export function readFrame(suite: CocktailSuite, r: Reader): Uint8Array | undefined {
  const len = r.u64('be');
  if (len === undefined || len < minCiphertextSize(suite) || len > MAX_CIPHERTEXT_SIZE) return undefined;
  return r.take(len);
}

function tryParse(suite: CocktailSuite, k: number, n: number, bytes: Uint8Array): Msg1 | undefined {
  const r = new Reader(bytes);
  const commitment: Uint8Array[] = [];
  for (let x = 0; x < k; x++) {
    const p = r.take(suite.elementBytes);
    if (!p) return undefined;
    commitment.push(p.slice());
  }
  const pop = r.take(suite.signatureBytes);
  const ephemeral = r.take(suite.elementBytes);
  if (!pop || !ephemeral) return undefined;
  const ciphertexts: Uint8Array[] = [];
  for (let j = 0; j < n; j++) {
    const c = readFrame(suite, r);
    if (!c) return undefined;
    ciphertexts.push(c.slice());
  }
  if (r.remaining !== 0) return undefined;
  return { commitment, pop: pop.slice(), ephemeral: ephemeral.slice(), ciphertexts };
}

/**
 * Parses sender j's msg1 for a t-of-n session and validates every point (commitment points and
 * E: valid, non-identity, prime-order). Throws CocktailError naming j.
 */
export function parseMsg1(
  suite: CocktailSuite,
  t: number,
  n: number,
  sender: number,
  bytes: Uint8Array,
  memo?: PointMemo,
): Msg1 {
  let m = tryParse(suite, t, n, bytes);
  if (!m) {
    // Does it parse with another commitment length? Then it is a threshold-elevation attempt
    // (or a lowered threshold), which the spec names separately (Round 2 step 1).
    for (let k = 1; k <= n + 1 && !m; k++) if (k !== t) m = tryParse(suite, k, n, bytes);
    if (m)
      throw new CocktailError(
        'wrong-commitment-length',
        `participant ${sender} committed to ${m.commitment.length} coefficients, not t = ${t}`,
        [sender],
        { kind: 'msg1-bytes', sender, bytes },
      );
    throw new CocktailError(
      'malformed-msg1',
      `participant ${sender}'s round-1 message does not parse as ${t}-of-${n} ${suite.name} msg1`,
      [sender],
      { kind: 'msg1-bytes', sender, bytes },
    );
  }
  try {
    assertMsg1Points(suite, sender, m, memo);
  } catch (e) {
    if (e instanceof CocktailError)
      throw new CocktailError(e.code, e.message, e.culprits, { kind: 'msg1-bytes', sender, bytes });
    throw e;
  }
  return m;
}

/** Validates the points of an already-split msg1 (commitment and E). */
export function assertMsg1Points(suite: CocktailSuite, sender: number, m: Msg1, memo?: PointMemo): void {
  m.commitment.forEach((c, k) => {
    if (!decodePoint(suite, c, memo))
      throw new CocktailError(
        'malformed-msg1',
        `participant ${sender}'s commitment point ${k} is not a valid non-identity ${suite.name} point`,
        [sender],
      );
  });
  if (!decodePoint(suite, m.ephemeral, memo))
    throw new CocktailError(
      'malformed-msg1',
      `participant ${sender}'s ephemeral key is not a valid non-identity ${suite.name} point`,
      [sender],
    );
  if (m.pop.length !== suite.signatureBytes)
    throw new CocktailError('malformed-msg1', `participant ${sender}'s proof of possession has the wrong length`, [
      sender,
    ]);
}
