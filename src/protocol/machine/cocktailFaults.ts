/**
 * Rehearsal faults of Round 1 (test builds and simulated people only; advance.ts decides when):
 * a msg1 that is well-formed but wrong in exactly one attributable way, built with the same
 * COCKTAIL code an honest participant uses, so what the others catch is what a real cheat sends.
 */
import { encodeScalar, concat } from '../cocktail/encoding.js';
import { deriveKeyAndNonce } from '../cocktail/keys.js';
import { encodeMsg1 } from '../cocktail/messages.js';
import { cocktailRound1Traced, evalPolynomial, popMessage, type Round1Input } from '../cocktail/round1.js';
import { decodePoint } from '../cocktail/encoding.js';
import { sign } from '../cocktail/schnorr.js';
import type { GroupPoint } from '../suites.js';

/**
 * bad-share: msg1 whose ciphertext for each of `targets` decrypts (AEAD-valid, canonical) to
 * f_i(j) + 1, which fails the recipient's VSS check (Round 2 step 3.4) against our own
 * commitment. Everything else is honest.
 */
export function badShareMsg1(input: Round1Input, targets: readonly number[]): Uint8Array {
  const tr = cocktailRound1Traced(input);
  const { suite, staticPublicKeys: P, context } = input.session;
  const Pi = P[input.index - 1] as Uint8Array;
  const ciphertexts = tr.msg1.ciphertexts.slice();
  for (const j of targets) {
    const Pj = P[j - 1] as Uint8Array;
    const pt = decodePoint(suite, Pj) as GroupPoint;
    const { key, nonce } = deriveKeyAndNonce(
      suite,
      pt.multiply(tr.ephemeralSecret),
      pt.multiply(input.staticSecret),
      tr.msg1.ephemeral,
      Pi,
      Pj,
      context,
    );
    const wrong = (evalPolynomial(suite, tr.coefficients, BigInt(j)) + 1n) % suite.order;
    ciphertexts[j - 1] = suite.aead.encrypt(key, nonce, encodeScalar(suite, wrong));
  }
  return encodeMsg1({ ...tr.msg1, ciphertexts });
}

/** bad-proof: an honest msg1 whose PoP is a valid-looking signature over another message (Round 2 step 2 fails). */
export function badProofMsg1(input: Round1Input): Uint8Array {
  const tr = cocktailRound1Traced(input);
  const other = concat(popMessage(input.session.context, tr.msg1.commitment, tr.msg1.ephemeral), new Uint8Array([0]));
  return encodeMsg1({ ...tr.msg1, pop: sign(input.session.suite, tr.coefficients[0] as bigint, other) });
}
