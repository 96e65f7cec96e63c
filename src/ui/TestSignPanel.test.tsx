/** The test-signing panel shows a request for my approval with who asked and the exact text; nothing else asks for a click. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createUiStore, type TestSignRequest, type UiState } from '../store/index';
import { AppProviders } from './context';
import { FIXTURES } from './testing/fixtures';
import { SuccessScreen } from './SuccessScreen';
import { TestSignPanel } from './TestSignPanel';
import { createUnwiredController } from './testing/unwiredController';

function render(patch: (s: UiState) => Partial<UiState>, screen = false): string {
  // Server rendering reads the store's initial state: build it patched.
  const base = createUiStore(FIXTURES.success!()).getState();
  const store = createUiStore({ ...base, ...patch(base) });
  return renderToStaticMarkup(
    <AppProviders store={store} controller={createUnwiredController()}>
      {screen ? <SuccessScreen /> : <TestSignPanel t={2} />}
    </AppProviders>,
  );
}

function request(s: UiState, over: Partial<TestSignRequest>): TestSignRequest {
  const [a, b] = s.roster;
  return {
    requestId: 'ab'.repeat(32),
    requester: b!.id,
    text: 'hello from Bob',
    signers: [a!.id, b!.id],
    approval: 'pending',
    status: 'collecting',
    committed: [b!.id],
    signatureHex: null,
    error: null,
    ...over,
  };
}

describe('TestSignPanel', () => {
  it('a pending request names the requester with fingerprint, shows the exact text and both answers', () => {
    let bob = { name: '', fingerprint: '' };
    const html = render((s) => {
      bob = s.roster[1]!;
      return { testSignRequest: request(s, {}) };
    });
    expect(html).toContain('data-testid="test-sign-approval"');
    expect(html).toMatch(new RegExp(`${bob.name}(<!-- -->)? asks you to sign this test text`));
    expect(html).toContain(bob.fingerprint);
    expect(html).toContain('hello from Bob');
    expect(html).toContain('Sign this test text');
    expect(html).toContain('Decline');
  });

  it('no prompt when I am not asked, already answered, or the request is over', () => {
    for (const over of [
      { approval: 'none' },
      { approval: 'approved' },
      { approval: 'pending', status: 'failed' },
    ] as const)
      expect(render((s) => ({ testSignRequest: request(s, over) }))).not.toContain('test-sign-approval');
    expect(render(() => ({ testSignRequest: null }))).not.toContain('test-sign-approval');
  });

  it('says what is signed: a test-only message, approved by every signer', () => {
    expect(render(() => ({}))).toContain('test-only message bound to this ceremony');
  });

  it('a signer who declined is named in plain words, to whoever asked and to everyone else', () => {
    let alice = '';
    for (const over of [{ approval: 'approved' }, { approval: 'none' }] as const) {
      const html = render((s) => {
        alice = s.roster[0]!.name;
        return {
          testSignRequest: request(s, { ...over, status: 'failed', declinedBy: s.roster[0]!.id, error: 'declined' }),
          testSign: { ...s.testSign, status: over.approval === 'approved' ? 'failed' : 'idle', error: 'declined' },
        };
      });
      expect(html).toContain('data-testid="test-sign-declined"');
      expect(html).toMatch(new RegExp(`${alice}(<!-- -->)? declined to sign the test text`));
      expect(html).not.toContain('Test signing failed');
    }
  });

  it('the success screen: a notice at the top when a request waits for me (before the backup step), none otherwise', () => {
    const html = render((s) => ({ testSignRequest: request(s, {}) }), true);
    const notice = html.indexOf('data-testid="test-sign-approval-notice"');
    expect(notice).toBeGreaterThan(-1);
    expect(html).toContain('Review the request');
    // Above the group key and the backup, which are still there.
    expect(notice).toBeLessThan(html.indexOf('data-testid="backup-status"'));
    expect(notice).toBeLessThan(html.indexOf('data-testid="test-sign-approval"'));
    for (const over of [{ approval: 'none' }, { approval: 'approved' }, { status: 'failed' }] as const)
      expect(render((s) => ({ testSignRequest: request(s, over) }), true)).not.toContain('test-sign-approval-notice');
  });
});
