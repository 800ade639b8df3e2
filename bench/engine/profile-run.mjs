// Why: the child process `npm run bench:profile` starts under `node --cpu-prof`: one free run of the bundled engine, each actor on its own worker_thread (each writes its own profile).
import { Worker } from 'node:worker_threads';

const [mode, packets] = process.argv.slice(2);
const engine = await import(new URL('../out/node/engine-run.mjs', import.meta.url).href);
const options = { dir: 'tx', packets, qsize: '256', size: '64', ...JSON.parse(mode) };
const cfg = { scenario: 'descriptor-flow', options };
const { buffer, control, actors } = engine.prepareFreeRun(cfg);
const ctl = engine.controlOf(buffer, control, cfg);
ctl.pause();
const workers = actors.map((actorId) => new Worker(new URL('../out/node/engine-worker.mjs', import.meta.url), { workerData: { buffer, control, cfg, actorId } }));
const ends = workers.map((w) => new Promise((resolve) => w.once('message', resolve)));
while (!ctl.settled(actors.length)) await new Promise((r) => setTimeout(r, 5));
const t0 = performance.now();
ctl.resume();
const results = await Promise.all(ends);
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ actors, ms, ends: results, verify: engine.verify(buffer, cfg), counters: engine.readCounters(buffer, cfg) }) + '\n');
await Promise.all(workers.map((w) => w.terminate()));
