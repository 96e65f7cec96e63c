/** Loads the frost-rs test vectors in testdata/ (test helper; see testdata/README.md). */
import { readFileSync } from 'node:fs';
import { getSuite, type SuiteName } from '../../suites.js';
import type { KeyPackage, PublicKeyPackage, Rng } from '../types.js';

export interface DkgVectorParticipant {
  identifier: number;
  signing_key: string;
  coefficient: string;
  vss_commitments: string[];
  proof_of_knowledge: string;
  /** signing_shares[j] = the share this participant RECEIVED from j. */
  signing_shares: Record<string, string>;
  verifying_share: string;
  signing_share: string;
}

export interface DkgVectors {
  config: { MAX_PARTICIPANTS: number; MIN_PARTICIPANTS: number };
  inputs: { verifying_key: string } & Record<string, DkgVectorParticipant | string>;
}

export interface SignVectors {
  config: { MAX_PARTICIPANTS: string; NUM_PARTICIPANTS: string; MIN_PARTICIPANTS: string };
  inputs: {
    participant_list: number[];
    group_secret_key: string;
    verifying_key_key: string;
    message: string;
    share_polynomial_coefficients: string[];
    participant_shares: { identifier: number; participant_share: string }[];
  };
  round_one_outputs: {
    outputs: {
      identifier: number;
      hiding_nonce_randomness: string;
      binding_nonce_randomness: string;
      hiding_nonce: string;
      binding_nonce: string;
      hiding_nonce_commitment: string;
      binding_nonce_commitment: string;
    }[];
  };
  round_two_outputs: { outputs: { identifier: number; sig_share: string }[] };
  final_output: { sig: string };
}

const read = (suite: SuiteName, file: string): unknown =>
  JSON.parse(readFileSync(new URL(`../testdata/frost-rs/frost-${suite}/${file}`, import.meta.url), 'utf8'));

export const dkgVectors = (suite: SuiteName): DkgVectors => read(suite, 'vectors_dkg.json') as DkgVectors;
export const signVectors = (suite: SuiteName): SignVectors => read(suite, 'vectors.json') as SignVectors;

/** The participants of a DKG vector file, by identifier. */
export function dkgParticipants(v: DkgVectors): Map<number, DkgVectorParticipant> {
  const out = new Map<number, DkgVectorParticipant>();
  for (let i = 1; i <= v.config.MAX_PARTICIPANTS; i++) out.set(i, v.inputs[String(i)] as DkgVectorParticipant);
  return out;
}

export const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));
export const toHexString = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** The public key package and key packages that a crate's signing vectors (vectors.json) describe. */
export function signVectorPackages(name: SuiteName): {
  v: SignVectors;
  pkp: PublicKeyPackage;
  kpOf: (id: number) => KeyPackage;
} {
  const v = signVectors(name);
  const { Point, Fn } = getSuite(name).internals;
  const shareOf = (id: number) => hex(v.inputs.participant_shares.find((p) => p.identifier === id)!.participant_share);
  const pkp: PublicKeyPackage = {
    suite: name,
    verifyingShares: v.inputs.participant_shares.map((p) => ({
      identifier: p.identifier,
      verifyingShare: Point.BASE.multiply(Fn.fromBytes(hex(p.participant_share))).toBytes(),
    })),
    verifyingKey: hex(v.inputs.verifying_key_key),
    minSigners: Number(v.config.MIN_PARTICIPANTS),
  };
  const kpOf = (id: number): KeyPackage => ({
    suite: name,
    identifier: id,
    signingShare: shareOf(id),
    verifyingShare: pkp.verifyingShares.find((s) => s.identifier === id)!.verifyingShare,
    verifyingKey: pkp.verifyingKey,
    minSigners: pkp.minSigners,
  });
  return { v, pkp, kpOf };
}

/** Replays fixed byte strings (the vectors' nonce randomness) as the rng. */
export function replayRng(chunks: Uint8Array[]): Rng {
  let k = 0;
  return (len) => {
    const c = chunks[k++];
    if (!c || c.length !== len) throw new Error('replay rng exhausted or wrong length');
    return c;
  };
}
