/**
 * The secret-free projection of a participant's state for the UI / store / CLI: phase,
 * people, progress per round (whom I hold and whom I wait for), errors with culprits,
 * failure, group key (pending until every confirmation agrees), history and reputation.
 */
import type { Culprit, ProtocolErrorData } from '../errors.js';
import { fingerprint } from '../identity.js';
import { parsePayload, type FailureReason } from '../messages.js';
import { rankCandidates, type GenerationRecord, type RankedCandidate } from '../reputation.js';
import type { SessionParams } from '../session.js';
import { culpritsOf } from './context.js';
import { ids } from './stored.js';
import type { ParticipantState, PeerHeld, Phase, SessionState, TestSignApproval } from './types.js';
import { isSigningSession } from './signing/state.js';
import { signingWaitingFor } from './signing/view.js';
import { fundingViewOf, type FundingView } from './fundingAck.js';

export interface PersonView {
  /** FROST identifier, when in the roster. */
  id: number | null;
  identity: string;
  fingerprint: string;
  name: string;
  isMe: boolean;
  isCoordinator: boolean;
  /** Their frost-client contact string from their signed Hello (canonical `zffrost1…`), or null. */
  frostClientContact?: string | null;
}

export interface RoundProgress {
  /** Ids whose message for this round I hold. */
  have: number[];
  /** Ids I am still waiting for. */
  waitingFor: number[];
}

export interface ComplaintView {
  accuser: number;
  accused: number;
}

export interface CeremonyView {
  phase: Phase;
  generation: number;
  room: { id: string; coordinator: string; coordinatorFingerprint: string };
  me: PersonView;
  isCoordinator: boolean;
  /** Lobby of the current generation, ranked (jailed last). */
  candidates: (PersonView & RankedCandidate)[];
  params: SessionParams | null;
  roster: PersonView[];
  sessionId: string | null;
  /**
   * The code to read aloud: null until every roster member's Reveal (its part of the code) is
   * in; `codeWaitingFor` says whose is still missing.
   */
  verificationCode: string | null;
  /** Roster members whose part of the code (Reveal) I do not hold yet; empty once the code is known. */
  codeWaitingFor: PersonView[];
  codeConfirmed: boolean;
  progress: {
    reveal: RoundProgress;
    start: RoundProgress;
    round1: RoundProgress;
    echo: RoundProgress;
    round2: RoundProgress;
    confirm: RoundProgress;
  } | null;
  /** Who the current phase waits for (empty when nothing is expected from others). */
  waitingFor: PersonView[];
  complaints: ComplaintView[];
  /** Echo broadcast status: ids whose digest of the round-1 set differs from mine. */
  echo: { agreed: boolean; disagreeing: number[] };
  /** True once the success certificate can be produced (certificateOf). */
  certificateAvailable: boolean;
  errors: ProtocolErrorData[];
  /** Why the session failed; `record` is the signed failure record (public evidence, verifyFailureRecord). */
  failure: {
    reason: FailureReason;
    culprits: Culprit[];
    message: string;
    record: string;
    /** 'roster-equivocation': the coordinator (the culprit) signed two different rosters for this generation. */
    kind?: 'roster-equivocation';
  } | null;
  abortReason: ProtocolErrorData | null;
  groupKey: { status: 'none' | 'pending' | 'confirmed'; hex: string | null };
  history: GenerationRecord[];
  /**
   * What each other roster member last said it holds (status gossip), keyed by identity:
   * sender ids per round. Members not heard from are absent. Informational only.
   */
  peerProgress: Record<string, PeerHeld>;
  /** The latest test signing after success (idle when none was asked for). */
  testSign: {
    status: 'idle' | 'collecting' | 'ok' | 'failed';
    requestId: string | null;
    /** Who asked (id; null when idle). */
    requester: number | null;
    /** The text shown for approval; what is signed is testSignMessage(session id, text). */
    text: string;
    /** Chosen signers (ids). */
    signers: number[];
    /** My part: 'pending' = waiting for my approval; 'none' = not asked to sign. */
    approval: TestSignApproval;
    signatureHex: string | null;
    error: string | null;
    /** Signers whose share did not verify, or who both declined and answered. */
    culprits: number[];
    /** The chosen signer whose signed decline ended this request (null otherwise). */
    declinedBy: number | null;
    /** Signers whose commitment / share I hold. */
    committed: number[];
    signed: number[];
    /** I left or finished: no request is answered any more. */
    closed: boolean;
  };
  /** "Safe to fund" after success: who checked the address and proved their backup (null before success). */
  funding: FundingView | null;
}

