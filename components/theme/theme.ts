/**
 * The site's colour theme: as the system says (prefers-color-scheme, handled
 * in globals.css), or light or dark by the reader's choice, remembered in
 * localStorage and set as data-theme on <html>. Embeds take theme= from their
 * URL instead (components/embed).
 */
export type Theme = 'system' | 'light' | 'dark';

export const THEMES: readonly Theme[] = ['system', 'light', 'dark'];
const KEY = 'virtio-explainer:theme';

/** A stored or requested value as a theme; anything else is the system's. */
export function asTheme(v: unknown): Theme {
  return v === 'light' || v === 'dark' ? v : 'system';
}

/** This page's choice when storage refuses it (private mode). */
let unstored: Theme | null = null;

/** The reader's remembered choice (system when none). */
export function storedTheme(): Theme {
  if (unstored) return unstored;
  try {
    return asTheme(window.localStorage.getItem(KEY));
  } catch {
    return 'system';
  }
}

const listeners = new Set<() => void>();

/** Be told when the reader chooses a theme (useSyncExternalStore's subscribe). */
export function subscribeTheme(cb: () => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

/** Apply `theme` to the page and, with `remember`, store it and tell the switches. */
export function chooseTheme(theme: Theme, remember = true): void {
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
  if (!remember) return;
  try {
    if (theme === 'system') window.localStorage.removeItem(KEY);
    else window.localStorage.setItem(KEY, theme);
  } catch {
    // Private mode: the choice lasts for this page only.
    unstored = theme;
  }
  for (const cb of listeners) cb();
}
