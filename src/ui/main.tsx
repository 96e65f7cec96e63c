/// <reference types="vite/client" />
import './index.css';
import { applySnapshot, setActionError, createUiStore } from '../store/index';
import { browserEnvironment, createLiveController, invitedParamsOf } from '../browser/index';
import { mountApp } from './mount';

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');

// Fixture mode (?fixture=lobby) renders a screen with sample data; compiled in only for dev
// and test builds, so production bundles contain neither the fixtures nor this branch.
const fixture = __TEST_FAULTS__ || import.meta.env.DEV ? new URLSearchParams(location.search).get('fixture') : null;

if (fixture !== null) {
  void import('./testing/mountFixture').then((m) => m.mountFixture(root, fixture));
} else {
  const store = createUiStore();
  const controller = createLiveController(store, browserEnvironment());
  mountApp(root, store, controller);
  // A reload resumes the ceremony this browser was in; otherwise an invite link in the
  // address bar (the secret is in the #fragment) pre-fills the Join form.
  controller
    .resume()
    .then((resumed) => {
      if (!resumed && location.hash.length > 1)
        applySnapshot(store, { pendingInviteUrl: location.href, invitedParams: invitedParamsOf(location.href) });
    })
    .catch((e: unknown) =>
      setActionError(
        store,
        'join',
        `Could not resume the previous ceremony: ${e instanceof Error ? e.message : String(e)}`,
      ),
    );
  // Pasting an invite into the address bar of an open app changes only the #fragment, which
  // does not reload the page: pick it up while no ceremony is running.
  window.addEventListener('hashchange', () => {
    if (store.getState().phase === 'start' && location.hash.startsWith('#join='))
      applySnapshot(store, { pendingInviteUrl: location.href, invitedParams: invitedParamsOf(location.href) });
  });
}
