/**
 * How many steps a run has, for the relay to tell whether a presenter's step
 * is in range: the server runs the scenario once in step mode (the same
 * Session the page's worker runs; tens of milliseconds) and remembers the
 * count for the last few (scenario, options) pairs.
 */
import { createWorld } from '@/engine/scenarios/registry';
import { Session } from '@/engine/session/session';

const CACHE_SIZE = 64;
const cache = new Map<string, number>();

/** Steps of `scenario` under raw `options` (already checked by checkScenario), or an error from the engine. */
export function stepCount(scenario: string, options: Record<string, string>): { ok: true; total: number } | { ok: false; error: string } {
  const key = JSON.stringify([scenario, Object.entries(options).sort(([a], [b]) => (a < b ? -1 : 1))]);
  const hit = cache.get(key);
  if (hit !== undefined) {
    // Most recently used goes last, so the oldest is first to go.
    cache.delete(key);
    cache.set(key, hit);
    return { ok: true, total: hit };
  }
  const built = createWorld(scenario, options, false);
  if (!built.ok) return { ok: false, error: built.error };
  const total = new Session(built.world, Number(built.options.seed ?? 1)).length;
  cache.set(key, total);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return { ok: true, total };
}
