/**
 * The success certificate, format 'frost-ceremony/certificate/v2' (COCKTAIL-DKG): the public
 * record of a successful session, checkable offline from the file alone. Exactly:
 *   format, roster (coordinator-signed), reveals, starts, round1 (each payload {"msg1": hex}),
 *   echoes, confirmations (each payload {"certeq": hex}), all in identifier order,
 *   cocktail: { suite, transcript: hex(T), signatures: hex(sig_1 ‖ … ‖ sig_n) }  (the spec's
 *   common recovery data, "Share Recovery"), and publicKeyPackage (frost-rs JSON).
 * verifyCertificate() checks every signature, the session id, the code (reveals open the
 * roster's commitments), the echo agreement, each msg1 (t points, PoP), that T rebuilt from the
 * msg1s, the roster's static keys and our extension is the T in the file, all n CertEq
 * signatures on it (each the one its signer's confirmation carries), and the PublicKeyPackage
 * recomputed from T's commitments. It contains no secret. Format v1 (the old core) is still
 * verified by certificateV1.ts; the format field decides, so neither is read as the other.
 */
import { z } from 'zod';
import {
  parseAggregatedSignatures,
  aggregateSignatures,
  verifyCertificate as verifyCertEq,
} from './cocktail/certeq.js';
import { CocktailError } from './cocktail/errors.js';
import { publicKeyPackageOf, rawOutputs } from './cocktail/keyPackage.js';
import type { Msg1 } from './cocktail/messages.js';
import { ceremonyTranscript, checkedMsg1, cocktailSessionOf } from './cocktailBinding.js';
import { publicKeyPackageToJson } from './frostJson/index.js';
import { readTrusted } from './envelope.js';
import { bytesEqual, fromHex, sha256, toHex } from './encoding.js';
import { createNobleIdentityCrypto, type IdentityCrypto } from './identity.js';
import { parsePayload } from './messages.js';
import { contextFromRoster, openRoster, openSessionMessage, type SessionContext } from './sessionContext.js';
import type { MessageType } from './envelope.js';
import { getSuite } from './suites.js';
import { parseStrictJson, StrictJsonError } from './strictJson.js';
import { internalKeyFromConstantTerms } from './wallet/taproot.js';
import { publicKeyPackageHash } from './transcript.js';
import { opensCommitment, verificationCode } from './verificationCode.js';
import type { ParticipantState } from './machine/types.js';
import { CERTIFICATE_FORMAT_V1, verifyCertificateV1 } from './certificateV1.js';
import { claimedPublicKeyPackageProblem, summaryOf, type CertificateCheck } from './certificateSummary.js';

export type { CertificateCheck, CertificateSummary } from './certificateSummary.js';
export { CERTIFICATE_FORMAT_V1 } from './certificateV1.js';

export const CERTIFICATE_FORMAT = 'frost-ceremony/certificate/v2';

const hexText = z.string().regex(/^(?:[0-9a-f]{2})*$/);

const certificateSchema = z
  .object({
    format: z.literal(CERTIFICATE_FORMAT),
    roster: z.string(),
    /** Every member's Reveal (code nonce), so the verification code can be recomputed. */
    reveals: z.array(z.string()),
    starts: z.array(z.string()),
    round1: z.array(z.string()),
    echoes: z.array(z.string()),
    confirmations: z.array(z.string()),
    cocktail: z.object({ suite: z.string(), transcript: hexText, signatures: hexText }).strict(),
    publicKeyPackage: z.record(z.string(), z.unknown()),
  })
  .strict();

/** The n msg1s of a session (identifier order), from round-1 envelope texts already known to be valid. */
function msgsOf(ctx: SessionContext, round1: readonly string[]): Msg1[] {
  const session = cocktailSessionOf(ctx);
  return round1.map((text, k) => {
    const p = parsePayload('round1', readTrusted(text).payload);
    if (!p.ok) throw new Error(`round-1 message #${k + 1}: ${p.reason}`);
    return checkedMsg1(session, k + 1, p.value.msg1);
  });
}

