/**
 * Reputation across the generations of one room: success raises everyone in the roster,
 * proven blame lowers the culprit a lot, exclusion without proof (e.g. went silent) a little;
 * older generations count less (geometric decay). A proven culprit is jailed — not selectable —
 * for the next `jailGenerations` generations.
 */
import type { FailureReason } from './messages.js';

/** What one generation of a room came to. */
export interface GenerationRecord {
  generation: number;
  sessionId: string | null;
  /** Identity keys in roster order. */
  roster: string[];
  outcome: 'success' | 'failed' | 'aborted';
  /** Proven culprits (evidence verified). */
  blamed: string[];
  /** Left out by the coordinator without proof (e.g. unresponsive). */
  excluded: string[];
  reason: FailureReason | null;
  /** Content hash of the failure record, when there is one. */
  failureRecord: string | null;
}

export interface ReputationOptions {
  /** Generations a proven culprit stays jailed (default 2). */
  jailGenerations?: number;
  /** Weight multiplier per generation of age (default 0.7). */
  decay?: number;
}

export const DEFAULT_JAIL_GENERATIONS = 2;

const SUCCESS = 1;
const BLAME = -4;
const EXCLUDED = -1;

/** Score per identity as seen from `currentGeneration`. Unknown identities score 0. */
export function reputationScores(
  history: readonly GenerationRecord[],
  currentGeneration: number,
  opts: ReputationOptions = {},
): Map<string, number> {
  const decay = opts.decay ?? 0.7;
  const scores = new Map<string, number>();
  const add = (id: string, v: number): void => void scores.set(id, (scores.get(id) ?? 0) + v);
  for (const g of history) {
    const w = Math.pow(decay, Math.max(0, currentGeneration - g.generation - 1));
    if (g.outcome === 'success') for (const id of g.roster) add(id, SUCCESS * w);
    for (const id of g.blamed) add(id, BLAME * w);
    for (const id of g.excluded) if (!g.blamed.includes(id)) add(id, EXCLUDED * w);
  }
  return scores;
}

/** Last generation in which `identity` is still jailed, or null when it is free at `generation`. */
export function jailedUntil(
  history: readonly GenerationRecord[],
  identity: string,
  generation: number,
  opts: ReputationOptions = {},
): number | null {
  const k = opts.jailGenerations ?? DEFAULT_JAIL_GENERATIONS;
  let until: number | null = null;
  for (const g of history) {
    if (!g.blamed.includes(identity)) continue;
    const last = g.generation + k;
    if (last >= generation && (until === null || last > until)) until = last;
  }
  return until;
}

export interface RankedCandidate {
  identity: string;
  score: number;
  jailed: boolean;
  /** Last jailed generation, when jailed. */
  jailedUntil: number | null;
}

/** Candidates for roster selection: selectable first, by score (desc), ties in input order. */
export function rankCandidates(
  candidates: readonly string[],
  history: readonly GenerationRecord[],
  generation: number,
  opts: ReputationOptions = {},
): RankedCandidate[] {
  const scores = reputationScores(history, generation, opts);
  const ranked = candidates.map((identity, i) => {
    const until = jailedUntil(history, identity, generation, opts);
    return { identity, score: scores.get(identity) ?? 0, jailed: until !== null, jailedUntil: until, i };
  });
  ranked.sort((a, b) => Number(a.jailed) - Number(b.jailed) || b.score - a.score || a.i - b.i);
  return ranked.map(({ i: _i, ...r }) => r);
}
