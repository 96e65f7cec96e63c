import { describe, expect, it } from 'vitest';
import { initialUiState, type Finding, type RosterMember } from '../../store/index';
import { announcementFor } from './announce';
import { backupFormProblem, parseRecipients } from './backup';
import { formatWaited } from './duration';
import { describeFinding, failureHeadline, listNames, type Namer } from './failureText';
import { buildMatrix, linkOf, roundCountText } from './matrix';
import { thresholdProblem, thresholdSentence } from './params';
import { reputationText } from './reputation';
import { phaseText, stepOf, waitReasonText } from './rounds';
import { SUITES, suiteLabel } from './suites';

const namer: Namer = { names: { b: 'Bob', c: 'Carol', d: 'Dave', j: 'James' }, meId: 'me' };
const say = (f: Finding) => describeFinding(f, namer);

describe('formatWaited', () => {
  it('reads like a calm clock', () => {
    expect(formatWaited(0)).toBe('0 s');
    expect(formatWaited(12_400)).toBe('12 s');
    expect(formatWaited(59_999)).toBe('59 s');
    expect(formatWaited(60_000)).toBe('1 min 00 s');
    expect(formatWaited(185_000)).toBe('3 min 05 s');
    expect(formatWaited(3_725_000)).toBe('1 h 02 min');
    expect(formatWaited(-5_000)).toBe('0 s'); // clock skew
  });
});

describe('failure text', () => {
  it('Example: a bad share names sender and recipient', () => {
    expect(say({ code: 'bad-share', culprit: 'b', victim: 'c' })).toBe(
      'Bob sent Carol a secret piece that does not match Bob’s public commitment.',
    );
  });

  it('a bad share without a known recipient', () => {
    expect(say({ code: 'bad-share', culprit: 'b' })).toBe(
      'Bob sent a secret piece that does not match Bob’s public commitment.',
    );
  });

  it('speaks to the local custodian as "you"', () => {
    expect(say({ code: 'bad-share', culprit: 'b', victim: 'me' })).toBe(
      'Bob sent you a secret piece that does not match Bob’s public commitment.',
    );
    expect(say({ code: 'bad-proof', culprit: 'me' })).toBe(
      'Your public commitment came with an invalid proof, so it cannot be trusted.',
    );
    expect(say({ code: 'left', culprit: 'me' })).toBe('You left the ceremony or lost your connection.');
  });

  it('possessive of names ending in s', () => {
    expect(say({ code: 'bad-share', culprit: 'j', victim: 'b' })).toBe(
      'James sent Bob a secret piece that does not match James’ public commitment.',
    );
  });

  it('covers every finding code with its own sentence', () => {
    expect(say({ code: 'equivocation', culprit: 'b' })).toBe(
      'Bob sent different public commitments to different people.',
    );
    expect(say({ code: 'echo-mismatch', culprit: 'd' })).toBe(
      'Dave reported a different set of public commitments than everyone else.',
    );
    expect(say({ code: 'echo-mismatch', culprit: null })).toMatch(/could not be identified/);
    expect(say({ code: 'false-complaint', culprit: 'c', victim: 'b' })).toBe(
      'Carol accused Bob of sending a bad secret piece, but the revealed piece was correct.',
    );
    expect(say({ code: 'confirmation-mismatch', culprit: 'd' })).toMatch(
      /^Dave’s browser announced a different key than the one everyone computed\./,
    );
    expect(say({ code: 'invalid-message', culprit: 'b' })).toBe(
      'Bob sent a message that is malformed or not properly signed.',
    );
    expect(say({ code: 'left', culprit: 'd' })).toBe('Dave left the ceremony or lost their connection.');
    expect(say({ code: 'code-mismatch', culprit: null, victim: 'c' })).toMatch(
      /^Carol saw a different verification code\./,
    );
    expect(say({ code: 'excluded', culprit: 'me' })).toBe('The coordinator started a new attempt without you.');
    expect(say({ code: 'local-error', culprit: null })).toBe('This device could not finish a calculation.');
    expect(say({ code: 'other', culprit: null, detail: 'disk full' })).toBe(
      'Something unexpected went wrong: disk full',
    );
  });

  it('unknown ids fall back to a short id instead of crashing', () => {
    expect(say({ code: 'left', culprit: 'deadbeefcafe' })).toBe(
      'participant deadbeef left the ceremony or lost their connection.',
    );
  });

  it('lists and headlines', () => {
    expect(listNames([], namer)).toBe('nobody');
    expect(listNames(['b'], namer)).toBe('Bob');
    expect(listNames(['b', 'd'], namer)).toBe('Bob and Dave');
    expect(listNames(['b', 'c', 'd'], namer)).toBe('Bob, Carol and Dave');
    expect(failureHeadline(['b', 'd'], namer)).toBe('The ceremony stopped because of Bob and Dave.');
    expect(failureHeadline([], namer)).toBe('The ceremony stopped. Nobody in the room could be blamed.');
    expect(failureHeadline(['me'], namer)).toMatch(/your device/);
  });
});

