import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import { createUiStore } from '../../store/index';
import { mountApp } from '../mount';
import { createFixtureController, type FixtureCall } from './fixtureController';
import { FIXTURES } from './fixtures';

/** Hidden log of controller calls, for UI tests (`data-testid="fixture-calls"`). */
function FixtureCallLog(props: { calls: StoreApi<FixtureCall[]> }) {
  const calls = useStore(props.calls);
  return (
    <output hidden data-testid="fixture-calls">
      {JSON.stringify(calls)}
    </output>
  );
}

/** Renders the app with the named sample state and the fixture controller. */
export function mountFixture(el: HTMLElement, name: string): void {
  const make = FIXTURES[name];
  if (!make) {
    el.textContent = `Unknown fixture “${name}”. Known: ${Object.keys(FIXTURES).join(', ')}`;
    return;
  }
  const store = createUiStore(make());
  const { controller, calls } = createFixtureController(store);
  mountApp(el, store, controller, <FixtureCallLog calls={calls} />);
}
