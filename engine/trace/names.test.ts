/**
 * Honest names: every beat's stack holds only real functions of the modelled
 * versions, a beat declared as a call of a function has that function
 * innermost, every catalogued event and frame is reachable, and each beat
 * cites the source document that covers it.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../testing/run';
import { EVENT_INFO, EVENT_TYPES, type EventInfo, type EventType, type TraceEvent } from './events';
import { FRAMES, MODELLED_VERSIONS, frameName, type FrameId } from './frames';
import { functionColumn } from './format';

/** Option sets of descriptor-flow that, together with the other scenarios' runs below, reach every event type. */
const FLOW_RUNS: Array<Record<string, unknown>> = [
  { packets: 6 },
  { packets: 24, batch: 4 },
  { packets: 40, qsize: 32, batch: 20 },
  { packets: 3, busyloop: 4 },
  { packets: 4, msix: 'shared', eventIdx: false },
  { packets: 5, txhdr: 'separate', indirect: true },
  { dir: 'rx', qsize: 8, packets: 40 },
  { dir: 'rx', packets: 400, qsize: 512 },
  { dir: 'rx', rxbuf: 'big', qsize: 32, packets: 3 },
  { dir: 'rx', rxbuf: 'small', size: 9014, qsize: 8, packets: 2 },
  { dir: 'rx', rxbuf: 'small', size: 1000, qsize: 8, packets: 3 },
  { dir: 'rx', busyloop: 3, packets: 4, qsize: 8 },
  { packets: 4, fault: 'avail-idx-jump', seed: 2 },
  { packets: 4, fault: 'nested-indirect', txhdr: 'separate', indirect: true },
];

/** Every scenario's runs. */
const RUNS: Array<{ scenario: string; options: Record<string, unknown> }> = [
  ...FLOW_RUNS.map((options) => ({ scenario: 'descriptor-flow', options })),
  ...[{}, { mask: 0 }, { mask: 1 }, { vectors: 2, queues: 2 }, { vectors: 1 }, { irq: 'intx' }, { device: 'balloon' }, { device: 'balloon', vectors: 6, mask: 0 }].map((options) => ({ scenario: 'msix-vectors', options })),
  ...[
    {},
    { accel: 'tcg' },
    { accel: 'tcg', irq: 'intx' },
    { accel: 'tcg', backend: 'vhost-user' },
    { backend: 'vhost-user' },
    { transport: 'legacy' },
    { transport: 'legacy', accel: 'tcg' },
    { transport: 'legacy', accel: 'tcg', backend: 'vhost-user', vectors: 2 },
  ].map((options) => ({ scenario: 'kick-call', options })),
  ...[
    {},
    { era: 'modern' },
    { topology: 'dpdk-server', queues: 2 },
    { era: 'modern', topology: 'dpdk-server', disconnect: true },
    { disconnect: true },
    { fault: 'fd-count' },
    { era: 'modern', fault: 'region-overflow' },
  ].map((options) => ({ scenario: 'vhost-user', options })),
];

/**
 * Names the walkthroughs' runs do not reach yet, each exercised by a unit test
 * of its module instead (and listed so that the list can only shrink: the test
 * below fails if one of them becomes reachable, or if a new name is unreached).
 * Frames marked "no beat" are entered by the runs but nothing happens inside
 * them that the trace shows.
 */
const UNIT_TESTED_ONLY = {
  events: [
    'msix_table_read', // msix.test.ts: Linux never reads the table back
    'msix_pba_read', // msix.test.ts: nor the PBA
    'virtio_error', // virtio-pci.test.ts: queue_enable with a value other than 1
    'virtio_pci_notify_write', // virtio-pci.test.ts: a doorbell write that no ioeventfd took (QEMU serves the queue itself)
    'host_notifier_read', // guest-notifier.test.ts: QEMU's main loop serving a kick
    'virtio_pci_notify_irq', // crash-backtraces.test.ts
  ],
  frames: [
    'pci_irq_assert', 'pci_device_deassert_intx', // pci-device.test.ts
    'msix_set_mask', 'msix_table_mmio_read', 'msix_pba_mmio_read', 'msix_vector_unuse', 'msix_unuse_all_vectors', 'msix_reset', 'msix_unset_vector_notifiers', 'msix_unset_notifier_for_vector', // msix.test.ts
    'virtio_pci_notify_write', 'virtio_pci_device_read', 'virtio_pci_device_write', 'virtio_ioport_read', 'virtio_error', // virtio-pci.test.ts
    'virtio_queue_set_num', 'virtio_queue_set_rings', 'virtio_queue_set_addr', 'virtio_queue_set_vector', 'virtio_queue_enable', // no beat (virtio-pci.test.ts checks their effects)
    'del_vq', 'vring_create_virtqueue', 'pci_free_irq_vectors', 'free_irq', // no beat (virtio-probe.test.ts checks their effects)
    'del_vq@legacy', // only after a vector read-back fails (-EBUSY), which QEMU's device never makes Linux see
    'vp_vring_slow_path_interrupt', // vq-vectors.test.ts: only with an admin queue, which QEMU 7.2 does not offer
    'event_notifier_get_fd', 'virtio_queue_host_notifier_read', 'virtio_queue_notify_vq', 'virtio_queue_notify', // guest-notifier.test.ts
    'kvm_virtio_pci_vector_release', 'kvm_virtio_pci_vq_vector_release', 'kvm_virtio_pci_irqfd_release', 'virtio_pci_vector_poll', // crash-backtraces.test.ts, msix.test.ts
    // vhost-user: OVS's callbacks print nothing DPDK-side (their vu_notify_app beat is DPDK's call of them); the chardev's byte movers and helpers have no beat of their own
    'new_device', 'destroy_device', 'vring_state_changed', 'rte_vhost_driver_callback_register', 'translate_ring_addresses',
    'qemu_chr_fe_read_all', 'qemu_chr_fe_write_all', 'tcp_chr_sync_read', 'tcp_chr_write', 'vhost_user_read_header', 'qemu_chr_socket_restart_timer', 'vhost_net_ack_features', 'virtio_queue_set_last_avail_idx', 'peer_detach',
    // DPDK handlers for requests QEMU's runs never send here (net-vhost-user.test.ts / vhost-user.test.ts send them): GET_VRING_BASE only on a guest reset
    'vhost_user_get_features@dpdk', 'vhost_user_get_protocol_features@dpdk', 'vhost_user_get_status@dpdk', 'vhost_user_get_vring_base@dpdk', 'vhost_user_net_set_mtu@dpdk', 'vhost_user_reset_owner@dpdk',
  ],
} as const;

