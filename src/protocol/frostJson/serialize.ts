/**
 * frost-rs JSON writers. Field order and encodings equal serde_json's output for the frost-rs
 * structs (`keys::KeyPackage`, `keys::PublicKeyPackage`, `keys::dkg::round1::Package`,
 * `keys::dkg::round2::Package`), compact form.
 */
import type { KeyPackage, PublicKeyPackage, PublicKeyPackageFile, Round1Package } from '../dkg/types.js';
import { getSuite, type Suite } from '../suites.js';
import { FrostJsonError } from './errors.js';
import { bytesToHex, identifierToHex } from './hex.js';

const header = (suite: Suite): string => `{"version":0,"ciphersuite":${JSON.stringify(suite.ciphersuiteId)}}`;

function hexOf(bytes: Uint8Array, length: number, field: string): string {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length)
    throw new FrostJsonError('wrong-length', `expected ${length} bytes`, field);
  return JSON.stringify(bytesToHex(bytes));
}

function u16(n: number, field: string): string {
  if (!Number.isInteger(n) || n < 1 || n > 0xffff)
    throw new FrostJsonError('bad-min-signers', 'expected an integer in 1..65535', field);
  return String(n);
}

/** `{"header":…,"identifier":…,"signing_share":…,"verifying_share":…,"verifying_key":…,"min_signers":…}` */
export function keyPackageToJson(kp: KeyPackage): string {
  const s = getSuite(kp.suite);
  return (
    `{"header":${header(s)},"identifier":${JSON.stringify(identifierToHex(s, kp.identifier))}` +
    `,"signing_share":${hexOf(kp.signingShare, s.scalarBytes, 'signing_share')}` +
    `,"verifying_share":${hexOf(kp.verifyingShare, s.elementBytes, 'verifying_share')}` +
    `,"verifying_key":${hexOf(kp.verifyingKey, s.elementBytes, 'verifying_key')}` +
    `,"min_signers":${u16(kp.minSigners, 'min_signers')}}`
  );
}

/**
 * Which frost-core generation a file is written for. They differ only in `PublicKeyPackage`:
 * frost-core 2.x has no `min_signers` field and refuses a file that has one (its derived
 * deserializer denies unknown fields); 3.x reads both and writes it when known.
 */
export type FrostCoreGeneration = 2 | 3;

/**
 * `{"header":…,"verifying_shares":{id:share,…},"verifying_key":…,"min_signers":…}`, shares in
 * identifier order. `min_signers` is left out for frost-core 2.x, and (as frost-core 3.x's
 * `skip_serializing_if = "Option::is_none"` does) when the threshold is not recorded.
 */
export function publicKeyPackageToJson(
  p: PublicKeyPackage | PublicKeyPackageFile,
  generation: FrostCoreGeneration = 3,
): string {
  const s = getSuite(p.suite);
  // frost-rs keeps verifying_shares in a BTreeMap<Identifier>, ordered by the scalar's value.
  const sorted = [...p.verifyingShares].sort((a, b) => a.identifier - b.identifier);
  const entries = sorted.map((v, i) => {
    if (i > 0 && sorted[i - 1]?.identifier === v.identifier)
      throw new FrostJsonError('duplicate-identifier', `identifier ${v.identifier} twice`, 'verifying_shares');
    return `${JSON.stringify(identifierToHex(s, v.identifier))}:${hexOf(v.verifyingShare, s.elementBytes, `verifying_shares.${v.identifier}`)}`;
  });
  return (
    `{"header":${header(s)},"verifying_shares":{${entries.join(',')}}` +
    `,"verifying_key":${hexOf(p.verifyingKey, s.elementBytes, 'verifying_key')}` +
    (generation === 3 && p.minSigners !== undefined ? `,"min_signers":${u16(p.minSigners, 'min_signers')}` : '') +
    '}'
  );
}

/** `{"header":…,"commitment":[…],"proof_of_knowledge":…}` */
export function round1PackageToJson(suite: Suite, p: Round1Package): string {
  const cs = p.commitment.map((c, i) => hexOf(c, suite.elementBytes, `commitment.${i}`));
  return `{"header":${header(suite)},"commitment":[${cs.join(',')}],"proof_of_knowledge":${hexOf(p.proofOfKnowledge, suite.signatureBytes, 'proof_of_knowledge')}}`;
}

/** `{"header":…,"signing_share":…}` */
export function round2PackageToJson(suite: Suite, share: Uint8Array): string {
  return `{"header":${header(suite)},"signing_share":${hexOf(share, suite.scalarBytes, 'signing_share')}}`;
}
