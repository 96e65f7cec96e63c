/** React access to the store instance and the controller (both provided by the app's mount). */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { CeremonyController, UiStore, UiState } from '../store/index';

const StoreContext = createContext<UiStore | null>(null);
const ControllerContext = createContext<CeremonyController | null>(null);

export function AppProviders(props: { store: UiStore; controller: CeremonyController; children: ReactNode }) {
  return (
    <StoreContext.Provider value={props.store}>
      <ControllerContext.Provider value={props.controller}>{props.children}</ControllerContext.Provider>
    </StoreContext.Provider>
  );
}

/** The store instance, for dispatching actions. */
export function useStoreApi(): UiStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStoreApi outside <AppProviders>');
  return store;
}

/** Reads a slice of the store; shallow-compared so flat objects/arrays do not re-render needlessly. */
export function useUi<T>(selector: (s: UiState) => T): T {
  return useStore(useStoreApi(), useShallow(selector));
}

/** The ceremony controller. */
export function useController(): CeremonyController {
  const controller = useContext(ControllerContext);
  if (!controller) throw new Error('useController outside <AppProviders>');
  return controller;
}
