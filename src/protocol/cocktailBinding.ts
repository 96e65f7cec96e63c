/**
 * How one ceremony session runs COCKTAIL-DKG (C2SP cocktail-dkg v0.2.1): the spec's public
 * session values derived from the coordinator-signed roster, our application extension `ext`,
 * the msg1 carried in a round-1 envelope, the transcript T, and the pairwise-key reveal a
 * complaint carries. Pure; used alike by the state machine, blame.ts (evidence) and the offline
 * certificate verifier, so all three judge with the same code.
 */
import { buildContext } from './cocktail/context.js';
import { CocktailError } from './cocktail/errors.js';
import { type DisputeEvidence } from './cocktail/dispute.js';
import { concat, decodePoint, u32le, u64le, type PointMemo } from './cocktail/encoding.js';
import { applicationExtension } from './cocktail/extension.js';
import { frame, parseMsg1, type Msg1 } from './cocktail/messages.js';
import { popMessage, type CocktailSession } from './cocktail/round1.js';
import { verify } from './cocktail/schnorr.js';
import { getCocktailSuite, type CocktailSuite } from './cocktail/suites.js';
import { buildTranscript } from './cocktail/transcript.js';
import { fromHex, utf8 } from './encoding.js';
import type { SessionContext } from './sessionContext.js';
import { MAX_PARTICIPANTS } from './session.js';

/**
 * Largest msg1 we accept (bytes): n ≤ MAX_PARTICIPANTS at the largest suite (Ed448: 57-byte
 * points and scalars, 114-byte PoP), t ≤ n commitment points, and n framed ciphertexts of a
 * share without payload (8-byte frame + 57 + 16-byte tag). Our ceremony sends no payloads.
 */
export const MAX_MSG1_BYTES = MAX_PARTICIPANTS * (57 + 8 + 57 + 16) + 114 + 57;

/** The spec's session values (Setup): suite, t, P_1..P_n from the roster, recommended context with our session id. */
export function cocktailSessionOf(sc: SessionContext): CocktailSession {
  const suite = getCocktailSuite(sc.params.suite);
  const staticPublicKeys = sc.roster.map((r) => fromHex(r.static));
  return {
    suite,
    t: sc.params.minSigners,
    staticPublicKeys,
    context: buildContext(suite, fromHex(sc.sessionId), staticPublicKeys),
  };
}

/**
 * Our `ext` (spec "Application-Specific Extensions", consensus on external state): the facts of
 * the ceremony the spec's transcript does not bind, so every CertEq signature (and hence the
 * success certificate) also proves them. Fields, in this order (applicationExtension encoding):
 *   coordinator  32-byte identity key that signed the roster
 *   room         UTF-8 room id
 *   generation   u64le
 *   label        UTF-8 key label
 *   suite        UTF-8 suite NAME (ciphersuite_id does not tell secp256k1 from secp256k1-tr)
 *   min-signers  u32le t;  max-signers  u32le n;  single-signer  one byte, 1 if the 1-of-n flag is set
 *   then for i = 1..n: name/i (UTF-8), identity/i (32 bytes), static/i (P_i), code-commitment/i (32 bytes)
 */
export function ceremonyExtension(sc: SessionContext): Uint8Array {
  const p = sc.params;
  const fields: [string, Uint8Array][] = [
    ['coordinator', fromHex(sc.coordinator)],
    ['room', utf8(sc.room)],
    ['generation', u64le(sc.generation)],
    ['label', utf8(p.label)],
    ['suite', utf8(p.suite)],
    ['min-signers', u32le(p.minSigners)],
    ['max-signers', u32le(sc.roster.length)],
    ['single-signer', new Uint8Array([p.singleSigner === true ? 1 : 0])],
  ];
  sc.roster.forEach((r, k) => {
    const i = k + 1;
    fields.push(
      [`name/${i}`, utf8(r.name)],
      [`identity/${i}`, fromHex(r.identity)],
      [`static/${i}`, fromHex(r.static)],
      [`code-commitment/${i}`, fromHex(r.commit)],
    );
  });
  return applicationExtension(fields);
}

