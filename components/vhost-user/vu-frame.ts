/**
 * One frame of a vhost-user run, decoded when the worker's reply arrives:
 * the live state (DPDK's device, QEMU's vhost state), where the sequence
 * diagram and the log are at this step, and the last beat of each side for
 * its stack. The heavy parts (the diagram's rows, the log, the side index)
 * are built once per trace and only looked up here.
 */
import type { Snapshot, VhostUserInfo, VhostUserLive } from '@/engine/scenarios/world';
import type { TraceEvent } from '@/engine/trace/events';
import { fingerprint } from '../format';
import type { FrameBase } from '../ring/frame-view';
import { logOf, printedBy } from './log-index';
import { sequenceAt, sequenceOf, type SequenceAt } from './sequence-model';
import { lastOfSide, sideIndexOf } from './side-stacks';

/** Everything the vhost-user views show at one step. */
export interface VhostUserFrame extends FrameBase {
  kind: 'vhost-user';
  snapshot: Snapshot<VhostUserLive>;
  seq: SequenceAt;
  /** Log lines printed so far (both programs). */
  printed: number;
  /** The last beat that ran each side's code. */
  stacks: { qemu: TraceEvent | null; dpdk: TraceEvent | null };
  /** The eventfd this beat signalled, as every frame kind says it (the fd panel pulses it). */
  touch: { fd: { fd: number; kind: 'kick' | 'call' } | null };
}

function signalledFd(e: TraceEvent | null): VhostUserFrame['touch']['fd'] {
  if (e && (e.type === 'eventfd_signal' || e.type === 'eventfd_write')) return { fd: e.f.fd, kind: e.f.role };
  if (e && e.type === 'dpdk_vring_call' && e.f.signal) return { fd: e.f.fd, kind: 'call' };
  return null;
}

/** Decode the vhost-user frame at `snapshot.step`. */
export function decodeVhostUserFrame(info: VhostUserInfo, trace: readonly TraceEvent[], snapshot: Snapshot<VhostUserLive>): VhostUserFrame {
  const step = snapshot.step;
  const seq = sequenceAt(sequenceOf(trace, info.threads), step);
  const printed = printedBy(logOf(trace), step);
  const sides = sideIndexOf(trace);
  const event = step > 0 ? (trace[step - 1] ?? null) : null;
  const stacks = { qemu: lastOfSide(trace, sides, 'qemu', step), dpdk: lastOfSide(trace, sides, 'dpdk', step) };
  return {
    kind: 'vhost-user',
    step,
    total: trace.length,
    event,
    snapshot,
    seq,
    printed,
    stacks,
    touch: { fd: signalledFd(event) },
    fingerprint: fingerprint(JSON.stringify([seq, printed, snapshot.status, snapshot.dpdk, snapshot.qemu])),
  };
}