/** The certificate of a successful session as JSON text, or null if the session has not succeeded. */
export function certificateOf(state: ParticipantState): string | null {
  const s = state.session;
  if (!s || s.outcome !== 'success' || !s.result) return null;
  const inOrder = (store: Record<string, string>): string[] => s.roster.map((_, i) => store[String(i + 1)] as string);
  const ctx = contextFromRoster(readTrusted(s.rosterEnvelope));
  if (ctx instanceof Error) throw ctx; // my own stored roster: validated when it was received
  const round1 = inOrder(s.round1);
  const transcript = ceremonyTranscript(ctx, cocktailSessionOf(ctx), msgsOf(ctx, round1));
  const signatures = inOrder(s.confirmations).map((t) => {
    const p = parsePayload('confirmation', readTrusted(t).payload);
    if (!p.ok) throw new Error(`stored confirmation: ${p.reason}`);
    return fromHex(p.value.certeq);
  });
  const pkpJson = publicKeyPackageToJson({
    suite: s.params.suite,
    verifyingShares: s.result.verifyingShares.map((v) => ({
      identifier: v.identifier,
      verifyingShare: fromHex(v.verifyingShare),
    })),
    verifyingKey: fromHex(s.result.verifyingKey),
    minSigners: s.params.minSigners,
  });
  return JSON.stringify(
    {
      format: CERTIFICATE_FORMAT,
      roster: s.rosterEnvelope,
      reveals: inOrder(s.reveals),
      starts: inOrder(s.starts),
      round1,
      echoes: inOrder(s.echoes),
      confirmations: inOrder(s.confirmations),
      cocktail: {
        suite: s.params.suite,
        transcript: toHex(transcript),
        signatures: toHex(aggregateSignatures(signatures)),
      },
      publicKeyPackage: JSON.parse(pkpJson) as unknown,
    },
    null,
    1,
  );
}

/**
 * Verifies a certificate offline (v2, or v1 by its own code path). `expectedCoordinator` (hex
 * identity key, e.g. from the invite) additionally pins who must have signed the roster.
 */
