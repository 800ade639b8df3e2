/**
 * The comparison's reference: the bare JS split ring (bare-ring/, the same
 * files the bench runs in Chromium), two fresh Web Workers over one
 * SharedArrayBuffer, measured in this browser. Loaded on first use, so the
 * ring and its worker stay out of the page's first JavaScript.
 */
import type { Measured, RingRunConfig } from './compare';

/** Runs one bare-ring measurement; aborting ends it (its workers are terminated). */
export type RunRing = (cfg: RingRunConfig, signal: AbortSignal) => Promise<Measured>;

/** The browser's bare ring: bare-ring/page.mjs's runRing, its verification as a Measured. */
export const runRingInBrowser: RunRing = async (cfg, signal) => {
  const { runRing } = await import('@/bare-ring/page.mjs');
  const { v } = await runRing(cfg, { signal });
  return { ok: v.ok, frames: cfg.buffers, ms: v.ms, kicks: v.kicks, calls: v.calls, message: v.message };
};
