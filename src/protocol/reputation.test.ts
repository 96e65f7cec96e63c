import { describe, expect, it } from 'vitest';
import { jailedUntil, rankCandidates, reputationScores, type GenerationRecord } from './reputation.js';

const rec = (
  generation: number,
  roster: string[],
  outcome: GenerationRecord['outcome'],
  blamed: string[] = [],
  excluded: string[] = [],
): GenerationRecord => ({
  generation,
  sessionId: null,
  roster,
  outcome,
  blamed,
  excluded,
  reason: blamed.length ? 'bad-share' : null,
  failureRecord: null,
});

describe('reputation', () => {
  const history = [
    rec(0, ['a', 'b', 'c'], 'failed', ['c']),
    rec(1, ['a', 'b', 'd'], 'failed', [], ['d']),
    rec(2, ['a', 'b'], 'success'),
  ];

  it('success raises, blame lowers a lot, exclusion a little, older counts less', () => {
    const s = reputationScores(history, 3);
    expect(s.get('a')).toBeGreaterThan(0);
    expect(s.get('c')).toBeLessThan(s.get('d') as number);
    expect(s.get('d')).toBeLessThan(0);
    const later = reputationScores(history, 10);
    expect(Math.abs(later.get('c') as number)).toBeLessThan(Math.abs(s.get('c') as number));
  });

  it('a culprit is jailed for k generations after the blame', () => {
    expect(jailedUntil(history, 'c', 1)).toBe(2);
    expect(jailedUntil(history, 'c', 2)).toBe(2);
    expect(jailedUntil(history, 'c', 3)).toBeNull();
    expect(jailedUntil(history, 'c', 3, { jailGenerations: 3 })).toBe(3);
    expect(jailedUntil(history, 'd', 2)).toBeNull(); // excluded without proof: not jailed
  });

  it('ranks selectable candidates first, by score', () => {
    expect(rankCandidates(['c', 'd', 'e', 'a'], history, 2).map((r) => [r.identity, r.jailed])).toEqual([
      ['a', false],
      ['e', false],
      ['d', false],
      ['c', true],
    ]);
  });
});
