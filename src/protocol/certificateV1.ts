/**
 * The v1 success certificate ('frost-ceremony/certificate/v1', written before COCKTAIL-DKG):
 * the old core's round-1 packages (frost-rs commitments and proofs of knowledge, JSON) and
 * confirmations of (group key, PublicKeyPackage hash, transcript hash). Kept so certificates of
 * that format still verify offline; certificate.ts dispatches on `format`, so a v1 file is never
 * read as v2 nor the other way round. Its message payloads are read with the v1 schemas below,
 * not the current wire schemas (which no longer accept them).
 */
import { z } from 'zod';
import { checkRound1Packages, type Round1Package } from './dkg/index.js';
import { openEnvelope, readTrusted } from './envelope.js';
import { fromHex, toHex, utf8 } from './encoding.js';
import type { IdentityCrypto } from './identity.js';
import { echoSchema, revealSchema, startSchema } from './messages.js';
import { idOf, type SessionContext } from './sessionContext.js';
import { openRoster } from './sessionContext.js';
import { getSuite } from './suites.js';
import { internalKeyFromConstantTerms } from './wallet/taproot.js';
import { publicKeyPackageFromCommitments, publicKeyPackageHash, transcriptHash } from './transcript.js';
import { opensCommitment, verificationCode } from './verificationCode.js';
import { claimedPublicKeyPackageProblem, summaryOf, type CertificateCheck } from './certificateSummary.js';

const hex = (maxBytes: number) =>
  z
    .string()
    .max(maxBytes * 2)
    .regex(/^(?:[0-9a-f]{2})+$/);

/** The format name of a v1 certificate. */
export const CERTIFICATE_FORMAT_V1 = 'frost-ceremony/certificate/v1';

export const certificateSchema = z
  .object({
    format: z.literal(CERTIFICATE_FORMAT_V1),
    roster: z.string(),
    reveals: z.array(z.string()),
    starts: z.array(z.string()),
    round1: z.array(z.string()),
    echoes: z.array(z.string()),
    confirmations: z.array(z.string()),
    publicKeyPackage: z.record(z.string(), z.unknown()),
  })
  .strict();

/** The v1 payloads (round1 and confirmation as the old core signed them). */
const LEGACY_SCHEMAS = {
  reveal: revealSchema,
  start: startSchema,
  round1: z.object({ commitment: z.array(hex(114)).min(1).max(100), proofOfKnowledge: hex(228) }).strict(),
  echo: echoSchema,
  confirmation: z.object({ groupKey: hex(57), publicKeyPackage: z.string(), transcript: z.string() }).strict(),
};
type LegacyPayloads = { [K in keyof typeof LEGACY_SCHEMAS]: z.infer<(typeof LEGACY_SCHEMAS)[K]> };

/** Opens a v1 message of this session (signature, room, generation, session, sender) with its v1 payload schema. */
function openLegacy(
  crypto: IdentityCrypto,
  ctx: SessionContext,
  text: string,
  type: keyof LegacyPayloads,
): { payload: unknown; senderId: number } | Error {
  const o = openEnvelope(crypto, utf8(text));
  if (!o.ok) return o.error;
  const env = o.envelope;
  if ((env.type as string) !== type) return new Error(`expected ${type}, got ${env.type}`);
  if (env.room !== ctx.room || env.generation !== ctx.generation || env.session !== ctx.sessionId)
    return new Error('message from another session');
  const senderId = idOf(ctx, env.from);
  if (senderId === 0) return new Error('sender is not in the roster');
  let raw: unknown;
  try {
    raw = JSON.parse(env.payload);
  } catch {
    return new Error('payload is not JSON');
  }
  const p = LEGACY_SCHEMAS[type].safeParse(raw);
  if (!p.success) return new Error(`${type} payload is not a v1 ${type}`);
  return { payload: p.data, senderId };
}

function round1FromPayload(p: LegacyPayloads['round1']): Round1Package {
  return { commitment: p.commitment.map((c) => fromHex(c)), proofOfKnowledge: fromHex(p.proofOfKnowledge) };
}

