/**
 * The scenarios the engine can run, each with its option table. The command
 * line's --help, the page's option panel and the URL parser all read this.
 */
import { buildDescriptorFlow, descriptorFlowArenaSize, descriptorFlowOptions, validateDescriptorFlow, type DescriptorFlowOptions } from './descriptor-flow';
import { parseOptions, problemMessage, type OptionProblem, type OptionTable } from './options';
import type { World } from './world';

/** One runnable scenario. */
export interface ScenarioDef {
  id: string;
  title: { en: string; zh: string };
  options: OptionTable;
  /** Cross-option checks for a mode; undefined when the values are fine. */
  validate(values: Record<string, unknown>, mode: 'step' | 'free'): OptionProblem | undefined;
  build(values: Record<string, unknown>, backing: boolean | ArrayBuffer | SharedArrayBuffer): World;
  /** Bytes of arena the values need (free-run threads share one buffer of this size). */
  arenaSize(values: Record<string, unknown>): number;
}

export const SCENARIOS: Record<string, ScenarioDef> = {
  'descriptor-flow': {
    id: 'descriptor-flow',
    title: { en: 'Descriptor flow through a split virtqueue', zh: 'split virtqueue 中的描述符流转' },
    options: descriptorFlowOptions,
    validate: (values, mode) => validateDescriptorFlow(values as DescriptorFlowOptions, mode),
    build: (values, backing) => buildDescriptorFlow(values as DescriptorFlowOptions, backing),
    arenaSize: (values) => descriptorFlowArenaSize(values as DescriptorFlowOptions),
  },
};

/** Scenario ids. */
export const SCENARIO_IDS = Object.keys(SCENARIOS);

/** Check a scenario name and raw options for a mode; returns the scenario and parsed values, or what is wrong. */
export function checkScenario(
  id: unknown,
  raw: Record<string, unknown>,
  mode: 'step' | 'free',
): { ok: true; def: ScenarioDef; options: Record<string, unknown> } | { ok: false; error: string; problem?: OptionProblem } {
  const def = typeof id === 'string' && Object.prototype.hasOwnProperty.call(SCENARIOS, id) ? SCENARIOS[id] : undefined;
  if (!def) return { ok: false, error: `unknown scenario ${JSON.stringify(id)} (known: ${SCENARIO_IDS.join(', ')})` };
  const parsed = parseOptions(def.options, raw);
  if (!parsed.ok) return parsed;
  const why = def.validate(parsed.value, mode);
  if (why) return { ok: false, error: problemMessage(why), problem: why };
  return { ok: true, def, options: parsed.value };
}

/** Validate a scenario name and raw options for step mode, and build its world; or say what is wrong. */
export function createWorld(
  id: unknown,
  raw: Record<string, unknown>,
  shared: boolean,
): { ok: true; world: World; options: Record<string, unknown> } | { ok: false; error: string; problem?: OptionProblem } {
  const c = checkScenario(id, raw, 'step');
  if (!c.ok) return c;
  return { ok: true, world: c.def.build(c.options, shared), options: c.options };
}