export function verifyCertificate(
  json: string,
  opts: { expectedCoordinator?: string; crypto?: IdentityCrypto } = {},
): CertificateCheck {
  try {
    return verifyUnsafe(json, opts.expectedCoordinator, opts.crypto ?? createNobleIdentityCrypto());
  } catch (e) {
    return { ok: false, reason: `unreadable certificate: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function verifyUnsafe(json: string, expectedCoordinator: string | undefined, crypto: IdentityCrypto): CertificateCheck {
  const fail = (reason: string): CertificateCheck => ({ ok: false, reason });
  let raw: unknown;
  try {
    // The same strict reader as every frost-rs package: a field given twice is refused, not
    // resolved to its last copy (two tools must never read two documents from one file).
    raw = parseStrictJson(json);
  } catch (e) {
    if (e instanceof StrictJsonError && e.code === 'duplicate-field') return fail(`not a certificate: ${e.message}`);
    return fail('not JSON');
  }
  const format = (raw as { format?: unknown } | null)?.format;
  if (format === CERTIFICATE_FORMAT_V1) return verifyCertificateV1(raw, expectedCoordinator, crypto);
  if (format !== CERTIFICATE_FORMAT)
    return fail(
      `not a certificate: format ${JSON.stringify(format ?? null)} is neither ${CERTIFICATE_FORMAT} nor ${CERTIFICATE_FORMAT_V1}`,
    );
  const c = certificateSchema.safeParse(raw);
  if (!c.success)
    return fail(`not a certificate: ${c.error.issues[0]?.path.join('.') ?? ''} ${c.error.issues[0]?.message ?? ''}`);
  const cert = c.data;
  const ctx = openRoster(crypto, cert.roster, expectedCoordinator);
  if (ctx instanceof Error) return fail(`roster: ${ctx.message}`);
  const n = ctx.roster.length;

  const lists: [MessageType, string[]][] = [
    ['reveal', cert.reveals],
    ['start', cert.starts],
    ['round1', cert.round1],
    ['echo', cert.echoes],
    ['confirmation', cert.confirmations],
  ];
  for (const [type, list] of lists) {
    if (list.length !== n) return fail(`${type}: expected ${n} messages, found ${list.length}`);
    for (let i = 0; i < n; i++) {
      const m = openSessionMessage(crypto, ctx, list[i] as string, type);
      if (m instanceof Error) return fail(`${type} #${i + 1}: ${m.message}`);
      if (m.senderId !== i + 1) return fail(`${type} #${i + 1} is signed by participant #${m.senderId}`);
    }
  }
  const payload = <K extends 'reveal' | 'echo' | 'confirmation'>(type: K, text: string) => {
    const m = openSessionMessage(crypto, ctx, text, type);
    if (m instanceof Error) throw m;
    return m.payload;
  };
  const nonces = cert.reveals.map((t) => fromHex(payload('reveal', t).nonce));
  for (let i = 0; i < n; i++)
    if (!opensCommitment(nonces[i] as Uint8Array, fromHex(ctx.roster[i]?.commit ?? '')))
      return fail(`reveal #${i + 1} does not open its commitment in the roster`);
  const code = verificationCode(fromHex(ctx.sessionId), nonces);
  const round1Hashes = cert.round1.map((t) => readTrusted(t).hash);
  for (let i = 0; i < n; i++)
    if (payload('echo', cert.echoes[i] as string).round1.join() !== round1Hashes.join())
      return fail(`echo #${i + 1} does not match the round-1 set`);

  if (cert.cocktail.suite !== ctx.params.suite)
    return fail(`cocktail.suite is ${cert.cocktail.suite}, the roster's suite is ${ctx.params.suite}`);
  const session = cocktailSessionOf(ctx);
  let msgs: Msg1[];
  try {
    msgs = msgsOf(ctx, cert.round1);
  } catch (e) {
    if (e instanceof CocktailError)
      return fail(`invalid round-1 message from #${e.culprits.join(', #')}: ${e.message}`);
    throw e;
  }
  // T from the msg1s (commitments, PoPs, ephemerals), the roster's static keys and our
  // extension recomputed: must be the T in the file, byte for byte.
  const T = ceremonyTranscript(ctx, session, msgs);
  if (!bytesEqual(T, fromHex(cert.cocktail.transcript)))
    return fail('cocktail.transcript is not the transcript of these round-1 messages, roster and extension');
  let signatures: Uint8Array[];
  try {
    signatures = parseAggregatedSignatures(session.suite, n, fromHex(cert.cocktail.signatures));
  } catch (e) {
    return fail(`cocktail.signatures: ${e instanceof Error ? e.message : String(e)}`);
  }
  for (let i = 0; i < n; i++)
    if (
      !bytesEqual(signatures[i] as Uint8Array, fromHex(payload('confirmation', cert.confirmations[i] as string).certeq))
    )
      return fail(`cocktail.signatures: signature #${i + 1} is not the one confirmation #${i + 1} carries`);
  try {
    verifyCertEq(session.suite, session.staticPublicKeys, { transcript: T, signatures });
  } catch (e) {
    if (e instanceof CocktailError) return fail(`CertEq: ${e.message}`);
    throw e;
  }

  const suite = getSuite(ctx.params.suite);
  const pkp = publicKeyPackageOf(
    session.suite,
    rawOutputs(
      session.suite,
      msgs.map((m) => m.commitment),
      session.t,
    ),
    session.t,
  );
  const pkpProblem = claimedPublicKeyPackageProblem(cert.publicKeyPackage, pkp, 'the commitments in the transcript');
  if (pkpProblem !== null) return fail(pkpProblem);
  const summary = summaryOf(
    CERTIFICATE_FORMAT,
    ctx,
    code,
    toHex(pkp.verifyingKey),
    publicKeyPackageHash(pkp),
    toHex(sha256(T)),
  );
  if (suite.internals.taproot)
    summary.taprootInternalKey = toHex(internalKeyFromConstantTerms(msgs.map((m) => m.commitment[0] as Uint8Array)));
  return { ok: true, summary };
}
