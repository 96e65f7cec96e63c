/**
 * What a verified success certificate says (any format): the facts a custodian or auditor reads.
 */
import type { PublicKeyPackage } from './dkg/types.js';
import { bytesEqual } from './encoding.js';
import { parsePublicKeyPackage } from './frostJson/index.js';
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

/**
 * Why the certificate's `publicKeyPackage` (frost-rs JSON) is not the one derived from its
 * commitments (`from` names them in the message), or null if it is: suite, threshold, group key and
 * every verifying share must be equal. One check for every certificate format.
 */
export function claimedPublicKeyPackageProblem(
  claimedJson: unknown,
  derived: PublicKeyPackage,
  from: string,
): string | null {
  let claimed;
  try {
    claimed = parsePublicKeyPackage(JSON.stringify(claimedJson));
  } catch (e) {
    return `publicKeyPackage: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (
    claimed.suite !== derived.suite ||
    claimed.minSigners !== derived.minSigners ||
    !bytesEqual(claimed.verifyingKey, derived.verifyingKey)
  )
    return `publicKeyPackage does not match ${from}`;
  if (claimed.verifyingShares.length !== derived.verifyingShares.length)
    return 'publicKeyPackage has the wrong number of verifying shares';
  for (const v of derived.verifyingShares) {
    const w = claimed.verifyingShares.find((x) => x.identifier === v.identifier);
    if (!w || !bytesEqual(w.verifyingShare, v.verifyingShare))
      return `verifying share of #${v.identifier} does not match the commitments`;
  }
  return null;
}
