/**
 * The failure screen for the confirmation-round outcomes and a coordinator's two rosters,
 * rendered from the fixtures (server-side): the sentence, who is at fault, and the action.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createUiStore } from '../store/index';
import { App } from './App';
import { AppProviders } from './context';
import { FIXTURES } from './testing/fixtures';
import { createUnwiredController } from './testing/unwiredController';

function render(name: string): string {
  return renderToStaticMarkup(
    <AppProviders store={createUiStore(FIXTURES[name]!())} controller={createUnwiredController()}>
      <App />
    </AppProviders>,
  );
}
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('failure screen', () => {
  it('a confirmation for another key: Carol is named and the coordinator restarts without her', () => {
    const html = render('failure-false-confirmation');
    expect(text(html)).toContain('Carol’s browser announced a different key than the one everyone computed.');
    expect(html).toContain('data-testid="culprit-name">Carol<');
    expect(html).toMatch(/data-testid="restart-without"[^>]*>Restart without Carol</);
    expect(text(html)).toContain('Do not use the key from this attempt');
  });

  it('a transcript-only difference: nobody blamed, what that means, and "start again" for the guest', () => {
    const html = render('failure-transcript-mismatch');
    expect(text(html)).toContain('The ceremony stopped. Nobody in the room could be blamed.');
    expect(html).toContain('data-testid="nobody-blamed"');
    expect(html).not.toContain('data-testid="culprit"');
    expect(html).not.toContain('data-testid="restart-without"');
    expect(text(html)).toContain('Alice can start a new attempt with the same people');
    expect(text(html)).not.toContain('the people who left');
  });

  it('two versions of a confirmation / confirm-echo: Dave is named for that message', () => {
    expect(text(render('failure-confirmation-equivocation'))).toContain(
      'Dave sent two different versions of their final confirmation of the key to different people.',
    );
    const echo = render('failure-confirm-echo-equivocation');
    expect(text(echo)).toContain('Dave sent two different versions of their final cross-check');
    expect(text(echo)).toContain('Alice can restart without Dave.');
    // The machine's generic detail ("different round-1 messages") would contradict the sentence.
    const confirmation = FIXTURES['failure-confirmation-equivocation']!();
    const withDetail = {
      ...confirmation,
      failure: {
        ...confirmation.failure!,
        findings: [
          {
            ...confirmation.failure!.findings[0]!,
            detail: 'Dave (#4) sent different round-1 messages to different participants.',
          },
        ],
      },
    };
    const html = renderToStaticMarkup(
      <AppProviders store={createUiStore(withDetail)} controller={createUnwiredController()}>
        <App />
      </AppProviders>,
    );
    expect(html).not.toContain('round-1 messages');
  });

  it('two rosters from the coordinator: a stop headline, no restart in this room, start over with a new room', () => {
    const html = render('failure-roster-equivocation');
    expect(html).toMatch(
      /data-testid="failure-title"[^>]*>Stop: the coordinator showed people different lists of members</,
    );
    expect(html).not.toContain('data-testid="restart-without"');
    expect(html).not.toContain('can restart without');
    expect(text(html)).toContain('start over: someone you trust creates a new ceremony (a new room)');
    // The coordinator's own screen does not offer a restart either.
    const own = renderToStaticMarkup(
      <AppProviders
        store={createUiStore({
          ...FIXTURES['failure-roster-equivocation']!(),
          me: { ...FIXTURES['failure']!().me! },
          failure: { ...FIXTURES['failure-roster-equivocation']!().failure!, actions: ['restart-without', 'leave'] },
        })}
        controller={createUnwiredController()}
      >
        <App />
      </AppProviders>,
    );
    expect(own).not.toContain('data-testid="restart-without"');
  });
});