describe('rounds and phases', () => {
  it('steps 1..4 follow the rounds', () => {
    expect([
      stepOf('verify'),
      stepOf('round1'),
      stepOf('echo'),
      stepOf('round2'),
      stepOf('confirm'),
      stepOf('success'),
    ]).toEqual([0, 1, 2, 3, 4, 5]);
    expect(phaseText('round2')).toBe('Step 3 of 4: sending secret pieces');
    // The header says what a stop means for the key; the failure screen says why and what next.
    expect(phaseText('failed')).toBe('Stopped: no usable key was made');
    expect(waitReasonText('round2')).toBe('send their secret pieces');
    expect(waitReasonText('code')).toBe('press “Codes match”');
  });
});

describe('matrix', () => {
  const roster: RosterMember[] = ['a', 'b', 'c'].map((id, i) => ({ id, index: i + 1, name: id, fingerprint: '' }));
  it('marks received, missing, unknown and self cells, and counts', () => {
    const m = buildMatrix(
      roster,
      {
        rounds: {
          round1: { received: { a: ['b'], b: ['a', 'c'] } },
          echo: { received: {} },
          round2: { received: {} },
          confirm: { received: {} },
        },
        links: {},
      },
      'round1',
    );
    expect(m.rows.map((r) => r.cells.map((c) => c.state))).toEqual([
      ['self', 'received', 'missing'],
      ['received', 'self', 'received'],
      ['unknown', 'unknown', 'self'],
    ]);
    expect([m.received, m.expected]).toEqual([3, 6]);
  });
  it('a round you are past says "done" only when every cell is received', () => {
    const partial = buildMatrix(
      roster,
      {
        rounds: {
          round1: { received: { a: ['b'], b: ['a', 'c'] } },
          echo: { received: {} },
          round2: { received: {} },
          confirm: { received: {} },
        },
        links: {},
      },
      'round1',
    );
    expect(roundCountText(partial, 'done')).toBe('3 of 6 received; done for you, 3 not reported yet');
    expect(roundCountText(partial, 'current')).toBe('3 of 6 received, in progress');
    expect(roundCountText(partial, 'todo')).toBe('3 of 6 received');
    const all = { a: ['b', 'c'], b: ['a', 'c'], c: ['a', 'b'] };
    const full = buildMatrix(
      roster,
      {
        rounds: {
          round1: { received: all },
          echo: { received: {} },
          round2: { received: {} },
          confirm: { received: {} },
        },
        links: {},
      },
      'round1',
    );
    expect(roundCountText(full, 'done')).toBe('6 of 6 received, done');
  });
  it('a round not started yet is not "unknown"', () => {
    const m = buildMatrix(roster, null, 'confirm', false);
    expect(m.rows[0]!.cells.map((c) => c.state)).toEqual(['self', 'not-started', 'not-started']);
  });
  it('link lookup ignores pair order', () => {
    const p = {
      rounds: { round1: { received: {} }, echo: { received: {} }, round2: { received: {} }, confirm: { received: {} } },
      links: { 'a|b': 'relayed' as const },
    };
    expect(linkOf(p, 'b', 'a')).toBe('relayed');
    expect(linkOf(p, 'a', 'c')).toBe('unknown');
  });
});

