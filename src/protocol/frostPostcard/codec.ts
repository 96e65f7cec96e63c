/**
 * frost-rs binary (postcard) encodings of `KeyPackage`, `PublicKeyPackage` and the DKG round
 * packages: what `serialize()` / `deserialize()` of frost-core 2.x and 3.x produce and accept
 * (serde derive field order; see the snapshots `serialization_tests__check_*_postcard_*`).
 * Readers are as strict as the JSON readers (canonical scalars, valid non-identity points,
 * non-zero identifiers) and, beyond frost-rs, refuse trailing bytes, padded varints and
 * duplicated identifiers, so one package has exactly one encoding.
 */
import { decodePoint, decodeScalar, encodeScalar, isValidIdentifier } from '../dkg/group.js';
import { decodeSignature } from '../dkg/round1.js';
import type { KeyPackage, PublicKeyPackage, PublicKeyPackageFile, Round1Package } from '../dkg/types.js';
import { getSuite, type Suite, type SuiteName } from '../suites.js';
import { PostcardReader, PostcardWriter } from './bytes.js';
import { FrostPostcardError } from './errors.js';
import { readHeader, writeHeader } from './header.js';

/** frost-core generation a `PublicKeyPackage` is written for (2.x has no `min_signers`). */
export type PostcardGeneration = 2 | 3;

function fixed(bytes: Uint8Array, length: number, field: string): Uint8Array {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length)
    throw new FrostPostcardError('wrong-length', `expected ${length} bytes`, field);
  return bytes;
}

function u16(n: number, field: string): number {
  if (!Number.isInteger(n) || n < 1 || n > 0xffff)
    throw new FrostPostcardError('bad-min-signers', 'expected an integer in 1..65535', field);
  return n;
}

function identifierBytes(suite: Suite, id: number, field: string): Uint8Array {
  if (!isValidIdentifier(id))
    throw new FrostPostcardError('unsupported-identifier', 'identifiers are integers in 1..65535', field);
  return encodeScalar(suite, BigInt(id));
}

/** `KeyPackage`: header, identifier, signing_share, verifying_share, verifying_key, min_signers (u16). SECRET output. */
export function keyPackageToPostcard(kp: KeyPackage): Uint8Array {
  const s = getSuite(kp.suite);
  const w = new PostcardWriter();
  writeHeader(w, s);
  w.raw(identifierBytes(s, kp.identifier, 'identifier'))
    .raw(fixed(kp.signingShare, s.scalarBytes, 'signing_share'))
    .raw(fixed(kp.verifyingShare, s.elementBytes, 'verifying_share'))
    .raw(fixed(kp.verifyingKey, s.elementBytes, 'verifying_key'))
    .varint(u16(kp.minSigners, 'min_signers'));
  return w.bytes();
}

/**
 * `PublicKeyPackage`: header, verifying_shares (map: varint count, then identifier ‖ element in
 * identifier order, as a BTreeMap iterates), verifying_key, and for frost-core 3.x with a known
 * threshold `Some(min_signers)` = 0x01 ‖ varint. frost-core 3.x skips a `None` entirely
 * (`skip_serializing_if`), which is also exactly the 2.x form.
 */
export function publicKeyPackageToPostcard(
  p: PublicKeyPackage | PublicKeyPackageFile,
  generation: PostcardGeneration = 3,
): Uint8Array {
  const s = getSuite(p.suite);
  const sorted = [...p.verifyingShares].sort((a, b) => a.identifier - b.identifier);
  const w = new PostcardWriter();
  writeHeader(w, s);
  w.varint(sorted.length);
  sorted.forEach((v, i) => {
    const field = `verifying_shares.${v.identifier}`;
    if (i > 0 && sorted[i - 1]?.identifier === v.identifier)
      throw new FrostPostcardError('duplicate-identifier', 'identifier listed twice', field);
    w.raw(identifierBytes(s, v.identifier, field)).raw(fixed(v.verifyingShare, s.elementBytes, field));
  });
  w.raw(fixed(p.verifyingKey, s.elementBytes, 'verifying_key'));
  if (generation === 3 && p.minSigners !== undefined) w.u8(1).varint(u16(p.minSigners, 'min_signers'));
  return w.bytes();
}

/** DKG `round1::Package`: header, commitment (varint count, elements), proof_of_knowledge (byte string). */
export function round1PackageToPostcard(suite: Suite, p: Round1Package): Uint8Array {
  const w = new PostcardWriter();
  writeHeader(w, suite);
  w.varint(p.commitment.length);
  p.commitment.forEach((c, i) => w.raw(fixed(c, suite.elementBytes, `commitment.${i}`)));
  w.byteString(fixed(p.proofOfKnowledge, suite.signatureBytes, 'proof_of_knowledge'));
  return w.bytes();
}

/** DKG `round2::Package`: header, signing_share. SECRET output. */
export function round2PackageToPostcard(suite: Suite, signingShare: Uint8Array): Uint8Array {
  const w = new PostcardWriter();
  writeHeader(w, suite);
  w.raw(fixed(signingShare, suite.scalarBytes, 'signing_share'));
  return w.bytes();
}

// ---- readers ----

function readScalar(r: PostcardReader, suite: Suite, field: string): Uint8Array {
  const at = r.offset;
  const b = r.raw(suite.scalarBytes, field);
  if (decodeScalar(suite, b) === undefined)
    throw new FrostPostcardError('invalid-scalar', 'scalar not below the group order', field, at);
  return b;
}

