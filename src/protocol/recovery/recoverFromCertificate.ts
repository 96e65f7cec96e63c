/**
 * Recovering a lost key package from the success certificate (v2) and the custodian's master
 * secret (spec "Share Recovery", "Recovery Algorithm"): the certificate's `cocktail.transcript`
 * and `cocktail.signatures` are the common recovery data; the custodian's bundle C^rec_i is
 * rebuilt from the n signed round-1 messages (the ciphertext c̃_{j,i} that msg1_j carries for
 * recipient i, sender order), or given as raw bytes when the certificate has no round-1 set.
 *
 * Everything the recovered key package depends on is checked before it is returned: the roster's
 * signature and session id, that T is the transcript of exactly this roster (static keys, t, n),
 * all n CertEq signatures on T (recovery step 2), that each round-1 envelope is signed by its
 * sender and that the msg1 inside is the one T commits to, and at the end that the recovered
 * PublicKeyPackage is the certificate's. A wrong key or any tampered byte gives a RecoveryError
 * naming the cause; nothing is recovered "partially".
 */
import { CocktailError } from '../cocktail/errors.js';
import { parseAggregatedSignatures, verifyCertificate } from '../cocktail/certeq.js';
import { Reader } from '../cocktail/encoding.js';
import { encodeBundle, recoverKeyPackage } from '../cocktail/recovery.js';
import { parseMsg1, type Msg1 } from '../cocktail/messages.js';
import { parseTranscript, type TranscriptData } from '../cocktail/transcript.js';
import { getCocktailSuite, type CocktailSuite } from '../cocktail/suites.js';
import { bytesEqual, fromHex, fromUtf8, utf8 } from '../encoding.js';
import { openEnvelope, type MessageType } from '../envelope.js';
import { FrostJsonError, keyPackageToJson, parsePublicKeyPackage, publicKeyPackageToJson } from '../frostJson/index.js';
import { createNobleIdentityCrypto, type IdentityCrypto } from '../identity.js';
import { openRoster, type SessionContext } from '../sessionContext.js';
import { MASTER_SECRET_BYTES, staticKeyPair } from '../staticKeys.js';
import { parseStrictJson } from '../strictJson.js';
import type { SuiteName } from '../suites.js';
import type { KeyPackage, PublicKeyPackage } from '../dkg/types.js';
import { parseRecoveryCertificate, type RecoveryCertificate } from './certificateV2.js';
import { RecoveryError, type RecoveryCulprit } from './errors.js';

/** What recovery needs besides the certificate. */
export interface RecoveryInput {
  /** The certificate v2, as text (the file the ceremony wrote). */
  certificate: string;
  /** SECRET: the custodian's 32-byte master secret (staticKeys.ts). */
  masterSecret: Uint8Array;
  /** Raw C^rec_i bytes, for a certificate without its round-1 set. */
  bundle?: Uint8Array;
  /** Identity signature verifier (defaults to noble's ed25519). */
  crypto?: IdentityCrypto;
}

/** A recovered key package, with what the UI and CLI say about it. SECRET: keyPackage. */
export interface RecoveredKey {
  suite: SuiteName;
  /** FROST identifier (1..n) of the custodian. */
  identifier: number;
  /** The custodian's name in the roster. */
  name: string;
  /** The ceremony's label. */
  label: string;
  minSigners: number;
  maxSigners: number;
  /** frost-rs JSON, byte-identical to the ceremony's download. SECRET. */
  keyPackageJson: string;
  publicKeyPackageJson: string;
  keyPackage: KeyPackage;
  publicKeyPackage: PublicKeyPackage;
}

/**
 * Recovers the custodian's key package. Throws RecoveryError (closed set of codes) on any wrong
 * input; the message says what is wrong in plain words.
 */