describe('parameters, backup form, reputation, suites', () => {
  it('threshold rules', () => {
    expect(thresholdProblem(2, 3)).toBeNull();
    expect(thresholdProblem(3, 3)).toBeNull();
    expect(thresholdProblem(4, 3)).toBe('You cannot need more signers (4) than there are custodians (3).');
    expect(thresholdProblem(1, 3)).toMatch(/At least 2/);
    expect(thresholdProblem(2, 1)).toMatch(/at least 2 custodians/);
    expect(thresholdProblem(2.5, 3)).toMatch(/At least 2/);
    expect(thresholdProblem(2, 21)).toMatch(/at most 20/);
    expect(thresholdSentence(2, 3)).toBe(
      'Any 2 of the 3 custodians can sign together; up to 1 piece can be lost without losing the key.',
    );
    expect(thresholdSentence(3, 3)).toBe('Any 3 of the 3 custodians can sign together; no piece may be lost.');
  });
  it('backup form', () => {
    expect(backupFormProblem('passphrase', 'short', 'short', '')).toMatch(/12 characters/);
    expect(backupFormProblem('passphrase', 'long enough pass', 'long enough pasS', '')).toBe(
      'The two passphrases are not the same.',
    );
    expect(backupFormProblem('passphrase', 'long enough pass', 'long enough pass', '')).toBeNull();
    const r = 'age1' + 'q'.repeat(58);
    expect(parseRecipients(` ${r},\n${r} `)).toEqual([r, r]);
    expect(backupFormProblem('recipients', '', '', '')).toMatch(/at least one/);
    expect(backupFormProblem('recipients', '', '', `${r}\nage1oops`)).toMatch(/“age1oops” is not an age public key/);
    expect(backupFormProblem('recipients', '', '', r)).toBeNull();
  });
  it('reputation in words', () => {
    expect(reputationText(0)).toBe('New here');
    expect(reputationText(2)).toBe('Good record (+2)');
    expect(reputationText(-1.25)).toBe('Past problems (−1.3)');
  });
  it('all six suites have plain labels', () => {
    expect(SUITES).toHaveLength(6);
    expect(suiteLabel('FROST-secp256k1-SHA256-TR-v1')).toBe('secp256k1 Taproot / BIP-340 (Bitcoin)');
  });
});

describe('announcements', () => {
  const base = initialUiState();
  it('announce phase changes and culprits, not the clock', () => {
    expect(announcementFor({ ...base, phase: 'round1' }, namer)).toBe('Step 1 of 4: sharing public commitments.');
    expect(
      announcementFor({ ...base, phase: 'round1', room: { roomId: 'r', inviteUrl: '', generation: 1 } }, namer),
    ).toBe('Step 1 of 4: sharing public commitments. Attempt 2.');
    expect(
      announcementFor(
        {
          ...base,
          phase: 'failed',
          failure: {
            generation: 0,
            round: 'round2',
            findings: [],
            culprits: ['b'],
            evidence: null,
            actions: [],
            at: 0,
          },
        },
        namer,
      ),
    ).toBe('The ceremony stopped because of Bob.');
    expect(
      announcementFor(
        {
          ...base,
          phase: 'failed',
          failure: {
            generation: 0,
            round: null,
            findings: [{ code: 'roster-equivocation', culprit: 'a' }],
            culprits: ['a'],
            evidence: null,
            actions: [],
            at: 0,
          },
        },
        namer,
      ),
    ).toBe('Stop: the coordinator showed people different lists of members');
    expect(
      announcementFor(
        {
          ...base,
          phase: 'success',
          backup: { status: 'verified', method: 'passphrase', filename: 'x', lastError: null },
        },
        namer,
      ),
    ).toBe('Your backup opens. You are done.');
    expect(
      announcementFor(
        { ...base, phase: 'verify', verification: { code: 'a b c', myAnswer: null, confirmed: ['b'] } },
        namer,
      ),
    ).toBe('Compare the verification code aloud: a b c. 1 confirmed so far.');
  });
});
