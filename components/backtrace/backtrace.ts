/**
 * A beat's simulated call stack as gdb prints it: innermost frame first,
 * numbered, with the real source file, and a marker line wherever the stack
 * crosses from one world into another (guest → host is a VM exit).
 */
import { FRAMES, frameFile, type FrameId, type FrameSpace } from '@/engine/trace/frames';
import type { UiKey } from '../i18n/ui-text';

/** One printed line: a frame, or a boundary between two worlds. */
export type BacktraceLine =
  | { kind: 'frame'; n: number; fn: FrameId; file: string; space: FrameSpace }
  | { kind: 'boundary'; label: UiKey; from: FrameSpace; to: FrameSpace };

/** Which marker goes between an outer frame in `outer` and an inner frame in `inner`. */
function boundary(outer: FrameSpace, inner: FrameSpace): UiKey | null {
  if (outer === inner) return null;
  if (outer === 'guest') return inner === 'host-user' ? 'vmExitUser' : 'vmExit';
  if (outer === 'host-user' && inner === 'host-kernel') return 'syscall';
  return null;
}

/** The lines for `stack` (outermost first, as events carry it); `dpdk` picks the DPDK tree's file layout (19.11 keeps lib/librte_vhost/). */
export function backtraceLines(stack: readonly FrameId[], dpdk: '19.11' | '22.11' = '22.11'): BacktraceLine[] {
  const out: BacktraceLine[] = [];
  for (let k = stack.length - 1, n = 0; k >= 0; k--, n++) {
    const fn = stack[k]!;
    const info = FRAMES[fn];
    out.push({ kind: 'frame', n, fn, file: frameFile(fn, dpdk), space: info.space });
    const outer = stack[k - 1];
    if (outer !== undefined) {
      const label = boundary(FRAMES[outer].space, info.space);
      if (label) out.push({ kind: 'boundary', label, from: FRAMES[outer].space, to: info.space });
    }
  }
  return out;
}
