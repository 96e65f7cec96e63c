/**
 * Signer selection by reputation (the seed's authority selection): of the custodians who
 * approved the request, the signing set is the top t by reputation, jailed ones left out, ties
 * broken by the smaller identifier, so every participant computes the same set from the same
 * inputs. When a signer is blamed (an invalid share, with evidence) it is jailed and the
 * next-ranked approving custodian takes its place.
 *
 * Reputation is an integer per identifier (no floating point: identical on every machine and
 * in every encoding): each session first decays every score by 1/8 towards zero (older
 * behaviour counts less), then adds SUCCESS to each signer of a signature, subtracts BLAME from
 * each blamed signer and jails it for the next `jailSessions` sessions, and subtracts EXCLUDED
 * from each signer left out without proof (silent), without jail: silence is not proof.
 */
import { isValidIdentifier } from '../dkg/group.js';
import { SignError } from './errors.js';

/** Points for being in the signing set of a finished signature. */
export const SUCCESS_POINTS = 100;
/** Points lost for a proven invalid share. */
export const BLAME_POINTS = 400;
/** Points lost for being left out without proof (went silent; the coordinator restarted without them). */
export const EXCLUDED_POINTS = 100;
/** Decay per session: score −= trunc(score / DECAY_DIVISOR). */
export const DECAY_DIVISOR = 8;
/** Sessions a blamed signer is left out (default). */
export const DEFAULT_JAIL_SESSIONS = 2;

/** One custodian's standing. */
export interface ReputationEntry {
  identifier: number;
  score: number;
  /** Last session in which it is jailed (0: never jailed). */
  jailedThrough: number;
}

/** Reputation of a key's custodians before signing session `session` (sessions count from 1). */
export interface ReputationState {
  session: number;
  /** Sorted by identifier. */
  entries: ReputationEntry[];
}

/** Everyone at 0, session 1. */
export function initialReputation(identifiers: readonly number[]): ReputationState {
  const ids = [...new Set(identifiers)].sort((a, b) => a - b);
  if (ids.length === 0 || !ids.every(isValidIdentifier))
    throw new SignError('bad-selection-input', 'identifiers must be integers 1..65535');
  return { session: 1, entries: ids.map((identifier) => ({ identifier, score: 0, jailedThrough: 0 })) };
}

function assertState(rep: ReputationState): Map<number, ReputationEntry> {
  if (!rep || !Number.isSafeInteger(rep.session) || rep.session < 1 || !Array.isArray(rep.entries))
    throw new SignError('bad-selection-input', 'not a reputation state');
  const m = new Map<number, ReputationEntry>();
  for (const e of rep.entries) {
    if (
      !e ||
      !isValidIdentifier(e.identifier) ||
      m.has(e.identifier) ||
      !Number.isSafeInteger(e.score) ||
      !Number.isSafeInteger(e.jailedThrough)
    )
      throw new SignError('bad-selection-input', 'malformed reputation entry');
    m.set(e.identifier, e);
  }
  return m;
}

/** Identifiers jailed during `rep.session`. */
export function jailedNow(rep: ReputationState): Set<number> {
  const m = assertState(rep);
  return new Set([...m.values()].filter((e) => e.jailedThrough >= rep.session).map((e) => e.identifier));
}

/** `ids` by score (higher first), then identifier (smaller first). */
export function rankByReputation(ids: readonly number[], rep: ReputationState): number[] {
  const m = assertState(rep);
  return [...ids].sort((a, b) => m.get(b)!.score - m.get(a)!.score || a - b);
}

/** A selection: who signs, and who would replace them, in order. */
export interface Selection {
  signers: number[];
  /** Approving, not jailed, not selected: replacements, best first. */
  reserves: number[];
}

/**
 * The top `t` of `approving` by reputation, leaving out the jailed (`jailed`: jailedNow plus
 * anyone blamed earlier in this session). Approvals from non-members are refused; a repeated
 * approval counts once. `signers` is sorted by identifier (the order of the commitment list).
 * Throws SignError('not-enough-signers') when fewer than `t` are eligible.
 */
