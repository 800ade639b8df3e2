import { describe, expect, it } from 'vitest';
import type { EventFields, EventType, TraceEvent } from '@/engine/trace/events';
import type { FrameId } from '@/engine/trace/frames';
import { logAt, logOf, logText, printedBy } from './log-index';
import { buildSequence, inspectedMessage, lanesFor, messageStage, rowEnds, sequenceAt, sequenceOf, type MessageRow } from './sequence-model';
import { buildSideIndex, lastOfSide, sideOfEvent } from './side-stacks';

// A hand-made vhost-user trace: the socket, a GET_FEATURES round trip, the guest's DRIVER_OK, a KICK with an fd,
// a spoiled message DPDK rejects, new_device, and one turn of the data path.
function ev<K extends EventType>(type: K, f: EventFields[K], actor: string, stack: FrameId[] = []): TraceEvent {
  return { seq: 0, actor, type, f, stack, doc: 'seed-001' } as unknown as TraceEvent;
}
const send = (msg: number, from: 'qemu' | 'dpdk', request: number, name: string, fds: number[] = [], reply = false) =>
  ev('vu_send', { from, msg, fd: 9, request, name, flags: reply ? 5 : 1, size: 8, hex: '0c000000010000000800000000000000000000000000', fds, reply }, from === 'qemu' ? 'qemu' : 'vhost-events');
const recv = (msg: number, by: 'qemu' | 'dpdk', request: number, name: string, fds: number[] = [], reply = false) =>
  ev('vu_recv', { by, msg, fd: 9, request, name, flags: reply ? 5 : 1, size: 8, fds, reply }, by === 'qemu' ? 'qemu' : 'vhost-events');

const TRACE: TraceEvent[] = [
  ev('vu_socket', { who: 'qemu', op: 'listen', path: '/tmp/vu0', fd: 20, errno: null }, 'qemu'), // 1
  ev('vu_socket', { who: 'dpdk', op: 'connect', path: '/tmp/vu0', fd: 30, errno: null }, 'vhost-reconnect'), // 2
  ev('vu_socket', { who: 'qemu', op: 'accept', path: '/tmp/vu0', fd: 21, errno: null }, 'qemu'), // 3
  send(1, 'qemu', 1, 'VHOST_USER_GET_FEATURES'), // 4
  recv(1, 'dpdk', 1, 'VHOST_USER_GET_FEATURES'), // 5
  ev('dpdk_log', { level: 'INFO', text: 'VHOST_CONFIG: read message VHOST_USER_GET_FEATURES' }, 'vhost-events'), // 6
  send(2, 'dpdk', 1, 'VHOST_USER_GET_FEATURES', [], true), // 7
  recv(2, 'qemu', 1, 'VHOST_USER_GET_FEATURES', [], true), // 8
  ev('virtio_pci_common_write', { dev: 'virtio-net', reg: 'device_status', off: 20, size: 1, value: 15, queue: 0, note: null }, 'vcpu0', ['vp_set_status', 'virtio_pci_common_write']), // 9
  ev('qemu_log', { level: 'info', text: 'vhost-user: started' }, 'vcpu0', ['vp_set_status']), // 10
  send(3, 'qemu', 12, 'VHOST_USER_SET_VRING_KICK', [31]), // 11
  recv(3, 'dpdk', 12, 'VHOST_USER_SET_VRING_KICK', [45]), // 12
  ev('vu_fault_injected', { request: 13, name: 'VHOST_USER_SET_VRING_CALL', fault: 'fd-count' }, 'qemu'), // 13
  send(4, 'qemu', 13, 'VHOST_USER_SET_VRING_CALL', []), // 14
  recv(4, 'dpdk', 13, 'VHOST_USER_SET_VRING_CALL', []), // 15
  ev('vu_reject', { msg: 4, request: 13, name: 'VHOST_USER_SET_VRING_CALL', error: 'fd-count', closes: true, nack: false }, 'vhost-events'), // 16
  ev('vu_notify_app', { op: 'new_device', vid: 0, vring: null, enable: null }, 'vhost-events'), // 17
  ev('vp_notify', { queue: 1, addr: 0x1000 }, 'vcpu0'), // 18
  ev('dpdk_dequeue', { vring: 1, count: 2, heads: [0, 1], lastAvail: 2, availIdx: 2 }, 'pmd'), // 19
  ev('dpdk_vring_call', { vring: 0, fd: 45, signal: false, reason: 'flags', oldUsed: 0, newUsed: 1, usedEvent: null }, 'pmd'), // 20
  ev('dpdk_vring_call', { vring: 0, fd: 46, signal: true, reason: 'event-idx', oldUsed: 1, newUsed: 2, usedEvent: 1 }, 'pmd'), // 21
];
const THREADS = [{ id: 'vcpu0' }, { id: 'qemu' }, { id: 'vhost-events' }, { id: 'vhost-reconnect' }, { id: 'pmd' }];

