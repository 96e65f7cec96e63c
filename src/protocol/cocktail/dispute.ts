/**
 * Public verdicts for ciphertexts that do not decrypt to a valid share (spec "Ciphertexts Not
 * Bound by the Transcript", option 3 combined with option 2).
 *
 * Option 2 (which bytes were sent) is the ceremony's job: every msg1 travels in an envelope
 * signed by its sender's identity key, so the framed ciphertext c̃_{j,i} is bound to j.
 * Option 3 (what those bytes decrypt to) is this file: recipient i reveals the two ECDH points
 * of that ONE ciphertext, S^e = d_i·E_j and S^d = d_i·P_j, with a non-interactive Chaum–Pedersen
 * proof that one scalar d satisfies P_i = d·B, S^e = d·E_j and S^d = d·P_j. Anyone then derives
 * k_{j,i}, iv_{j,i} with H6 exactly as i did, runs the AEAD, parses and VSS-checks, and gets the
 * same verdict as i. Nothing about d_i leaks (zero knowledge); what is revealed is the pairwise
 * key of this session's ciphertext (its ephemeral E_j is single-use) and S^d, the static-static
 * point j already knows. A false claim is caught: the ciphertext then decrypts to a valid share
 * and the verdict names the claimant instead.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { GroupPoint } from '../suites.js';
import { evalCommitment } from '../dkg/group.js';
import { CocktailError } from './errors.js';
import {
  Reader,
  concat,
  decodePoint,
  decodeScalar,
  encodePoint,
  encodeScalar,
  mulBase,
  u32le,
  type PointMemo,
} from './encoding.js';
import { deriveKeyAndNonce } from './keys.js';
import { frame, readFrame } from './messages.js';
import type { CocktailSuite } from './suites.js';

/** The three decryption-related failure modes of Round 2 (spec option 3 tags), or success. */
export type DecryptOutcome = 'aead-fail' | 'non-canonical-plaintext' | 'vss-mismatch' | 'valid';

/** What recipient i publishes about c_{j,i}. */
export interface DisputeEvidence {
  suite: CocktailSuite['name'];
  context: Uint8Array;
  sender: number;
  recipient: number;
  senderStatic: Uint8Array;
  recipientStatic: Uint8Array;
  senderEphemeral: Uint8Array;
  senderCommitment: Uint8Array[];
  /** c̃_{j,i} = u64be(len) ‖ c (bound to j by the signed envelope it came in). */
  framedCiphertext: Uint8Array;
  /** d_i·E_j. */
  sharedEphemeral: Uint8Array;
  /** d_i·P_j. */
  sharedStatic: Uint8Array;
  /** DLEQ proof (c ‖ z), suite scalar encoding. */
  proof: Uint8Array;
  /** The failure mode the recipient claims. */
  claim: Exclude<DecryptOutcome, 'valid'>;
}

const DLEQ_TAG = utf8ToBytes('frost-ceremony/COCKTAIL-DKG/dispute-dleq/v1');

function statement(suite: CocktailSuite, e: Omit<DisputeEvidence, 'proof' | 'claim' | 'suite'>): Uint8Array {
  const id = utf8ToBytes(suite.id);
  return concat(
    DLEQ_TAG,
    u32le(id.length),
    id,
    u32le(e.context.length),
    e.context,
    u32le(e.sender),
    u32le(e.recipient),
    e.senderStatic,
    e.recipientStatic,
    e.senderEphemeral,
    e.sharedEphemeral,
    e.sharedStatic,
    e.framedCiphertext,
  );
}

/**
 * Builds the evidence for c_{j,i} from recipient i's static secret. The DLEQ nonce is derived
 * deterministically from d_i and the statement (as the Schnorr nonce), so no rng is needed.
 */
export function revealPairwiseKey(
  suite: CocktailSuite,
  args: {
    context: Uint8Array;
    sender: number;
    recipient: number;
    staticSecret: bigint;
    senderStatic: Uint8Array;
    senderEphemeral: Uint8Array;
    senderCommitment: Uint8Array[];
    ciphertext: Uint8Array;
    claim: Exclude<DecryptOutcome, 'valid'>;
  },
): DisputeEvidence {
  const d = args.staticSecret;
  const Ej = decodePoint(suite, args.senderEphemeral);
  const Pj = decodePoint(suite, args.senderStatic);
  if (!Ej || !Pj) throw new CocktailError('bad-parameters', 'sender keys must be valid points');
  const base = {
    context: args.context,
    sender: args.sender,
    recipient: args.recipient,
    senderStatic: args.senderStatic,
    recipientStatic: encodePoint(mulBase(suite, d)),
    senderEphemeral: args.senderEphemeral,
    senderCommitment: args.senderCommitment,
    framedCiphertext: frame(args.ciphertext),
    sharedEphemeral: encodePoint(Ej.multiply(d)),
    sharedStatic: encodePoint(Pj.multiply(d)),
  };
  const st = statement(suite, base);
  let r = suite.hashToScalar(concat(DLEQ_TAG, utf8ToBytes('nonce'), encodeScalar(suite, d), st));
  if (r === 0n) r = 1n; // unreachable in practice; keeps multiply() defined
  const A = [mulBase(suite, r), Ej.multiply(r), Pj.multiply(r)].map(encodePoint);
  const c = suite.hashToScalar(concat(st, ...A));
  const z = (r + c * d) % suite.order;
  return {
    suite: suite.name,
    ...base,
    proof: concat(encodeScalar(suite, c), encodeScalar(suite, z)),
    claim: args.claim,
  };
}

