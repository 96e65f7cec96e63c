/**
 * COCKTAIL-DKG test vectors in the CCTV / frost-rs JSON format (spec "Appendix B"): derive every
 * published value of one vector from its seed and inputs through this module, and compare.
 * Pure (the caller reads the file). Used by the vector tests and `frost-ceremony vectors check`.
 *
 * Derivation, as the published files were made (checked against both implementations' files):
 *  - labelled hash  Hl(label) = H(seed ‖ ciphersuite_id ‖ u32le(t) ‖ u32le(n) ‖ label)
 *  - static key i   = Hl("static_secret_key_i") reduced mod q in the scalar's byte order
 *                     (Ed448: SHAKE256 at 114 bytes here, not 64 as Appendix B says; the files
 *                     of both implementations agree on 114)
 *  - Round 1 rng i  = the stream Hl("round1_participant_i" ‖ u64le(counter)), counter 0, 1, …
 *                     (frost-rs CounterDrng), scalars drawn as frost-rs Field::random
 *  - context        = the recommended construction with session_id = session_tag
 *  - payloads       = the file's `payloads` (one per sender, sent to everyone), ext = the
 *                     payload extension; otherwise ext = the file's `extension`
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { shake256 } from '@noble/hashes/sha3.js';
import { bytesToNumberBE, bytesToNumberLE } from '@noble/curves/utils.js';
import type { SuiteName } from '../suites.js';
import { buildContext } from './context.js';
import { concat, encodePoint, encodeScalar, hex, mulBase, u32le, u64le } from './encoding.js';
import { cocktailRound1Traced, type CocktailSession } from './round1.js';
import { cocktailRound2 } from './decrypt.js';
import { cocktailRound3 } from './certeq.js';
import { encodeBundle, recoverKeyPackage } from './recovery.js';
import { getCocktailSuite, type CocktailSuite } from './suites.js';
import type { KeyPackage, PublicKeyPackage } from '../dkg/types.js';

/** The published seed: SHA256("Daniel Bourdrez,Soatok Dreamseeker,Tjaden Hess"). */
export const VECTOR_SEED_HEX = 'b171b6992cc6db1f40b18dd8b1361d642f013e4b1208a735259a516af60dcb68';

/** One vector, as JSON (all byte strings lowercase hex). */
export interface VectorJson {
  n: number;
  t: number;
  session_tag: string;
  context: string;
  extension: string;
  payloads?: string[];
  config: { static_secret_keys: string[]; static_public_keys: string[] };
  round1: {
    participant_id: number;
    ephemeral_public_key: string;
    vss_commitment: string[];
    pop: string;
    pop_intermediate: {
      message: string;
      nonce_input: string;
      nonce: string;
      nonce_commitment: string;
      challenge_input: string;
      challenge: string;
    };
    encrypted_shares: string[];
  }[];
  round2: { participant_id: number; secret_share: string; verification_share: string }[];
  round3: { transcript_hash: string; signatures: { signer_id: number; signature: string }[] };
  group_public_key: string;
  recovery?: {
    participant_id: number;
    ciphertexts: string[];
    recovered_secret_share: string;
    recovered_verification_share: string;
  };
}

/** A vector file. */
export interface VectorFileJson {
  ciphersuite: string;
  seed: string;
  vectors: VectorJson[];
  [k: string]: unknown;
}

/** The outputs of a derivation beyond the JSON: frost-rs key packages (after any Taproot step). */
export interface Derived {
  vector: VectorJson;
  keyPackages: KeyPackage[];
  publicKeyPackage: PublicKeyPackage;
}

function labelled(
  suite: CocktailSuite,
  seed: Uint8Array,
  t: number,
  n: number,
  label: Uint8Array,
  wide?: number,
): Uint8Array {
  const pre = concat(seed, utf8ToBytes(suite.id), u32le(t), u32le(n), label);
  return wide ? shake256(pre, { dkLen: wide }) : suite.hash(pre);
}

/** frost-rs CounterDrng: blocks Hl(label ‖ u64le(counter)), read as one byte stream. */
export function counterRng(
  suite: CocktailSuite,
  seed: Uint8Array,
  t: number,
  n: number,
  label: string,
): (len: number) => Uint8Array {
  let counter = 0;
  let buf: Uint8Array = new Uint8Array(0);
  let pos = 0;
  return (len) => {
    const out = new Uint8Array(len);
    let o = 0;
    while (o < len) {
      if (pos === buf.length) {
        buf = labelled(suite, seed, t, n, concat(utf8ToBytes(label), u64le(counter++)));
        pos = 0;
      }
      const k = Math.min(buf.length - pos, len - o);
      out.set(buf.subarray(pos, pos + k), o);
      o += k;
      pos += k;
    }
    return out;
  };
}