export function selectSigners(
  approving: readonly number[],
  rep: ReputationState,
  t: number,
  jailed: ReadonlySet<number> = jailedNow(rep),
): Selection {
  const m = assertState(rep);
  if (!Number.isInteger(t) || t < 1)
    throw new SignError('bad-selection-input', 'the threshold must be a positive integer');
  if (!Array.isArray(approving)) throw new SignError('bad-selection-input', 'approvals must be a list');
  for (const a of approving)
    if (!m.has(a))
      throw new SignError('bad-selection-input', `approval from ${String(a)}, who holds no share of this key`);
  const eligible = [...new Set(approving)].filter((a) => !jailed.has(a));
  const ranked = rankByReputation(eligible, rep);
  if (ranked.length < t)
    throw new SignError('not-enough-signers', `${ranked.length} eligible approving custodian(s), ${t} needed`);
  return { signers: ranked.slice(0, t).sort((a, b) => a - b), reserves: ranked.slice(t) };
}

/**
 * After `blamed` were proven faulty in this session (and `excluded` left out without proof, e.g.
 * silent): the selection without them, topped up from the reserves in rank order. Same as
 * selectSigners with both added to the jailed set.
 */
export function replaceSigners(
  approving: readonly number[],
  rep: ReputationState,
  t: number,
  blamed: readonly number[],
  excluded: readonly number[] = [],
): Selection {
  return selectSigners(approving, rep, t, new Set([...jailedNow(rep), ...blamed, ...excluded]));
}

/** What one session did to a custodian's standing (part of the signing record). */
export interface ReputationChange {
  identifier: number;
  before: number;
  after: number;
  /** Last session it is jailed (0: not jailed). */
  jailedThrough: number;
}

/** How session `rep.session` ended. */
export interface SessionOutcome {
  /** Signers of the finished signature (empty when none was made). */
  signers: readonly number[];
  /** Proven culprits (invalid shares). */
  blamed: readonly number[];
  /** Left out without proof (silent; the coordinator restarted without them): a small loss, no jail. */
  excluded?: readonly number[];
}

/**
 * Reputation after `rep.session`: decay, +SUCCESS for `signers`, −BLAME and jail for `blamed`,
 * −EXCLUDED for `excluded` (unless also blamed);
 * the next state is for session + 1. Returns the changes of every identifier whose score or jail
 * changed.
 */
export function updateReputation(
  rep: ReputationState,
  outcome: SessionOutcome,
  jailSessions = DEFAULT_JAIL_SESSIONS,
): { state: ReputationState; changes: ReputationChange[] } {
  const m = assertState(rep);
  if (!Number.isInteger(jailSessions) || jailSessions < 0)
    throw new SignError('bad-selection-input', 'jail length must be a non-negative integer');
  for (const id of [...outcome.signers, ...outcome.blamed, ...(outcome.excluded ?? [])])
    if (!m.has(id)) throw new SignError('bad-selection-input', `${String(id)} holds no share of this key`);
  const signers = new Set(outcome.signers);
  const blamed = new Set(outcome.blamed);
  const excluded = new Set(outcome.excluded ?? []);
  const entries: ReputationEntry[] = [];
  const changes: ReputationChange[] = [];
  for (const e of [...m.values()].sort((a, b) => a.identifier - b.identifier)) {
    let score = e.score - Math.trunc(e.score / DECAY_DIVISOR);
    let jailedThrough = e.jailedThrough;
    if (signers.has(e.identifier)) score += SUCCESS_POINTS;
    if (excluded.has(e.identifier) && !blamed.has(e.identifier)) score -= EXCLUDED_POINTS;
    if (blamed.has(e.identifier)) {
      score -= BLAME_POINTS;
      jailedThrough = Math.max(jailedThrough, rep.session + jailSessions);
    }
    entries.push({ identifier: e.identifier, score, jailedThrough });
    if (score !== e.score || jailedThrough !== e.jailedThrough)
      changes.push({ identifier: e.identifier, before: e.score, after: score, jailedThrough });
  }
  return { state: { session: rep.session + 1, entries }, changes };
}
