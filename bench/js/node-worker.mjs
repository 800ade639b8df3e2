// Why: a worker_threads entry that runs one side of the bare JS ring (workerData = { sab, cfg, role }).
import { parentPort, workerData } from 'node:worker_threads';
import { runDevice, runDriver } from '../../bare-ring/ring.mjs';

const { sab, cfg, role } = workerData;
parentPort.postMessage(role === 'driver' ? runDriver(sab, cfg) : runDevice(sab, cfg));
