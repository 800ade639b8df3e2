/**
 * The message-sequence diagram's model, built from a vhost-user run's trace:
 * the lifelines (guest driver, QEMU, the unix socket, DPDK's events thread,
 * the PMD — only those the run has threads for), and one row per thing worth
 * an arrow, in trace order: each message (its vu_send and the vu_recv with
 * the same `msg` id make one arrow, drawn when sent and landing when read;
 * a vu_reject crosses it out), socket operations, the guest's status writes,
 * DPDK calling the application (new_device …), and on the data path the
 * guest's kick, the PMD's dequeue/enqueue and its call.
 *
 * It is built once per trace (`sequenceOf` caches by the trace array); a
 * step then only needs `sequenceAt`, a binary search, so stepping through
 * hundreds of messages costs nothing per frame.
 */
import type { VuSide } from '@/engine/trace/events-vhost-user';
import type { TraceEvent } from '@/engine/trace/events';

/** A lifeline. */
export type LaneId = 'guest' | 'qemu' | 'socket' | 'dpdk' | 'pmd';

/** Fields every row has: its number in the diagram and the step it appears at (step k shows trace[k-1]). */
interface RowBase {
  index: number;
  step: number;
}

/** One vhost-user message. */
export interface MessageRow extends RowBase {
  kind: 'message';
  msg: number;
  from: VuSide;
  to: VuSide;
  request: number;
  name: string;
  flags: number;
  size: number;
  reply: boolean;
  /** The bytes as sent (lowercase hex). */
  hex: string;
  /** The sender's fd numbers, and the receiver's new numbers for them (null if never read; they apply from recvStep on). */
  sendFds: readonly number[];
  recvFds: readonly number[] | null;
  /** The step the receiver read it at (null: never read in this run). */
  recvStep: number | null;
  /** DPDK refused it: why, when, and whether the connection went with it. */
  rejected: { step: number; error: string; closes: boolean; nack: boolean } | null;
  /** The walkthrough's fault switch spoiled this message (names the defect). */
  fault: string | null;
}

/** A socket operation of one side. */
export interface SocketRow extends RowBase {
  kind: 'socket';
  side: VuSide;
  op: 'listen' | 'connect' | 'connect-failed' | 'accept' | 'close' | 'hup';
  fd: number;
  path: string;
}

/** The guest driver wrote the device status register. */
export interface StatusRow extends RowBase {
  kind: 'status';
  value: number;
}

/** DPDK called the application's device ops (OVS). */
export interface AppRow extends RowBase {
  kind: 'app';
  op: 'new_device' | 'destroy_device' | 'vring_state_changed';
  vring: number | null;
  enable: boolean | null;
}

/** The data path: the guest's kick, the PMD's dequeue or enqueue, and its call back to the guest. */
export interface DataRow extends RowBase {
  kind: 'kick' | 'dequeue' | 'enqueue' | 'call';
  vring: number;
  /** Buffers moved (dequeue/enqueue), else 0. */
  count: number;
  /** The call eventfd (call), else null. */
  fd: number | null;
}

/** A row of the diagram. */
export type SequenceRow = MessageRow | SocketRow | StatusRow | AppRow | DataRow;

/** The whole diagram for one trace. */
export interface SequenceModel {
  lanes: readonly LaneId[];
  rows: readonly SequenceRow[];
  /** For step k (0 … trace.length), the row that step's event belongs to, or -1. */
  rowOfStep: Int32Array;
  /** Message rows by `msg` id. */
  byMsg: ReadonlyMap<number, MessageRow>;
}

/** The diagram at one step. */
export interface SequenceAt {
  /** Rows visible: rows[0 … visible-1]. */
  visible: number;
  /** The row the step's event belongs to, or -1. */
  current: number;
}

/** The lane a side's messages leave from. */
export function laneOfSide(side: VuSide): LaneId {
  return side === 'qemu' ? 'qemu' : 'dpdk';
}

/** The lifelines a run has: QEMU, the socket and DPDK always; the guest and the PMD when the run has their threads. */
export function lanesFor(threads: ReadonlyArray<{ id: string }>): LaneId[] {
  const has = (id: string) => threads.some((t) => t.id === id);
  return [...(has('vcpu0') ? (['guest'] as const) : []), 'qemu', 'socket', 'dpdk', ...(has('pmd') ? (['pmd'] as const) : [])];
}

