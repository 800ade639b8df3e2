/**
 * The lines both programs print, in the order they print them: every
 * dpdk_log (exactly as that era's DPDK writes it) and every qemu_log, each
 * with the step it appears at. Built once per trace; at a step the log so
 * far is a prefix, found by binary search.
 */
import type { TraceEvent } from '@/engine/trace/events';

/** One printed line. */
export interface LogLine {
  step: number;
  source: 'dpdk' | 'qemu';
  /** DPDK's level (ERR … DEBUG) or QEMU's (error, warning, info). */
  level: string;
  text: string;
}

/** Every line of the run, in trace order. */
export function buildLog(trace: readonly TraceEvent[]): LogLine[] {
  const out: LogLine[] = [];
  trace.forEach((e, i) => {
    if (e.type === 'dpdk_log') out.push({ step: i + 1, source: 'dpdk', level: e.f.level, text: e.f.text });
    else if (e.type === 'qemu_log') out.push({ step: i + 1, source: 'qemu', level: e.f.level, text: e.f.text });
  });
  return out;
}

const cache = new WeakMap<readonly TraceEvent[], LogLine[]>();

/** The run's log, built on first use per trace. */
export function logOf(trace: readonly TraceEvent[]): readonly LogLine[] {
  let lines = cache.get(trace);
  if (!lines) {
    lines = buildLog(trace);
    cache.set(trace, lines);
  }
  return lines;
}

/** How many of `lines` have been printed by `step`. */
export function printedBy(lines: readonly LogLine[], step: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lines[mid]!.step <= step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The lines to show: DPDK's, with QEMU's interleaved when asked, up to `step`. */
export function logAt(lines: readonly LogLine[], step: number, withQemu: boolean): LogLine[] {
  const printed = lines.slice(0, printedBy(lines, step));
  return withQemu ? printed : printed.filter((l) => l.source === 'dpdk');
}

/** The text a "copy" button puts on the clipboard: the lines as printed, one per line. */
export function logText(lines: readonly LogLine[]): string {
  return lines.map((l) => l.text).join('\n');
}
