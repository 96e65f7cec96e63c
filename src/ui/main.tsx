/// <reference types="vite/client" />
import './index.css';
import { createUiStore } from '../store/store';
import { mountApp } from './mount';
import { createUnwiredController } from './unwiredController';

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');

// Fixture mode (?fixture=lobby) renders a screen with sample data; compiled in only for dev
// and test builds, so production bundles contain neither the fixtures nor this branch.
const fixture = __TEST_FAULTS__ || import.meta.env.DEV ? new URLSearchParams(location.search).get('fixture') : null;

if (fixture !== null) {
  void import('./dev/mountFixture').then((m) => m.mountFixture(root, fixture));
} else {
  const store = createUiStore();
  const hash = location.hash.length > 1 ? location.href : null;
  if (hash) store.setState({ pendingInviteUrl: hash });
  mountApp(root, store, createUnwiredController());
}