/** Decrypt-and-check outcome of one ciphertext under a known key (shared by round 2 and disputes). */
export function classifyPlaintext(
  suite: CocktailSuite,
  plaintext: Uint8Array | null,
  recipient: number,
  commitment: readonly Uint8Array[],
  memo?: PointMemo,
): { outcome: DecryptOutcome; share?: bigint; payload?: Uint8Array } {
  if (plaintext === null) return { outcome: 'aead-fail' };
  if (plaintext.length < suite.scalarBytes) return { outcome: 'non-canonical-plaintext' };
  const s = decodeScalar(suite, plaintext.subarray(0, suite.scalarBytes));
  if (s === undefined) return { outcome: 'non-canonical-plaintext' };
  const C: GroupPoint[] = [];
  for (const c of commitment) {
    const p = decodePoint(suite, c, memo);
    if (!p) return { outcome: 'vss-mismatch' };
    C.push(p);
  }
  if (!mulBase(suite, s).equals(evalCommitment(C, recipient))) return { outcome: 'vss-mismatch', share: s };
  return { outcome: 'valid', share: s, payload: plaintext.slice(suite.scalarBytes) };
}

/** The verdict anyone can compute from the evidence alone. */
export interface DisputeVerdict {
  /** Whose fault: the sender (the ciphertext is bad) or the claimant (proof invalid or ciphertext fine). */
  culprit: number;
  /** The outcome recomputed by the verifier ('invalid-proof' when the DLEQ proof fails). */
  outcome: DecryptOutcome | 'invalid-proof';
}

/** Re-derives the key from the revealed points, checks the proof, decrypts and classifies. */
export function checkDispute(suite: CocktailSuite, ev: DisputeEvidence): DisputeVerdict {
  const claimant = { culprit: ev.recipient, outcome: 'invalid-proof' as const };
  if (ev.suite !== suite.name || ev.sender === ev.recipient) return claimant;
  const [B, Pi, Ej, Pj, Se, Sd] = [
    encodePoint(suite.Point.BASE),
    ev.recipientStatic,
    ev.senderEphemeral,
    ev.senderStatic,
    ev.sharedEphemeral,
    ev.sharedStatic,
  ].map((b) => decodePoint(suite, b));
  if (!B || !Pi || !Ej || !Pj || !Se || !Sd || ev.proof.length !== 2 * suite.scalarBytes) return claimant;
  const c = decodeScalar(suite, ev.proof.subarray(0, suite.scalarBytes));
  const z = decodeScalar(suite, ev.proof.subarray(suite.scalarBytes));
  if (c === undefined || z === undefined) return claimant;
  const st = statement(suite, ev);
  // A_k = z·G_k − c·H_k for (G,H) ∈ {(B,P_i), (E_j,S^e), (P_j,S^d)}.
  const A = [
    [B, Pi],
    [Ej, Se],
    [Pj, Sd],
  ].map(([G, H]) =>
    encodePoint(
      (z === 0n ? suite.Point.ZERO : (G as GroupPoint).multiplyUnsafe(z)).subtract(
        c === 0n ? suite.Point.ZERO : (H as GroupPoint).multiplyUnsafe(c),
      ),
    ),
  );
  if (suite.hashToScalar(concat(st, ...A)) !== c) return claimant;
  const r = new Reader(ev.framedCiphertext);
  const ct = readFrame(suite, r);
  if (!ct || r.remaining !== 0) return { culprit: ev.sender, outcome: 'aead-fail' }; // a malformed frame is the sender's fault
  const { key, nonce } = deriveKeyAndNonce(
    suite,
    Se,
    Sd,
    ev.senderEphemeral,
    ev.senderStatic,
    ev.recipientStatic,
    ev.context,
  );
  const { outcome } = classifyPlaintext(suite, suite.aead.decrypt(key, nonce, ct), ev.recipient, ev.senderCommitment);
  return { culprit: outcome === 'valid' ? ev.recipient : ev.sender, outcome };
}
