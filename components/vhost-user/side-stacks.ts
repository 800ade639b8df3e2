/**
 * Each side's stack at a step: the last beat up to the step that ran QEMU
 * code, and the last that ran DPDK (or OVS) code. A thread belongs to a side
 * by its id ('qemu', and the vCPU thread while it runs QEMU's half of an
 * exit; 'vhost-events', 'vhost-reconnect', 'pmd', 'ovs'), so the reader sees
 * both programs' functions side by side, not only the one acting now.
 */
import type { TraceEvent } from '@/engine/trace/events';
import { FRAMES } from '@/engine/trace/frames';

/** Which program a beat's code belongs to. */
export type StackSide = 'qemu' | 'dpdk';

const DPDK_THREADS: ReadonlySet<string> = new Set(['vhost-events', 'vhost-reconnect', 'pmd', 'ovs']);

/** The side whose code `e` runs, or null (guest code, the kernel). */
export function sideOfEvent(e: TraceEvent): StackSide | null {
  if (DPDK_THREADS.has(e.actor)) return 'dpdk';
  if (e.actor === 'qemu') return 'qemu';
  // The vCPU thread runs QEMU when its innermost frame is a host process's (an exit handled in QEMU).
  const inner = e.stack[e.stack.length - 1];
  if (e.actor.startsWith('vcpu') && inner !== undefined && FRAMES[inner].space === 'host-user') return 'qemu';
  return null;
}

/** Per side, the trace indexes of its beats, in order. */
export interface SideIndex {
  qemu: Int32Array;
  dpdk: Int32Array;
}

/** Index a trace by side. */
export function buildSideIndex(trace: readonly TraceEvent[]): SideIndex {
  const q: number[] = [];
  const d: number[] = [];
  trace.forEach((e, i) => {
    const side = sideOfEvent(e);
    if (side === 'qemu') q.push(i);
    else if (side === 'dpdk') d.push(i);
  });
  return { qemu: Int32Array.from(q), dpdk: Int32Array.from(d) };
}

const cache = new WeakMap<readonly TraceEvent[], SideIndex>();

/** The side index of `trace`, built on first use. */
export function sideIndexOf(trace: readonly TraceEvent[]): SideIndex {
  let idx = cache.get(trace);
  if (!idx) {
    idx = buildSideIndex(trace);
    cache.set(trace, idx);
  }
  return idx;
}

/** The last beat of `side` shown by `step` (trace[0 … step-1]), or null. */
export function lastOfSide(trace: readonly TraceEvent[], index: SideIndex, side: StackSide, step: number): TraceEvent | null {
  const list = index[side];
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < step) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? (trace[list[lo - 1]!] ?? null) : null;
}
