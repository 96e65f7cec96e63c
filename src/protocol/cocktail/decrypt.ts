/**
 * Round 2 (spec "Round 2: Share Decryption and Verification") for participant i, given all n
 * msg1 in participant order (its own included):
 *  1. |C_j| = t for every j                     → wrong-commitment-length, culprit j
 *  2. PoP_j verifies on context ‖ C_j ‖ E_j      → bad-pop, culprit j
 *  3. for every j (self included): key from d_i·E_j and d_i·P_j, AEAD-decrypt c_{j,i}, parse
 *     s_{j,i} ‖ payload, check s_{j,i}·B = Σ_k i^k·C_{j,k}
 *                                               → undecryptable / non-canonical-plaintext /
 *                                                 share-fails-vss, culprit j, with a dispute
 *                                                 reveal (dispute.ts) anyone can check
 *  4. x_i = Σ_j s_{j,i}, Y, Y_1..Y_n, and the self-check x_i·B = Y_i
 * then Round 3 steps 1–2: the transcript T (with ext) and sig_i = Sign(d_i, T).
 */
import { CocktailError } from './errors.js';
import { assertSession, popMessage, type CocktailSession } from './round1.js';
import { bytesEqual, decodePoint, mulBase, type PointMemo } from './encoding.js';
import { deriveKeyAndNonce, staticShared, type CocktailCache } from './keys.js';
import { encodeMsg1, minCiphertextSize, MAX_CIPHERTEXT_SIZE, assertMsg1Points, type Msg1 } from './messages.js';
import { classifyPlaintext, revealPairwiseKey } from './dispute.js';
import { rawOutputs, type RawOutputs } from './keyPackage.js';
import { buildTranscript } from './transcript.js';
import { payloadExtension } from './extension.js';
import { sign, verify } from './schnorr.js';
import type { GroupPoint } from '../suites.js';

/** Input of Round 2 for participant i. */
export interface Round2Input {
  session: CocktailSession;
  index: number;
  /** SECRET: d_i. */
  staticSecret: bigint;
  /** msg1 of participants 1..n (index j−1), as parsed by parseMsg1 or built from our wire. */
  msgs: readonly Msg1[];
  /**
   * The extension: bytes the application fixes, or 'payloads' for the spec's payload-derived
   * extension (every sender must have sent one payload to everyone).
   */
  extension: Uint8Array | 'payloads';
  /** Optional working memory shared with this participant's Rounds 1 and 3 (keys.ts). */
  cache?: CocktailCache;
  /**
   * The msg1 we sent (its bytes). When given, msgs[i−1] must encode to exactly these bytes: a
   * relay that swaps our own message would otherwise make us blame ourselves for our own
   * ciphertext (nobody but us can make c_{i,i}).
   */
  ownMsg1?: Uint8Array;
}

/** Round 2 result. SECRET: secretShare. */
export interface Round2Result {
  /** x_i. */
  secretShare: bigint;
  /** payload_{j,i} for j = 1..n (empty when none). */
  payloads: Uint8Array[];
  /** Y and Y_1..Y_n (before any Taproot step). */
  outputs: RawOutputs;
  /** The extension bound into T. */
  extension: Uint8Array;
  /** The canonical transcript T. */
  transcript: Uint8Array;
  /** sig_i on T. */
  signature: Uint8Array;
}

/** Checks steps 1 and 2 for every sender; throws naming the first culprit with public evidence. */
export function checkCommitmentsAndPops(
  session: CocktailSession,
  msgs: readonly Msg1[],
  memo: PointMemo = new Map(),
): void {
  const { suite, t, context, staticPublicKeys } = session;
  if (msgs.length !== staticPublicKeys.length)
    throw new CocktailError(
      'bad-parameters',
      `expected ${staticPublicKeys.length} round-1 messages, got ${msgs.length}`,
    );
  msgs.forEach((m, idx) => {
    const j = idx + 1;
    const evidence = {
      kind: 'round1-public' as const,
      sender: j,
      commitment: m.commitment,
      pop: m.pop,
      ephemeral: m.ephemeral,
      context,
    };
    if (m.commitment.length !== t)
      throw new CocktailError(
        'wrong-commitment-length',
        `participant ${j} committed to ${m.commitment.length} coefficients, not t = ${t}`,
        [j],
        evidence,
      );
    assertMsg1Points(suite, j, m, memo);
    if (m.ciphertexts.length !== staticPublicKeys.length)
      throw new CocktailError(
        'malformed-msg1',
        `participant ${j} sent ${m.ciphertexts.length} ciphertexts, not n = ${staticPublicKeys.length}`,
        [j],
      );
  });
  msgs.forEach((m, idx) => {
    const j = idx + 1;
    if (!verify(suite, m.commitment[0] as Uint8Array, m.pop, popMessage(context, m.commitment, m.ephemeral), memo))
      throw new CocktailError('bad-pop', `participant ${j}'s proof of possession does not verify`, [j], {
        kind: 'round1-public',
        sender: j,
        commitment: m.commitment,
        pop: m.pop,
        ephemeral: m.ephemeral,
        context,
      });
  });
}

