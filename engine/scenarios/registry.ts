/**
 * The scenarios the engine can run, each with its option table. The command
 * line's --help, the page's option panel and the URL parser all read this.
 */
import { buildDescriptorFlow, descriptorFlowOptions, validateDescriptorFlow, type DescriptorFlowOptions } from './descriptor-flow';
import { parseOptions, type OptionTable } from './options';
import type { World } from './world';

/** One runnable scenario. */
export interface ScenarioDef {
  id: string;
  title: { en: string; zh: string };
  options: OptionTable;
  build(values: Record<string, unknown>, shared: boolean): World | string;
}

export const SCENARIOS: Record<string, ScenarioDef> = {
  'descriptor-flow': {
    id: 'descriptor-flow',
    title: { en: 'Descriptor flow through a split virtqueue', zh: 'split virtqueue 中的描述符流转' },
    options: descriptorFlowOptions,
    build(values, shared) {
      const o = values as DescriptorFlowOptions;
      return validateDescriptorFlow(o) ?? buildDescriptorFlow(o, shared);
    },
  },
};

/** Scenario ids. */
export const SCENARIO_IDS = Object.keys(SCENARIOS);

/** Validate a scenario name and raw options, and build its world; or say what is wrong. */
export function createWorld(
  id: unknown,
  raw: Record<string, unknown>,
  shared: boolean,
): { ok: true; world: World; options: Record<string, unknown> } | { ok: false; error: string } {
  const def = typeof id === 'string' && Object.prototype.hasOwnProperty.call(SCENARIOS, id) ? SCENARIOS[id] : undefined;
  if (!def) return { ok: false, error: `unknown scenario ${JSON.stringify(id)} (known: ${SCENARIO_IDS.join(', ')})` };
  const parsed = parseOptions(def.options, raw);
  if (!parsed.ok) return parsed;
  const world = def.build(parsed.value, shared);
  if (typeof world === 'string') return { ok: false, error: world };
  return { ok: true, world, options: parsed.value };
}