/** Build the diagram from the whole trace. */
export function buildSequence(trace: readonly TraceEvent[], threads: ReadonlyArray<{ id: string }>): SequenceModel {
  const rows: SequenceRow[] = [];
  const rowOfStep = new Int32Array(trace.length + 1).fill(-1);
  const byMsg = new Map<number, MessageRow>();
  let pendingFault: string | null = null;
  const push = <R extends SequenceRow>(row: Omit<R, 'index'>, step: number): R => {
    const r = { ...row, index: rows.length } as R;
    rows.push(r);
    rowOfStep[step] = r.index;
    return r;
  };

  trace.forEach((e, i) => {
    const step = i + 1;
    switch (e.type) {
      case 'vu_send': {
        const f = e.f;
        const row = push<MessageRow>(
          {
            kind: 'message',
            step,
            msg: f.msg,
            from: f.from,
            to: f.from === 'qemu' ? 'dpdk' : 'qemu',
            request: f.request,
            name: f.name,
            flags: f.flags,
            size: f.size,
            reply: f.reply,
            hex: f.hex,
            sendFds: f.fds,
            recvFds: null,
            recvStep: null,
            rejected: null,
            fault: f.from === 'qemu' ? pendingFault : null,
          },
          step,
        );
        if (f.from === 'qemu') pendingFault = null;
        byMsg.set(f.msg, row);
        return;
      }
      case 'vu_recv': {
        const row = byMsg.get(e.f.msg);
        if (!row) return;
        row.recvFds = e.f.fds;
        row.recvStep = step;
        rowOfStep[step] = row.index;
        return;
      }
      case 'vu_reject': {
        const row = byMsg.get(e.f.msg);
        if (!row) return;
        row.rejected = { step, error: e.f.error, closes: e.f.closes, nack: e.f.nack };
        rowOfStep[step] = row.index;
        return;
      }
      case 'vu_fault_injected':
        // The next message QEMU writes is the spoiled one.
        pendingFault = e.f.fault;
        return;
      case 'vu_socket':
        push<SocketRow>({ kind: 'socket', step, side: e.f.who, op: e.f.op, fd: e.f.fd, path: e.f.path }, step);
        return;
      case 'virtio_pci_common_write':
        if (e.f.reg === 'device_status') push<StatusRow>({ kind: 'status', step, value: e.f.value }, step);
        return;
      case 'vu_notify_app':
        push<AppRow>({ kind: 'app', step, op: e.f.op, vring: e.f.vring, enable: e.f.enable }, step);
        return;
      case 'vp_notify':
        push<DataRow>({ kind: 'kick', step, vring: e.f.queue, count: 0, fd: null }, step);
        return;
      case 'dpdk_dequeue':
        push<DataRow>({ kind: 'dequeue', step, vring: e.f.vring, count: e.f.count, fd: null }, step);
        return;
      case 'dpdk_enqueue':
        push<DataRow>({ kind: 'enqueue', step, vring: e.f.vring, count: e.f.count, fd: null }, step);
        return;
      case 'dpdk_vring_call':
        // Only a call that writes the eventfd reaches the guest; a suppressed one is no arrow.
        if (e.f.signal) push<DataRow>({ kind: 'call', step, vring: e.f.vring, count: 0, fd: e.f.fd }, step);
        return;
      default:
        return;
    }
  });
  return { lanes: lanesFor(threads), rows, rowOfStep, byMsg };
}

const cache = new WeakMap<readonly TraceEvent[], SequenceModel>();

/** The diagram of `trace`, built on first use and kept for as long as the trace is. */
export function sequenceOf(trace: readonly TraceEvent[], threads: ReadonlyArray<{ id: string }>): SequenceModel {
  let model = cache.get(trace);
  if (!model) {
    model = buildSequence(trace, threads);
    cache.set(trace, model);
  }
  return model;
}

/** Where the diagram is at `step`: how many rows show, and which is the step's own. */
export function sequenceAt(model: SequenceModel, step: number): SequenceAt {
  const rows = model.rows;
  // The first row whose step is past `step` (rows are in step order).
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid]!.step <= step) lo = mid + 1;
    else hi = mid;
  }
  const current = step >= 0 && step < model.rowOfStep.length ? model.rowOfStep[step]! : -1;
  return { visible: lo, current };
}

/** Where a message is at `step`: not yet sent, on the wire, read, or refused. */
export function messageStage(row: MessageRow, step: number): 'unsent' | 'in-flight' | 'read' | 'rejected' {
  if (step < row.step) return 'unsent';
  if (row.rejected && row.rejected.step <= step) return 'rejected';
  if (row.recvStep !== null && row.recvStep <= step) return 'read';
  return 'in-flight';
}

/** The lanes a row's arrow joins, from → to (a note on one lane has from === to). */
export function rowEnds(row: SequenceRow): { from: LaneId; to: LaneId } {
  switch (row.kind) {
    case 'message':
      return { from: laneOfSide(row.from), to: laneOfSide(row.to) };
    case 'socket':
      return { from: laneOfSide(row.side), to: 'socket' };
    case 'status':
      return { from: 'guest', to: 'qemu' };
    case 'app':
      return { from: 'dpdk', to: 'dpdk' };
    case 'kick':
      return { from: 'guest', to: 'pmd' };
    case 'call':
      return { from: 'pmd', to: 'guest' };
    case 'dequeue':
    case 'enqueue':
      return { from: 'pmd', to: 'pmd' };
  }
}

/** The message the inspector shows at `at`: the pinned one if it has been sent, else the step's own, else the last one sent. */
export function inspectedMessage(model: SequenceModel, at: SequenceAt, pinned: number | null): MessageRow | null {
  if (pinned !== null) {
    const row = model.byMsg.get(pinned);
    if (row && row.index < at.visible) return row;
  }
  const current = at.current >= 0 ? model.rows[at.current] : undefined;
  if (current?.kind === 'message') return current;
  for (let i = at.visible - 1; i >= 0; i--) {
    const r = model.rows[i]!;
    if (r.kind === 'message') return r;
  }
  return null;
}
