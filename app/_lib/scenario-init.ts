/**
 * Server side of a walkthrough route: look the scenario up, and turn the
 * request's query into the store's starting state (bad parameters dropped
 * with a reason). Only server components import this, so the engine's
 * scenario code stays out of the page's client bundle.
 */
import { SCENARIOS, SCENARIO_IDS } from '@/engine/scenarios/registry';
import { CATALOGUE } from '@/components/catalogue/catalogue';
import type { Bilingual } from '@/components/i18n/ui-text';
import type { ExplainerInit } from '@/components/store/explainer-store';
import type { Title } from '@/components/walkthrough/ScenarioTitle';
import { parseUrl, type RawQuery } from '@/components/url/url-state';

/** Route params for every scenario (generateStaticParams). */
export function scenarioParams(): Array<{ scenario: string }> {
  return SCENARIO_IDS.map((scenario) => ({ scenario }));
}

/** The scenario's title, or null for an unknown id. */
export function scenarioTitle(id: string): Title | null {
  return Object.prototype.hasOwnProperty.call(SCENARIOS, id) ? SCENARIOS[id]!.title : null;
}

/** The scenario's one-paragraph summary from the catalogue, or null. */
export function scenarioBlurb(id: string): Bilingual | null {
  return CATALOGUE.find((c) => c.id === id)?.blurb ?? null;
}

/** The starting state for `id` under `query`, or null for an unknown scenario. */
export function scenarioInit(id: string, query: RawQuery): { init: ExplainerInit; title: Title } | null {
  if (!Object.prototype.hasOwnProperty.call(SCENARIOS, id)) return null;
  const def = SCENARIOS[id]!;
  const url = parseUrl(def.options, query);
  return {
    title: def.title,
    init: { scenario: id, table: def.options, options: url.options, step: url.step, lang: url.lang, problems: url.problems },
  };
}
