/**
 * The failure outcomes of the confirmation round and of a coordinator who signed two rosters,
 * as a custodian who never heard of FROST reads them: who is to blame (or that nobody can be,
 * and what that means), and the next step.
 */
import { describe, expect, it } from 'vitest';
import type { FailureInfo, Finding } from '../../store/index';
import { FIXTURES, P } from '../testing/fixtures';
import { describeFinding, equivocatedMessageOf, failureAdvice, type Namer } from './failureText';

const namer = (me: string): Namer => ({
  names: Object.fromEntries(Object.values(P).map((p) => [p.id, p.name])),
  meId: me,
});
const failureOf = (fixture: string): FailureInfo => FIXTURES[fixture]!().failure!;
const finding = (fixture: string): Finding => failureOf(fixture).findings[0]!;

describe('a confirmation for a different key (culprit named)', () => {
  const f = failureOf('failure-false-confirmation');
  it('says in plain words that Carol’s browser announced another key, and that the fault is hers', () => {
    expect(describeFinding(finding('failure-false-confirmation'), namer(P.alice.id))).toBe(
      'Carol’s browser announced a different key than the one everyone computed. Carol’s own earlier messages show which key it should have been, so the fault is with Carol.',
    );
  });
  it('next step: restart without Carol; the key of this attempt is not used', () => {
    const a = failureAdvice(f, namer(P.alice.id), 'You', true);
    expect(a.restartLabel).toBe('Restart without Carol');
    expect(a.nextStep).toBe(
      'Restarting starts a new attempt without Carol. Everyone left compares a new code, and fresh secrets are used.',
    );
    expect(a.reassurance).toMatch(/^Do not use the key from this attempt/);
    expect(a.nobodyBlamed).toBeNull();
    expect(failureAdvice(f, namer(P.bob.id), 'Alice', false).nextStep).toBe(
      'Alice can restart without Carol. Keep this tab open to take part, or leave.',
    );
  });
  it('speaks to Carol herself as "your browser"', () => {
    expect(describeFinding(finding('failure-false-confirmation'), namer(P.carol.id))).toMatch(
      /^Your browser announced a different key .* so the fault is with you\.$/,
    );
  });
});

describe('confirmations that differ only in the record (nobody blamed)', () => {
  const f = failureOf('failure-transcript-mismatch');
  it('says the browsers disagree about the record, not the key, and nobody can be blamed', () => {
    const text = describeFinding(finding('failure-transcript-mismatch'), namer(P.bob.id));
    expect(text).toBe(
      'Everyone computed the same key, but the browsers disagree about the record of the ceremony (the list of people and the messages that led to the key).',
    );
  });
  it('explains what "nobody can be blamed" means, and says to start again with the same people', () => {
    const guest = failureAdvice(f, namer(P.bob.id), 'Alice', false);
    expect(guest.nobodyBlamed).toMatch(
      /^Nobody can be blamed: the signed messages prove that the records differ, but not who caused it\./,
    );
    expect(guest.nextStep).toBe(
      'Alice can start a new attempt with the same people; you will compare a new code aloud. Keep this tab open to take part, or leave. If this happens again, start over with a new room.',
    );
    const coord = failureAdvice(f, namer(P.alice.id), 'You', true);
    expect(coord.restartLabel).toBe('Start again with the same people');
    expect(coord.nextStep).toMatch(
      /^Start a new attempt with the same people: everyone compares a new code.*If this happens again, leave and start over with a new room\.$/,
    );
    expect(coord.reassurance).toMatch(/^Do not use the key from this attempt/);
  });
});

