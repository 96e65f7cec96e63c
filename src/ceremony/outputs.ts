/**
 * The files a participant takes home after a confirmed ceremony, in frost-rs JSON:
 * its KeyPackage (SECRET), the group's PublicKeyPackage. Only available once every
 * participant's confirmation agrees (phase 'success').
 */
import {
  type KeyPackage,
  type PublicKeyPackage,
  keyPackageToJson,
  publicKeyPackageToJson,
  keyPackageOf,
  publicKeyPackageOf,
  type ParticipantState,
  phaseOf,
} from '../protocol/index';

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
  const keyPackage = keyPackageOf(state);
  const publicKeyPackage = publicKeyPackageOf(state);
  if (!keyPackage || !publicKeyPackage) throw new OutputsNotReadyError(phaseOf(state));
  return {
    identifier: keyPackage.identifier,
    keyPackage,
    publicKeyPackage,
    keyPackageJson: keyPackageToJson(keyPackage),
    publicKeyPackageJson: publicKeyPackageToJson(publicKeyPackage),
  };
}
