/**
 * RFC 9591 rounds against the frost-rs signing vectors (vectors.json of each crate, RFC 9591
 * Appendix E layout): round 1 commitments from the vectors' nonce randomness, every round-2
 * share, and the aggregate signature, byte for byte, through the code that ships.
 */
import { describe, expect, it } from 'vitest';
import { hex, replayRng, signVectorPackages, toHexString } from '../dkg/testing/testVectors.js';
import { SUITE_NAMES } from '../suites.js';
import { consumeNonce, createNonce, emptyNonceStore, type SigningCommitment } from './nonces.js';
import { aggregateSignature, round2Sign, verifySignatureShare, type SignatureShare } from './rounds.js';

describe.each(SUITE_NAMES)('frost-rs signing vectors through rounds.ts: %s', (name) => {
  const { v, pkp, kpOf } = signVectorPackages(name);

  it('commitments, every signature share and the signature match the vectors', () => {
    const message = hex(v.inputs.message);
    const outs = v.round_one_outputs.outputs;
    const stores = new Map<number, ReturnType<typeof emptyNonceStore>>();
    const commitments: SigningCommitment[] = [];
    for (const o of outs) {
      const rng = replayRng([hex(o.hiding_nonce_randomness), hex(o.binding_nonce_randomness)]);
      const r = createNonce(emptyNonceStore(), 'v', kpOf(o.identifier), rng);
      expect(toHexString(r.commitment.hiding)).toBe(o.hiding_nonce_commitment);
      expect(toHexString(r.commitment.binding)).toBe(o.binding_nonce_commitment);
      expect(toHexString(r.store.records.get('v')!.secret!.hiding)).toBe(o.hiding_nonce);
      stores.set(o.identifier, r.store);
      commitments.push(r.commitment);
    }
    const pkg = { message, commitments };
    const shares: SignatureShare[] = [];
    for (const o of v.round_two_outputs.outputs) {
      const { nonce } = consumeNonce(stores.get(o.identifier)!, 'v');
      const s = round2Sign(kpOf(o.identifier), pkp, pkg, nonce);
      expect(toHexString(s.share)).toBe(o.sig_share);
      expect(verifySignatureShare(pkp, pkg, s)).toBe(true);
      shares.push(s);
    }
    expect(toHexString(aggregateSignature(pkp, pkg, shares))).toBe(v.final_output.sig);
  });
});
