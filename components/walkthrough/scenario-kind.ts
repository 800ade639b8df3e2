/**
 * Which kind of world each scenario builds (WorldInfo['kind']), for the page
 * to lay out the right views before the engine has answered. Once the run is
 * loaded the page goes by `info.kind`; a unit test checks that every
 * registered scenario builds the kind this table says.
 */
import type { WorldInfo } from '@/engine/scenarios/world';

/** A scenario's kind of world. */
export type ScenarioKind = WorldInfo['kind'];

const KINDS: Record<string, ScenarioKind> = {
  'descriptor-flow': 'virtqueue',
  'msix-vectors': 'pci',
  'kick-call': 'pci',
  'vhost-user': 'vhost-user',
};

/** The kind `id` builds (virtqueue for an id this table does not know). */
export function kindOfScenario(id: string): ScenarioKind {
  return Object.prototype.hasOwnProperty.call(KINDS, id) ? KINDS[id]! : 'virtqueue';
}
