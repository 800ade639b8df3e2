// Why: every measurement is tagged with its repetition and the load average, logs one progress line, and a failure becomes a recorded result instead of aborting the run.
import { loadavg } from 'node:os';
import { MODE_LABEL, type Mode } from './modes';
import type { Env, Impl, RingRun } from './types';

export interface Measured extends RingRun {
  rep: number;
  /** 1-minute load average just before the run. */
  load1: number;
  error?: string;
}

export const IMPL_LABEL: Record<Impl, string> = { c: 'C', js: 'bare JS', engine: 'engine' };

export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

export async function measure(rep: number, what: { impl: Impl; env: Env; mode: Mode; buffers: number; kind?: string }, fn: () => Promise<RingRun>): Promise<Measured> {
  const load1 = loadavg()[0]!;
  const tag = `  ${rep >= 0 ? `rep ${rep + 1} ` : ''}${what.kind ?? ''}${IMPL_LABEL[what.impl]} ${what.env} ${MODE_LABEL[what.mode]} ×${what.buffers.toLocaleString('en-US')}`;
  try {
    const r = await fn();
    const shown = r.rtt ? `${r.rtt.meanUs.toFixed(2)} µs mean RTT` : `${r.mbps.toFixed(3)} M/s`;
    log(`${tag}: ${shown} in ${(r.ms / 1000).toFixed(2)} s ${r.ok ? '✓' : `✗ ${r.message}`}`);
    return { ...r, rep, load1 };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    log(`${tag}: FAILED ${error}`);
    return { ...what, ms: NaN, mbps: NaN, ok: false, message: error, counters: {}, rep, load1, error };
  }
}
