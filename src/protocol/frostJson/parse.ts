/**
 * Strict frost-rs JSON readers: what serde accepts for these structs (deny_unknown_fields,
 * header version 0, the exact ciphersuite ID, canonical scalars, valid non-identity points,
 * non-zero identifiers), except that hex must be lowercase as frost-rs writes it.
 * PublicKeyPackage's `min_signers` is optional in frost-core 3.x (`serde(default)`; files written
 * by frost-core 2.x have no such field): {@link readPublicKeyPackage} and {@link parseFrostJson}
 * accept both generations, {@link parsePublicKeyPackage} (our own files, certificates) requires it.
 * Every failure is a FrostJsonError.
 */
import { decodePoint, decodeScalar, equalBytes, mulBase } from '../dkg/group.js';
import { decodeSignature } from '../dkg/round1.js';
import type { KeyPackage, PublicKeyPackage, PublicKeyPackageFile, Round1Package } from '../dkg/types.js';
import { bytesToNumberBE, bytesToNumberLE } from '@noble/curves/utils.js';
import { suiteByCiphersuiteId, type Suite, type SuiteName } from '../suites.js';
import { FrostJsonError } from './errors.js';
import { parseStrictJson, StrictJsonError } from '../strictJson.js';
import { hexToBytes } from './hex.js';

type Obj = Record<string, unknown>;

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function parseJson(json: unknown): Obj {
  if (typeof json !== 'string') throw new FrostJsonError('malformed-json', 'expected a JSON string');
  let v: unknown;
  try {
    v = parseStrictJson(json);
  } catch (e) {
    if (e instanceof StrictJsonError && e.code === 'duplicate-field')
      throw new FrostJsonError('duplicate-field', 'field appears twice', e.path);
    throw new FrostJsonError('malformed-json', e instanceof Error ? e.message : 'invalid JSON');
  }
  if (!isObj(v)) throw new FrostJsonError('wrong-type', 'expected a JSON object');
  return v;
}

type Readers = Record<string, (v: unknown, field: string) => unknown>;

/**
 * Reads the fields of `o` in document order, as serde's derived visitor does: an unknown field
 * or a bad value fails where it appears; missing required fields are reported at the end.
 */
function readFields(
  o: Obj,
  readers: Readers,
  where = '',
  optionalNull: readonly string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) {
    if (optionalNull.includes(k) && o[k] === null) continue; // serde reads `null` as None
    const read = Object.prototype.hasOwnProperty.call(readers, k) ? readers[k] : undefined;
    if (!read) throw new FrostJsonError('unknown-field', 'unknown field', where + k);
    out[k] = read(o[k], where + k);
  }
  for (const k of Object.keys(readers))
    if (!(k in out)) throw new FrostJsonError('missing-field', 'missing field', where + k);
  return out;
}

/** The header decides how every other field is read, so it is checked first. */
function parseHeader(o: Obj): Suite {
  if (!('header' in o)) throw new FrostJsonError('missing-field', 'missing field', 'header');
  const h = o.header;
  if (!isObj(h)) throw new FrostJsonError('bad-header', 'header must be an object', 'header');
  const r = readFields(
    h,
    {
      version: (v, f) => {
        if (v !== 0) throw new FrostJsonError('bad-header', 'only format version 0 is supported', f);
      },
      ciphersuite: (v, f) => {
        if (typeof v !== 'string') throw new FrostJsonError('bad-header', 'ciphersuite must be a string', f);
        const suite = suiteByCiphersuiteId(v);
        if (!suite) throw new FrostJsonError('unknown-ciphersuite', `unknown ciphersuite ${JSON.stringify(v)}`, f);
        return suite;
      },
    },
    'header.',
  );
  return r.ciphersuite as Suite;
}

const headerReader = (): undefined => undefined; // already read by parseHeader

function scalarField(suite: Suite, v: unknown, field: string): Uint8Array {
  const b = hexToBytes(v, suite.scalarBytes, field);
  if (decodeScalar(suite, b) === undefined)
    throw new FrostJsonError('invalid-scalar', 'scalar not below the group order', field);
  return b;
}

function pointField(suite: Suite, v: unknown, field: string): Uint8Array {
  const b = hexToBytes(v, suite.elementBytes, field);
  if (typeof decodePoint(suite, b) === 'string')
    throw new FrostJsonError('invalid-point', 'not a valid group element', field);
  return b;
}

function identifierField(suite: Suite, v: unknown, field: string): number {
  const b = scalarField(suite, v, field);
  const n = suite.identifierByteOrder === 'le' ? bytesToNumberLE(b) : bytesToNumberBE(b);
  if (n === 0n) throw new FrostJsonError('zero-identifier', 'identifier must not be zero', field);
  // We number participants 1..n; frost-rs derived (hash) identifiers are not representable.
  if (n > 0xffffn)
    throw new FrostJsonError('unsupported-identifier', 'identifiers above 65535 are not supported', field);
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
  const r = readFields(o, {
    header: headerReader,
    identifier: (v, f) => identifierField(suite, v, f),
    signing_share: (v, f) => scalarField(suite, v, f),
    verifying_share: (v, f) => pointField(suite, v, f),
    verifying_key: (v, f) => pointField(suite, v, f),
    min_signers: minSignersField,
  });
  const signingShare = r.signing_share as Uint8Array;
  const verifyingShare = r.verifying_share as Uint8Array;
  assertShareMatches(suite, signingShare, verifyingShare);
  return {
    suite: suite.name,
    identifier: r.identifier as number,
    signingShare,
    verifyingShare,
    verifyingKey: r.verifying_key as Uint8Array,
    minSigners: r.min_signers as number,
  };
}

