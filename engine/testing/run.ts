/** Test helpers: build and run a scenario headless, and read what happened. */
import { createWorld } from '../scenarios/registry';
import { Session, fnv1a } from '../session/session';
import type { VirtqueueInfo, VirtqueueLive, World } from '../scenarios/world';
import type { EventType, TraceEvent } from '../trace/events';

/** Run a scenario with `options` to the end; throws on an options error (a test bug). */
export function runScenario(scenario: string, options: Record<string, unknown>, shared = false): Session {
  const built = createWorld(scenario, options, shared);
  if (!built.ok) throw new Error(`${scenario} ${JSON.stringify(options)}: ${built.error}`);
  return new Session(built.world, Number(built.options.seed ?? 1));
}

/** Build descriptor-flow's world (typed as the virtqueue world it is); throws on an options error (a test bug). */
export function flowWorld(options: Record<string, unknown>, shared = false): { world: World<VirtqueueInfo, VirtqueueLive>; options: Record<string, unknown> } {
  const built = createWorld('descriptor-flow', options, shared);
  if (!built.ok) throw new Error(`descriptor-flow ${JSON.stringify(options)}: ${built.error}`);
  if (built.world.info.kind !== 'virtqueue') throw new Error('descriptor-flow built a world of another kind');
  return { world: built.world as World<VirtqueueInfo, VirtqueueLive>, options: built.options };
}

/** Run descriptor-flow with `options` to the end; throws on an options error (a test bug). */
export function runFlow(options: Record<string, unknown>, shared = false): Session<VirtqueueInfo, VirtqueueLive> {
  const { world, options: o } = flowWorld(options, shared);
  return new Session(world, Number(o.seed));
}

/** Events of one type. */
export function eventsOf<K extends EventType>(trace: readonly TraceEvent[], type: K): Array<Extract<TraceEvent, { type: K }>> {
  return trace.filter((e): e is Extract<TraceEvent, { type: K }> => e.type === type);
}

/** A fingerprint of the whole trace. */
export function traceHash(trace: readonly TraceEvent[]): string {
  return fnv1a(new TextEncoder().encode(JSON.stringify(trace)));
}

/** A fingerprint of the arena bytes. */
export function memoryHash(s: Session): string {
  return fnv1a(s.world.arena.u8);
}
