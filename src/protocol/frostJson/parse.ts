/**
 * Strict frost-rs JSON readers: what serde accepts for these structs (deny_unknown_fields,
 * header version 0, the exact ciphersuite ID, canonical scalars, valid non-identity points,
 * non-zero identifiers), except that hex must be lowercase as frost-rs writes it and
 * PublicKeyPackage's `min_signers` is required. Every failure is a FrostJsonError.
 */
import { decodePoint, decodeScalar } from '../dkg/group.js';
import { decodeSignature } from '../dkg/round1.js';
import type { KeyPackage, PublicKeyPackage, Round1Package } from '../dkg/types.js';
import { bytesToNumberBE, bytesToNumberLE } from '@noble/curves/utils.js';
import { suiteByCiphersuiteId, type Suite, type SuiteName } from '../suites.js';
import { FrostJsonError } from './errors.js';
import { hexToBytes } from './hex.js';

type Obj = Record<string, unknown>;

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function parseJson(json: unknown): Obj {
  if (typeof json !== 'string') throw new FrostJsonError('malformed-json', 'expected a JSON string');
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch (e) {
    throw new FrostJsonError('malformed-json', e instanceof Error ? e.message : 'invalid JSON');
  }
  if (!isObj(v)) throw new FrostJsonError('wrong-type', 'expected a JSON object');
  return v;
}

/** Exactly `required` (+ optional) keys; reports the first unknown, then the first missing one. */
function checkFields(o: Obj, required: readonly string[], where: string, optional: readonly string[] = []): void {
  for (const k of Object.keys(o))
    if (!required.includes(k) && !optional.includes(k)) throw new FrostJsonError('unknown-field', 'unknown field', where + k);
  for (const k of required) if (!(k in o)) throw new FrostJsonError('missing-field', 'missing field', where + k);
}

function parseHeader(o: Obj): Suite {
  const h = o.header;
  if (!isObj(h)) throw new FrostJsonError('bad-header', 'header must be an object', 'header');
  checkFields(h, ['version', 'ciphersuite'], 'header.');
  if (h.version !== 0) throw new FrostJsonError('bad-header', 'only format version 0 is supported', 'header.version');
  if (typeof h.ciphersuite !== 'string') throw new FrostJsonError('bad-header', 'ciphersuite must be a string', 'header.ciphersuite');
  const suite = suiteByCiphersuiteId(h.ciphersuite);
  if (!suite) throw new FrostJsonError('unknown-ciphersuite', `unknown ciphersuite ${JSON.stringify(h.ciphersuite)}`, 'header.ciphersuite');
  return suite;
}

function scalarField(suite: Suite, v: unknown, field: string): Uint8Array {
  const b = hexToBytes(v, suite.scalarBytes, field);
  if (decodeScalar(suite, b) === undefined) throw new FrostJsonError('invalid-scalar', 'scalar not below the group order', field);
  return b;
}

function pointField(suite: Suite, v: unknown, field: string): Uint8Array {
  const b = hexToBytes(v, suite.elementBytes, field);
  if (typeof decodePoint(suite, b) === 'string') throw new FrostJsonError('invalid-point', 'not a valid group element', field);
  return b;
}

function identifierField(suite: Suite, v: unknown, field: string): number {
  const b = scalarField(suite, v, field);
  const n = suite.identifierByteOrder === 'le' ? bytesToNumberLE(b) : bytesToNumberBE(b);
  if (n === 0n) throw new FrostJsonError('zero-identifier', 'identifier must not be zero', field);
  // We number participants 1..n; frost-rs derived (hash) identifiers are not representable.
  if (n > 0xffffn) throw new FrostJsonError('unsupported-identifier', 'identifiers above 65535 are not supported', field);
  return Number(n);
}

function minSignersField(v: unknown, field: string): number {
  if (v === undefined || v === null) throw new FrostJsonError('missing-field', 'min_signers is required', field);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 0xffff)
    throw new FrostJsonError('bad-min-signers', 'expected an integer in 1..65535', field);
  return v;
}

function keyPackageFrom(o: Obj): KeyPackage {
  const suite = parseHeader(o);
  checkFields(o, ['header', 'identifier', 'signing_share', 'verifying_share', 'verifying_key', 'min_signers'], '');
  return {
    suite: suite.name,
    identifier: identifierField(suite, o.identifier, 'identifier'),
    signingShare: scalarField(suite, o.signing_share, 'signing_share'),
    verifyingShare: pointField(suite, o.verifying_share, 'verifying_share'),
    verifyingKey: pointField(suite, o.verifying_key, 'verifying_key'),
    minSigners: minSignersField(o.min_signers, 'min_signers'),
  };
}

