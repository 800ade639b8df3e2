// Why: runs the engine's free-run mode with one fresh worker_thread per actor, timed from a common start (all threads parked, then released).
import { Worker } from 'node:worker_threads';
import type { FreeRunConfig } from '../../engine/freerun/run';
import type { Mode } from '../lib/modes';
import type { RingRun } from '../lib/types';
import { STALL_MS, awaitRun, type End } from './watchdog';

// The engine as bundled by bundleEngine() at the start of the bench run: main thread and workers run the same snapshot.
type EngineApi = typeof import('../../engine/freerun/run');
const API = new URL('../out/node/engine-run.mjs', import.meta.url).href;
const WORKER = new URL('../out/node/engine-worker.mjs', import.meta.url);
let api: Promise<EngineApi> | undefined;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `execArgv` goes to each actor's worker (bench:profile passes --cpu-prof). */
export async function runEngineNode(mode: Mode, cfg: FreeRunConfig, execArgv: string[] = []): Promise<RingRun> {
  const engine = await (api ??= import(API) as Promise<EngineApi>);
  const { prepareFreeRun, controlOf, verify, readCounters } = engine;
  const { buffer, control, actors } = prepareFreeRun(cfg);
  const ctl = controlOf(buffer, control, cfg);
  ctl.pause(); // every thread parks at its first safe point: the start barrier
  const workers = actors.map((actorId) => new Worker(WORKER, { workerData: { buffer, control, cfg, actorId }, execArgv }));
  const ended = workers.map(
    (w) =>
      new Promise<End>((resolve) => {
        w.once('message', resolve);
        w.once('error', (err) => resolve({ error: err.message }));
      }),
  );
  for (let i = 0; i < 3000 && !ctl.settled(actors.length); i++) await sleep(5);
  if (!ctl.settled(actors.length)) throw new Error('engine threads did not reach their start point within 15 s');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  ctl.resume();
  const { ends, stalled } = await awaitRun(engine, buffer, cfg, Promise.all(ended), () => ctl.stop());
  const ms = performance.now() - t0;
  // The process's CPU over the run (the main thread only sleeps meanwhile), and each thread's GC against its own time.
  const cpu = process.cpuUsage(cpu0);
  await Promise.all(workers.map((w) => w.terminate()));
  const result = engineResult('node', mode, cfg, ms, ends, verify(buffer, cfg), readCounters(buffer, cfg), stalled);
  const threadMs = ends.reduce((s, e) => s + (e.ms ?? 0), 0);
  const gcMs = ends.reduce((s, e) => s + (e.gcMs ?? 0), 0);
  return { ...result, cpuUsPerBuffer: (cpu.user + cpu.system) / Number(cfg.options.packets), ...(threadMs > 0 ? { gcShare: gcMs / threadMs } : {}) };
}

/** Shared by the Node and Chromium runners. */
export function engineResult(
  env: 'node' | 'chromium',
  mode: Mode,
  cfg: FreeRunConfig,
  ms: number,
  ends: End[],
  v: { ok: boolean; message: string },
  counters: Record<string, number>,
  stalled?: string,
): RingRun {
  const buffers = Number(cfg.options.packets);
  const failed = ends.find((e) => e.error || e.how === 'stopped');
  const ok = v.ok && !failed && !stalled;
  return {
    impl: 'engine',
    env,
    mode,
    buffers,
    ms,
    mbps: buffers / ms / 1000,
    ok,
    message: stalled
      ? `stalled: no progress for ${STALL_MS / 1000} s, run stopped; state at the stall: ${stalled}`
      : failed
        ? `a thread ended with ${failed.error ?? failed.how}; ${v.message}`
        : v.message,
    counters,
  };
}
