import { StrictMode, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { CeremonyController, UiStore } from '../store/index';
import { App } from './App';
import { AppProviders } from './context';

/** Renders the app into `el` with this store and controller (the shell calls this). */
export function mountApp(el: HTMLElement, store: UiStore, controller: CeremonyController, footer?: ReactNode): Root {
  const root = createRoot(el);
  root.render(
    <StrictMode>
      <AppProviders store={store} controller={controller}>
        <App footer={footer} />
      </AppProviders>
    </StrictMode>,
  );
  return root;
}
