'use client';
/** Provides one explainer store to a page's client tree (zustand's Next.js pattern: no global store). */
import { createContext, useContext, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { createExplainerStore, type ExplainerInit, type ExplainerState, type ExplainerStore } from './explainer-store';

const StoreContext = createContext<ExplainerStore | null>(null);

/** Creates the store once per mount and provides it. */
export function ExplainerStoreProvider({ init, children }: { init: ExplainerInit; children: ReactNode }) {
  const [store] = useState(() => createExplainerStore(init));
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

/** The store itself, for effects that subscribe outside render. */
export function useExplainerStoreApi(): ExplainerStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useExplainerStore must be used inside <ExplainerStoreProvider>');
  return store;
}

/** Subscribe to a narrow slice of the store. */
export function useExplainer<T>(selector: (s: ExplainerState) => T): T {
  return useStore(useExplainerStoreApi(), selector);
}
