/**
 * What a verified success certificate says (any format): the facts a custodian or auditor reads.
 */
import { fingerprint } from './identity.js';
import type { SessionContext } from './sessionContext.js';
import { getSuite } from './suites.js';

export interface CertificateSummary {
  /** The certificate format this summary was verified from ('frost-ceremony/certificate/v1' or '/v2'). */
  format: string;
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
  /** v2: SHA-256 of the COCKTAIL transcript T; v1: the old core's transcript hash. */
  transcriptHash: string;
  /**
   * secp256k1-tr only: x(Σ C_i[0]), the untweaked BIP-341 internal key, which the public key
   * package (holding the tweaked output key) does not contain. Hex, 32 bytes.
   */
  taprootInternalKey?: string;
}

export type CertificateCheck = { ok: true; summary: CertificateSummary } | { ok: false; reason: string };

export function summaryOf(
  format: string,
  ctx: SessionContext,
  code: string,
  groupKey: string,
  pkpHash: string,
  tHash: string,
): CertificateSummary {
  const suite = getSuite(ctx.params.suite);
  return {
    format,
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
