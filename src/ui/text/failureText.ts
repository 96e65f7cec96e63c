import type { FailureInfo, Finding, ParticipantId } from '../../store/index';

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

/**
 * Which message someone signed two versions of, read from the failure record's evidence (public,
 * the record offered as download): 'round1', 'echo', 'start', 'confirmation', 'confirm-echo', …;
 * null when there is no record or it holds no equivocation. Only chooses wording; never blame.
 */
export function equivocatedMessageOf(record: string | Uint8Array | null | undefined): string | null {
  if (record === null || record === undefined) return null;
  try {
    const text = typeof record === 'string' ? record : new TextDecoder().decode(record);
    const payload = JSON.parse((JSON.parse(text) as { payload: string }).payload) as {
      evidence?: { kind?: string; first?: string }[];
    };
    const ev = payload.evidence?.find((e) => e.kind === 'equivocation' && typeof e.first === 'string');
    if (!ev) return null;
    const type = (JSON.parse(ev.first as string) as { type?: unknown }).type;
    return typeof type === 'string' ? type : null;
  } catch {
    return null; // not a record we can read: the generic sentence is used
  }
}

/** What a person signed two versions of, in plain words ("" = unknown). */
const EQUIVOCATED: Record<string, (their: string) => string> = {
  round1: () => 'different public commitments',
  echo: (their) => `different summaries of the public commitments ${their === 'your' ? 'you' : 'they'} received`,
  start: (their) => `two different versions of ${their} “codes match” signature`,
  confirmation: (their) => `two different versions of ${their} final confirmation of the key`,
  'confirm-echo': (their) =>
    `two different versions of ${their} final cross-check (the list of confirmations ${their === 'your' ? 'you' : 'they'} received)`,
};

/** Context a finding alone does not carry. */
export interface FindingContext {
  /** For 'equivocation': the message type signed twice (see equivocatedMessageOf). */
  equivocated?: string | null;
}

