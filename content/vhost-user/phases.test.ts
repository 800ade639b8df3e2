import { describe, expect, it } from 'vitest';
import type { EventFields, EventType, TraceEvent } from '@/engine/trace/events';
import type { FrameId } from '@/engine/trace/frames';
import { phaseOf, phasesOf } from '../phases';
import { phaseProse } from '../prose';
import type { PhaseId } from '../types';
import { VHOST_USER_GLOSSARY } from './glossary';
import { VHOST_USER_PHASES } from './phases';

const CJK = /[\u3400-\u9fff]/;
const PHASES: PhaseId[] = ['connect', 'init', 'probe', 'start', 'ready', 'traffic', 'fault', 'reconnect'];

type Beat = Pick<TraceEvent, 'type' | 'f' | 'stack'>;
const beat = <K extends EventType>(type: K, f: EventFields[K], stack: string[] = []): Beat => ({ type, f, stack: stack as unknown as readonly FrameId[] }) as Beat;

const send = (request: number, name: string, stack: string[], o: { from?: 'qemu' | 'dpdk'; reply?: boolean } = {}) =>
  beat('vu_send', { from: o.from ?? 'qemu', msg: 1, fd: 20, request, name, flags: 1, size: 8, hex: '', fds: [], reply: o.reply ?? false }, stack);
const recv = (request: number, name: string) => beat('vu_recv', { by: 'dpdk', msg: 1, fd: 45, request, name, flags: 1, size: 8, fds: [], reply: false }, DPDK_HANDLER);
const log = (text: string, level: EventFields['dpdk_log']['level'] = 'INFO') => beat('dpdk_log', { level, text }, DPDK_HANDLER);

/** Stacks as the walkthrough's threads run them (seed 001's backtraces, seed 000's gdb sessions). */
const QEMU_INIT = ['net_init_vhost_user', 'net_vhost_user_init', 'qemu_chr_fe_set_handlers', 'net_vhost_user_event', 'vhost_user_start', 'vhost_net_init', 'vhost_dev_init'];
const QEMU_START = ['virtio_dev_probe', 'virtio_pci_common_write', 'virtio_set_status', 'virtio_net_set_status', 'vhost_net_start', 'vhost_net_start_one', 'vhost_dev_start'];
const DPDK_HANDLER = ['fdset_event_dispatch', 'vhost_user_read_cb', 'vhost_user_msg_handler'];