export function recoverFromCertificate(input: RecoveryInput): RecoveredKey {
  const crypto = input.crypto ?? createNobleIdentityCrypto();
  if (!(input.masterSecret instanceof Uint8Array) || input.masterSecret.length !== MASTER_SECRET_BYTES)
    throw new RecoveryError('bad-master-key', `a master key is exactly ${MASTER_SECRET_BYTES} bytes`);
  const cert = parseRecoveryCertificate(input.certificate);
  const ctx = openRoster(crypto, cert.roster);
  if (ctx instanceof Error) throw new RecoveryError('bad-roster', `the certificate's roster: ${ctx.message}`);
  const suiteName = cert.cocktail.suite;
  if (ctx.params.suite !== suiteName)
    throw new RecoveryError(
      'suite-mismatch',
      `the certificate says ${suiteName} but its roster locked ${ctx.params.suite}`,
    );
  const suite = getCocktailSuite(suiteName);
  const n = ctx.roster.length;
  const who = (j: number): RecoveryCulprit => ({ index: j, name: ctx.roster[j - 1]?.name });
  for (const [field, list] of [
    ['reveals', cert.reveals],
    ['starts', cert.starts],
    ['echoes', cert.echoes],
    ['confirmations', cert.confirmations],
  ] as const)
    if (list.length !== n)
      throw new RecoveryError('malformed-certificate', `${field}: ${list.length} entries for ${n} participants`);
  if (cert.round1.length !== n && !(cert.round1.length === 0 && input.bundle))
    throw new RecoveryError(
      'malformed-certificate',
      cert.round1.length === 0
        ? 'this certificate has no round-1 messages: give your recovery bundle file'
        : `round1: ${cert.round1.length} entries for ${n} participants`,
    );

  // Recovery step 1: T, ciphersuite first; then T must be this roster's transcript.
  const transcript = fromHex(cert.cocktail.transcript);
  const T = readTranscript(suite, transcript);
  if (T.t !== ctx.params.minSigners || T.staticPublicKeys.length !== n)
    throw new RecoveryError(
      'tampered-transcript',
      `the transcript is for ${T.t}-of-${T.staticPublicKeys.length}, the roster locked ${ctx.params.minSigners}-of-${n}`,
    );
  T.staticPublicKeys.forEach((P, k) => {
    if (!bytesEqual(P, fromHex(ctx.roster[k]?.static ?? '')))
      throw new RecoveryError(
        'tampered-transcript',
        `the transcript's static key of participant ${k + 1} is not the one in the signed roster`,
        [who(k + 1)],
      );
  });

  // Recovery step 2: all n CertEq signatures on T.
  const signatures = readSignatures(suite, n, cert.cocktail.signatures);
  checkConfirmations(crypto, ctx, cert, signatures, who);

  // Recovery step 3: i such that P_i = d_i·B, with d_i derived from the master secret.
  const mine = staticKeyPair(suiteName, input.masterSecret);
  const matches = T.staticPublicKeys.flatMap((P, k) => (bytesEqual(P, mine.publicKey) ? [k + 1] : []));
  if (matches.length !== 1)
    throw new RecoveryError(
      'not-a-participant',
      matches.length === 0
        ? 'this master key is not a participant of this key (its static key is none of the certificate’s participants)'
        : 'this master key’s static key appears more than once in the certificate',
    );
  const i = matches[0] as number;

  // C^rec_i: from the signed round-1 set (each checked against T), or the given bytes.
  const msgs = cert.round1.length === n ? readRound1(crypto, ctx, suite, T, cert.round1, who) : undefined;
  const bundle = input.bundle ?? encodeBundle((msgs as Msg1[]).map((m) => m.ciphertexts[i - 1] as Uint8Array));

  // Recovery steps 4–8.
  let recovered;
  try {
    recovered = recoverKeyPackage(suite, mine.secret, { transcript, signatures }, bundle);
  } catch (e) {
    if (!(e instanceof CocktailError)) throw e;
    if (e.code === 'malformed-bundle')
      throw new RecoveryError('malformed-bundle', `the recovery bundle does not parse: ${e.message}`);
    throw new RecoveryError(
      'bundle-does-not-open',
      `your share does not decrypt from this certificate (${e.message}): the data was altered or is not yours`,
    );
  }
  const keyPackageJson = keyPackageToJson(recovered.keyPackage);
  const publicKeyPackageJson = publicKeyPackageToJson(recovered.publicKeyPackage);
  let claimed: string;
  try {
    claimed = publicKeyPackageToJson(parsePublicKeyPackage(JSON.stringify(cert.publicKeyPackage)));
  } catch (e) {
    if (!(e instanceof FrostJsonError)) throw e;
    throw new RecoveryError('malformed-certificate', `publicKeyPackage: ${e.message}`);
  }
  if (claimed !== publicKeyPackageJson)
    throw new RecoveryError(
      'public-key-package-mismatch',
      'the certificate’s public key package is not the one its transcript gives (the certificate was altered)',
    );
  return {
    suite: suiteName,
    identifier: i,
    name: ctx.roster[i - 1]?.name ?? '',
    label: ctx.params.label,
    minSigners: ctx.params.minSigners,
    maxSigners: n,
    keyPackageJson,
    publicKeyPackageJson,
    keyPackage: recovered.keyPackage,
    publicKeyPackage: recovered.publicKeyPackage,
  };
}

/** Parses T, telling a transcript of another ciphersuite (recovery step 1) from a damaged one. */
function readTranscript(suite: CocktailSuite, bytes: Uint8Array): TranscriptData {
  try {
    return parseTranscript(suite, bytes);
  } catch (e) {
    if (!(e instanceof CocktailError)) throw e;
    const r = new Reader(bytes);
    const len = r.u64('le');
    const id = len !== undefined && len <= 256 ? r.take(len) : undefined;
    const idText = id ? fromUtf8(id) : undefined;
    if (idText !== undefined && idText !== suite.id && /^[\x20-\x7e]+$/.test(idText))
      throw new RecoveryError(
        'suite-mismatch',
        `the transcript is for ciphersuite ${idText}, the certificate says ${suite.name} (${suite.id})`,
      );
    throw new RecoveryError('tampered-transcript', `the certificate's ${e.message}`);
  }
}

