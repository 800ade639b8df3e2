/**
 * Reader preferences: language mode and playback speed. A choice the reader
 * makes is remembered in localStorage; a language that came from a link is
 * not (following a zh link should not change someone's default).
 */
import type { StateCreator } from 'zustand/vanilla';
import { isLangMode, type LangMode } from '../i18n/ui-text';
import type { ExplainerState } from './explainer-store';

/** Playback speeds offered, in steps per second. */
export const SPEEDS = [0.5, 1, 2, 4, 8, 16] as const;
/** The default speed. */
export const DEFAULT_SPEED = 2;
/** The default language mode. */
export const DEFAULT_LANG: LangMode = 'both';

const STORAGE_KEY = 'virtio-explainer:prefs';

/** The prefs slice. */
export interface PrefsSlice {
  lang: LangMode;
  /** Whether `lang` came from the URL (then it is shown in the URL too). */
  langFromUrl: boolean;
  speed: number;
  /** The reader picked a language: remember it. */
  chooseLang(lang: LangMode): void;
  /** The reader picked a speed: remember it. */
  chooseSpeed(speed: number): void;
  /** Apply remembered prefs where the URL said nothing. */
  restorePrefs(): void;
}

/** Whether `x` is an offered speed. */
export function isSpeed(x: unknown): x is number {
  return typeof x === 'number' && (SPEEDS as readonly number[]).includes(x);
}

/** The remembered prefs (empty when storage is blocked or holds nothing valid). */
export function readStored(): { lang?: LangMode; speed?: number } {
  try {
    const raw: unknown = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (typeof raw !== 'object' || raw === null) return {};
    const r = raw as Record<string, unknown>;
    return { ...(isLangMode(r.lang) ? { lang: r.lang } : {}), ...(isSpeed(r.speed) ? { speed: r.speed } : {}) };
  } catch {
    return {}; // storage blocked (sandboxed iframe, privacy mode) or corrupt: use defaults
  }
}

/** Remember a language chosen outside a walkthrough (a server page's language links), keeping the remembered speed. */
export function rememberLang(lang: LangMode): void {
  writeStored({ lang, speed: readStored().speed ?? DEFAULT_SPEED });
}

function writeStored(prefs: { lang: LangMode; speed: number }): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(prefs));
  } catch {
    // storage blocked: the choice lasts for this page only
  }
}

/** Build the prefs slice; `lang` is the URL's language, if it named one. */
export function createPrefsSlice(lang: LangMode | null): StateCreator<ExplainerState, [], [], PrefsSlice> {
  return (set, get) => ({
    lang: lang ?? DEFAULT_LANG,
    langFromUrl: lang !== null,
    speed: DEFAULT_SPEED,
    chooseLang: (l) => {
      set({ lang: l, langFromUrl: true });
      writeStored({ lang: l, speed: get().speed });
    },
    chooseSpeed: (speed) => {
      if (!isSpeed(speed)) return;
      set({ speed });
      writeStored({ lang: get().lang, speed });
    },
    restorePrefs: () => {
      const stored = readStored();
      set((s) => ({ ...(stored.lang && !s.langFromUrl ? { lang: stored.lang } : {}), ...(stored.speed ? { speed: stored.speed } : {}) }));
    },
  });
}
