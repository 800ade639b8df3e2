/**
 * The registries as the embed's URL parser sees them: every scenario's kind
 * and options (engine/scenarios/registry.ts), every view (view-meta.ts).
 * It imports the engine's scenarios, so only server code (the embed route)
 * and tests import it, never a client component.
 */
import { SCENARIOS } from '@/engine/scenarios/registry';
import { checkScenario } from '@/engine/scenarios/registry';
import { VIEWS } from '../views/view-meta';
import { kindOfScenario } from '../walkthrough/scenario-kind';
import type { EmbedContext } from './embed-params';

/** The parser's view of the registries. */
export const EMBED_CONTEXT: EmbedContext = {
  scenarios: Object.fromEntries(Object.entries(SCENARIOS).map(([id, def]) => [id, { kind: kindOfScenario(id), options: def.options }])),
  views: VIEWS,
  checkOptions(scenario, options) {
    const c = checkScenario(scenario, options, 'step');
    if (c.ok) return null;
    return c.problem ?? { code: 'rule', option: '', rule: 'engine', params: {}, message: c.error };
  },
};
