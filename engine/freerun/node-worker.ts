// A worker_threads entry for free-run mode (start it through unit/ts-worker-bootstrap.mjs): runs one actor, then reports how it ended.
import { parentPort, workerData } from 'node:worker_threads';
import { runActor, type FreeRunConfig } from './run';

const { buffer, cfg, actorId, control } = workerData as { buffer: SharedArrayBuffer; cfg: FreeRunConfig; actorId: string; control?: SharedArrayBuffer };
const t0 = performance.now();
const how = runActor(buffer, cfg, actorId, control);
parentPort!.postMessage({ done: true, how, ms: performance.now() - t0 });
