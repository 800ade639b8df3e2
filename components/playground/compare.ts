/**
 * The notification-mode comparison: the form's options run once per
 * suppression mode (every buffer, flags, event-idx, in that order), each
 * beside the bare JS split ring (bare-ring/ring.mjs, the bench's baseline)
 * in the same mode and queue size, and what each run measured, per frame.
 * Pure: no React, no DOM, no workers.
 */
import type { FreeRunConfig } from '@/engine/freerun/run';
import { freeRunConfig, type PlaygroundOptions, type Suppression } from './options';

/** The order the comparison runs (and shows) the modes: no suppression first, the most suppression last. */
export const COMPARE_ORDER: readonly Suppression[] = ['every', 'flags', 'event-idx'];

/** The bare ring's name for each mode (bare-ring/ring.mjs's MODES). */
export const RING_MODE: Record<Suppression, 'every' | 'flags' | 'evidx'> = { every: 'every', flags: 'flags', 'event-idx': 'evidx' };

/** Fewer buffers than this and a bare-ring run is mostly JIT warm-up in fresh workers (a few ms), so the reference runs at least this many. */
export const RING_MIN_BUFFERS = 1_000_000;

/** What the bare ring runs (bare-ring/page.mjs's RingConfig). */
export interface RingRunConfig {
  mode: 'every' | 'flags' | 'evidx';
  buffers: number;
  qsize: number;
}

/** One mode of the comparison: the engine's free run and the bare ring's. */
export interface ComparePlanRow {
  mode: Suppression;
  cfg: FreeRunConfig;
  ring: RingRunConfig;
}

/** The runs for the form's options: only the suppression changes; the back-end is vhost-net. */
export function comparePlan(o: PlaygroundOptions): ComparePlanRow[] {
  return COMPARE_ORDER.map((mode) => ({
    mode,
    cfg: freeRunConfig({ ...o, backend: 'vhost-net', suppression: mode }),
    ring: { mode: RING_MODE[mode], buffers: Math.max(o.frames, RING_MIN_BUFFERS), qsize: o.qsize },
  }));
}

/** What one run measured: frames (or buffers) moved, over how long, with how many notifications. */
export interface Measured {
  /** Finished and verified: every frame exactly once, intact. */
  ok: boolean;
  frames: number;
  ms: number;
  kicks: number;
  calls: number;
  /** The check's words, or why the run did not finish. */
  message: string;
}

/** One mode's results; null while not (yet) measured. */
export interface CompareRow {
  mode: Suppression;
  engine: Measured | null;
  ring: Measured | null;
}

/** Rates of one run; null where the run gives no honest number (it failed, or nothing moved). */
export interface PerFrame {
  framesPerSec: number | null;
  kicksPerFrame: number | null;
  callsPerFrame: number | null;
}

/** Frames per second and notifications per frame of a verified run. */
export function perFrame(m: Measured | null): PerFrame {
  if (!m || !m.ok || m.frames <= 0) return { framesPerSec: null, kicksPerFrame: null, callsPerFrame: null };
  return {
    framesPerSec: m.ms > 0 ? (m.frames * 1000) / m.ms : null,
    kicksPerFrame: m.kicks / m.frames,
    callsPerFrame: m.calls / m.frames,
  };
}
