/**
 * For the lobby: which people's names read like whose (same name, other case, look-alike
 * letters; protocol/names.ts). Plain data for the UI; the lock refuses such a roster anyway.
 */
import { nameClashes } from '../protocol/index';
import type { Candidate, ParticipantId } from './types';

export interface NameClashInfo {
  name: string;
  fingerprint: string;
  kind: 'duplicate' | 'look-alike';
}

/** For each candidate id, the other candidates whose names clash with theirs. */
export function candidateNameClashes(candidates: readonly Candidate[]): Record<ParticipantId, NameClashInfo[]> {
  const out: Record<ParticipantId, NameClashInfo[]> = {};
  const byId = new Map(candidates.map((c) => [c.id, c]));
  for (const k of nameClashes(candidates.map((c) => ({ identity: c.id, name: c.name })))) {
    const a = byId.get(k.a);
    const b = byId.get(k.b);
    if (!a || !b) continue;
    (out[a.id] ??= []).push({ name: b.name, fingerprint: b.fingerprint, kind: k.kind });
    (out[b.id] ??= []).push({ name: a.name, fingerprint: a.fingerprint, kind: k.kind });
  }
  return out;
}
