'use client';
/**
 * Which message the byte inspector shows: the one the reader picked in the
 * sequence (pinned), else the current step's. Shared by the diagram and the
 * inspector through a context, since it is view state of this one layout,
 * not something the URL or the engine needs.
 */
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

interface Selection {
  /** The msg id the reader picked, or null to follow the step. */
  pinned: number | null;
  pin(msg: number | null): void;
}

const SelectionContext = createContext<Selection>({ pinned: null, pin: () => {} });

/** Holds the pinned message for the views inside. */
export function VuSelectionProvider({ children }: { children: ReactNode }) {
  const [pinned, pin] = useState<number | null>(null);
  const value = useMemo(() => ({ pinned, pin }), [pinned]);
  return <SelectionContext.Provider value={value}>{children}</SelectionContext.Provider>;
}

/** The pinned message and the way to change it. */
export function useVuSelection(): Selection {
  return useContext(SelectionContext);
}