function publicKeyPackageFrom(o: Obj): PublicKeyPackage {
  const suite = parseHeader(o);
  checkFields(o, ['header', 'verifying_shares', 'verifying_key', 'min_signers'], '');
  const vs = o.verifying_shares;
  if (!isObj(vs)) throw new FrostJsonError('wrong-type', 'expected an object', 'verifying_shares');
  const verifyingShares: PublicKeyPackage['verifyingShares'] = [];
  const seen = new Set<number>();
  for (const [k, v] of Object.entries(vs)) {
    const identifier = identifierField(suite, k, `verifying_shares.${k}`);
    if (seen.has(identifier)) throw new FrostJsonError('duplicate-identifier', 'identifier listed twice', `verifying_shares.${k}`);
    seen.add(identifier);
    verifyingShares.push({ identifier, verifyingShare: pointField(suite, v, `verifying_shares.${k}`) });
  }
  verifyingShares.sort((a, b) => a.identifier - b.identifier);
  return {
    suite: suite.name,
    verifyingShares,
    verifyingKey: pointField(suite, o.verifying_key, 'verifying_key'),
    minSigners: minSignersField(o.min_signers, 'min_signers'),
  };
}

function round1From(o: Obj): { suite: SuiteName; package: Round1Package } {
  const suite = parseHeader(o);
  checkFields(o, ['header', 'commitment', 'proof_of_knowledge'], '');
  const cs = o.commitment;
  if (!Array.isArray(cs)) throw new FrostJsonError('wrong-type', 'expected an array', 'commitment');
  if (cs.length === 0 || cs.length > 0xffff) throw new FrostJsonError('wrong-length', 'expected 1..65535 commitments', 'commitment');
  const commitment = cs.map((c, i) => pointField(suite, c, `commitment.${i}`));
  const proofOfKnowledge = hexToBytes(o.proof_of_knowledge, suite.signatureBytes, 'proof_of_knowledge');
  const sig = decodeSignature(suite, proofOfKnowledge);
  if (typeof sig === 'string') throw new FrostJsonError('invalid-point', 'proof has an invalid R or z', 'proof_of_knowledge');
  return { suite: suite.name, package: { commitment, proofOfKnowledge } };
}

function round2From(o: Obj): { suite: SuiteName; signingShare: Uint8Array } {
  const suite = parseHeader(o);
  checkFields(o, ['header', 'signing_share'], '');
  return { suite: suite.name, signingShare: scalarField(suite, o.signing_share, 'signing_share') };
}

/** Parses a frost-rs `KeyPackage` JSON. */
export function parseKeyPackage(json: string): KeyPackage {
  return keyPackageFrom(parseJson(json));
}

/** Parses a frost-rs `PublicKeyPackage` JSON (min_signers required). */
export function parsePublicKeyPackage(json: string): PublicKeyPackage {
  return publicKeyPackageFrom(parseJson(json));
}

/** Parses a frost-rs DKG `round1::Package` JSON. */
export function parseRound1Package(json: string): { suite: SuiteName; package: Round1Package } {
  return round1From(parseJson(json));
}

/** Parses a frost-rs DKG `round2::Package` JSON. */
export function parseRound2Package(json: string): { suite: SuiteName; signingShare: Uint8Array } {
  return round2From(parseJson(json));
}

/** Any of the four documents, told apart by their fields. */
export type FrostJsonDocument =
  | { kind: 'key-package'; value: KeyPackage }
  | { kind: 'public-key-package'; value: PublicKeyPackage }
  | { kind: 'round1-package'; suite: SuiteName; value: Round1Package }
  | { kind: 'round2-package'; suite: SuiteName; signingShare: Uint8Array };

/** Detects the document kind by its fields, then parses it strictly. */
export function parseFrostJson(json: string): FrostJsonDocument {
  const o = parseJson(json);
  if ('verifying_shares' in o) return { kind: 'public-key-package', value: publicKeyPackageFrom(o) };
  if ('identifier' in o) return { kind: 'key-package', value: keyPackageFrom(o) };
  if ('commitment' in o || 'proof_of_knowledge' in o) {
    const r = round1From(o);
    return { kind: 'round1-package', suite: r.suite, value: r.package };
  }
  if ('signing_share' in o) {
    const r = round2From(o);
    return { kind: 'round2-package', suite: r.suite, signingShare: r.signingShare };
  }
  throw new FrostJsonError('unknown-kind', 'not a KeyPackage, PublicKeyPackage or DKG round package');
}