/** Static secret key of participant i for the vectors. */
export function vectorStaticSecret(suite: CocktailSuite, seed: Uint8Array, t: number, n: number, i: number): bigint {
  const h = labelled(
    suite,
    seed,
    t,
    n,
    utf8ToBytes(`static_secret_key_${i}`),
    suite.name === 'ed448' ? 114 : undefined,
  );
  return (suite.scalarOrder === 'le' ? bytesToNumberLE(h) : bytesToNumberBE(h)) % suite.order;
}

/** Seed-derived payload of participant i (Appendix B label `payload_i`), for generated vectors. */
export function vectorPayload(suite: CocktailSuite, seed: Uint8Array, t: number, n: number, i: number): Uint8Array {
  return labelled(suite, seed, t, n, utf8ToBytes(`payload_${i}`));
}

const fromHex = (h: string): Uint8Array => {
  if (typeof h !== 'string' || h.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(h)) throw new TypeError('not a hex string');
  const out = new Uint8Array(h.length / 2);
  for (let k = 0; k < out.length; k++) out[k] = parseInt(h.slice(2 * k, 2 * k + 2), 16);
  return out;
};

/**
 * Runs a whole t-of-n COCKTAIL-DKG from the seed, recording every value the vectors publish.
 * `payloads` (one per sender) switches on the payload extension; otherwise `extension` is used.
 */
export function deriveVector(
  name: SuiteName,
  seed: Uint8Array,
  t: number,
  n: number,
  opts: { extension?: Uint8Array; payloads?: Uint8Array[]; recoveryFor?: number } = {},
): Derived {
  const suite = getCocktailSuite(name);
  const secrets = Array.from({ length: n }, (_, k) => vectorStaticSecret(suite, seed, t, n, k + 1));
  const P = secrets.map((d) => encodePoint(mulBase(suite, d)));
  const sessionTag = utf8ToBytes(`COCKTAIL-DKG-TEST-VECTOR-${t}-OF-${n}`);
  const context = buildContext(suite, sessionTag, P);
  const session: CocktailSession = { suite, t, staticPublicKeys: P, context };
  const payloads = opts.payloads;
  const r1 = secrets.map((d, k) =>
    cocktailRound1Traced({
      session,
      index: k + 1,
      staticSecret: d,
      payloads: payloads ? Array.from({ length: n }, () => payloads[k] as Uint8Array) : undefined,
      rng: counterRng(suite, seed, t, n, `round1_participant_${k + 1}`),
    }),
  );
  const msgs = r1.map((r) => r.msg1);
  const extension = payloads ? 'payloads' : (opts.extension ?? new Uint8Array(0));
  const r2 = secrets.map((d, k) => cocktailRound2({ session, index: k + 1, staticSecret: d, msgs, extension }));
  const sigs = r2.map((r) => r.signature);
  const r3 = r2.map((r, k) => cocktailRound3(session, k + 1, r, sigs));
  const first = r2[0]!;
  const vector: VectorJson = {
    n,
    t,
    session_tag: hex(sessionTag),
    context: hex(context),
    extension: hex(first.extension),
    ...(payloads ? { payloads: payloads.map(hex) } : {}),
    config: { static_secret_keys: secrets.map((d) => hex(encodeScalar(suite, d))), static_public_keys: P.map(hex) },
    round1: r1.map((r, k) => ({
      participant_id: k + 1,
      ephemeral_public_key: hex(r.msg1.ephemeral),
      vss_commitment: r.msg1.commitment.map(hex),
      pop: hex(r.msg1.pop),
      pop_intermediate: {
        message: hex(r.pop.message),
        nonce_input: hex(r.pop.nonceInput),
        nonce: hex(r.pop.nonce),
        nonce_commitment: hex(r.pop.nonceCommitment),
        challenge_input: hex(r.pop.challengeInput),
        challenge: hex(r.pop.challenge),
      },
      encrypted_shares: r.msg1.ciphertexts.map(hex),
    })),
    round2: r2.map((r, k) => ({
      participant_id: k + 1,
      secret_share: hex(encodeScalar(suite, r.secretShare)),
      verification_share: hex(encodePoint(r.outputs.verificationShares[k]!)),
    })),
    round3: {
      transcript_hash: hex(suite.hash(first.transcript)),
      signatures: sigs.map((s, k) => ({ signer_id: k + 1, signature: hex(s) })),
    },
    group_public_key: hex(encodePoint(first.outputs.groupKey)),
  };
  if (opts.recoveryFor !== undefined) {
    const i = opts.recoveryFor;
    const cts = msgs.map((m) => m.ciphertexts[i - 1]!);
    const rec = recoverKeyPackage(suite, secrets[i - 1]!, r3[0]!.certificate, encodeBundle(cts));
    vector.recovery = {
      participant_id: i,
      ciphertexts: cts.map(hex),
      recovered_secret_share: hex(encodeScalar(suite, rec.secretShare)),
      recovered_verification_share: hex(encodePoint(mulBase(suite, rec.secretShare))),
    };
  }
  return { vector, keyPackages: r3.map((r) => r.keyPackage), publicKeyPackage: r3[0]!.publicKeyPackage };
}