const traces: TraceEvent[][] = RUNS.map((r) => runScenario(r.scenario, r.options).trace);
const all = traces.flat();

describe('honest names', () => {
  it('every stack holds real functions, innermost last, and only the walkthrough\'s end marker has none', () => {
    for (const e of all) {
      if (e.type === 'scenario_done') expect(e.stack).toHaveLength(0);
      else expect(e.stack.length).toBeGreaterThan(0);
      for (const f of e.stack) expect(Object.prototype.hasOwnProperty.call(FRAMES, f)).toBe(true);
    }
  });

  it('a beat declared as a call of a function has that function innermost; the others are labels inside their innermost frame', () => {
    for (const e of all) {
      const info: EventInfo = EVENT_INFO[e.type];
      if (info.fn) expect(e.stack.at(-1), `${e.type} at ${e.seq}`).toBe(info.fn);
      expect(functionColumn(e)).toMatch(info.fn ? /\(\)$/ : /( ›|\(walkthrough\))$/);
    }
  });

  it('every event type in the catalogue is reachable (or listed as reached by its module\'s unit test)', () => {
    const seen = new Set<EventType>(all.map((e) => e.type));
    expect(EVENT_TYPES.filter((t) => !seen.has(t))).toEqual([...UNIT_TESTED_ONLY.events]);
  });

  it('every catalogued frame appears in some backtrace (or is listed), so none is a name nothing uses', () => {
    const seen = new Set<FrameId>(all.flatMap((e) => e.stack));
    expect((Object.keys(FRAMES) as FrameId[]).filter((f) => !seen.has(f)).sort()).toEqual([...UNIT_TESTED_ONLY.frames].sort());
  });

  it('frames come from one stated version per component, with their real names and files', () => {
    for (const id of Object.keys(FRAMES) as FrameId[]) {
      const info = FRAMES[id];
      expect(Object.keys(MODELLED_VERSIONS)).toContain(info.src);
      expect(frameName(id)).toMatch(/^[a-z_][a-z0-9_]*$/);
      expect(info.file).toMatch(/^(drivers|arch|kernel|net|virt|fs|include|lib|hw|accel|softmmu|target|util|chardev)\//);
    }
    expect(frameName('vhost_net_set_backend@qemu')).toBe('vhost_net_set_backend');
  });

  it('each beat cites the seed that covers it: 002 for the worker and its polls, 003 for the interrupt handler, 000 for kick, call and eventfd', () => {
    expect(EVENT_INFO.vhost_worker_wake.doc).toBe('seed-002');
    expect(EVENT_INFO.vhost_poll_wakeup.doc).toBe('seed-002');
    expect(EVENT_INFO.vhost_net_set_backend.doc).toBe('seed-002');
    expect(EVENT_INFO.vring_interrupt.doc).toBe('seed-003');
    expect(EVENT_INFO.vring_create.doc).toBe('seed-003');
    expect(EVENT_INFO.vp_notify.doc).toBe('seed-000');
    expect(EVENT_INFO.eventfd_signal.doc).toBe('seed-000');
    expect(EVENT_INFO.vhost_notify.doc).toBe('seed-000');
    // What the spec defines cites its section.
    for (const t of EVENT_TYPES) {
      const info: EventInfo = EVENT_INFO[t];
      if (info.doc === 'virtio-spec' && t !== 'scenario_done') expect(info.section, t).toMatch(/^§\d/);
    }
  });
});
