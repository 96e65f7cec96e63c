/**
 * Test helper: frost-rs's serde test samples carry KeyPackages made of unrelated random values
 * (serde checks no relation between the fields), which our reader refuses as damaged
 * (`share-mismatch`). `consistentSample` gives the same document with `verifying_share` set to
 * signing_share·G, so the serde-compatibility tests still cover every field of every suite.
 */
import { decodeScalar, mulBase, toHex } from '../../dkg/group.js';
import { suiteByCiphersuiteId } from '../../suites.js';
import { hexToBytes } from '../hex.js';

/** The sample with its KeyPackage made consistent; other documents unchanged. */
export function consistentSample(json: string): string {
  const o = JSON.parse(json) as Record<string, unknown> & { header?: { ciphersuite?: string } };
  if (!('identifier' in o) || typeof o.signing_share !== 'string') return json;
  const suite = suiteByCiphersuiteId(String(o.header?.ciphersuite));
  if (!suite) return json;
  const s = decodeScalar(suite, hexToBytes(o.signing_share, suite.scalarBytes, 'signing_share'));
  if (s === undefined) return json;
  return JSON.stringify({ ...o, verifying_share: toHex(mulBase(suite, s).toBytes()) }, null, 2);
}
