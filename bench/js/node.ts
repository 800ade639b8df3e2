// Why: runs the bare JS ring with its driver and device in two fresh worker_threads over one SharedArrayBuffer.
import { Worker } from 'node:worker_threads';
import type { Mode } from '../lib/modes';
import type { RingRun } from '../lib/types';
import { createRing, latencyStats, verify } from '../../bare-ring/ring.mjs';

export interface RingConfig {
  mode: Mode;
  buffers: number;
  qsize: number;
  /** Cap on buffers outstanding: 1 makes every buffer a single round trip. */
  inflight?: number;
  /** Record per-round times (driver side). */
  lat?: boolean;
}

/** What bare-ring/ring.mjs's verify() returns. */
export interface Verified {
  ok: boolean;
  message: string;
  ms: number;
  kicks: number;
  calls: number;
  driverWaits: number;
  deviceWaits: number;
}

interface SideResult {
  ms: number;
  bad: string;
  lat?: Float64Array | null;
}

function side(sab: SharedArrayBuffer, cfg: RingConfig, role: 'driver' | 'device'): Promise<SideResult> {
  const w = new Worker(new URL('./node-worker.mjs', import.meta.url), { workerData: { sab, cfg, role } });
  return new Promise<SideResult>((resolve, reject) => {
    w.once('message', (m: SideResult) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

export async function runJsRingNode(cfg: RingConfig): Promise<RingRun> {
  const sab = createRing(cfg);
  const [drv] = await Promise.all([side(sab, cfg, 'driver'), side(sab, cfg, 'device')]);
  return ringResult('node', cfg, verify(sab, cfg) as Verified, drv.lat);
}

/** Shared by the Node and Chromium runners: verification, counters and round-trip statistics of one run. */
export function ringResult(env: 'node' | 'chromium', cfg: RingConfig, v: Verified, lat?: ArrayLike<number> | null): RingRun {
  const rtt = lat && lat.length ? latencyStats(lat) : undefined;
  return {
    impl: 'js',
    env,
    mode: cfg.mode,
    buffers: cfg.buffers,
    ms: v.ms,
    mbps: cfg.buffers / v.ms / 1000,
    ok: v.ok,
    message: v.message,
    counters: { kicks: v.kicks, calls: v.calls, driverWaits: v.driverWaits, deviceWaits: v.deviceWaits },
    // Chromium coarsens performance.now() to 5 µs in isolated workers: only the mean is meaningful there.
    rtt: rtt && (env === 'node' ? { meanUs: rtt.rttMeanUs, medianUs: rtt.rttMedianUs, p99Us: rtt.rttP99Us } : { meanUs: rtt.rttMeanUs }),
  };
}
