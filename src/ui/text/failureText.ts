import type { Finding, ParticipantId } from '../../store/types';

/** Names people in sentences: the display name, or "you" for the local custodian. */
export interface Namer {
  names: Record<ParticipantId, string>;
  meId: ParticipantId | null;
}

function name(n: Namer, id: ParticipantId | null | undefined, capital: boolean): string {
  if (id === null || id === undefined) return capital ? 'Someone' : 'someone';
  if (id === n.meId) return capital ? 'You' : 'you';
  return n.names[id] ?? `participant ${id.slice(0, 8)}`;
}

function possessive(n: Namer, id: ParticipantId | null | undefined, capital: boolean): string {
  if (id !== null && id !== undefined && id === n.meId) return capital ? 'Your' : 'your';
  const base = name(n, id, capital);
  return base.endsWith('s') ? `${base}’` : `${base}’s`;
}

/** One finding as a plain sentence, e.g. "Bob sent Carol a secret piece that does not match Bob’s public commitment." */
export function describeFinding(f: Finding, n: Namer): string {
  const C = (id = f.culprit) => name(n, id, true);
  const c = (id = f.culprit) => name(n, id, false);
  const v = f.victim;
  switch (f.code) {
    case 'bad-share':
      return `${C()} sent ${v ? `${c(v)} ` : ''}a secret piece that does not match ${possessive(n, f.culprit, false)} public commitment.`;
    case 'bad-proof':
      return `${possessive(n, f.culprit, true)} public commitment came with an invalid proof, so it cannot be trusted.`;
    case 'equivocation':
      return `${C()} sent different public commitments to different people.`;
    case 'roster-equivocation':
      return `${C()}, who created the ceremony, signed two different lists of participants for this attempt: some of you were shown someone else. Do not continue with ${c()} as coordinator.`;
    case 'echo-mismatch':
      return f.culprit
        ? `${C()} reported a different set of public commitments than everyone else.`
        : 'Not everyone received the same public commitments, and the sender responsible could not be identified.';
    case 'false-complaint':
      return `${C()} accused ${v ? c(v) : 'someone'} of sending a bad secret piece, but the revealed piece was correct.`;
    case 'missing-justification':
      return `${v ? C(v) : 'Someone'} complained about ${possessive(n, f.culprit, false)} secret piece, and ${c()} never answered the complaint.`;
    case 'confirmation-mismatch':
      return `${C()} ended up with a different group key than everyone else.`;
    case 'invalid-message':
      return `${C()} sent a message that is malformed or not properly signed.`;
    case 'left':
      return `${C()} left the ceremony or lost ${f.culprit !== null && f.culprit === n.meId ? 'your' : 'their'} connection.`;
    case 'excluded':
      return `The coordinator started a new attempt without ${c()}.`;
    case 'local-error':
      return f.detail ? `This device could not finish a calculation: ${f.detail}` : 'This device could not finish a calculation.';
    case 'code-mismatch':
      return `${v ? C(v) : 'Someone'} saw a different verification code. Someone may be intercepting your connection, or the server is not showing everyone the same list of participants.`;
    case 'other':
      return f.detail ? `Something unexpected went wrong: ${f.detail}` : 'Something unexpected went wrong.';
  }
}

/** "Bob", "Bob and Dave", "Bob, Dave and Erin"; "nobody" for an empty list. */
export function listNames(ids: readonly ParticipantId[], n: Namer): string {
  const names = ids.map((id) => name(n, id, false));
  if (names.length === 0) return 'nobody';
  if (names.length === 1) return names[0]!;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The failure headline: who is at fault, or why nobody is. */
export function failureHeadline(culprits: readonly ParticipantId[], n: Namer): string {
  if (culprits.length === 0) return 'The ceremony stopped. Nobody in the room could be blamed.';
  if (n.meId !== null && culprits.includes(n.meId) && culprits.length === 1)
    return 'The ceremony stopped, and the others’ checks point at your device.';
  return `The ceremony stopped because of ${listNames(culprits, n)}.`;
}
