/**
 * Round 1 (spec "Round 1: Commitment and Encryption"): polynomial, VSS commitment, ephemeral
 * key, PoP over context ‖ C_i ‖ E_i, and one AEAD ciphertext of s_{i,j} ‖ payload_{i,j} for
 * every j including i. Randomness comes only from the injected rng, drawn in frost-rs order:
 * a_{i,0}, a_{i,1}, …, a_{i,t-1}, then e_i (each non-zero, resampled on 0).
 */
import { CocktailError } from './errors.js';
import { assertParameters, assertStaticKeys } from './context.js';
import { concat, decodePoint, encodePoint, encodeScalar, mulBase } from './encoding.js';
import { deriveKeyAndNonce, randomNonZeroScalar, staticShared, type CocktailCache } from './keys.js';
import { MAX_CIPHERTEXT_SIZE, encodeMsg1, type Msg1 } from './messages.js';
import { signTraced, type SignatureTrace } from './schnorr.js';
import type { CocktailSuite } from './suites.js';

/** The public session parameters every participant agrees on before Round 1 (spec "Setup"). */
export interface CocktailSession {
  suite: CocktailSuite;
  /** Threshold t. */
  t: number;
  /** Static public keys P_1..P_n in the agreed order (participant j is index j, 1-based). */
  staticPublicKeys: Uint8Array[];
  /** The agreed context (see context.ts buildContext). */
  context: Uint8Array;
}

/** Input of Round 1 for participant i. */
export interface Round1Input {
  session: CocktailSession;
  /** Our index i (1..n). */
  index: number;
  /** SECRET: our static secret d_i. */
  staticSecret: bigint;
  /** Optional payload_{i,j} per recipient j (index j−1); missing or empty = no payload. */
  payloads?: readonly (Uint8Array | undefined)[];
  /** Injected randomness. */
  rng: (n: number) => Uint8Array;
  /** Optional working memory shared with this participant's Rounds 2 and 3 (keys.ts). */
  cache?: CocktailCache;
}

/** Everything Round 1 computed, for vector checks and tests. SECRET (coefficients, e_i). */
export interface Round1Trace {
  msg1: Msg1;
  bytes: Uint8Array;
  coefficients: bigint[];
  ephemeralSecret: bigint;
  pop: SignatureTrace;
}

/** Common session checks (Setup). Throws bad-parameters / bad-static-key. */
export function assertSession(s: CocktailSession): void {
  assertParameters(s.t, s.staticPublicKeys.length);
  assertStaticKeys(s.suite, s.staticPublicKeys);
  if (!(s.context instanceof Uint8Array)) throw new CocktailError('bad-parameters', 'context must be bytes');
}

/** f(x) = Σ a_k x^k mod q (Horner). */
export function evalPolynomial(suite: CocktailSuite, coeffs: readonly bigint[], x: bigint): bigint {
  let acc = 0n;
  for (let k = coeffs.length - 1; k >= 0; k--) acc = (acc * x + (coeffs[k] as bigint)) % suite.order;
  return acc;
}

/** Round 1 with every intermediate (used by vectors and tests; production uses cocktailRound1). */
export function cocktailRound1Traced(input: Round1Input): Round1Trace {
  const { session, index, staticSecret, payloads, rng } = input;
  assertSession(session);
  const { suite, t, staticPublicKeys: P, context } = session;
  const n = P.length;
  if (!Number.isInteger(index) || index < 1 || index > n)
    throw new CocktailError('bad-parameters', `index ${index} is not in 1..${n}`);
  const ownKey = encodePoint(mulBase(suite, staticSecret));
  if (staticSecret <= 0n || staticSecret >= suite.order || !equal(ownKey, P[index - 1] as Uint8Array))
    throw new CocktailError('bad-parameters', `static secret does not match P_${index}`);
  if (payloads && payloads.length > n) throw new CocktailError('bad-parameters', 'more payloads than participants');

  // Steps 1–3: coefficients (non-zero), commitment, ephemeral key (non-zero).
  const coefficients: bigint[] = [];
  for (let k = 0; k < t; k++) coefficients.push(randomNonZeroScalar(suite, rng));
  const commitment = coefficients.map((a) => encodePoint(mulBase(suite, a)));
  const e = randomNonZeroScalar(suite, rng);
  const E = encodePoint(mulBase(suite, e));

  // Step 4: PoP = Sign(a_{i,0}, context ‖ C_i ‖ E_i).
  const pop = signTraced(suite, coefficients[0] as bigint, popMessage(context, commitment, E));

  // Step 5: s_{i,j} = f_i(j), key from e_i·P_j and d_i·P_j, c = Enc(s ‖ payload).
  const Pi = P[index - 1] as Uint8Array;
  const ciphertexts: Uint8Array[] = [];
  for (let j = 1; j <= n; j++) {
    const Pj = P[j - 1] as Uint8Array;
    const pt = decodePoint(suite, Pj, input.cache?.points);
    if (!pt) throw new CocktailError('bad-static-key', `P_${j} is invalid`, [j]);
    const { key, nonce } = deriveKeyAndNonce(
      suite,
      pt.multiply(e),
      staticShared(input.cache, Pi, staticSecret, pt, Pj),
      E,
      Pi,
      Pj,
      context,
    );
    const plaintext = concat(
      encodeScalar(suite, evalPolynomial(suite, coefficients, BigInt(j))),
      payloads?.[j - 1] ?? new Uint8Array(0),
    );
    const c = suite.aead.encrypt(key, nonce, plaintext);
    // Recipients reject frames above the cap: fail here rather than send a message that blames us.
    if (c.length > MAX_CIPHERTEXT_SIZE)
      throw new CocktailError(
        'bad-parameters',
        `payload for participant ${j} makes the ciphertext exceed ${MAX_CIPHERTEXT_SIZE} bytes`,
      );
    ciphertexts.push(c);
  }
  const msg1: Msg1 = { commitment, pop: pop.signature, ephemeral: E, ciphertexts };
  return { msg1, bytes: encodeMsg1(msg1), coefficients, ephemeralSecret: e, pop };
}

/** Round 1 for participant i: returns msg1 (public; broadcast its bytes). Secrets are dropped. */
export function cocktailRound1(input: Round1Input): { msg1: Msg1; bytes: Uint8Array } {
  const { msg1, bytes } = cocktailRound1Traced(input);
  return { msg1, bytes };
}

/** The PoP message context ‖ C_{i,0} ‖ … ‖ C_{i,t-1} ‖ E_i. */
export function popMessage(context: Uint8Array, commitment: readonly Uint8Array[], ephemeral: Uint8Array): Uint8Array {
  return concat(context, ...commitment, ephemeral);
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, k) => x === b[k]);
}
