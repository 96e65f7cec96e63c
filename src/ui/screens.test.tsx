/**
 * Every fixture renders (server-side, no browser) into the screen its phase routes to, with
 * the phase on the root and no secret-looking material. The browser checks (layout, axe,
 * keyboard) live in e2e/screens/screens.spec.ts.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { screenFor, createUiStore } from '../store/index';
import { App } from './App';
import { AppProviders } from './context';
import { FIXTURES } from './testing/fixtures';
import { createUnwiredController } from './testing/unwiredController';

function render(name: string): string {
  const store = createUiStore(FIXTURES[name]!());
  return renderToStaticMarkup(
    <AppProviders store={store} controller={createUnwiredController()}>
      <App />
    </AppProviders>,
  );
}

describe('fixtures render', () => {
  for (const name of Object.keys(FIXTURES)) {
    it(name, () => {
      const state = FIXTURES[name]!();
      const html = render(name);
      expect(html).toContain(`data-phase="${state.phase}"`);
      expect(html).toContain(`data-screen="${screenFor(state.phase)}"`);
      expect(html).not.toMatch(/signing_share|AGE-SECRET-KEY/i);
    });
  }

  it('the failure screen names the culprit and the coordinator gets the restart action', () => {
    const html = render('failure');
    expect(html).toContain('Bob sent Carol a secret piece that does not match Bob’s public commitment.');
    expect(html).toContain('Restart without Bob');
    expect(render('failure-guest')).not.toContain('Restart without Bob</button>');
  });

  it('the code is shown in the header after locking, not in the lobby', () => {
    expect(render('progress')).toContain('data-testid="header-code"');
    expect(render('lobby')).not.toContain('data-testid="header-code"');
  });
});
