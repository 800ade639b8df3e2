// Why: the vhost-user views must render from a run's trace and snapshot alone: the rows with their spoken names,
// the inspector on the step's message, the log so far, the device tables, and each side's stack under its version.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { encodeVhostUserMsg, VHOST_USER_GET_FEATURES, VHOST_USER_SET_VRING_KICK, type VhostUserMsg } from '@/engine/abi/vhost-user';
import type { Snapshot, VhostUserInfo, VhostUserLive } from '@/engine/scenarios/world';
import type { EventFields, EventType, TraceEvent } from '@/engine/trace/events';
import type { FrameId } from '@/engine/trace/frames';
import { toHex } from '@/engine/vhost-user/wire';
import type { ExplainerState } from '../store/explainer-store';
import { decodeVhostUserFrame } from './vu-frame';

function ev<K extends EventType>(type: K, f: EventFields[K], actor: string, stack: FrameId[] = []): TraceEvent {
  return { seq: 0, actor, type, f, stack, doc: 'seed-001' } as unknown as TraceEvent;
}
const hexOf = (m: VhostUserMsg) => toHex(encodeVhostUserMsg(m).bytes);
const kickHex = hexOf({ request: VHOST_USER_SET_VRING_KICK, flags: 1, payload: { kind: 'u64', u64: 1n } });
const featHex = hexOf({ request: VHOST_USER_GET_FEATURES, flags: 5, payload: { kind: 'u64', u64: 1n << 32n } });

const TRACE: TraceEvent[] = [
  ev('vu_socket', { who: 'qemu', op: 'listen', path: '/var/run/openvswitch/vhost-user0', fd: 20, errno: null }, 'qemu', ['vhost_user_write']),
  ev('vu_send', { from: 'dpdk', msg: 1, fd: 30, request: 1, name: 'VHOST_USER_GET_FEATURES', flags: 5, size: 8, hex: featHex, fds: [], reply: true }, 'vhost-events'),
  ev('vu_recv', { by: 'qemu', msg: 1, fd: 21, request: 1, name: 'VHOST_USER_GET_FEATURES', flags: 5, size: 8, fds: [], reply: true }, 'qemu'),
  ev('vu_send', { from: 'qemu', msg: 2, fd: 21, request: 12, name: 'VHOST_USER_SET_VRING_KICK', flags: 1, size: 8, hex: kickHex, fds: [31], reply: false }, 'qemu', ['vhost_user_write']),
  ev('vu_recv', { by: 'dpdk', msg: 2, fd: 30, request: 12, name: 'VHOST_USER_SET_VRING_KICK', flags: 1, size: 8, fds: [45], reply: false }, 'vhost-events'),
  ev('dpdk_log', { level: 'INFO', text: 'VHOST_CONFIG: vring kick idx:1 file:45' }, 'vhost-events'),
  ev('dpdk_dequeue', { vring: 1, count: 1, heads: [0], lastAvail: 1, availIdx: 1 }, 'pmd', ['rte_vhost_dequeue_burst']),
];

const INFO = {
  kind: 'vhost-user',
  scenario: 'vhost-user',
  era: 'seed',
  mode: 'qemu-server',
  queuePairs: 1,
  sockPath: '/var/run/openvswitch/vhost-user0',
  threads: [
    { id: 'vcpu0', name: 'CPU 0/KVM', where: 'host' },
    { id: 'qemu', name: 'qemu-system-x86', where: 'host' },
    { id: 'vhost-events', name: 'vhost-events', where: 'host' },
    { id: 'pmd', name: 'pmd-c01/id:2', where: 'host' },
  ],
  versions: [
    { role: 'kernel', name: 'Linux 6.12 (LTS)' },
    { role: 'qemu', name: 'QEMU 5.0' },
    { role: 'dpdk', name: 'DPDK 19.11' },
  ],
} as unknown as VhostUserInfo;

