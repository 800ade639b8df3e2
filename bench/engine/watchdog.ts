// Why: a free run that stops making progress (a lost wake-up) must not hang the benchmark: detect the stall, keep the evidence, stop the threads.
import type { FreeRunConfig } from '../../engine/freerun/run';
import { readRingHeader } from '../../engine/session/ring-view';

type EngineApi = typeof import('../../engine/freerun/run');
/** How one actor thread ended; Node's workers also say how long the thread ran and spent in garbage collection. */
export type End = { done?: boolean; how?: string; error?: string; ms?: number; gcMs?: number };

export const STALL_MS = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Everything shared that moves while the run makes progress. */
function progress(api: EngineApi, buffer: SharedArrayBuffer, cfg: FreeRunConfig): number {
  const c = api.readCounters(buffer, cfg) as Record<string, number>;
  return Object.entries(c).reduce((s, [k, v]) => (k === 'frameHash' ? s : s + v), 0);
}

/** The state to report when a run stalls: counters, the ring's indices and event fields, both queue states, the eventfd counts. */
export function stallEvidence(api: EngineApi, buffer: SharedArrayBuffer, cfg: FreeRunConfig): string {
  const world = api.worldOver(buffer, cfg);
  const { counters, driver, device, fds, irqPending, work } = world.live();
  const ring = readRingHeader(new Uint8Array(buffer), world.info);
  return JSON.stringify({ ring, driver, device, counters, fds: fds.filter((f) => f.count !== null), irqPending, work });
}

/**
 * Waits for every thread to end. If the shared counters stop moving for STALL_MS, records the evidence,
 * stops the run and waits a little for the threads to leave.
 */
export async function awaitRun(api: EngineApi, buffer: SharedArrayBuffer, cfg: FreeRunConfig, ended: Promise<End[]>, stop: () => void): Promise<{ ends: End[]; stalled?: string }> {
  let ends: End[] | undefined;
  void ended.then((e) => (ends = e));
  let last = progress(api, buffer, cfg);
  let since = performance.now();
  while (!ends) {
    await Promise.race([ended, sleep(250)]);
    if (ends) break;
    const p = progress(api, buffer, cfg);
    if (p !== last) {
      last = p;
      since = performance.now();
    } else if (performance.now() - since > STALL_MS) {
      const stalled = stallEvidence(api, buffer, cfg);
      stop();
      await Promise.race([ended, sleep(2000)]);
      return { ends: ends ?? [], stalled };
    }
  }
  return { ends };
}