/**
 * Sender j's msg1 from its round-1 payload, fully checked as far as it can be on its own
 * (Round 2 steps 1–2): exact parse for t-of-n with valid points, |C_j| = t, PoP_j verifies.
 * Throws CocktailError naming j (malformed-msg1, wrong-commitment-length, bad-pop).
 */
export function checkedMsg1(session: CocktailSession, sender: number, msg1Hex: string, memo?: PointMemo): Msg1 {
  const { suite, t, context, staticPublicKeys } = session;
  const m = parseMsg1(suite, t, staticPublicKeys.length, sender, fromHex(msg1Hex), memo);
  // Step 2, as checkCommitmentsAndPops: PoP_j = Sign(a_{j,0}, context ‖ C_j ‖ E_j) under C_{j,0}.
  if (!verify(suite, m.commitment[0] as Uint8Array, m.pop, popMessage(context, m.commitment, m.ephemeral), memo))
    throw new CocktailError('bad-pop', `participant ${sender}'s proof of possession does not verify`, [sender]);
  return m;
}

/** T over the n msg1s (identifier order) with our extension. */
export function ceremonyTranscript(sc: SessionContext, session: CocktailSession, msgs: readonly Msg1[]): Uint8Array {
  return buildTranscript(session.suite, {
    context: session.context,
    t: session.t,
    staticPublicKeys: session.staticPublicKeys,
    commitments: msgs.map((m) => m.commitment),
    pops: msgs.map((m) => m.pop),
    ephemerals: msgs.map((m) => m.ephemeral),
    extension: ceremonyExtension(sc),
  });
}

/** Length of a complaint's reveal: S^e ‖ S^d ‖ DLEQ (c ‖ z). */
export function revealBytes(suite: CocktailSuite): number {
  return 2 * suite.elementBytes + 2 * suite.scalarBytes;
}

/**
 * The part of a dispute only the recipient can make (dispute.ts): S^e = d_i·E_j, S^d = d_i·P_j
 * and the DLEQ proof, in one fixed-length encoding. Everything else in the evidence is public
 * and is rebuilt by the judge from the roster and the accused's signed msg1, so a complaint
 * cannot restate it differently.
 */
export function encodeReveal(ev: DisputeEvidence): Uint8Array {
  return concat(ev.sharedEphemeral, ev.sharedStatic, ev.proof);
}

/**
 * The full DisputeEvidence for the ciphertext accused j sent to accuser i, from the public
 * values (roster, context, j's msg1) and i's reveal; a string when the reveal has the wrong
 * length or invalid points (then the complaint proves nothing and its signer is at fault).
 */
export function disputeOf(
  session: CocktailSession,
  accused: number,
  accuser: number,
  msg1: Msg1,
  reveal: Uint8Array,
): DisputeEvidence | string {
  const { suite } = session;
  if (reveal.length !== revealBytes(suite)) return `reveal has ${reveal.length} bytes, not ${revealBytes(suite)}`;
  const e = suite.elementBytes;
  const sharedEphemeral = reveal.slice(0, e);
  const sharedStatic = reveal.slice(e, 2 * e);
  if (!decodePoint(suite, sharedEphemeral) || !decodePoint(suite, sharedStatic)) return 'reveal holds an invalid point';
  return {
    suite: suite.name,
    context: session.context,
    sender: accused,
    recipient: accuser,
    senderStatic: session.staticPublicKeys[accused - 1] as Uint8Array,
    recipientStatic: session.staticPublicKeys[accuser - 1] as Uint8Array,
    senderEphemeral: msg1.ephemeral,
    senderCommitment: msg1.commitment,
    framedCiphertext: frame(msg1.ciphertexts[accuser - 1] as Uint8Array),
    sharedEphemeral,
    sharedStatic,
    proof: reveal.slice(2 * e),
    // Not part of the proof statement; checkDispute recomputes the outcome from the bytes.
    claim: 'aead-fail',
  };
}