/** sig_1..sig_n from aggregated_sigs (exact length). */
function readSignatures(suite: CocktailSuite, n: number, hex: string): Uint8Array[] {
  try {
    return parseAggregatedSignatures(suite, n, fromHex(hex));
  } catch (e) {
    if (!(e instanceof CocktailError)) throw e;
    throw new RecoveryError('malformed-certificate', `cocktail.signatures: ${e.message}`);
  }
}

/**
 * Each confirmation envelope is signed by its participant's identity key and carries the CertEq
 * signature that `cocktail.signatures` lists for them (so the static-key signatures are tied to
 * the identity keys the custodians compared), then recovery step 2 itself.
 */
function checkConfirmations(
  crypto: IdentityCrypto,
  ctx: SessionContext,
  cert: RecoveryCertificate,
  signatures: Uint8Array[],
  who: (j: number) => RecoveryCulprit,
): void {
  const suite = getCocktailSuite(cert.cocktail.suite);
  const staticKeys = ctx.roster.map((r) => fromHex(r.static));
  try {
    verifyCertificate(suite, staticKeys, { transcript: fromHex(cert.cocktail.transcript), signatures });
  } catch (e) {
    if (!(e instanceof CocktailError)) throw e;
    throw new RecoveryError(
      'bad-certeq-signature',
      `the transcript signature of ${e.culprits.map((j) => describe(who(j))).join(', ')} does not verify: the certificate was altered`,
      e.culprits.map(who),
    );
  }
  cert.confirmations.forEach((text, k) => {
    const payload = openSigned(crypto, ctx, text, 'confirmation', k + 1, who);
    const certeq = field(payload, 'certeq');
    if (certeq === undefined || !bytesEqual(fromHex(certeq), signatures[k] as Uint8Array))
      throw new RecoveryError(
        'confirmation-mismatch',
        `the signed confirmation of ${describe(who(k + 1))} does not carry their transcript signature`,
        [who(k + 1)],
      );
  });
}

/** The n msg1s, each from an envelope signed by its sender, each matching what T holds for j. */
function readRound1(
  crypto: IdentityCrypto,
  ctx: SessionContext,
  suite: CocktailSuite,
  T: TranscriptData,
  texts: readonly string[],
  who: (j: number) => RecoveryCulprit,
): Msg1[] {
  const n = texts.length;
  return texts.map((text, k) => {
    const j = k + 1;
    const payload = openSigned(crypto, ctx, text, 'round1', j, who);
    const hex = field(payload, 'msg1');
    const mismatch = (why: string) =>
      new RecoveryError('msg1-mismatch', `the round-1 message of ${describe(who(j))} ${why}`, [who(j)]);
    if (hex === undefined) throw mismatch('has no msg1');
    let m: Msg1;
    try {
      m = parseMsg1(suite, T.t, n, j, fromHex(hex));
    } catch (e) {
      if (!(e instanceof CocktailError)) throw e;
      throw mismatch(`does not parse: ${e.message}`);
    }
    const same = (a: readonly Uint8Array[], b: readonly Uint8Array[]) =>
      a.length === b.length && a.every((x, idx) => bytesEqual(x, b[idx] as Uint8Array));
    if (!same(m.commitment, T.commitments[k] as Uint8Array[]))
      throw mismatch('has a commitment other than the transcript’s');
    if (!bytesEqual(m.pop, T.pops[k] as Uint8Array))
      throw mismatch('has a proof of possession other than the transcript’s');
    if (!bytesEqual(m.ephemeral, T.ephemerals[k] as Uint8Array))
      throw mismatch('has an ephemeral key other than the transcript’s');
    return m;
  });
}

/**
 * Opens one envelope of the certificate: valid identity signature, this session (room,
 * generation, session id), the expected type, signed by participant j. Returns its payload.
 */
function openSigned(
  crypto: IdentityCrypto,
  ctx: SessionContext,
  text: string,
  type: MessageType,
  j: number,
  who: (j: number) => RecoveryCulprit,
): unknown {
  const bad = (why: string) =>
    new RecoveryError('bad-envelope', `the ${type} message listed for ${describe(who(j))} ${why}`, [who(j)]);
  const o = openEnvelope(crypto, utf8(text));
  if (!o.ok) throw bad(`does not verify: ${o.error.message}`);
  const env = o.envelope;
  if (env.type !== type) throw bad(`is a ${env.type} message`);
  if (env.room !== ctx.room || env.generation !== ctx.generation || env.session !== ctx.sessionId)
    throw bad('belongs to another session');
  if (env.from !== ctx.roster[j - 1]?.identity) throw bad('is not signed by them');
  try {
    return parseStrictJson(env.payload);
  } catch {
    throw bad('has a payload that is not JSON');
  }
}

/** The one lowercase-hex field of a payload `{ name: hex }`, or undefined. */
function field(payload: unknown, name: string): string | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  const keys = Object.keys(payload);
  const v = (payload as Record<string, unknown>)[name];
  return keys.length === 1 && typeof v === 'string' && /^(?:[0-9a-f]{2})+$/.test(v) ? v : undefined;
}

function describe(c: RecoveryCulprit): string {
  return c.name ? `participant ${c.index} (${c.name})` : `participant ${c.index}`;
}
