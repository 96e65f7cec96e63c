import { describe, expect, it } from 'vitest';
import {
  BLAME_POINTS,
  initialReputation,
  jailedNow,
  replaceSigners,
  selectSigners,
  SUCCESS_POINTS,
  updateReputation,
  type ReputationState,
} from './selection.js';

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return 'no error';
};

describe('selectSigners', () => {
  const rep: ReputationState = {
    session: 5,
    entries: [
      { identifier: 1, score: 50, jailedThrough: 0 },
      { identifier: 2, score: 300, jailedThrough: 0 },
      { identifier: 3, score: 300, jailedThrough: 0 },
      { identifier: 4, score: 900, jailedThrough: 5 }, // jailed this session
      { identifier: 5, score: 100, jailedThrough: 4 }, // free again
    ],
  };

  it('top t of the approving by score, ties by the smaller identifier, jailed left out; refusers never selected', () => {
    expect(selectSigners([1, 2, 3, 4, 5], rep, 2)).toEqual({ signers: [2, 3], reserves: [5, 1] });
    expect(selectSigners([1, 3, 5], rep, 2)).toEqual({ signers: [3, 5], reserves: [1] }); // 2 refused
    expect(selectSigners([5, 3, 1, 3], rep, 3).signers).toEqual([1, 3, 5]); // order and repeats of approvals do not matter
  });

  it('the replacement order when a signer is blamed: the next-ranked approving custodian', () => {
    expect(replaceSigners([1, 2, 3, 5], rep, 2, [2]).signers).toEqual([3, 5]);
    expect(replaceSigners([1, 2, 3, 5], rep, 2, [2, 5]).signers).toEqual([1, 3]);
    expect(code(() => replaceSigners([1, 2, 3, 5], rep, 2, [2, 3, 5]))).toBe('not-enough-signers');
  });

  it('every participant computes the same set whatever order the approvals arrive in', () => {
    const perms = [
      [1, 2, 3, 5],
      [5, 3, 2, 1],
      [3, 1, 5, 2],
    ];
    expect(new Set(perms.map((p) => JSON.stringify(selectSigners(p, rep, 2))))).toEqual(
      new Set([JSON.stringify(selectSigners(perms[0]!, rep, 2))]),
    );
  });

  it('refuses approvals from non-members, bad thresholds and malformed state', () => {
    expect(code(() => selectSigners([1, 9], rep, 2))).toBe('bad-selection-input');
    expect(code(() => selectSigners([1, 2], rep, 0))).toBe('bad-selection-input');
    expect(code(() => selectSigners([1, 2], { ...rep, entries: [...rep.entries, rep.entries[0]!] }, 2))).toBe(
      'bad-selection-input',
    );
    expect(
      code(() => selectSigners([1, 2], { session: 1, entries: [{ identifier: 1, score: 0.5, jailedThrough: 0 }] }, 1)),
    ).toBe('bad-selection-input');
  });
});

