/**
 * The files a participant takes home after a confirmed ceremony, in frost-rs JSON:
 * its KeyPackage (SECRET), the group's PublicKeyPackage. Only available once every
 * participant's confirmation agrees (phase 'success').
 */
import { fromHex } from '../protocol/encoding';
import type { KeyPackage, PublicKeyPackage } from '../protocol/dkg';
import { keyPackageToJson, publicKeyPackageToJson } from '../protocol/frostJson';
import type { ParticipantState } from '../protocol/machine/types';
import { phaseOf } from '../protocol/machine/view';

export class OutputsNotReadyError extends Error {
  constructor(phase: string) {
    super(`the ceremony has not succeeded yet (phase: ${phase}); no key package to write`);
    this.name = 'OutputsNotReadyError';
  }
}

export interface CeremonyOutputs {
  identifier: number;
  keyPackage: KeyPackage;
  publicKeyPackage: PublicKeyPackage;
  /** frost-rs JSON. SECRET: contains the signing share. */
  keyPackageJson: string;
  publicKeyPackageJson: string;
}

export function outputsOf(state: ParticipantState): CeremonyOutputs {
  const phase = phaseOf(state);
  const s = state.session;
  if (phase !== 'success' || !s?.result) throw new OutputsNotReadyError(phase);
  const r = s.result;
  const suite = s.params.suite;
  const keyPackage: KeyPackage = {
    suite,
    identifier: s.myId,
    signingShare: fromHex(r.signingShare),
    verifyingShare: fromHex(r.verifyingShare),
    verifyingKey: fromHex(r.verifyingKey),
    minSigners: s.params.minSigners,
  };
  const publicKeyPackage: PublicKeyPackage = {
    suite,
    verifyingShares: r.verifyingShares.map((v) => ({ identifier: v.identifier, verifyingShare: fromHex(v.verifyingShare) })),
    verifyingKey: fromHex(r.verifyingKey),
    minSigners: s.params.minSigners,
  };
  return {
    identifier: s.myId,
    keyPackage,
    publicKeyPackage,
    keyPackageJson: keyPackageToJson(keyPackage),
    publicKeyPackageJson: publicKeyPackageToJson(publicKeyPackage),
  };
}
