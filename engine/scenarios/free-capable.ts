/**
 * The scenarios that can also free-run: their actors run on real threads
 * over one SharedArrayBuffer (engine/freerun). This file is the root of the
 * generator-free build (tools/free-build), so only what these scenarios reach
 * is compiled into engine/free/.
 */
import { buildDescriptorFlow, descriptorFlowArenaSize, descriptorFlowOptions, validateDescriptorFlow, type DescriptorFlowOptions } from './descriptor-flow';
import { checkIn, type ScenarioCheck, type ScenarioDef } from './scenario';

export const FREE_SCENARIOS: Record<string, ScenarioDef> = {
  'descriptor-flow': {
    id: 'descriptor-flow',
    title: { en: 'Descriptor flow through a split virtqueue', zh: 'split virtqueue 中的描述符流转' },
    options: descriptorFlowOptions,
    validate: (values, mode) => validateDescriptorFlow(values as DescriptorFlowOptions, mode),
    build: (values, backing) => buildDescriptorFlow(values as DescriptorFlowOptions, backing),
    arenaSize: (values) => descriptorFlowArenaSize(values as DescriptorFlowOptions),
  },
};

/** Check a scenario name and raw options for free-run. */
export function checkFreeScenario(id: unknown, raw: Record<string, unknown>): ScenarioCheck {
  return checkIn(FREE_SCENARIOS, id, raw, 'free');
}
