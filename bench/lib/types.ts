// Why: the shape every measurement is reported in, whatever ran it (C, bare JS, engine; native, Node, Chromium).
import type { Mode } from './modes';

export type Impl = 'c' | 'js' | 'engine';
export type Env = 'native' | 'node' | 'chromium';

/** One run of one ring: throughput (or round trips when inflight is 1), verification and notification counts. */
export interface RingRun {
  impl: Impl;
  env: Env;
  mode: Mode;
  buffers: number;
  ms: number;
  /** Million buffers per second. */
  mbps: number;
  ok: boolean;
  message: string;
  counters: Record<string, number>;
  /** The engine in Node: CPU time of the whole process per buffer (all threads), and the share of the actor threads' time spent in GC. */
  cpuUsPerBuffer?: number;
  gcShare?: number;
  /** Round-trip times in µs (latency runs only); the median is missing where the timer is too coarse. */
  rtt?: { meanUs: number; medianUs?: number; p99Us?: number };
}
