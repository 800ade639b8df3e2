/** Messages for the reader: bad URL parameters, clamped steps, engine refusals. Each is one line. */
import type { StateCreator } from 'zustand/vanilla';
import type { OptionProblem } from '@/engine/scenarios/options';
import type { UiKey } from '../i18n/ui-text';
import type { UrlProblem } from '../url/url-state';
import type { ExplainerState } from './explainer-store';

/**
 * What a notice says after its lead-in, kept as data so it is rendered in
 * whichever language the reader switches to: the URL's problems, an option
 * the engine refused, or plain text (a step count, a worker crash).
 */
export type NoticeDetail =
  | { kind: 'text'; text: string }
  | { kind: 'option'; problem: OptionProblem }
  | { kind: 'url'; problems: readonly UrlProblem[] };

/** One notice: a translated lead-in and its detail. */
export interface Notice {
  id: number;
  lead: UiKey;
  detail: NoticeDetail;
}

/** The errors slice. */
export interface ErrorsSlice {
  notices: readonly Notice[];
  report(lead: UiKey, detail: NoticeDetail | string): void;
  dismiss(id: number): void;
}

/** Build the errors slice, starting with the URL's problems if any. */
export function createErrorsSlice(urlProblems: readonly UrlProblem[]): StateCreator<ExplainerState, [], [], ErrorsSlice> {
  let nextId = 1;
  const initial: Notice[] = urlProblems.length ? [{ id: nextId++, lead: 'urlIgnored', detail: { kind: 'url', problems: urlProblems } }] : [];
  return (set) => ({
    notices: initial,
    // Keep the newest few: a notice is a line, not a log.
    report: (lead, detail) =>
      set((s) => ({ notices: [...s.notices, { id: nextId++, lead, detail: typeof detail === 'string' ? { kind: 'text' as const, text: detail } : detail }].slice(-3) })),
    dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  });
}
