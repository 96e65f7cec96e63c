/**
 * The signing record: what a signing session made, in one document anyone can check offline
 * with the group's public key package — the request (so its hash and the signed messages are
 * recomputed, never trusted), the signers, the signature(s) (and for a PSBT the transaction),
 * the blamed signers with their evidence, and the reputation changes. Participants sign its
 * canonical encoding (RFC 8785 JSON, canonicalJson.ts) with their ed25519 identity keys.
 */
import type { PublicKeyPackage } from '../dkg/types.js';
import { canonicalJson } from '../canonicalJson.js';
import { createNobleIdentityCrypto, type IdentityCrypto } from '../identity.js';
import { encodeFields, fromBase64, fromHex, isHex, toBase64, toHex } from '../encoding.js';
import { parseStrictJson } from '../strictJson.js';
import { verifyGroupSignature } from '../signing.js';
import { isValidIdentifier } from '../dkg/group.js';
import { SignError } from './errors.js';
import { isBitcoinNetwork, signPsbt, type BitcoinNetwork } from './psbt.js';
import { requestHash, signingMessages, type SigningRequest } from './request.js';
import { checkShareEvidence, signersNeeded, type ShareEvidence } from './rounds.js';
import { updateReputation, type ReputationChange, type ReputationState } from './selection.js';

export const SIGNING_RECORD_FORMAT = 'frost-ceremony/signing-record/v1';

/** Hex/base64 JSON form of a ShareEvidence. */
export interface ShareEvidenceJson {
  message: string;
  commitments: { identifier: number; hiding: string; binding: string }[];
  identifier: number;
  share: string;
}

/** The record (all bytes as lowercase hex, the PSBT as base64). */
export interface SigningRecord {
  format: typeof SIGNING_RECORD_FORMAT;
  suite: PublicKeyPackage['suite'];
  verifyingKey: string;
  request: { kind: 'message'; message: string } | { kind: 'psbt'; psbt: string; network: BitcoinNetwork };
  requestHash: string;
  /** Signing session number (reputation.session when it ran). */
  session: number;
  /** The signers of the final signature, ascending. */
  signers: number[];
  /** One signature per signed message (the message, or each PSBT input's sighash). */
  signatures: string[];
  /** PSBT only: the finalized transaction. */
  transaction?: string;
  /** Signers proven to have sent an invalid share, with the evidence. */
  blamed: { identifier: number; evidence: ShareEvidenceJson[] }[];
  /** Selected signers left out without proof (silent), ascending. */
  excluded: number[];
  reputation: ReputationChange[];
}

/** A record and the identity signatures over its canonical encoding. */
export interface SignedSigningRecord {
  record: SigningRecord;
  signatures: { identity: string; signature: string }[];
}

export function evidenceToJson(e: ShareEvidence): ShareEvidenceJson {
  return {
    message: toHex(e.signingPackage.message),
    commitments: e.signingPackage.commitments.map((c) => ({
      identifier: c.identifier,
      hiding: toHex(c.hiding),
      binding: toHex(c.binding),
    })),
    identifier: e.share.identifier,
    share: toHex(e.share.share),
  };
}

export function evidenceFromJson(j: ShareEvidenceJson): ShareEvidence {
  if (!j || !isHex(j.message) || !isHex(j.share) || !Array.isArray(j.commitments))
    throw new SignError('bad-record', 'malformed evidence');
  return {
    signingPackage: {
      message: fromHex(j.message),
      commitments: j.commitments.map((c) => {
        if (!c || !isHex(c.hiding) || !isHex(c.binding))
          throw new SignError('bad-record', 'malformed evidence commitment');
        return { identifier: c.identifier, hiding: fromHex(c.hiding), binding: fromHex(c.binding) };
      }),
    },
    share: { identifier: j.identifier, share: fromHex(j.share) },
  };
}

export function requestToJson(r: SigningRequest): SigningRecord['request'] {
  return r.kind === 'message'
    ? { kind: 'message', message: toHex(r.message) }
    : { kind: 'psbt', psbt: toBase64(r.psbt), network: r.network };
}

export function requestFromJson(j: SigningRecord['request']): SigningRequest {
  if (j?.kind === 'message' && isHex(j.message)) return { kind: 'message', message: fromHex(j.message) };
  if (j?.kind === 'psbt' && typeof j.psbt === 'string' && isBitcoinNetwork(j.network))
    return { kind: 'psbt', psbt: fromBase64(j.psbt), network: j.network };
  throw new SignError('bad-record', 'malformed request');
}