function readPoint(r: PostcardReader, suite: Suite, field: string): Uint8Array {
  const at = r.offset;
  const b = r.raw(suite.elementBytes, field);
  if (typeof decodePoint(suite, b) === 'string')
    throw new FrostPostcardError('invalid-point', 'not a valid group element', field, at);
  return b;
}

function readIdentifier(r: PostcardReader, suite: Suite, field: string): number {
  const at = r.offset;
  const b = readScalar(r, suite, field);
  const n = decodeScalar(suite, b) as bigint;
  if (n === 0n) throw new FrostPostcardError('zero-identifier', 'identifier must not be zero', field, at);
  // We number participants 1..n; frost-rs derived (hash) identifiers are not representable.
  if (n > 0xffffn)
    throw new FrostPostcardError('unsupported-identifier', 'identifiers above 65535 are not supported', field, at);
  return Number(n);
}

function readMinSigners(r: PostcardReader, field: string): number {
  const at = r.offset;
  const n = r.varint(0xffff, field);
  if (n < 1) throw new FrostPostcardError('bad-min-signers', 'expected an integer in 1..65535', field, at);
  return n;
}

/** Reads a binary `KeyPackage`. */
export function keyPackageFromPostcard(bytes: Uint8Array): KeyPackage {
  const r = new PostcardReader(bytes);
  const suite = readHeader(r);
  const kp: KeyPackage = {
    suite: suite.name,
    identifier: readIdentifier(r, suite, 'identifier'),
    signingShare: readScalar(r, suite, 'signing_share'),
    verifyingShare: readPoint(r, suite, 'verifying_share'),
    verifyingKey: readPoint(r, suite, 'verifying_key'),
    minSigners: readMinSigners(r, 'min_signers'),
  };
  r.end('key package');
  return kp;
}

/**
 * Reads a binary `PublicKeyPackage` of either generation: after `verifying_key`, the end of the
 * input (2.x, or 3.x without a threshold), `0x00` (None) or `0x01` ‖ varint (Some).
 */
export function publicKeyPackageFromPostcard(bytes: Uint8Array): PublicKeyPackageFile {
  const r = new PostcardReader(bytes);
  const suite = readHeader(r);
  const count = r.varint(0xffff, 'verifying_shares');
  // Each entry takes at least scalar + element bytes: a huge count on a short input fails here.
  if (count * (suite.scalarBytes + suite.elementBytes) > bytes.length - r.offset)
    throw new FrostPostcardError(
      'truncated',
      `${count} verifying shares do not fit in the input`,
      'verifying_shares',
      r.offset,
    );
  const verifyingShares: PublicKeyPackage['verifyingShares'] = [];
  const seen = new Set<number>();
  for (let i = 0; i < count; i++) {
    const at = r.offset;
    const identifier = readIdentifier(r, suite, `verifying_shares[${i}]`);
    if (seen.has(identifier))
      throw new FrostPostcardError(
        'duplicate-identifier',
        `identifier ${identifier} listed twice`,
        `verifying_shares[${i}]`,
        at,
      );
    seen.add(identifier);
    verifyingShares.push({ identifier, verifyingShare: readPoint(r, suite, `verifying_shares.${identifier}`) });
  }
  verifyingShares.sort((a, b) => a.identifier - b.identifier);
  const verifyingKey = readPoint(r, suite, 'verifying_key');
  let minSigners: number | undefined;
  if (!r.atEnd) {
    const at = r.offset;
    const tag = r.u8('min_signers');
    if (tag === 1) minSigners = readMinSigners(r, 'min_signers');
    else if (tag !== 0)
      throw new FrostPostcardError('bad-option', `Option tag must be 0 or 1, got ${tag}`, 'min_signers', at);
  }
  r.end('public key package');
  return { suite: suite.name, verifyingShares, verifyingKey, minSigners };
}

/** Reads a binary DKG `round1::Package`. */
export function round1PackageFromPostcard(bytes: Uint8Array): { suite: SuiteName; package: Round1Package } {
  const r = new PostcardReader(bytes);
  const suite = readHeader(r);
  const at = r.offset;
  const count = r.varint(0xffff, 'commitment');
  if (count === 0) throw new FrostPostcardError('wrong-length', 'expected 1..65535 commitments', 'commitment', at);
  if (count * suite.elementBytes > bytes.length - r.offset)
    throw new FrostPostcardError('truncated', `${count} commitments do not fit in the input`, 'commitment', r.offset);
  const commitment: Uint8Array[] = [];
  for (let i = 0; i < count; i++) commitment.push(readPoint(r, suite, `commitment.${i}`));
  const proofAt = r.offset;
  const proofOfKnowledge = r.byteString(suite.signatureBytes, 'proof_of_knowledge');
  if (typeof decodeSignature(suite, proofOfKnowledge) === 'string')
    throw new FrostPostcardError('invalid-point', 'proof has an invalid R or z', 'proof_of_knowledge', proofAt);
  r.end('round-1 package');
  return { suite: suite.name, package: { commitment, proofOfKnowledge } };
}

/** Reads a binary DKG `round2::Package`. */
export function round2PackageFromPostcard(bytes: Uint8Array): { suite: SuiteName; signingShare: Uint8Array } {
  const r = new PostcardReader(bytes);
  const suite = readHeader(r);
  const signingShare = readScalar(r, suite, 'signing_share');
  r.end('round-2 package');
  return { suite: suite.name, signingShare };
}