describe('buildSequence', () => {
  const model = buildSequence(TRACE, THREADS);
  const msg = (id: number) => model.byMsg.get(id) as MessageRow;

  it('has a lifeline per party the run has threads for', () => {
    expect(model.lanes).toEqual(['guest', 'qemu', 'socket', 'dpdk', 'pmd']);
    expect(lanesFor([{ id: 'qemu' }, { id: 'vhost-events' }])).toEqual(['qemu', 'socket', 'dpdk']);
  });

  it('makes one row per message, socket operation, status write, app call and data-path beat, in trace order', () => {
    expect(model.rows.map((r) => (r.kind === 'message' ? `msg${r.msg}` : r.kind))).toEqual([
      'socket', 'socket', 'socket', 'msg1', 'msg2', 'status', 'msg3', 'msg4', 'app', 'kick', 'dequeue', 'call',
    ]);
    expect(model.rows.map((r) => r.index)).toEqual(model.rows.map((_, i) => i));
  });

  it('pairs each send with its read by message id: the receiver’s fd numbers and the step it landed', () => {
    expect(msg(3)).toMatchObject({ from: 'qemu', to: 'dpdk', step: 11, recvStep: 12, sendFds: [31], recvFds: [45], reply: false });
    expect(msg(2)).toMatchObject({ from: 'dpdk', to: 'qemu', reply: true, recvStep: 8 });
    expect(model.rowOfStep[12]).toBe(msg(3).index);
    expect(model.rowOfStep[6]).toBe(-1);
  });

  it('marks the spoiled message and its rejection, and no other', () => {
    expect(msg(4)).toMatchObject({ fault: 'fd-count', rejected: { step: 16, error: 'fd-count', closes: true } });
    expect(msg(3).fault).toBeNull();
    expect(model.rowOfStep[16]).toBe(msg(4).index);
  });

  it('draws only the call that wrote the eventfd', () => {
    const calls = model.rows.filter((r) => r.kind === 'call');
    expect(calls).toEqual([expect.objectContaining({ step: 21, vring: 0, fd: 46 })]);
    expect(rowEnds(calls[0]!)).toEqual({ from: 'pmd', to: 'guest' });
  });
});

describe('sequenceAt and messageStage', () => {
  const model = sequenceOf(TRACE, THREADS);

  it('is built once per trace', () => {
    expect(sequenceOf(TRACE, THREADS)).toBe(model);
  });

  it('shows the rows up to the step and picks the step’s own row', () => {
    expect(sequenceAt(model, 0)).toEqual({ visible: 0, current: -1 });
    expect(sequenceAt(model, 4)).toEqual({ visible: 4, current: 3 });
    expect(sequenceAt(model, 6)).toEqual({ visible: 4, current: -1 });
    expect(sequenceAt(model, TRACE.length).visible).toBe(model.rows.length);
  });

  it('follows a message from the wire to the reader, or to its rejection', () => {
    const kick = model.byMsg.get(3)!;
    expect([10, 11, 12].map((s) => messageStage(kick, s))).toEqual(['unsent', 'in-flight', 'read']);
    const bad = model.byMsg.get(4)!;
    expect([14, 15, 16].map((s) => messageStage(bad, s))).toEqual(['in-flight', 'read', 'rejected']);
  });
});

describe('inspectedMessage', () => {
  const model = sequenceOf(TRACE, THREADS);
  it('shows the pinned message once sent, else the step’s own, else the last one sent', () => {
    expect(inspectedMessage(model, sequenceAt(model, 3), null)).toBeNull();
    expect(inspectedMessage(model, sequenceAt(model, 12), null)?.msg).toBe(3);
    expect(inspectedMessage(model, sequenceAt(model, 10), null)?.msg).toBe(2);
    expect(inspectedMessage(model, sequenceAt(model, 12), 1)?.msg).toBe(1);
    // Seeking back before the pinned message was sent falls back to the step's.
    expect(inspectedMessage(model, sequenceAt(model, 5), 3)?.msg).toBe(1);
  });
});

describe('the log so far', () => {
  const lines = logOf(TRACE);
  it('keeps DPDK’s lines exactly and interleaves QEMU’s only when asked', () => {
    expect(printedBy(lines, 9)).toBe(1);
    expect(logAt(lines, 10, false).map((l) => l.text)).toEqual(['VHOST_CONFIG: read message VHOST_USER_GET_FEATURES']);
    expect(logAt(lines, 10, true).map((l) => l.source)).toEqual(['dpdk', 'qemu']);
    expect(logText(logAt(lines, 10, true))).toBe('VHOST_CONFIG: read message VHOST_USER_GET_FEATURES\nvhost-user: started');
    expect(logAt(lines, 5, true)).toEqual([]);
  });
});

describe('each side’s stack', () => {
  it('counts the vCPU thread as QEMU only while it runs QEMU code', () => {
    expect(sideOfEvent(TRACE[8]!)).toBe('qemu');
    expect(sideOfEvent(TRACE[9]!)).toBeNull();
    expect(sideOfEvent(TRACE[18]!)).toBe('dpdk');
  });

  it('finds the last beat of each side up to the step', () => {
    const idx = buildSideIndex(TRACE);
    expect(lastOfSide(TRACE, idx, 'qemu', 10)).toBe(TRACE[8]);
    expect(lastOfSide(TRACE, idx, 'dpdk', 10)).toBe(TRACE[6]);
    expect(lastOfSide(TRACE, idx, 'dpdk', 1)).toBeNull();
  });
});
