/**
 * The explainer's UI state: one zustand store built from slices, made per
 * page by `createExplainerStore` (never a module global, so two embeds on a
 * page or two requests on a server never share state). The engine knows
 * nothing of it: the connector feeds worker replies in through actions.
 */
import { createStore } from 'zustand/vanilla';
import type { OptionTable } from '@/engine/scenarios/options';
import type { LangMode } from '../i18n/ui-text';
import type { UrlProblem } from '../url/url-state';
import { createErrorsSlice, type ErrorsSlice } from './errors-slice';
import { createFrameSlice, type FrameSlice } from './frame-slice';
import { createPrefsSlice, type PrefsSlice } from './prefs-slice';
import { createRunSlice, type RunSlice } from './run-slice';

/** The whole store. */
export type ExplainerState = RunSlice & FrameSlice & PrefsSlice & ErrorsSlice;

/** What a page starts from (the server parsed it from the URL). */
export interface ExplainerInit {
  scenario: string;
  table: OptionTable;
  options: Record<string, string>;
  step: number;
  lang: LangMode | null;
  problems: readonly UrlProblem[];
}

/** Make a store for one page. */
export function createExplainerStore(init: ExplainerInit) {
  return createStore<ExplainerState>()((...a) => ({
    ...createRunSlice(init)(...a),
    ...createFrameSlice(...a),
    ...createPrefsSlice(init.lang)(...a),
    ...createErrorsSlice(init.problems)(...a),
  }));
}

/** The store type. */
export type ExplainerStore = ReturnType<typeof createExplainerStore>;