const vring = (index: number) => ({ index, num: 256, desc: 0x1000, avail: 0x2000, used: 0x3000, kickfd: index === 1 ? 45 : -2, callfd: -1, enabled: true, ready: index === 1, lastAvailIdx: 0, lastUsedIdx: 0 });
const snapshotAt = (step: number): Snapshot<VhostUserLive> =>
  ({
    kind: 'vhost-user',
    step,
    actors: [],
    counters: {},
    fds: [],
    irqPending: 0,
    status: 15,
    dpdk: { connected: true, vid: 0, flags: 3, features: '0x140008000', protocolFeatures: '0x9', status: 0, regions: [{ gpa: 0, size: 0x40000000, qemuVa: 0x7f0000000000, hostVa: 0x7e0000000000, mmapOffset: 0 }], vrings: [vring(0), vring(1)] },
    qemu: { connected: true, started: true, vrings: [{ index: 0, lastAvailIdx: 0 }] },
    traffic: { sent: 1, forwarded: 1, received: 0 },
  }) as unknown as Snapshot<VhostUserLive>;

let state: Partial<ExplainerState> = {};
vi.mock('../store/ExplainerStoreProvider', () => ({
  useExplainer: <T,>(selector: (s: ExplainerState) => T): T => selector(state as ExplainerState),
}));

async function renderAt(step: number): Promise<string> {
  const frame = decodeVhostUserFrame(INFO, TRACE, snapshotAt(step));
  state = { lang: 'en', trace: TRACE, info: INFO, frame, scenario: 'vhost-user' };
  const { VhostUserViews } = await import('./VhostUserViews');
  return renderToStaticMarkup(createElement(VhostUserViews));
}

describe('the vhost-user views', () => {
  it('draw a row per message with its spoken name, and light the step’s row', async () => {
    const html = await renderAt(5);
    expect(html.match(/data-testid="vu-row"/g)).toHaveLength(3);
    expect(html).toContain('aria-label="Message 2: QEMU to DPDK, VHOST_USER_SET_VRING_KICK, fd 31 → 45"');
    expect(html).toMatch(/data-index="2" data-kind="message" data-stage="read" data-current="true"/);
    expect(html).toContain('SET_VRING_KICK [fd 31]');
  });

  it('open the step’s message in the inspector: bytes, fields and the fds with the receiver’s numbers', async () => {
    const html = await renderAt(5);
    expect(html).toMatch(/data-testid="vu-inspected" data-msg="2"/);
    expect(html).toContain('VHOST_USER_SET_VRING_KICK (12)');
    expect(html).toMatch(/data-testid="vu-fd" data-send="31" data-recv="45"/);
    expect(html).toContain('kick eventfd of vring 1');
    // 20 bytes: two hex rows, the first starting 0c 00 00 00 (request 12, little-endian).
    expect(html.match(/data-byte="/g)).toHaveLength(20);
  });

  it('show a message on the wire as not read yet', async () => {
    const html = await renderAt(4);
    expect(html).toMatch(/data-index="2" data-kind="message" data-stage="in-flight"/);
    expect(html).toContain('fd 31 → not read yet');
  });

  it('print the DPDK log so far and the device tables', async () => {
    expect(await renderAt(5)).toContain('data-testid="vu-log" data-lines="0"');
    const html = await renderAt(6);
    expect(html).toContain('VHOST_CONFIG: vring kick idx:1 file:45');
    expect(html).toMatch(/data-testid="vu-vring-1" data-ready="true" data-enabled="true" data-kickfd="45"/);
    expect(html).toContain('VIRTIO_DEV_RUNNING | VIRTIO_DEV_READY');
  });

  it('title each side’s stack with the era’s version and print DPDK 19.11’s file layout', async () => {
    const html = await renderAt(7);
    expect(html).toContain('QEMU (front-end) · QEMU 5.0');
    expect(html).toContain('DPDK (back-end) · DPDK 19.11');
    expect(html).toContain('lib/librte_vhost/virtio_net.c');
    expect(html).toContain('hw/virtio/vhost-user.c');
  });
});
