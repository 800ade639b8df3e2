/** Messages for the reader: bad URL parameters, clamped steps, engine refusals. Each is one line. */
import type { StateCreator } from 'zustand/vanilla';
import type { Bilingual, UiKey } from '../i18n/ui-text';
import type { ExplainerState } from './explainer-store';

/** One notice: a translated lead-in and a detail, in the engine's words (a string) or in both languages. */
export interface Notice {
  id: number;
  lead: UiKey;
  detail: string | Bilingual;
}

/** The errors slice. */
export interface ErrorsSlice {
  notices: readonly Notice[];
  report(lead: UiKey, detail: string): void;
  dismiss(id: number): void;
}

/** Build the errors slice, starting with the URL's problems if any. */
export function createErrorsSlice(urlProblems: readonly Bilingual[]): StateCreator<ExplainerState, [], [], ErrorsSlice> {
  let nextId = 1;
  const detail: Bilingual = { en: urlProblems.map((p) => p.en).join('; '), zh: urlProblems.map((p) => p.zh).join('；') };
  const initial: Notice[] = urlProblems.length ? [{ id: nextId++, lead: 'urlIgnored', detail }] : [];
  return (set) => ({
    notices: initial,
    // Keep the newest few: a notice is a line, not a log.
    report: (lead, detail) => set((s) => ({ notices: [...s.notices, { id: nextId++, lead, detail }].slice(-3) })),
    dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  });
}