export function verifyCertificateV1(
  raw: unknown,
  expectedCoordinator: string | undefined,
  crypto: IdentityCrypto,
): CertificateCheck {
  const fail = (reason: string): CertificateCheck => ({ ok: false, reason });
  const c = certificateSchema.safeParse(raw);
  if (!c.success)
    return fail(`not a certificate: ${c.error.issues[0]?.path.join('.') ?? ''} ${c.error.issues[0]?.message ?? ''}`);
  const cert = c.data;
  const ctx = openRoster(crypto, cert.roster, expectedCoordinator);
  if (ctx instanceof Error) return fail(`roster: ${ctx.message}`);
  const n = ctx.roster.length;

  const lists: [keyof LegacyPayloads, string[]][] = [
    ['reveal', cert.reveals],
    ['start', cert.starts],
    ['round1', cert.round1],
    ['echo', cert.echoes],
    ['confirmation', cert.confirmations],
  ];
  for (const [type, list] of lists) {
    if (list.length !== n) return fail(`${type}: expected ${n} messages, found ${list.length}`);
    for (let i = 0; i < n; i++) {
      const m = openLegacy(crypto, ctx, list[i] as string, type);
      if (m instanceof Error) return fail(`${type} #${i + 1}: ${m.message}`);
      if (m.senderId !== i + 1) return fail(`${type} #${i + 1} is signed by participant #${m.senderId}`);
    }
  }
  const payload = <K extends keyof LegacyPayloads>(type: K, text: string): LegacyPayloads[K] => {
    const m = openLegacy(crypto, ctx, text, type);
    if (m instanceof Error) throw m;
    return m.payload as LegacyPayloads[K];
  };
  const nonces = cert.reveals.map((t) => fromHex(payload('reveal', t).nonce));
  for (let i = 0; i < n; i++)
    if (!opensCommitment(nonces[i] as Uint8Array, fromHex(ctx.roster[i]?.commit ?? '')))
      return fail(`reveal #${i + 1} does not open its commitment in the roster`);
  const code = verificationCode(fromHex(ctx.sessionId), nonces);
  const hashes = (list: string[]): string[] => list.map((t) => readTrusted(t).hash);
  const round1Hashes = hashes(cert.round1);
  for (let i = 0; i < n; i++)
    if (payload('echo', cert.echoes[i] as string).round1.join() !== round1Hashes.join())
      return fail(`echo #${i + 1} does not match the round-1 set`);

  const suite = getSuite(ctx.params.suite);
  const round1 = new Map(cert.round1.map((t, i) => [i + 1, round1FromPayload(payload('round1', t))]));
  const check = checkRound1Packages(suite, round1, ctx.params.minSigners);
  if (!check.ok) return fail(`invalid round-1 package from #${check.culprits.map((x) => x.identifier).join(', #')}`);
  const pkp = publicKeyPackageFromCommitments(suite, round1, ctx.params.minSigners);
  if (!pkp) return fail('round-1 commitments give no valid group key');

  const pkpProblem = claimedPublicKeyPackageProblem(cert.publicKeyPackage, pkp, 'the round-1 commitments');
  if (pkpProblem !== null) return fail(pkpProblem);
  const pkpHash = publicKeyPackageHash(pkp);
  const tHash = transcriptHash(ctx.sessionId, round1Hashes);
  const groupKey = toHex(pkp.verifyingKey);
  for (let i = 0; i < n; i++) {
    const p = payload('confirmation', cert.confirmations[i] as string);
    if (p.groupKey !== groupKey || p.publicKeyPackage !== pkpHash || p.transcript !== tHash)
      return fail(`confirmation #${i + 1} does not confirm this group key and transcript`);
  }
  const summary = summaryOf(CERTIFICATE_FORMAT_V1, ctx, code, groupKey, pkpHash, tHash);
  if (suite.internals.taproot)
    summary.taprootInternalKey = toHex(
      internalKeyFromConstantTerms([...round1.values()].map((r) => r.commitment[0] as Uint8Array)),
    );
  return { ok: true, summary };
}
