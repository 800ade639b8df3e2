/**
 * Each registered scenario run once with its default options, on the
 * server, for the pages that describe the runs rather than play them (the
 * catalogue's thumbnails, the sources page). Kept per process: a run with
 * default options is the same every time (step mode is deterministic).
 * Server-only: it imports the engine's scenarios.
 */
import { SCENARIO_IDS, createWorld } from '@/engine/scenarios/registry';
import { Session } from '@/engine/session/session';
import type { WorldInfo } from '@/engine/scenarios/world';
import type { TraceEvent } from '@/engine/trace/events';

/** One default run. */
export interface ScenarioRun {
  info: WorldInfo;
  trace: readonly TraceEvent[];
}

const runs = new Map<string, ScenarioRun | null>();

/** The default run of scenario `id`, or null when the id is unknown or the engine refuses its defaults. */
export function scenarioRun(id: string): ScenarioRun | null {
  if (runs.has(id)) return runs.get(id)!;
  let run: ScenarioRun | null = null;
  if (SCENARIO_IDS.includes(id)) {
    const built = createWorld(id, {}, false);
    if (built.ok) {
      const session = new Session(built.world, Number(built.options.seed ?? 1));
      run = { info: built.world.info, trace: session.trace };
    }
  }
  runs.set(id, run);
  return run;
}
