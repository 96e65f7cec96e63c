/**
 * Issue 11 §7.1 and §7.7 on screen: a 1-of-n session shows a loud warning and "Codes match"
 * stays disabled until the custodian accepts; look-alike or duplicate names in the lobby are
 * flagged under both names, with the other person's fingerprint.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createUiStore, type UiState } from '../store/index';
import { App } from './App';
import { AppProviders } from './context';
import { FIXTURES } from './testing/fixtures';
import { createUnwiredController } from './testing/unwiredController';

function render(state: UiState): string {
  return renderToStaticMarkup(
    <AppProviders store={createUiStore(state)} controller={createUnwiredController()}>
      <App />
    </AppProviders>,
  );
}

/** The "Codes match" button's opening tag. */
const matchButton = (html: string): string => {
  const i = html.indexOf('>Codes match<');
  return html.slice(html.lastIndexOf('<button', i), i);
};

describe('7.1 a 1-of-n key on the code screen', () => {
  it('t = 1: the warning is shown and "Codes match" is disabled until accepted', () => {
    const s = FIXTURES.verify!();
    const html = render({ ...s, params: { ...s.params!, t: 1 } });
    expect(html).toContain('data-testid="single-signer-warning"');
    expect(html).toContain(`Warning: this is a 1-of-${s.params!.n} key.`);
    expect(html).toContain('data-testid="accept-single-signer"');
    expect(matchButton(html)).toContain(' disabled=""');
  });

  it('t ≥ 2: no warning, "Codes match" enabled', () => {
    const html = render(FIXTURES.verify!());
    expect(html).not.toContain('single-signer-warning');
    expect(matchButton(html)).not.toContain(' disabled=""');
  });
});

describe('7.7 look-alike names in the lobby', () => {
  it('Cyrillic "Аlice" beside "Alice": both are flagged with the other one’s fingerprint', () => {
    const s = FIXTURES.lobby!();
    const [alice, other, ...rest] = s.candidates;
    const html = render({ ...s, candidates: [alice!, { ...other!, name: '\u0410lice' }, ...rest] });
    const flags = html.split('data-testid="name-clash"').length - 1;
    expect(flags).toBe(2);
    expect(html).toContain(
      `Looks like “\u0410lice” (fingerprint <span class="font-mono">${other!.fingerprint}</span>)`,
    );
    expect(html).toContain(`Looks like “Alice” (fingerprint <span class="font-mono">${alice!.fingerprint}</span>)`);
  });

  it('distinct names: no flag', () => {
    expect(render(FIXTURES.lobby!())).not.toContain('data-testid="name-clash"');
  });
});