/** The canonical encoding of a record (RFC 8785 JSON, UTF-8). */
export function encodeSigningRecord(record: SigningRecord): string {
  return canonicalJson(record);
}

/** The bytes an identity signs: the canonical field encoding of (format, canonical record). */
export function signingRecordSignedBytes(record: SigningRecord): Uint8Array {
  return encodeFields([SIGNING_RECORD_FORMAT, encodeSigningRecord(record)]);
}

/** Adds the signature of one identity (ed25519 secret key) to a record. */
export function signSigningRecord(
  signed: SignedSigningRecord,
  identitySecret: Uint8Array,
  crypto: IdentityCrypto = createNobleIdentityCrypto(),
): SignedSigningRecord {
  const identity = toHex(crypto.publicKey(identitySecret));
  if (signed.signatures.some((s) => s.identity === identity)) return signed;
  const signature = toHex(crypto.sign(signingRecordSignedBytes(signed.record), identitySecret));
  return { record: signed.record, signatures: [...signed.signatures, { identity, signature }] };
}

/** What a valid record says. */
export interface SigningRecordSummary {
  requestHash: string;
  signers: number[];
  blamed: number[];
  excluded: number[];
  /** Identity keys (hex) whose signatures over the record verified. */
  signedBy: string[];
  transaction: string | null;
}

export interface VerifyRecordOptions {
  /** Identity keys (hex) that must have signed the record. */
  requiredIdentities?: readonly string[];
  /** Reputation before the session: the record's changes are recomputed from it. */
  previousReputation?: ReputationState;
  jailSessions?: number;
  /** Accept a record nobody signed (a rehearsal's, from sign-local): its content is still checked. */
  allowUnsigned?: boolean;
  crypto?: IdentityCrypto;
}

export type SigningRecordCheck = { ok: true; summary: SigningRecordSummary } | { ok: false; reason: string };

/**
 * Checks a signed record offline against the public key package the checker trusts:
 * canonical JSON; same key; request hash and signed messages recomputed from the request;
 * every signature verifies; the transaction is the one the signatures finalize; every blamed
 * signer's evidence proves an invalid share; at least one identity signature, all valid, and
 * (when given) every `requiredIdentities` among them; with `previousReputation`, the
 * reputation changes are recomputed and must match.
 */
