/**
 * The success certificate: the public transcript of a successful session (the coordinator's
 * signed roster, every signed Reveal (so the verification code can be recomputed), Start, Round1Broadcast, EchoDigest and Confirmation) plus the
 * PublicKeyPackage in frost-rs JSON. verifyCertificate() checks it offline from the file
 * alone: signatures, session id, the echo agreement, the round-1 proofs, the PublicKeyPackage
 * recomputed from the commitments, and that all n confirmations sign exactly that.
 * It contains no round-2 material and no secret.
 */
import { z } from 'zod';
import { checkRound1Packages } from './dkg/index.js';
import { publicKeyPackageToJson, parsePublicKeyPackage } from './frostJson/index.js';
import { readTrusted } from './envelope.js';
import { bytesEqual, fromHex, toHex } from './encoding.js';
import { createNobleIdentityCrypto, fingerprint, type IdentityCrypto } from './identity.js';
import { round1FromPayload } from './blame.js';
import { openRoster, openSessionMessage, type SessionContext } from './sessionContext.js';
import type { MessageType } from './envelope.js';
import { getSuite } from './suites.js';
import { parseStrictJson, StrictJsonError } from './strictJson.js';
import { internalKeyFromConstantTerms } from './wallet/taproot.js';
import { publicKeyPackageFromCommitments, publicKeyPackageHash, transcriptHash } from './transcript.js';
import { opensCommitment, verificationCode } from './verificationCode.js';
import type { ParticipantState } from './machine/types.js';

export const CERTIFICATE_FORMAT = 'frost-ceremony/certificate/v1';

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
    publicKeyPackage: z.record(z.string(), z.unknown()),
  })
  .strict();

/** The certificate of a successful session as JSON text, or null if the session has not succeeded. */
export function certificateOf(state: ParticipantState): string | null {
  const s = state.session;
  if (!s || s.outcome !== 'success' || !s.result) return null;
  const inOrder = (store: Record<string, string>): string[] => s.roster.map((_, i) => store[String(i + 1)] as string);
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
      round1: inOrder(s.round1),
      echoes: inOrder(s.echoes),
      confirmations: inOrder(s.confirmations),
      publicKeyPackage: JSON.parse(pkpJson) as unknown,
    },
    null,
    1,
  );
}

export interface CertificateSummary {
  suite: string;
  ciphersuiteId: string;
  minSigners: number;
  maxSigners: number;
  label: string;
  room: string;
  generation: number;
  sessionId: string;
  verificationCode: string;
  groupKey: string;
  coordinator: { identity: string; fingerprint: string };
  participants: { id: number; name: string; identity: string; fingerprint: string }[];
  publicKeyPackageHash: string;
  transcriptHash: string;
  /**
   * secp256k1-tr only: x(Σ C_i[0]), the untweaked BIP-341 internal key, which the public key
   * package (holding the tweaked output key) does not contain. Hex, 32 bytes.
   */
  taprootInternalKey?: string;
}

export type CertificateCheck = { ok: true; summary: CertificateSummary } | { ok: false; reason: string };

/**
 * Verifies a certificate offline. `expectedCoordinator` (hex identity key, e.g. from the
 * invite) additionally pins who must have signed the roster.
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
  const payload = <K extends 'reveal' | 'round1' | 'echo' | 'confirmation'>(type: K, text: string) => {
    const m = openSessionMessage(crypto, ctx, text, type);
    if (m instanceof Error) throw m;
    return m.payload;
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

  let claimed;
  try {
    claimed = parsePublicKeyPackage(JSON.stringify(cert.publicKeyPackage));
  } catch (e) {
    return fail(`publicKeyPackage: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (
    claimed.suite !== pkp.suite ||
    claimed.minSigners !== pkp.minSigners ||
    !bytesEqual(claimed.verifyingKey, pkp.verifyingKey)
  )
    return fail('publicKeyPackage does not match the round-1 commitments');
  if (claimed.verifyingShares.length !== pkp.verifyingShares.length)
    return fail('publicKeyPackage has the wrong number of verifying shares');
  for (const v of pkp.verifyingShares) {
    const w = claimed.verifyingShares.find((x) => x.identifier === v.identifier);
    if (!w || !bytesEqual(w.verifyingShare, v.verifyingShare))
      return fail(`verifying share of #${v.identifier} does not match the commitments`);
  }
  const pkpHash = publicKeyPackageHash(pkp);
  const tHash = transcriptHash(ctx.sessionId, round1Hashes);
  const groupKey = toHex(pkp.verifyingKey);
  for (let i = 0; i < n; i++) {
    const p = payload('confirmation', cert.confirmations[i] as string);
    if (p.groupKey !== groupKey || p.publicKeyPackage !== pkpHash || p.transcript !== tHash)
      return fail(`confirmation #${i + 1} does not confirm this group key and transcript`);
  }
  const summary = summaryOf(ctx, code, groupKey, pkpHash, tHash);
  if (suite.internals.taproot)
    summary.taprootInternalKey = toHex(
      internalKeyFromConstantTerms([...round1.values()].map((r) => r.commitment[0] as Uint8Array)),
    );
  return { ok: true, summary };
}

function summaryOf(
  ctx: SessionContext,
  code: string,
  groupKey: string,
  pkpHash: string,
  tHash: string,
): CertificateSummary {
  const suite = getSuite(ctx.params.suite);
  return {
    suite: suite.name,
    ciphersuiteId: suite.ciphersuiteId,
    minSigners: ctx.params.minSigners,
    maxSigners: ctx.params.maxSigners,
    label: ctx.params.label,
    room: ctx.room,
    generation: ctx.generation,
    sessionId: ctx.sessionId,
    verificationCode: code,
    groupKey,
    coordinator: { identity: ctx.coordinator, fingerprint: fingerprint(ctx.coordinator) },
    participants: ctx.roster.map((r, i) => ({
      id: i + 1,
      name: r.name,
      identity: r.identity,
      fingerprint: fingerprint(r.identity),
    })),
    publicKeyPackageHash: pkpHash,
    transcriptHash: tHash,
  };
}