/**
 * A KeyPackage is only usable when signing_share·G = verifying_share (frost-rs checks the same
 * in `KeyPackage::try_from(SecretShare)`, and every signature share it makes would fail its
 * own verification otherwise). serde does not check it, but a damaged share must never be
 * reported as valid by inspect, backup or restore: it would only show up at signing time,
 * when the backup is all that is left. Checked here, so every reader of a key package gets it.
 */
function assertShareMatches(suite: Suite, signingShare: Uint8Array, verifyingShare: Uint8Array): void {
  const s = decodeScalar(suite, signingShare) as bigint; // canonical: checked by scalarField
  if (!equalBytes(mulBase(suite, s).toBytes(), verifyingShare))
    throw new FrostJsonError(
      'share-mismatch',
      'signing share does not match the verifying share (the key package is damaged)',
      'signing_share',
    );
}

function verifyingSharesField(suite: Suite, vs: unknown, field: string): PublicKeyPackage['verifyingShares'] {
  if (!isObj(vs)) throw new FrostJsonError('wrong-type', 'expected an object', field);
  const out: PublicKeyPackage['verifyingShares'] = [];
  const seen = new Set<number>();
  for (const [k, v] of Object.entries(vs)) {
    const identifier = identifierField(suite, k, `${field}.${k}`);
    if (seen.has(identifier))
      throw new FrostJsonError('duplicate-identifier', 'identifier listed twice', `${field}.${k}`);
    seen.add(identifier);
    out.push({ identifier, verifyingShare: pointField(suite, v, `${field}.${k}`) });
  }
  return out.sort((a, b) => a.identifier - b.identifier);
}

/** Either generation: `min_signers` absent or `null` (serde's `Option` default) means "not recorded". */
function publicKeyPackageFileFrom(o: Obj): PublicKeyPackageFile {
  const suite = parseHeader(o);
  const recorded = 'min_signers' in o && o.min_signers !== null;
  const r = readFields(
    o,
    {
      header: headerReader,
      verifying_shares: (v, f) => verifyingSharesField(suite, v, f),
      verifying_key: (v, f) => pointField(suite, v, f),
      ...(recorded ? { min_signers: minSignersField } : {}),
      // frost-core 3.x `#[serde(default)]`: a frost-core 2.x file simply has no such field.
    },
    '',
    recorded ? [] : ['min_signers'],
  );
  return {
    suite: suite.name,
    verifyingShares: r.verifying_shares as PublicKeyPackage['verifyingShares'],
    verifyingKey: r.verifying_key as Uint8Array,
    minSigners: recorded ? (r.min_signers as number) : undefined,
  };
}

/** Our own files and certificates always record the threshold: a missing one is an error here. */
function publicKeyPackageFrom(o: Obj): PublicKeyPackage {
  const p = publicKeyPackageFileFrom(o);
  if (p.minSigners === undefined) throw new FrostJsonError('missing-field', 'min_signers is required', 'min_signers');
  return { ...p, minSigners: p.minSigners };
}

function round1From(o: Obj): { suite: SuiteName; package: Round1Package } {
  const suite = parseHeader(o);
  const r = readFields(o, {
    header: headerReader,
    commitment: (cs, f) => {
      if (!Array.isArray(cs)) throw new FrostJsonError('wrong-type', 'expected an array', f);
      if (cs.length === 0 || cs.length > 0xffff)
        throw new FrostJsonError('wrong-length', 'expected 1..65535 commitments', f);
      return cs.map((c, i) => pointField(suite, c, `${f}.${i}`));
    },
    proof_of_knowledge: (v, f) => {
      const proof = hexToBytes(v, suite.signatureBytes, f);
      if (typeof decodeSignature(suite, proof) === 'string')
        throw new FrostJsonError('invalid-point', 'proof has an invalid R or z', f);
      return proof;
    },
  });
  return {
    suite: suite.name,
    package: { commitment: r.commitment as Uint8Array[], proofOfKnowledge: r.proof_of_knowledge as Uint8Array },
  };
}

function round2From(o: Obj): { suite: SuiteName; signingShare: Uint8Array } {
  const suite = parseHeader(o);
  const r = readFields(o, { header: headerReader, signing_share: (v, f) => scalarField(suite, v, f) });
  return { suite: suite.name, signingShare: r.signing_share as Uint8Array };
}

/** Parses a frost-rs `KeyPackage` JSON. */
export function parseKeyPackage(json: string): KeyPackage {
  return keyPackageFrom(parseJson(json));
}

/** Parses a frost-rs `PublicKeyPackage` JSON (min_signers required). */
export function parsePublicKeyPackage(json: string): PublicKeyPackage {
  return publicKeyPackageFrom(parseJson(json));
}

/** Parses a frost-rs `PublicKeyPackage` JSON of either generation (frost-core 2.x has no min_signers). */
export function readPublicKeyPackage(json: string): PublicKeyPackageFile {
  return publicKeyPackageFileFrom(parseJson(json));
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
  | { kind: 'public-key-package'; value: PublicKeyPackageFile }
  | { kind: 'round1-package'; suite: SuiteName; value: Round1Package }
  | { kind: 'round2-package'; suite: SuiteName; signingShare: Uint8Array };

/** Detects the document kind by its fields, then parses it strictly. */
export function parseFrostJson(json: string): FrostJsonDocument {
  const o = parseJson(json);
  if ('verifying_shares' in o) return { kind: 'public-key-package', value: publicKeyPackageFileFrom(o) };
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