export function phaseOf(st: ParticipantState): Phase {
  if (st.aborted) return 'aborted';
  const s = st.session;
  if (!s) return 'lobby';
  if (s.outcome) return s.outcome;
  if (s.code === null) return 'reveal';
  const n = s.roster.length;
  const count = (r: Record<string, unknown>): number => Object.keys(r).length;
  if (count(s.starts) < n) return 'verify';
  if (count(s.round1) < n || !s.echoes[String(s.myId)]) return 'round1';
  if (!echoAgreed(s)) return 'echo';
  if (!s.result) return 'round2';
  return 'confirm';
}

function echoAgreed(s: SessionState): boolean {
  return Object.keys(s.echoes).length >= s.roster.length && echoDisagreeing(s).length === 0;
}

function echoDisagreeing(s: SessionState): number[] {
  const mineText = s.echoes[String(s.myId)];
  if (!mineText) return [];
  const hashesOf = (t: string): string => {
    const p = parsePayload('echo', (JSON.parse(t) as { payload: string }).payload);
    return p.ok ? p.value.round1.join() : '';
  };
  const mine = hashesOf(mineText);
  return Object.entries(s.echoes)
    .filter(([, t]) => hashesOf(t) !== mine)
    .map(([id]) => Number(id))
    .sort((a, b) => a - b);
}

function progressOf(s: SessionState, store: Record<string, unknown>, exclude?: number): RoundProgress {
  const members = ids(s).filter((i) => i !== exclude);
  return {
    have: members.filter((i) => store[String(i)] !== undefined),
    waitingFor: members.filter((i) => store[String(i)] === undefined),
  };
}

export function view(st: ParticipantState): CeremonyView {
  const s = st.session;
  const person = (identity: string, name: string, id: number | null): PersonView => ({
    id,
    identity,
    fingerprint: fingerprint(identity),
    name,
    isMe: identity === st.identity.publicKey,
    isCoordinator: identity === st.room.coordinator,
    frostClientContact:
      identity === st.identity.publicKey ? (st.frostClientContact ?? null) : (st.candidates[identity]?.contact ?? null),
  });
  const phase = phaseOf(st);
  const roster = s ? s.roster.map((r, i) => person(r.identity, r.name, i + 1)) : [];
  const progress = s
    ? {
        reveal: progressOf(s, s.reveals),
        start: progressOf(s, s.starts),
        round1: progressOf(s, s.round1),
        echo: progressOf(s, s.echoes),
        // Round 2 is local (decrypting the shares inside the msg1s): done or not, nobody to wait for.
        round2: { have: s.result ? ids(s) : [], waitingFor: [] },
        confirm: progressOf(s, s.confirmations),
      }
    : null;
  const complaints: ComplaintView[] = s
    ? Object.keys(s.complaints).map((k) => {
        const [accuser, accused] = k.split('>').map(Number) as [number, number];
        return { accuser, accused };
      })
    : [];
  let waitingIds: number[] = [];
  if (progress && s) {
    const key = (
      {
        reveal: 'reveal',
        verify: 'start',
        round1: 'round1',
        echo: 'echo',
        round2: 'round2',
        confirm: 'confirm',
      } as const
    )[phase as 'verify'];
    if (key) waitingIds = progress[key].waitingFor.filter((i) => i !== s.myId || key === 'start' || key === 'reveal');
    // All echoes in but some disagree and no conflicting package has shown up: the evidence is
    // expected from (or withheld by) those who hold another set.
    if (phase === 'echo' && waitingIds.length === 0) waitingIds = echoDisagreeing(s);
    // All confirmations in: waiting for the confirm-echoes still missing (success needs all n).
    if (phase === 'confirm' && waitingIds.length === 0)
      waitingIds = ids(s).filter((i) => i !== s.myId && s.confirmEchoes?.[String(i)] === undefined);
    // A signing room (issue 17): after the Starts, its own steps are what is waited for.
    if (isSigningSession(s) && phase !== 'reveal' && phase !== 'verify') waitingIds = signingWaitingFor(st);
  }
  const candidates = rankCandidates(Object.keys(st.candidates), st.history, st.generation, {
    jailGenerations: st.jailGenerations,
  }).map((r) => ({
    ...person(
      r.identity,
      st.candidates[r.identity]?.name ?? '',
      s ? s.roster.findIndex((x) => x.identity === r.identity) + 1 || null : null,
    ),
    ...r,
  }));
  const myName = st.name;
  const myId = s ? s.myId : null;
  return {
    phase,
    generation: st.generation,
    room: {
      id: st.room.id,
      coordinator: st.room.coordinator,
      coordinatorFingerprint: fingerprint(st.room.coordinator),
    },
    me: person(st.identity.publicKey, myName, myId),
    isCoordinator: st.isCoordinator,
    candidates,
    params: s ? { ...s.params } : null,
    roster,
    sessionId: s ? s.id : null,
    verificationCode: s ? s.code : null,
    codeWaitingFor:
      s && s.code === null ? progressOf(s, s.reveals).waitingFor.map((i) => roster[i - 1] as PersonView) : [],
    codeConfirmed: s ? s.codeConfirmed : false,
    progress,
    waitingFor: s ? waitingIds.map((i) => roster[i - 1] as PersonView) : [],
    complaints,
    echo: s ? { agreed: echoAgreed(s), disagreeing: echoDisagreeing(s) } : { agreed: false, disagreeing: [] },
    certificateAvailable: s?.outcome === 'success',
    errors: [...st.errors],
    failure:
      s && s.failure
        ? {
            reason: s.failure.reason,
            culprits: culpritsOf(s, s.failure.culprits),
            message:
              s.conflicts.roster && s.failure.reason === 'equivocation'
                ? rosterEquivocationMessage(culpritsOf(s, s.failure.culprits))
                : failureMessage(s.failure.reason, culpritsOf(s, s.failure.culprits)),
            record: s.failure.record,
            ...(s.conflicts.roster && s.failure.reason === 'equivocation'
              ? { kind: 'roster-equivocation' as const }
              : {}),
          }
        : null,
    abortReason: st.aborted,
    groupKey: !s?.result
      ? { status: 'none', hex: null }
      : { status: s.outcome === 'success' ? 'confirmed' : 'pending', hex: s.result.verifyingKey },
    history: st.history.map((h) => ({ ...h })),
    peerProgress: s ? peerProgressOf(s) : {},
    testSign: s?.testSign
      ? {
          status: s.testSign.status,
          requestId: s.testSign.requestId,
          requester: s.testSign.requester,
          text: s.testSign.text,
          signers: [...s.testSign.signers],
          approval: s.testSign.approval,
          signatureHex: s.testSign.signatureHex,
          error: s.testSign.error,
          culprits: [...s.testSign.culprits],
          declinedBy: s.testSign.declinedBy ?? null,
          committed: Object.keys(s.testSign.commits)
            .map(Number)
            .sort((a, b) => a - b),
          signed: Object.keys(s.testSign.shares)
            .map(Number)
            .sort((a, b) => a - b),
          closed: s.testSignClosed === true,
        }
      : {
          status: 'idle',
          requestId: null,
          requester: null,
          text: '',
          signers: [],
          approval: 'none',
          signatureHex: null,
          error: null,
          culprits: [],
          declinedBy: null,
          committed: [],
          signed: [],
          closed: s?.testSignClosed === true,
        },
    funding: s ? fundingViewOf(s) : null,
  };
}

