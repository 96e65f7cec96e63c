import type { ParticipantId } from '../../store/index';
import type { Namer } from './failureText';

/**
 * While the verification code is not complete: whose part it still waits for, in plain words,
 * e.g. "Waiting for Bob's part of the code…". Each person's device adds a random part after
 * the list of people is fixed, so the code appears only once every part has arrived.
 */
export function codeWaitingText(awaiting: readonly ParticipantId[], n: Namer): string {
  const names = awaiting.filter((id) => id !== n.meId).map((id) => n.names[id] ?? `participant ${id.slice(0, 8)}`);
  if (names.length === 0) return 'Preparing the verification code…';
  if (names.length === 1) return `Waiting for ${possessive(names[0]!)} part of the code…`;
  const list = `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
  return `Waiting for ${list} to send their parts of the code…`;
}

function possessive(name: string): string {
  return name.endsWith('s') ? `${name}’` : `${name}’s`;
}