/** Derives a vector from a published one's inputs (seed, t, n, payloads or extension, recovery index). */
export function deriveFromPublished(name: SuiteName, seedHex: string, v: VectorJson): Derived {
  return deriveVector(name, fromHex(seedHex), v.t, v.n, {
    extension: v.payloads ? undefined : fromHex(v.extension),
    payloads: v.payloads?.map(fromHex),
    recoveryFor: v.recovery?.participant_id,
  });
}

/** First differing field: its JSON path, the expected (file) and derived values. */
export interface FieldDiff {
  path: string;
  expected: string;
  got: string;
}

/**
 * Compares a published vector with the derivation, field by field in file order (every field
 * of the derivation must be present and equal; unknown extra fields in the file are ignored).
 */
export function firstDifference(expected: unknown, got: unknown, path = ''): FieldDiff | undefined {
  if (Array.isArray(got)) {
    if (!Array.isArray(expected) || expected.length !== got.length)
      return {
        path,
        expected: Array.isArray(expected) ? `${expected.length} entries` : show(expected),
        got: `${got.length} entries`,
      };
    for (let k = 0; k < got.length; k++) {
      const d = firstDifference(expected[k], got[k], `${path}[${k}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (got !== null && typeof got === 'object') {
    if (expected === null || typeof expected !== 'object' || Array.isArray(expected))
      return { path, expected: show(expected), got: 'an object' };
    for (const [k, v] of Object.entries(got)) {
      const d = firstDifference((expected as Record<string, unknown>)[k], v, path ? `${path}.${k}` : k);
      if (d) return d;
    }
    return undefined;
  }
  const norm = (x: unknown): unknown => (typeof x === 'string' ? x.toLowerCase() : x);
  return norm(expected) === norm(got) ? undefined : { path, expected: show(expected), got: show(got) };
}

function show(x: unknown): string {
  if (typeof x === 'string') return x.length > 80 ? `${x.slice(0, 80)}…` : x;
  if (x === undefined) return '(missing)';
  return JSON.stringify(x) ?? String(x);
}

/** Result of checking one vector. */
export type VectorCheck = { ok: true; t: number; n: number } | { ok: false; t: unknown; n: unknown; diff: FieldDiff };

/** Checks one published vector through this module. Never throws on bad input: reports it. */
export function checkVector(name: SuiteName, seedHex: string, v: VectorJson): VectorCheck {
  let derived: Derived;
  try {
    if (!Number.isInteger(v?.t) || !Number.isInteger(v?.n) || v.t < 1 || v.t > v.n || v.n > 255)
      return {
        ok: false,
        t: v?.t,
        n: v?.n,
        diff: { path: 't/n', expected: `${show(v?.t)}-of-${show(v?.n)}`, got: 'a threshold 1 ≤ t ≤ n ≤ 255' },
      };
    derived = deriveFromPublished(name, seedHex, v);
  } catch (e) {
    return {
      ok: false,
      t: v?.t,
      n: v?.n,
      diff: { path: '(inputs)', expected: 'derivable inputs', got: e instanceof Error ? e.message : String(e) },
    };
  }
  const diff = firstDifference(v, derived.vector);
  return diff ? { ok: false, t: v.t, n: v.n, diff } : { ok: true, t: v.t, n: v.n };
}
