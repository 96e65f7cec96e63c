/**
 * Test-only fault injection: values that are well-formed (right length, canonical, valid
 * points) but wrong, so that only the cryptographic checks can catch them.
 */
import type { Suite } from '../suites.js';
import { decodeScalar, encodeScalar } from './group.js';
import type { Round1Package } from './types.js';

/** share + 1 (mod order): canonical, but fails the VSS check against the sender's commitment. */
export function tamperShare(suite: Suite, share: Uint8Array): Uint8Array {
  const { Fn } = suite.internals;
  const s = decodeScalar(suite, share);
  if (s === undefined) throw new TypeError('tamperShare expects a valid share');
  return encodeScalar(suite, Fn.add(s, Fn.ONE));
}

/** Same commitment and R, z + 1: a well-formed proof of knowledge that does not verify. */
export function tamperProof(suite: Suite, pkg: Round1Package): Round1Package {
  const { Fn } = suite.internals;
  const proof = pkg.proofOfKnowledge;
  const zAt = proof.length - suite.scalarBytes;
  const z = decodeScalar(suite, proof.subarray(zAt));
  if (z === undefined || proof.length !== suite.signatureBytes)
    throw new TypeError('tamperProof expects a valid proof');
  const out = proof.slice();
  out.set(encodeScalar(suite, Fn.add(z, Fn.ONE)), zAt);
  return { commitment: pkg.commitment.map((c) => c.slice()), proofOfKnowledge: out };
}
