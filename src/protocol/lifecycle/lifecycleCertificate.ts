/**
 * The lifecycle certificate: what a refresh, repair or reshare leaves behind, linked to the
 * certificate before it. It binds the group key (unchanged), the previous public key package's
 * hash and the previous certificate's hash, the new public key package, the old holders who
 * took part with their proofs of holding (bound to this session id and purpose), the new
 * holders' identities, and one ed25519 confirmation by every participant over all of it.
 * A chain genesis DKG certificate → link → link … is checked offline by {@link verifyLifecycleChain}.
 *
 * Not yet here (later, with the ceremony wiring): the transcript of the ceremony's messages
 * (commitments, echo), as the DKG certificate has; until then a link proves who agreed on what,
 * and that at least t holders of the previous key took part, not how the new shares were dealt.
 */
import { z } from 'zod';
import { canonicalJson, canonicalizeJsonText } from '../canonicalJson.js';
import { fromHex, isHex, sha256, taggedHash, toHex, utf8 } from '../encoding.js';
import type { PublicKeyPackage } from '../dkg/types.js';
import { parsePublicKeyPackage, publicKeyPackageToJson } from '../frostJson/index.js';
import { createNobleIdentityCrypto, type IdentityCrypto } from '../identity.js';
import { parseStrictJson } from '../strictJson.js';
import { publicKeyPackageHash } from '../transcript.js';
import { LifecycleError } from './errors.js';
import { LIFECYCLE_PURPOSES, verifyHolding, type LifecyclePurpose } from './proofOfHolding.js';

export const LIFECYCLE_CERTIFICATE_FORMAT = 'frost-ceremony/lifecycle-certificate/v1';
const CONFIRM_TAG = 'frost-ceremony/lifecycle-confirmation/v1';

const hex = (bytes?: number) =>
  z
    .string()
    .refine((s) => isHex(s, bytes), bytes ? `expected ${bytes} bytes of lowercase hex` : 'expected lowercase hex');
const identifier = z.number().int().min(1).max(0xffff);

const bodySchema = z
  .object({
    format: z.literal(LIFECYCLE_CERTIFICATE_FORMAT),
    kind: z.enum(LIFECYCLE_PURPOSES as [LifecyclePurpose, ...LifecyclePurpose[]]),
    sessionId: hex(32),
    groupKey: hex(),
    previous: z.object({ publicKeyPackageHash: hex(32), certificateHash: hex(32) }).strict(),
    oldHolders: z.array(z.object({ identifier, identity: hex(32), proofOfHolding: hex() }).strict()).max(0xffff),
    newHolders: z.array(z.object({ identifier, identity: hex(32) }).strict()).max(0xffff),
    publicKeyPackage: z.record(z.string(), z.unknown()),
  })
  .strict();

const certificateSchema = bodySchema.extend({
  confirmations: z.array(z.object({ identity: hex(32), signature: hex(64) }).strict()).max(0x1ffff),
});

/** The signed part of a lifecycle certificate. */
export type LifecycleCertificateBody = z.infer<typeof bodySchema>;
/** A complete lifecycle certificate (body + every participant's confirmation). */
export type LifecycleCertificate = z.infer<typeof certificateSchema>;

/** SHA-256 of a certificate's canonical JSON (the link the next certificate names), hex. */
export function certificateHash(text: string): string {
  return toHex(sha256(utf8(canonicalizeJsonText(text))));
}

/** The bytes every participant signs: tagged hash of the body's canonical JSON. */
export function confirmationMessage(body: LifecycleCertificateBody): Uint8Array {
  return taggedHash(CONFIRM_TAG, [canonicalJson(body)]);
}

/** Input of {@link makeLifecycleCertificateBody}. */
export interface LifecycleCertificateInput {
  kind: LifecyclePurpose;
  sessionId: Uint8Array;
  previousPublicKeyPackage: PublicKeyPackage;
  previousCertificateText: string;
  oldHolders: { identifier: number; identity: Uint8Array; proofOfHolding: Uint8Array }[];
  newHolders: { identifier: number; identity: Uint8Array }[];
  publicKeyPackage: PublicKeyPackage;
}

/** The body every participant of a successful lifecycle ceremony computes alike. */
export function makeLifecycleCertificateBody(i: LifecycleCertificateInput): LifecycleCertificateBody {
  return bodySchema.parse({
    format: LIFECYCLE_CERTIFICATE_FORMAT,
    kind: i.kind,
    sessionId: toHex(i.sessionId),
    groupKey: toHex(i.previousPublicKeyPackage.verifyingKey),
    previous: {
      publicKeyPackageHash: publicKeyPackageHash(i.previousPublicKeyPackage),
      certificateHash: certificateHash(i.previousCertificateText),
    },
    oldHolders: [...i.oldHolders]
      .sort((a, b) => a.identifier - b.identifier)
      .map((h) => ({ identifier: h.identifier, identity: toHex(h.identity), proofOfHolding: toHex(h.proofOfHolding) })),
    newHolders: [...i.newHolders]
      .sort((a, b) => a.identifier - b.identifier)
      .map((h) => ({ identifier: h.identifier, identity: toHex(h.identity) })),
    publicKeyPackage: JSON.parse(publicKeyPackageToJson(i.publicKeyPackage)) as Record<string, unknown>,
  });
}

/** Every distinct identity that must confirm (old and new holders), sorted. */
export function confirmers(body: LifecycleCertificateBody): string[] {
  return [...new Set([...body.oldHolders.map((h) => h.identity), ...body.newHolders.map((h) => h.identity)])].sort();
}

