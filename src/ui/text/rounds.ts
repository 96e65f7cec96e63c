import type { AppPhase, RoundKey, WaitReason } from '../../store/index';

/** Plain names of the four rounds, with the technical term for the small print. */
export const ROUNDS: readonly { key: RoundKey; step: number; title: string; what: string; technical: string }[] = [
  {
    key: 'round1',
    step: 1,
    title: 'Public commitments',
    what: 'public commitment',
    technical: 'DKG round 1: commitment and proof of knowledge, broadcast',
  },
  {
    key: 'echo',
    step: 2,
    title: 'Cross-check',
    what: 'cross-check that everyone got the same commitments',
    technical: 'echo broadcast: signed digest of all round-1 packages',
  },
  {
    key: 'round2',
    step: 3,
    title: 'Secret pieces',
    what: 'secret piece',
    technical: 'DKG round 2: one encrypted share per recipient (HPKE)',
  },
  {
    key: 'confirm',
    step: 4,
    title: 'Confirm the key',
    what: 'confirmation of the group key',
    technical: 'signed confirmation of group key, public key package and transcript hashes',
  },
];

/** What a waited-for participant still has to do, as the end of "Waiting for Alice to …". */
export function waitReasonText(reason: WaitReason): string {
  switch (reason) {
    case 'code':
      return 'press “Codes match”';
    case 'round1':
      return 'send their public commitment';
    case 'echo':
      return 'send their cross-check';
    case 'round2':
      return 'send their secret pieces';
    case 'confirm':
      return 'confirm the group key';
    case 'funding':
      return 'prove their backup opens and check the address';
  }
}

/** Step 1..4 for the key-generation phases; 0 before; 5 after success. */
export function stepOf(phase: AppPhase): number {
  switch (phase) {
    case 'round1':
      return 1;
    case 'echo':
      return 2;
    case 'round2':
      return 3;
    case 'confirm':
      return 4;
    case 'success':
      return 5;
    default:
      return 0;
  }
}

/** A short, plain description of the phase for the header and announcements. */
export function phaseText(phase: AppPhase): string {
  switch (phase) {
    case 'start':
      return 'Start';
    case 'rehearsal-setup':
      return 'Rehearsal setup';
    case 'recover':
      return 'Recover a key package';
    case 'connecting':
      return 'Connecting to the room';
    case 'lobby':
      return 'Lobby: choosing participants';
    case 'verify':
      return 'Compare the verification code';
    case 'round1':
      return 'Step 1 of 4: sharing public commitments';
    case 'echo':
      return 'Step 2 of 4: cross-checking the commitments';
    case 'round2':
      return 'Step 3 of 4: sending secret pieces';
    case 'confirm':
      return 'Step 4 of 4: confirming the group key';
    case 'success':
      return 'Key created and confirmed by everyone';
    case 'failed':
      return 'Stopped: no usable key was made';
    case 'aborted':
      return 'Stopped';
  }
}
