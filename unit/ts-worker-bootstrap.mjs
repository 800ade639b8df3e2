// Why: on node 20 worker_threads don't inherit vitest's TS transform; spawn this with workerData.__entry = a .ts file URL.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.__entry);