describe('updateReputation', () => {
  it('success raises, blame lowers and jails for k sessions, every score decays by 1/8 first', () => {
    const rep: ReputationState = {
      session: 3,
      entries: [
        { identifier: 1, score: 800, jailedThrough: 0 },
        { identifier: 2, score: -80, jailedThrough: 0 },
        { identifier: 3, score: 0, jailedThrough: 0 },
      ],
    };
    const { state, changes } = updateReputation(rep, { signers: [1, 3], blamed: [2] }, 2);
    expect(state).toEqual({
      session: 4,
      entries: [
        { identifier: 1, score: 700 + SUCCESS_POINTS, jailedThrough: 0 },
        { identifier: 2, score: -70 - BLAME_POINTS, jailedThrough: 5 },
        { identifier: 3, score: SUCCESS_POINTS, jailedThrough: 0 },
      ],
    });
    expect(changes).toEqual(
      [
        { identifier: 1, before: 800, after: 800, jailedThrough: 0 },
        { identifier: 2, before: -80, after: -470, jailedThrough: 5 },
        { identifier: 3, before: 0, after: 100, jailedThrough: 0 },
      ].filter((c) => c.before !== c.after || c.jailedThrough !== 0),
    );
    expect(jailedNow(state)).toEqual(new Set([2]));
    // Jailed for sessions 4 and 5, free in 6.
    const s5 = updateReputation(state, { signers: [1, 3], blamed: [] }).state;
    expect(jailedNow(s5)).toEqual(new Set([2]));
    const s6 = updateReputation(s5, { signers: [1, 3], blamed: [] }).state;
    expect(jailedNow(s6)).toEqual(new Set());
  });

  it('deterministic integers: the same history gives the same state', () => {
    let a = initialReputation([1, 2, 3]);
    let b = initialReputation([3, 2, 1, 2]);
    for (let i = 0; i < 20; i++) {
      const o = { signers: [1 + (i % 3), 1 + ((i + 1) % 3)].sort(), blamed: i % 7 === 0 ? [1 + ((i + 2) % 3)] : [] };
      a = updateReputation(a, o).state;
      b = updateReputation(b, o).state;
    }
    expect(a).toEqual(b);
    expect(a.entries.every((e) => Number.isSafeInteger(e.score))).toBe(true);
  });

  it('left out without proof (silent): −100, no jail; blamed and excluded at once counts as blamed only', () => {
    const { state } = updateReputation(initialReputation([1, 2, 3]), { signers: [1], blamed: [2], excluded: [2, 3] });
    expect(state.entries).toEqual([
      { identifier: 1, score: 100, jailedThrough: 0 },
      { identifier: 2, score: -400, jailedThrough: 3 },
      { identifier: 3, score: -100, jailedThrough: 0 },
    ]);
    expect(replaceSigners([1, 2, 3], initialReputation([1, 2, 3]), 2, [], [1]).signers).toEqual([2, 3]);
  });

  it('refuses outcomes naming non-members', () => {
    expect(code(() => updateReputation(initialReputation([1, 2]), { signers: [3], blamed: [] }))).toBe(
      'bad-selection-input',
    );
  });
});

describe('selectSigners (property, against a brute-force reference)', () => {
  it('the chosen set is the t approving, unjailed custodians that no left-out eligible custodian outranks', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: -2000, max: 2000 }), { minLength: 12, maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 12, maxLength: 12 }),
        fc.subarray([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
        fc.integer({ min: 1, max: 6 }),
        (ids, scores, jails, approving, t) => {
          const members = [...ids].sort((a, b) => a - b);
          const rep: ReputationState = {
            session: 3,
            entries: members.map((id) => ({ identifier: id, score: scores[id - 1]!, jailedThrough: jails[id - 1]! })),
          };
          const approvals = approving.filter((a) => members.includes(a));
          const eligible = approvals.filter((a) => rep.entries.find((e) => e.identifier === a)!.jailedThrough < 3);
          const score = (id: number) => rep.entries.find((e) => e.identifier === id)!.score;
          const outranks = (a: number, b: number) => score(a) > score(b) || (score(a) === score(b) && a < b);
          let sel;
          try {
            sel = selectSigners(approvals, rep, t);
          } catch (e) {
            expect((e as { code: string }).code).toBe('not-enough-signers');
            expect(eligible.length).toBeLessThan(t);
            return;
          }
          expect(sel.signers).toHaveLength(t);
          expect([...sel.signers].sort((a, b) => a - b)).toEqual(sel.signers);
          for (const s of sel.signers) expect(eligible).toContain(s);
          for (const left of eligible.filter((e) => !sel.signers.includes(e)))
            for (const s of sel.signers) expect(outranks(left, s)).toBe(false);
          expect([...sel.signers, ...sel.reserves].sort((a, b) => a - b)).toEqual([...eligible].sort((a, b) => a - b));
        },
      ),
      { numRuns: 300 },
    );
  });
});
