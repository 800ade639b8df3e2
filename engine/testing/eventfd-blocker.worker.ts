// Test helper run in a worker_thread: block in eventfd read until the main thread writes, then report what it read.
import { parentPort, workerData } from 'node:worker_threads';
import { Arena } from '../mem/arena';
import { EventFd } from '../os/eventfd';

const { buffer, slot } = workerData as { buffer: SharedArrayBuffer; slot: number };
const efd = new EventFd(new Arena(buffer), slot, 'test', true);
parentPort!.postMessage({ ready: true });
const got = efd.readBlocking(10_000);
parentPort!.postMessage({ got, after: efd.count() });