function peerProgressOf(s: SessionState): Record<string, PeerHeld> {
  const out: Record<string, PeerHeld> = {};
  for (const [id, p] of Object.entries(s.peerStatus ?? {})) {
    const identity = s.roster[Number(id) - 1]?.identity;
    if (identity)
      out[identity] = {
        start: [...p.start],
        round1: [...p.round1],
        echo: [...p.echo],
        round2: [...p.round2],
        confirm: [...p.confirm],
      };
  }
  return out;
}

/** The coordinator signed two rosters for one generation (a split room). */
export function rosterEquivocationMessage(culprits: Culprit[]): string {
  const who = culprits[0]?.name ?? 'the coordinator';
  return `The coordinator ${who} signed two different lists of participants for this attempt: some of you were shown another roster. The ceremony stops; the two signed rosters are the evidence.`;
}

/** Plain-language explanation of a failure. */
export function failureMessage(reason: FailureReason, culprits: Culprit[]): string {
  const names = culprits
    .map((c) => (c.id ? `${c.name ?? '?'} (#${c.id})` : (c.name ?? c.identity.slice(0, 8))))
    .join(', ');
  switch (reason) {
    case 'equivocation':
      return `${names} sent different round-1 messages to different participants.`;
    case 'invalid-round1':
      return `${names} sent an invalid round-1 package (its proof of knowledge or commitment does not check).`;
    case 'bad-share':
      return `${names} sent a secret share that does not match their public commitment.`;
    case 'false-complaint':
      return `${names} complained about a share that turned out to be correct.`;
    case 'code-mismatch':
      return 'A participant saw a different verification code: the roster may have been tampered with.';
    case 'excluded-by-coordinator':
      return names ? `The coordinator restarted without ${names}.` : 'The coordinator restarted the ceremony.';
    case 'confirmation-mismatch':
      return 'Participants confirmed different group keys or transcripts.';
    case 'dkg-failed':
      return 'The key computation failed locally.';
  }
}