export function verifySigningRecord(
  text: string,
  pkp: PublicKeyPackage,
  opts: VerifyRecordOptions = {},
): SigningRecordCheck {
  try {
    return verifyUnsafe(text, pkp, opts);
  } catch (e) {
    return { ok: false, reason: `unreadable signing record: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function verifyUnsafe(text: string, pkp: PublicKeyPackage, opts: VerifyRecordOptions): SigningRecordCheck {
  const fail = (reason: string): SigningRecordCheck => ({ ok: false, reason });
  const crypto = opts.crypto ?? createNobleIdentityCrypto();
  const parsed = parseStrictJson(text) as SignedSigningRecord;
  if (!parsed || typeof parsed !== 'object' || !parsed.record || !Array.isArray(parsed.signatures))
    return fail('not a signed signing record');
  const keys = Object.keys(parsed).sort().join(',');
  if (keys !== 'record,signatures') return fail(`unexpected fields: ${keys}`);
  const r = parsed.record;
  if (typeof r !== 'object' || Array.isArray(r)) return fail('the record is not an object');
  // Exactly the record's members: an extra one would be signed but never checked.
  const want = [
    'blamed',
    'excluded',
    'format',
    'reputation',
    'request',
    'requestHash',
    'session',
    'signatures',
    'signers',
    'suite',
    'verifyingKey',
    ...(r.transaction !== undefined ? ['transaction'] : []),
  ]
    .sort()
    .join(',');
  if (Object.keys(r).sort().join(',') !== want)
    return fail(`the record's members are ${Object.keys(r).sort().join(', ')}`);
  if (r.format !== SIGNING_RECORD_FORMAT) return fail('wrong format');
  if (
    !Array.isArray(r.reputation) ||
    !r.reputation.every((c) => c && [c.identifier, c.before, c.after, c.jailedThrough].every(Number.isSafeInteger))
  )
    return fail('malformed reputation changes');
  if (r.suite !== pkp.suite || r.verifyingKey !== toHex(pkp.verifyingKey)) return fail('the record is for another key');
  const request = requestFromJson(r.request);
  if (r.requestHash !== toHex(requestHash(request, pkp))) return fail('the request hash does not match the request');
  if (!Number.isSafeInteger(r.session) || r.session < 1) return fail('bad session number');
  if (!Array.isArray(r.signers) || !r.signers.every(isValidIdentifier)) return fail('bad signer list');
  const members = new Set(pkp.verifyingShares.map((v) => v.identifier));
  for (let i = 0; i < r.signers.length; i++) {
    if (!members.has(r.signers[i]!)) return fail(`signer ${r.signers[i]} holds no share of this key`);
    if (i > 0 && r.signers[i]! <= r.signers[i - 1]!) return fail('signers not ascending and unique');
  }
  if (r.signers.length < signersNeeded(pkp))
    return fail(`${r.signers.length} signers; the key needs ${signersNeeded(pkp)}`);
  const messages = signingMessages(request, pkp);
  if (!Array.isArray(r.signatures) || r.signatures.length !== messages.length)
    return fail(`expected ${messages.length} signatures`);
  const sigs = r.signatures.map((s) => (isHex(s) ? fromHex(s) : new Uint8Array(0)));
  for (let i = 0; i < messages.length; i++)
    if (!verifyGroupSignature(pkp.suite, pkp.verifyingKey, messages[i]!, sigs[i]!))
      return fail(`signature ${i + 1} does not verify under the group key`);
  let transaction: string | null = null;
  if (request.kind === 'psbt') {
    const tx = signPsbt(request.psbt, pkp.verifyingKey, request.network, sigs).txHex;
    if (r.transaction !== tx) return fail('the transaction is not the one these signatures finalize');
    transaction = tx;
  } else if (r.transaction !== undefined) return fail('a message record has no transaction');
  if (!Array.isArray(r.excluded) || !r.excluded.every((x) => members.has(x) && !r.signers.includes(x)))
    return fail('bad list of left-out signers');
  if (!Array.isArray(r.blamed)) return fail('bad blame list');
  for (const b of r.blamed) {
    if (!b || !isValidIdentifier(b.identifier) || !Array.isArray(b.evidence) || b.evidence.length === 0)
      return fail('malformed blame entry');
    if (r.signers.includes(b.identifier)) return fail(`signer ${b.identifier} is both blamed and a signer`);
    for (const e of b.evidence) {
      const ev = evidenceFromJson(e);
      if (ev.share.identifier !== b.identifier || !checkShareEvidence(pkp, ev))
        return fail(`the evidence against ${b.identifier} does not prove an invalid share`);
    }
  }
  if (opts.previousReputation) {
    if (opts.previousReputation.session !== r.session)
      return fail('the record is not for the session after the given reputation');
    const { changes } = updateReputation(
      opts.previousReputation,
      { signers: r.signers, blamed: r.blamed.map((b) => b.identifier), excluded: r.excluded },
      opts.jailSessions,
    );
    if (canonicalJson(changes) !== canonicalJson(r.reputation))
      return fail('the reputation changes do not follow from the outcome');
  }
  const bytes = signingRecordSignedBytes(r);
  if (parsed.signatures.length === 0 && !opts.allowUnsigned) return fail('nobody signed the record');
  const signedBy: string[] = [];
  for (const s of parsed.signatures) {
    if (!s || !isHex(s.identity, 32) || !isHex(s.signature, 64)) return fail('malformed identity signature');
    if (signedBy.includes(s.identity)) return fail(`${s.identity} signed twice`);
    if (!crypto.verify(fromHex(s.signature), bytes, fromHex(s.identity)))
      return fail(`the signature of ${s.identity} does not verify`);
    signedBy.push(s.identity);
  }
  for (const want of opts.requiredIdentities ?? []) if (!signedBy.includes(want)) return fail(`not signed by ${want}`);
  return {
    ok: true,
    summary: {
      requestHash: r.requestHash,
      signers: r.signers,
      blamed: r.blamed.map((b) => b.identifier),
      excluded: r.excluded,
      signedBy,
      transaction,
    },
  };
}