/** Round 2 for participant i (then signs T, Round 3 steps 1–2). */
export function cocktailRound2(input: Round2Input): Round2Result {
  const { session, index: i, staticSecret: d, msgs } = input;
  assertSession(session);
  const { suite, t, context, staticPublicKeys: P } = session;
  const n = P.length;
  if (!Number.isInteger(i) || i < 1 || i > n) throw new CocktailError('bad-parameters', `index ${i} is not in 1..${n}`);
  const Pi = P[i - 1] as Uint8Array;
  if (d <= 0n || d >= suite.order || !mulBase(suite, d).equals(decodePoint(suite, Pi) as GroupPoint))
    throw new CocktailError('bad-parameters', `static secret does not match P_${i}`);

  if (input.ownMsg1 && msgs[i - 1] && !bytesEqual(encodeMsg1(msgs[i - 1] as Msg1), input.ownMsg1))
    throw new CocktailError(
      'own-msg1-altered',
      `the round-1 message listed for us (participant ${i}) is not the one we sent`,
    );
  const memo: PointMemo = input.cache?.points ?? new Map();
  checkCommitmentsAndPops(session, msgs, memo);

  let x = 0n;
  const payloads: Uint8Array[] = [];
  msgs.forEach((m, idx) => {
    const j = idx + 1;
    const c = m.ciphertexts[i - 1] as Uint8Array;
    if (c.length < minCiphertextSize(suite) || c.length > MAX_CIPHERTEXT_SIZE)
      throw new CocktailError(
        'bad-ciphertext-size',
        `participant ${j}'s ciphertext for ${i} has ${c.length} bytes`,
        [j],
        { kind: 'ciphertext', sender: j, recipient: i, ciphertext: c },
      );
    const Ej = decodePoint(suite, m.ephemeral, memo) as GroupPoint;
    const Pj = decodePoint(suite, P[idx] as Uint8Array, memo) as GroupPoint;
    const { key, nonce } = deriveKeyAndNonce(
      suite,
      Ej.multiply(d),
      staticShared(input.cache, Pi, d, Pj, P[idx] as Uint8Array),
      m.ephemeral,
      P[idx] as Uint8Array,
      Pi,
      context,
    );
    const r = classifyPlaintext(suite, suite.aead.decrypt(key, nonce, c), i, m.commitment, memo);
    if (r.outcome !== 'valid') {
      const dispute = revealPairwiseKey(suite, {
        context,
        sender: j,
        recipient: i,
        staticSecret: d,
        senderStatic: P[idx] as Uint8Array,
        senderEphemeral: m.ephemeral,
        senderCommitment: m.commitment,
        ciphertext: c,
        claim: r.outcome,
      });
      const code =
        r.outcome === 'aead-fail'
          ? 'undecryptable'
          : r.outcome === 'non-canonical-plaintext'
            ? 'non-canonical-plaintext'
            : 'share-fails-vss';
      throw new CocktailError(code, `participant ${j}'s ciphertext for participant ${i}: ${r.outcome}`, [j], {
        kind: 'dispute',
        dispute,
      });
    }
    x = (x + (r.share as bigint)) % suite.order;
    payloads.push(r.payload as Uint8Array);
  });

  const outputs = rawOutputs(
    suite,
    msgs.map((m) => m.commitment),
    t,
    memo,
  );
  // Step 4.4: defence in depth; cannot fail after the VSS checks unless this code is wrong.
  if (!mulBase(suite, x).equals(outputs.verificationShares[i - 1] as GroupPoint))
    throw new CocktailError('self-check-failed', 'x_i·B ≠ Y_i after all shares verified');

  const extension = input.extension === 'payloads' ? payloadExtension(suite, payloads) : input.extension;
  const transcript = buildTranscript(suite, {
    context,
    t,
    staticPublicKeys: P,
    commitments: msgs.map((m) => m.commitment),
    pops: msgs.map((m) => m.pop),
    ephemerals: msgs.map((m) => m.ephemeral),
    extension,
  });
  return { secretShare: x, payloads, outputs, extension, transcript, signature: sign(suite, d, transcript) };
}
