/**
 * What a reader sets on the playground, and how it becomes a free run's
 * options (the descriptor-flow scenario's strings, as on the command line).
 * Pure: no React, no DOM.
 */
import type { FreeRunConfig } from '@/engine/freerun/run';
import { KVM_DOORBELL_EXIT_NS } from '@/engine/kvm/exit-cost';

/** The back-ends the playground lists; only the first runs today. */
export const BACKENDS = [
  { id: 'vhost-net', ready: true },
  { id: 'dpdk', ready: false },
  { id: 'ifcvf', ready: false },
] as const;

/** A back-end id. */
export type BackendId = (typeof BACKENDS)[number]['id'];

/** How notifications are suppressed. */
export type Suppression = 'event-idx' | 'flags' | 'every';

/** Every suppression mode, in the order the form shows them. */
export const SUPPRESSIONS: readonly Suppression[] = ['event-idx', 'flags', 'every'];

/** The engine's two switches behind each mode. */
export const SUPPRESSION_FLAGS: Record<Suppression, { eventIdx: boolean; suppress: boolean }> = {
  'event-idx': { eventIdx: true, suppress: true },
  flags: { eventIdx: false, suppress: true },
  every: { eventIdx: false, suppress: false },
};

/** The busy loop the form's switch sets, in µs (one pass of the model's loop stands for 1 µs). */
export const BUSYLOOP_US = 50;

/** Values the selects offer. */
/** TX needs at least 32 (virtio-net stops its queue below 19 free); QEMU allows at most 1024. */
export const QSIZES = [32, 64, 256, 1024] as const;
export const BATCHES = [1, 2, 4, 8, 16, 32, 64] as const;
export const FRAME_SIZES = [64, 128, 256, 512, 1024, 1514] as const;

/** Limits of the frame count (the scenario's `packets` option). */
export const MIN_FRAMES = 1;
export const MAX_FRAMES = 10_000_000;

/** The playground's form. */
export interface PlaygroundOptions {
  backend: BackendId;
  dir: 'tx' | 'rx';
  qsize: number;
  batch: number;
  size: number;
  suppression: Suppression;
  /** vhost_net_busy_poll: a busyloop_timeout of BUSYLOOP_US µs (VHOST_SET_VRING_BUSYLOOP_TIMEOUT). */
  busyloop: boolean;
  /** Charge each kick the VM exit a real KVM takes for a doorbell write (KVM_DOORBELL_EXIT_NS, spent by the vCPU thread). */
  exitCost: boolean;
  indirect: boolean;
  frames: number;
}

/** Where the form starts. */
export const DEFAULT_OPTIONS: PlaygroundOptions = {
  backend: 'vhost-net',
  dir: 'tx',
  qsize: 256,
  batch: 1,
  size: 64,
  suppression: 'event-idx',
  busyloop: false,
  exitCost: true,
  indirect: false,
  frames: 2_000_000,
};

/** The free run these options describe. */
export function freeRunConfig(o: PlaygroundOptions): FreeRunConfig {
  const { eventIdx, suppress } = SUPPRESSION_FLAGS[o.suppression];
  return {
    scenario: 'descriptor-flow',
    options: {
      dir: o.dir,
      packets: String(o.frames),
      size: String(o.size),
      qsize: String(o.qsize),
      batch: String(o.dir === 'tx' ? o.batch : 1),
      eventIdx: String(eventIdx),
      suppress: String(suppress),
      indirect: String(o.indirect),
      busyloop: String(o.busyloop ? BUSYLOOP_US : 0),
      exitNs: String(o.exitCost ? KVM_DOORBELL_EXIT_NS : 0),
    },
  };
}

/** A frame count typed by a reader ("2,000,000", "2e6", " 300000 "), or null when it is not one. */
export function parseFrames(raw: string): number | null {
  const s = raw.replace(/[\s,_]/g, '');
  if (!/^\d+(\.\d+)?(e\d+)?$/i.test(s)) return null;
  const n = Number(s);
  if (!Number.isSafeInteger(n) || n < MIN_FRAMES || n > MAX_FRAMES) return null;
  return n;
}

/** What a sweep varies, and over which values. */
export type SweepKind = 'qsize' | 'batch';
export const SWEEP_VALUES: Record<SweepKind, readonly number[]> = {
  qsize: [32, 64, 256, 1024],
  batch: [1, 4, 16, 64],
};
/** Frames per sweep run by default. */
export const SWEEP_FRAMES = 200_000;

/** The options of one sweep run: the form, with one value changed and a short frame count. */
export function sweepOptions(o: PlaygroundOptions, kind: SweepKind, value: number, frames: number): PlaygroundOptions {
  // Batching is a TX feature (xmit_more); a batch sweep runs TX whatever the form says.
  return kind === 'qsize' ? { ...o, qsize: value, frames } : { ...o, dir: 'tx', batch: value, frames };
}