/** The certificate text (canonical JSON) from a body and the confirmations. */
export function assembleLifecycleCertificate(
  body: LifecycleCertificateBody,
  confirmations: { identity: string; signature: string }[],
): string {
  return canonicalJson({
    ...body,
    confirmations: [...confirmations].sort((a, b) => (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0)),
  });
}

const invalid = (msg: string, culprits: number[] = []) => new LifecycleError('certificate-invalid', msg, culprits);
const broken = (msg: string) => new LifecycleError('chain-broken', msg);

/**
 * Verifies one link against the previous public key package and certificate text. Returns the
 * new public key package. Throws 'chain-broken' (does not follow the previous one) or
 * 'certificate-invalid' (malformed, a proof of holding or a confirmation that does not verify).
 */
export function verifyLifecycleCertificate(
  text: string,
  previous: { publicKeyPackage: PublicKeyPackage; certificateText: string },
  crypto: IdentityCrypto = createNobleIdentityCrypto(),
): { certificate: LifecycleCertificate; publicKeyPackage: PublicKeyPackage } {
  let cert: LifecycleCertificate;
  try {
    cert = certificateSchema.parse(parseStrictJson(text));
  } catch (e) {
    throw invalid(`not a lifecycle certificate: ${(e as Error).message.slice(0, 200)}`);
  }
  const { confirmations, ...body } = cert;
  const prev = previous.publicKeyPackage;
  let pkp: PublicKeyPackage;
  try {
    pkp = parsePublicKeyPackage(JSON.stringify(body.publicKeyPackage));
  } catch (e) {
    throw invalid(`public key package: ${(e as Error).message}`);
  }
  // The links: same suite, same group key, the previous package and certificate named by hash.
  if (pkp.suite !== prev.suite) throw broken(`suite changed from ${prev.suite} to ${pkp.suite}`);
  if (body.groupKey !== toHex(prev.verifyingKey) || toHex(pkp.verifyingKey) !== body.groupKey)
    throw broken('the group key changed');
  if (body.previous.publicKeyPackageHash !== publicKeyPackageHash(prev))
    throw broken('it names another previous public key package');
  if (body.previous.certificateHash !== certificateHash(previous.certificateText))
    throw broken('it names another previous certificate');

  // Old holders: distinct, at least the previous threshold, each proving its share for this session and purpose.
  const ctx = { sessionId: fromHex(body.sessionId), purpose: body.kind };
  const oldIds = body.oldHolders.map((h) => h.identifier);
  if (new Set(oldIds).size !== oldIds.length) throw invalid('an old holder is listed twice');
  if (oldIds.length < prev.minSigners)
    throw invalid(`only ${oldIds.length} holders of the previous key took part; ${prev.minSigners} are needed`);
  for (const h of body.oldHolders) {
    try {
      verifyHolding(prev, ctx, h.identifier, { identifier: h.identifier, signature: fromHex(h.proofOfHolding) });
    } catch (e) {
      throw invalid(`old holder ${h.identifier}'s proof of holding does not verify: ${(e as Error).message}`, [
        h.identifier,
      ]);
    }
  }
  const newIds = body.newHolders.map((h) => h.identifier);
  if (new Set(newIds).size !== newIds.length) throw invalid('a new holder is listed twice');
  const pkpIds = pkp.verifyingShares.map((v) => v.identifier);
  const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, k) => x === b[k]);

  // What each kind may change.
  if (body.kind === 'refresh') {
    if (pkp.minSigners !== prev.minSigners) throw invalid('a refresh changed the threshold');
    if (!same(oldIds, pkpIds) || !same(newIds, pkpIds))
      throw invalid('a refresh’s new holders must be exactly the holders who refreshed');
  } else if (body.kind === 'repair') {
    if (publicKeyPackageHash(pkp) !== publicKeyPackageHash(prev))
      throw invalid('a repair changed the public key package');
    if (newIds.length !== 1 || oldIds.includes(newIds[0]!) || !pkpIds.includes(newIds[0]!))
      throw invalid('a repair restores exactly one holder of the key, who is not a helper');
  } else {
    if (!same(newIds, pkpIds)) throw invalid('the new holders must be exactly the new public key package’s');
  }

  // Every participant confirmed exactly this body.
  const want = confirmers(body);
  const got = confirmations.map((c) => c.identity);
  if (!same(got as never, want as never)) throw invalid('confirmations are not exactly one from every participant');
  const message = confirmationMessage(body);
  for (const c of confirmations)
    if (!crypto.verify(fromHex(c.signature), message, fromHex(c.identity)))
      throw invalid(`confirmation by ${c.identity.slice(0, 16)}… does not verify`);
  return { certificate: cert, publicKeyPackage: pkp };
}

/**
 * Verifies a chain: the genesis (a DKG's public key package, whose certificate the caller has
 * verified with verifyCertificate, and that certificate's text), then each link in order.
 * Returns the current public key package and the kinds of the links. Throws at the first bad link.
 */
export function verifyLifecycleChain(
  genesis: { publicKeyPackage: PublicKeyPackage; certificateText: string },
  links: readonly string[],
  crypto: IdentityCrypto = createNobleIdentityCrypto(),
): { publicKeyPackage: PublicKeyPackage; kinds: LifecyclePurpose[] } {
  let prev = genesis;
  const kinds: LifecyclePurpose[] = [];
  links.forEach((text, k) => {
    try {
      const { certificate, publicKeyPackage } = verifyLifecycleCertificate(text, prev, crypto);
      kinds.push(certificate.kind);
      prev = { publicKeyPackage, certificateText: text };
    } catch (e) {
      if (e instanceof LifecycleError)
        throw new LifecycleError(e.code, `link ${k + 1}: ${e.message}`, e.culprits, e.evidence);
      throw e;
    }
  });
  return { publicKeyPackage: prev.publicKeyPackage, kinds };
}