describe('vhost-user phases', () => {
  it('is registered under the scenario id, starting at the socket', () => {
    expect(phasesOf('vhost-user').first).toBe('connect');
    expect(phaseProse('vhost-user', null).title.en).toBe(VHOST_USER_PHASES.connect!.title.en);
  });

  it.each(PHASES)('%s has a title and a narrative in both languages', (id) => {
    const p = VHOST_USER_PHASES[id];
    expect(p, id).toBeDefined();
    for (const s of [p!.title.en, p!.body.en]) expect(s).not.toMatch(CJK);
    for (const s of [p!.title.zh, p!.body.zh]) expect(s).toMatch(CJK);
    expect(p!.body.en.length).toBeGreaterThan(300);
    expect(p!.body.zh.length).toBeGreaterThan(150);
  });

  it('places nothing in a phase that has no prose', () => {
    expect(Object.keys(VHOST_USER_PHASES).sort()).toEqual([...PHASES].sort());
  });

  // Each row: a beat, and the phase it must land in.
  const placed: Array<[string, Beat, PhaseId]> = [
    ['QEMU listening on the chardev', beat('vu_socket', { who: 'qemu', op: 'listen', path: '/p', fd: 9, errno: null }, ['qemu_create_early_backends', 'qmp_chardev_open_socket']), 'connect'],
    ['DPDK connecting from rte_vhost_driver_start', beat('vu_socket', { who: 'dpdk', op: 'connect', path: '/p', fd: 45, errno: null }, ['rte_vhost_driver_start', 'vhost_user_start_client']), 'connect'],
    ['GET_FEATURES from vhost_dev_init', send(1, 'VHOST_USER_GET_FEATURES', QEMU_INIT), 'init'],
    ['SET_VRING_CALL from vhost_virtqueue_init', send(13, 'VHOST_USER_SET_VRING_CALL', [...QEMU_INIT, 'vhost_virtqueue_init']), 'init'],
    ['DPDK reading GET_PROTOCOL_FEATURES', recv(15, 'VHOST_USER_GET_PROTOCOL_FEATURES'), 'init'],
    ["DPDK's answer to GET_FEATURES", send(1, 'VHOST_USER_GET_FEATURES', DPDK_HANDLER, { from: 'dpdk', reply: true }), 'init'],
    ['the call fd DPDK installs first (nothing to close)', beat('vu_apply', { request: 13, name: 'VHOST_USER_SET_VRING_CALL', vring: 0, what: 'vring-call', value: '', fd: 50, closed: null }, DPDK_HANDLER), 'init'],
    ['its protocol-features log line', log('VHOST_CONFIG: negotiated Vhost-user protocol features: 0xcbf'), 'init'],
    ['SET_VRING_ENABLE from peer_attach, while the guest probes', send(18, 'VHOST_USER_SET_VRING_ENABLE', ['virtnet_probe', 'virtio_net_set_features', 'virtio_net_set_queue_pairs', 'peer_attach']), 'probe'],
    ['SET_MEM_TABLE from vhost_dev_start, inside the DRIVER_OK write of the probe', send(5, 'VHOST_USER_SET_MEM_TABLE', QEMU_START), 'start'],
    ['SET_VRING_KICK from vhost_virtqueue_start', send(12, 'VHOST_USER_SET_VRING_KICK', [...QEMU_START, 'vhost_virtqueue_start']), 'start'],
    ['DPDK reading SET_VRING_ADDR', recv(9, 'VHOST_USER_SET_VRING_ADDR'), 'start'],
    ['the call fd that replaces the masked notifier', beat('vu_apply', { request: 13, name: 'VHOST_USER_SET_VRING_CALL', vring: 0, what: 'vring-call', value: '', fd: 52, closed: 50 }, DPDK_HANDLER), 'start'],
    ["22.11's SET_VRING_BASE line", log('VHOST_CONFIG: (/p) vring base idx:0 last_used_idx:0 last_avail_idx:0.'), 'start'],
    ['read message SET_VRING_KICK', log('VHOST_CONFIG: read message VHOST_USER_SET_VRING_KICK'), 'start'],
    ['vring_state_changed', beat('vu_notify_app', { op: 'vring_state_changed', vid: 0, vring: 1, enable: true }, DPDK_HANDLER), 'start'],
    ['virtio is now ready', log('VHOST_CONFIG: virtio is now ready for processing.'), 'ready'],
    ['new_device', beat('vu_notify_app', { op: 'new_device', vid: 0, vring: null, enable: null }, DPDK_HANDLER), 'ready'],
    ['the PMD dequeuing', beat('dpdk_dequeue', { vring: 1, count: 1, heads: [0], lastAvail: 1, availIdx: 1 }, ['pmd_thread_main', 'rte_vhost_dequeue_burst']), 'traffic'],
    ['the call decision', beat('dpdk_vring_call', { vring: 0, fd: 52, signal: true, reason: 'flags', oldUsed: 0, newUsed: 1, usedEvent: null }, ['pmd_thread_main']), 'traffic'],
    ['the injected fault', beat('vu_fault_injected', { request: 12, name: 'VHOST_USER_SET_VRING_KICK', fault: 'fd-count' }, QEMU_START), 'fault'],
    ['the rejection', beat('vu_reject', { msg: 9, request: 12, name: 'VHOST_USER_SET_VRING_KICK', error: 'fd-count', closes: true, nack: false }, DPDK_HANDLER), 'fault'],
    ['an ERR line', log('VHOST_CONFIG: (/p) vhost message handling failed.', 'ERR'), 'fault'],
    ['DPDK closing after the refusal', beat('vu_socket', { who: 'dpdk', op: 'close', path: '/p', fd: 45, errno: null }, ['fdset_event_dispatch', 'vhost_user_read_cb']), 'fault'],
    ['destroy_device after the refusal', beat('vu_notify_app', { op: 'destroy_device', vid: 0, vring: null, enable: null }, ['fdset_event_dispatch', 'vhost_user_read_cb', 'vhost_destroy_device']), 'fault'],
    ['OVS deleting the port', beat('vu_socket', { who: 'dpdk', op: 'close', path: '/p', fd: 45, errno: null }, ['netdev_dpdk_vhost_destruct', 'rte_vhost_driver_unregister']), 'reconnect'],
    ['destroy_device on unregister', beat('vu_notify_app', { op: 'destroy_device', vid: 0, vring: null, enable: null }, ['rte_vhost_driver_unregister']), 'reconnect'],
    ['destroy_device on GET_VRING_BASE', beat('vu_notify_app', { op: 'destroy_device', vid: 0, vring: null, enable: null }, [...DPDK_HANDLER, 'vhost_user_get_vring_base']), 'reconnect'],
    ["QEMU's poll seeing the hang-up", beat('vu_socket', { who: 'qemu', op: 'hup', path: '/p', fd: 18, errno: null }, ['net_vhost_user_watch']), 'reconnect'],
    ['GET_VRING_BASE from vhost_dev_stop', send(11, 'VHOST_USER_GET_VRING_BASE', ['chr_closed_bh', 'vhost_net_stop', 'vhost_dev_stop', 'vhost_virtqueue_stop']), 'reconnect'],
    ["19.11's GET_VRING_BASE line", log('VHOST_CONFIG: vring base idx:0 file:37'), 'reconnect'],
    ['the vhost-reconnect thread retrying', beat('vu_socket', { who: 'dpdk', op: 'connect-failed', path: '/p', fd: -1, errno: 111 }, ['vhost_user_client_reconnect']), 'reconnect'],
    ['DPDK connecting again from vhost_user_read_cb after the refusal', beat('vu_socket', { who: 'dpdk', op: 'connect', path: '/p', fd: 46, errno: null }, ['fdset_event_dispatch', 'vhost_user_read_cb', 'vhost_user_start_client']), 'reconnect'],
    ['its "socket created" line there', log('VHOST_CONFIG: vhost-user client: socket created, fd: 46'), 'reconnect'],
    ['the same line when OVS first starts the port', beat('dpdk_log', { level: 'INFO', text: 'VHOST_CONFIG: vhost-user client: socket created, fd: 45' }, ['rte_vhost_driver_start', 'vhost_user_start_client']), 'connect'],
    ['the chardev opening again after a reconnect', beat('vu_qemu_state', { what: 'chr-opened', queuePair: 0, vring: null, value: 'opened' }, ['qemu_chr_socket_connected', 'net_vhost_user_event']), 'reconnect'],
    ['the chardev opening the first time', beat('vu_qemu_state', { what: 'chr-opened', queuePair: 0, vring: null, value: 'opened' }, ['net_vhost_user_init', 'net_vhost_user_event']), 'connect'],
    ['QEMU accepting the new client', beat('vu_socket', { who: 'qemu', op: 'accept', path: '/p', fd: 21, errno: null }, ['tcp_chr_accept']), 'reconnect'],
    ['the saved vring base QEMU records', beat('vu_qemu_state', { what: 'vring-base', queuePair: 0, vring: 1, value: '37' }, ['vhost_virtqueue_stop']), 'reconnect'],
    ['vhost_dev_init again on the new connection', send(1, 'VHOST_USER_GET_FEATURES', ['tcp_chr_accept', 'net_vhost_user_event', 'vhost_user_start', 'vhost_dev_init']), 'init'],
    ['vhost_net_start again when the link comes back', send(10, 'VHOST_USER_SET_VRING_BASE', ['net_vhost_user_event', 'qmp_set_link', 'virtio_net_set_link_status', 'vhost_net_start', 'vhost_dev_start', 'vhost_virtqueue_start']), 'start'],
  ];

  it.each(placed)('%s', (_, e, phase) => {
    expect(phaseOf(e, 'vhost-user')).toBe(phase);
  });

  it('every term of its glossary is met in the phase prose, in each language', () => {
    const en = Object.values(VHOST_USER_PHASES).map((p) => p.body.en).join(' ').toLowerCase();
    const zh = Object.values(VHOST_USER_PHASES).map((p) => p.body.zh).join(' ');
    expect(VHOST_USER_GLOSSARY.length).toBeGreaterThanOrEqual(12);
    for (const g of VHOST_USER_GLOSSARY) {
      const head = (s: string) => s.split(/[,，（(]/)[0]!.trim();
      expect(en, g.en).toContain(head(g.en).toLowerCase());
      expect(zh, g.zh).toContain(head(g.zh));
      expect(g.note.zh, g.en).toMatch(CJK);
      expect(g.note.en, g.en).not.toMatch(CJK);
    }
  });

  it('cites the seeds it tells the story from', () => {
    const en = Object.values(VHOST_USER_PHASES).map((p) => p.body.en).join(' ');
    const zh = Object.values(VHOST_USER_PHASES).map((p) => p.body.zh).join(' ');
    for (const s of ['seed 001', 'seed 000']) {
      expect(en).toContain(s);
      expect(zh).toContain(s);
    }
  });
});
