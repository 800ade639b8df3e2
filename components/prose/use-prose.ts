'use client';
/**
 * The walkthrough's prose (content/prose.ts) as a chunk of its own: most of
 * its bytes are captions in two languages, which the page needs only once
 * the engine has delivered a first step. Loading it beside the worker keeps
 * it out of the first-load JavaScript without making anyone wait longer.
 */
import { useEffect, useState } from 'react';

/** The prose module. */
export type Prose = typeof import('@/content/prose');

let loaded: Prose | null = null;
let loading: Promise<Prose> | null = null;

/** Start loading the prose (once); resolves to the module. */
export function loadProse(): Promise<Prose> {
  loading ??= import('@/content/prose').then((m) => (loaded = m));
  return loading;
}

/** The prose module, or null until it has arrived. */
export function useProse(): Prose | null {
  const [prose, setProse] = useState<Prose | null>(loaded);
  useEffect(() => {
    if (prose) return;
    let live = true;
    void loadProse().then((m) => live && setProse(m));
    return () => {
      live = false;
    };
  }, [prose]);
  return prose;
}
