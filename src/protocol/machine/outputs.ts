/**
 * What a participant walks away with, once (and only once) every confirmation agreed:
 * its KeyPackage (SECRET) and the group's PublicKeyPackage. Convert with frostJson for files.
 */
import type { KeyPackage, PublicKeyPackage } from '../dkg/index.js';
import { fromHex } from '../encoding.js';
import type { ParticipantState } from './types.js';

export function keyPackageOf(state: ParticipantState): KeyPackage | null {
  const s = state.session;
  if (!s || s.outcome !== 'success' || !s.result) return null;
  return {
    suite: s.params.suite,
    identifier: s.myId,
    signingShare: fromHex(s.result.signingShare),
    verifyingShare: fromHex(s.result.verifyingShare),
    verifyingKey: fromHex(s.result.verifyingKey),
    minSigners: s.params.minSigners,
  };
}

export function publicKeyPackageOf(state: ParticipantState): PublicKeyPackage | null {
  const s = state.session;
  if (!s || s.outcome !== 'success' || !s.result) return null;
  return {
    suite: s.params.suite,
    verifyingShares: s.result.verifyingShares.map((v) => ({
      identifier: v.identifier,
      verifyingShare: fromHex(v.verifyingShare),
    })),
    verifyingKey: fromHex(s.result.verifyingKey),
    minSigners: s.params.minSigners,
  };
}
