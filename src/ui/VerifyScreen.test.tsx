/**
 * The code check while the code is not complete yet (commit-then-reveal: every person's device
 * adds a random part after the lock): the screen names whose part it waits for, shows no code
 * and offers no "Codes match" button; once the code is there, it is shown with the buttons.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createUiStore, type UiState } from '../store/index';
import { App } from './App';
import { AppProviders } from './context';
import { FIXTURES, P } from './testing/fixtures';
import { codeWaitingText } from './text/codeWaiting';
import { describeFinding } from './text/failureText';
import { announcementFor } from './text/announce';
import { createUnwiredController } from './testing/unwiredController';

function render(state: UiState): string {
  return renderToStaticMarkup(
    <AppProviders store={createUiStore(state)} controller={createUnwiredController()}>
      <App />
    </AppProviders>,
  );
}

const waitingFor = (...ids: string[]): UiState => {
  const s = FIXTURES.verify!();
  return { ...s, verification: { code: null, awaiting: ids, myAnswer: null, confirmed: [] } };
};
const namer = {
  names: { [P.bob.id]: 'Bob', [P.dave.id]: 'Dave', [P.carol.id]: 'Carol', [P.alice.id]: 'Alice' },
  meId: P.alice.id,
};

describe('VerifyScreen before the code exists', () => {
  it('says whose part of the code it waits for, and offers no code and no buttons', () => {
    const html = render(waitingFor(P.bob.id));
    expect(html).toContain('data-testid="code-waiting"');
    expect(html).toContain('Waiting for Bob’s part of the code…');
    expect(html).not.toContain('data-testid="verification-code"');
    expect(html).not.toContain('Codes match');
    expect(html).not.toContain('Codes differ');
    // The header shows that a code is coming, not an old one.
    expect(html).toContain('data-testid="header-code-waiting"');
    expect(html).not.toContain('data-testid="header-code"');
    expect(html).toContain('data-phase="verify"');
  });

  it('names several people in one sentence', () => {
    expect(render(waitingFor(P.bob.id, P.dave.id))).toContain(
      'Waiting for Bob and Dave to send their parts of the code…',
    );
  });

  it('shows the code and both buttons once every part has arrived', () => {
    const html = render(FIXTURES.verify!());
    expect(html).toContain('data-testid="verification-code"');
    expect(html).toContain('Codes match');
    expect(html).toContain('data-testid="header-code"');
    expect(html).not.toContain('data-testid="code-waiting"');
  });
});

describe('codeWaitingText and the live announcement', () => {
  it.each([
    [[P.bob.id], 'Waiting for Bob’s part of the code…'],
    [[P.bob.id, P.carol.id, P.dave.id], 'Waiting for Bob, Carol and Dave to send their parts of the code…'],
    // My own part is never awaited from the network; with nobody else left, it is just being computed.
    [[P.alice.id], 'Preparing the verification code…'],
    [[], 'Preparing the verification code…'],
  ])('%j → %s', (ids, text) => {
    expect(codeWaitingText(ids, namer)).toBe(text);
  });

  it('screen readers hear whose part is missing, not "null"', () => {
    const s = waitingFor(P.dave.id);
    expect(announcementFor(s, namer)).toBe('Waiting for Dave’s part of the code…');
    expect(announcementFor(FIXTURES.verify!(), namer)).toMatch(/^Compare the verification code aloud: \S/);
  });
});

describe('a coordinator who signed two rosters', () => {
  it('is named in plain words, not as "different public commitments"', () => {
    const text = describeFinding({ code: 'roster-equivocation', culprit: P.bob.id, detail: '' }, namer);
    expect(text).toBe(
      'Bob, who created the ceremony, signed two different lists of participants for this attempt: some of you were shown someone else. Do not continue with Bob as coordinator.',
    );
  });
});