/** One finding as a plain sentence, e.g. "Bob sent Carol a secret piece that does not match Bob’s public commitment." */
export function describeFinding(f: Finding, n: Namer, ctx: FindingContext = {}): string {
  const C = (id = f.culprit) => name(n, id, true);
  const c = (id = f.culprit) => name(n, id, false);
  const v = f.victim;
  switch (f.code) {
    case 'bad-share':
      return `${C()} sent ${v ? `${c(v)} ` : ''}a secret piece that does not match ${possessive(n, f.culprit, false)} public commitment.`;
    case 'bad-proof':
      return `${possessive(n, f.culprit, true)} public commitment came with an invalid proof, so it cannot be trusted.`;
    case 'equivocation': {
      const their = f.culprit !== null && f.culprit === n.meId ? 'your' : 'their';
      const what = EQUIVOCATED[ctx.equivocated ?? 'round1'];
      return what
        ? `${C()} sent ${what(their)} to different people.`
        : `${C()} sent two different versions of the same message to different people.`;
    }
    case 'roster-equivocation':
      return `${C()}, who created the ceremony, signed two different lists of participants for this attempt: some of you were shown someone else. Do not continue with ${c()} as coordinator.`;
    case 'echo-mismatch':
      return f.culprit
        ? `${C()} reported a different set of public commitments than everyone else.`
        : 'Not everyone received the same public commitments, and the sender responsible could not be identified.';
    case 'false-complaint':
      return `${C()} accused ${v ? c(v) : 'someone'} of sending a bad secret piece, but the revealed piece was correct.`;
    case 'confirmation-mismatch':
      return f.culprit
        ? `${possessive(n, f.culprit, true)} browser announced a different key than the one everyone computed. ${possessive(n, f.culprit, true)} own earlier messages show which key it should have been, so the fault is with ${c()}.`
        : 'Everyone computed the same key, but the browsers disagree about the record of the ceremony (the list of people and the messages that led to the key).';
    case 'invalid-message':
      return `${C()} sent a message that is malformed or not properly signed.`;
    case 'left':
      return `${C()} left the ceremony or lost ${f.culprit !== null && f.culprit === n.meId ? 'your' : 'their'} connection.`;
    case 'excluded':
      return `The coordinator started a new attempt without ${c()}.`;
    case 'local-error':
      return f.detail
        ? `This device could not finish a calculation: ${f.detail}`
        : 'This device could not finish a calculation.';
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

/** What the failure screen says besides the findings; see failureAdvice. */
export interface FailureAdvice {
  /** Special headline, or null for failureHeadline. */
  title: string | null;
  /** Whether any key from this attempt exists and may not be used. */
  reassurance: string;
  /** When nobody is blamed: what that means. */
  nobodyBlamed: string | null;
  /** The next step, for the coordinator (who can restart) or for everyone else. */
  nextStep: string;
  /** Label of the restart button; null when restarting in this room is the wrong advice. */
  restartLabel: string | null;
}

/** Failures found in the confirmation round: a key was computed but must not be used. */
const CONFIRM_STAGE = new Set(['confirmation', 'confirm-echo']);

/**
 * The failure screen's wording around the findings: a special headline, what happened to the
 * key, what "nobody can be blamed" means, and what to do next. `coordinatorName` is the
 * coordinator's display name (or null when unknown); `canRestart` whether I am the one who can.
 */
export function failureAdvice(
  f: Pick<FailureInfo, 'findings' | 'culprits' | 'round' | 'evidence'>,
  n: Namer,
  coordinatorName: string | null,
  canRestart: boolean,
): FailureAdvice {
  const codes = new Set(f.findings.map((x) => x.code));
  const equivocated = codes.has('equivocation') ? equivocatedMessageOf(f.evidence?.data) : null;
  const blamed = listNames(f.culprits, n);
  const coord = coordinatorName ?? 'The coordinator';
  const keyPending =
    f.round === 'confirm' ||
    codes.has('confirmation-mismatch') ||
    (equivocated !== null && CONFIRM_STAGE.has(equivocated));
  const reassurance = keyPending
    ? 'Do not use the key from this attempt: not everyone confirmed it, so it is thrown away. A new attempt makes a new key.'
    : 'No key was made in this attempt, so nothing is lost.';

  if (codes.has('roster-equivocation')) {
    const me = n.meId !== null && f.culprits.includes(n.meId);
    const who = f.culprits.length ? blamed : 'the coordinator';
    return {
      title: 'Stop: the coordinator showed people different lists of members',
      reassurance: 'Nothing from this attempt will be used: no key was confirmed.',
      nobodyBlamed: null,
      nextStep: me
        ? 'The others’ browsers hold two different member lists signed by this device. Do not use this room again; if you did not do this, check this device before you take part in a ceremony. Start over: create a new ceremony (a new room) and send the new invite link over a channel everyone trusts.'
        : `Do not use this room again, and do not continue with ${who} as coordinator. Leave, then start over: someone you trust creates a new ceremony (a new room) and sends the new invite link over a channel you trust, and everyone compares the new code aloud.`,
      restartLabel: null,
    };
  }
  if (f.culprits.length === 0 && codes.has('confirmation-mismatch')) {
    return {
      title: null,
      reassurance,
      nobodyBlamed:
        'Nobody can be blamed: the signed messages prove that the records differ, but not who caused it. Usually someone (a participant or the coordinator) sent slightly different copies of an earlier message to different people. The key itself was not the problem.',
      nextStep: canRestart
        ? 'Start a new attempt with the same people: everyone compares a new code, and fresh secrets are used. Compare the code aloud on a call you trust. If this happens again, leave and start over with a new room.'
        : `${coord} can start a new attempt with the same people; you will compare a new code aloud. Keep this tab open to take part, or leave. If this happens again, start over with a new room.`,
      restartLabel: 'Start again with the same people',
    };
  }
  if (f.culprits.length === 0) {
    return {
      title: null,
      reassurance,
      nobodyBlamed: null,
      nextStep: canRestart
        ? 'Restarting starts a new attempt with fresh secrets. Everyone compares a new code.'
        : `${coord} can start a new attempt. Keep this tab open to take part, or leave.`,
      restartLabel: 'Restart with the same people',
    };
  }
  return {
    title: null,
    reassurance,
    nobodyBlamed: null,
    nextStep: canRestart
      ? `Restarting starts a new attempt without ${blamed}. Everyone left compares a new code, and fresh secrets are used.`
      : `${coord} can restart without ${blamed}. Keep this tab open to take part, or leave.`,
    restartLabel: `Restart without ${blamed}`,
  };
}
