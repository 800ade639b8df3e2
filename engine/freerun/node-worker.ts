// A worker_threads entry for free-run mode (start it through unit/ts-worker-bootstrap.mjs): runs one actor, then reports how it ended and how long this thread spent in garbage collection.
import { PerformanceObserver } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { runActor, type FreeRunConfig } from './run';

const { buffer, cfg, actorId, control } = workerData as { buffer: SharedArrayBuffer; cfg: FreeRunConfig; actorId: string; control?: SharedArrayBuffer };
let gcMs = 0;
const gc = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMs += e.duration;
});
gc.observe({ entryTypes: ['gc'] });
const t0 = performance.now();
const how = runActor(buffer, cfg, actorId, control);
const ms = performance.now() - t0;
// GC entries reach the observer from the event loop, which the run kept busy: let them arrive.
await new Promise((r) => setTimeout(r, 50));
gc.disconnect();
parentPort!.postMessage({ done: true, how, ms, gcMs });
