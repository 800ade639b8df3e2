// Why: the page side of the engine's free run in Chromium (bundled by esbuild): one Web Worker per actor, released together, timed on the page.
import * as engine from '../../engine/freerun/run';
import type { FreeRunConfig } from '../../engine/freerun/run';
import { awaitRun, type End } from '../engine/watchdog';

const { controlOf, prepareFreeRun, readCounters, verify } = engine;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runEngine(cfg: FreeRunConfig, workerUrl: string) {
  if (!self.crossOriginIsolated) throw new Error('page is not cross-origin isolated: no SharedArrayBuffer');
  const { buffer, control, actors } = prepareFreeRun(cfg);
  const ctl = controlOf(buffer, control, cfg);
  ctl.pause(); // every worker parks at its first safe point: the start barrier
  const workers = actors.map(() => new Worker(workerUrl));
  const ended = workers.map(
    (w, i) =>
      new Promise<End>((resolve) => {
        w.onmessage = (e: MessageEvent<End>) => resolve(e.data);
        w.onerror = (e) => resolve({ done: false, error: `worker: ${e.message}` });
        w.postMessage({ buffer, control, cfg, actorId: actors[i] });
      }),
  );
  for (let i = 0; i < 3000 && !ctl.settled(actors.length); i++) await sleep(5);
  if (!ctl.settled(actors.length)) throw new Error('engine workers did not reach their start point within 15 s');
  const t0 = performance.now();
  ctl.resume();
  const { ends, stalled } = await awaitRun(engine, buffer, cfg, Promise.all(ended), () => ctl.stop());
  const ms = performance.now() - t0;
  workers.forEach((w) => w.terminate());
  return { ms, ends, stalled, v: verify(buffer, cfg), counters: readCounters(buffer, cfg) as Record<string, number> };
}