describe('two versions of one confirmation or confirm-echo', () => {
  it('reads which message was signed twice from the failure record', () => {
    expect(equivocatedMessageOf(failureOf('failure-confirmation-equivocation').evidence!.data)).toBe('confirmation');
    expect(equivocatedMessageOf(failureOf('failure-confirm-echo-equivocation').evidence!.data)).toBe('confirm-echo');
    expect(
      equivocatedMessageOf(
        new TextEncoder().encode(failureOf('failure-confirm-echo-equivocation').evidence!.data as string),
      ),
    ).toBe('confirm-echo');
    // Not a record, no equivocation in it, or nothing at all: no guess.
    expect(equivocatedMessageOf('{"fixture":true}')).toBeNull();
    expect(equivocatedMessageOf('not json')).toBeNull();
    expect(equivocatedMessageOf(failureOf('failure-false-confirmation').evidence!.data)).toBeNull();
    expect(equivocatedMessageOf(null)).toBeNull();
  });
  it('names the person and the message in plain words', () => {
    const alice = namer(P.alice.id);
    const dave: Finding = { code: 'equivocation', culprit: P.dave.id };
    expect(describeFinding(dave, alice, { equivocated: 'confirmation' })).toBe(
      'Dave sent two different versions of their final confirmation of the key to different people.',
    );
    expect(describeFinding(dave, alice, { equivocated: 'confirm-echo' })).toBe(
      'Dave sent two different versions of their final cross-check (the list of confirmations they received) to different people.',
    );
    expect(describeFinding(dave, namer(P.dave.id), { equivocated: 'confirmation' })).toBe(
      'You sent two different versions of your final confirmation of the key to different people.',
    );
    // Round 1 (and no record) keeps the round-1 sentence; an unexpected type a generic one.
    expect(describeFinding(dave, alice, { equivocated: 'round1' })).toBe(
      'Dave sent different public commitments to different people.',
    );
    expect(describeFinding(dave, alice)).toBe('Dave sent different public commitments to different people.');
    expect(describeFinding(dave, alice, { equivocated: 'sign-share' })).toBe(
      'Dave sent two different versions of the same message to different people.',
    );
  });
  it('blames Dave, restarts without him, and the pending key is not used', () => {
    for (const fx of ['failure-confirmation-equivocation', 'failure-confirm-echo-equivocation']) {
      const a = failureAdvice(failureOf(fx), namer(P.alice.id), 'You', true);
      expect(a.restartLabel, fx).toBe('Restart without Dave');
      expect(a.reassurance, fx).toMatch(/^Do not use the key from this attempt/);
      expect(a.nobodyBlamed, fx).toBeNull();
    }
    // A round-1 equivocation: no key was made.
    expect(
      failureAdvice(
        { ...failureOf('failure-confirmation-equivocation'), evidence: null },
        namer(P.alice.id),
        'You',
        true,
      ).reassurance,
    ).toBe('No key was made in this attempt, so nothing is lost.');
  });
});

describe('a coordinator who signed two member lists', () => {
  const f = failureOf('failure-roster-equivocation');
  it('says the coordinator showed different lists; do not reuse the coordinator or room; start over with a new room; no restart', () => {
    const a = failureAdvice(f, namer(P.bob.id), 'Alice', false);
    expect(a.title).toBe('Stop: the coordinator showed people different lists of members');
    expect(a.restartLabel).toBeNull();
    expect(a.nextStep).toBe(
      'Do not use this room again, and do not continue with Alice as coordinator. Leave, then start over: someone you trust creates a new ceremony (a new room) and sends the new invite link over a channel you trust, and everyone compares the new code aloud.',
    );
    expect(describeFinding(finding('failure-roster-equivocation'), namer(P.bob.id))).toMatch(
      /^Alice, who created the ceremony, signed two different lists of participants/,
    );
  });
  it('even for the coordinator’s own screen, restarting in this room is not offered', () => {
    const a = failureAdvice(f, namer(P.alice.id), 'You', true);
    expect(a.restartLabel).toBeNull();
    expect(a.nextStep).toMatch(/Do not use this room again;.*create a new ceremony \(a new room\)/);
  });
});

describe('other failures keep their next step', () => {
  it('a failure nobody caused and nobody left: "start a new attempt", not "restart without the people who left"', () => {
    const f = {
      findings: [{ code: 'local-error' as const, culprit: null }],
      culprits: [],
      round: null,
      evidence: null,
    };
    expect(failureAdvice(f, namer(P.bob.id), 'Alice', false).nextStep).toBe(
      'Alice can start a new attempt. Keep this tab open to take part, or leave.',
    );
    expect(failureAdvice(f, namer(P.bob.id), null, false).nextStep).toBe(
      'The coordinator can start a new attempt. Keep this tab open to take part, or leave.',
    );
  });
});
