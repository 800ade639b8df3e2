/**
 * The PCI / MSI-X / vector / routing beats: each has a caption in both
 * languages and a CLI line, built here from one representative event per
 * type (plus the other branches of the captions that have them), since no
 * single scenario emits them all yet. Spot checks make sure a caption
 * carries the beat's own numbers.
 */
import { describe, expect, it } from 'vitest';
import { EVENT_INFO, EVENT_TYPES, type EventFields, type EventType, type TraceEvent } from '@/engine/trace/events';
import { describe as describeEvent } from '@/engine/trace/format';
import type { CaptionCtx, CaptionFor } from '../caption-types';
import { CAPTIONS } from '../captions';

/** The event types this folder captions. */
type PciType =
  | 'pci_config_read'
  | 'pci_config_write'
  | 'pci_intx_level'
  | 'msix_write_config'
  | 'msix_table_write'
  | 'msix_table_read'
  | 'msix_pba_read'
  | 'msix_mask_update'
  | 'msix_notify'
  | 'msix_set_pending'
  | 'msix_clr_pending'
  | 'msi_send_message'
  | 'msix_vector_use'
  | 'msix_vector_notifier'
  | 'pci_update_mappings'
  | 'virtio_pci_common_read'
  | 'virtio_pci_common_write'
  | 'virtio_set_status'
  | 'virtio_error'
  | 'virtio_pci_isr_read'
  | 'virtio_pci_notify_write'
  | 'virtio_ioport_access'
  | 'virtio_pci_notify'
  | 'virtio_pci_reset'
  | 'virtio_pci_cap'
  | 'vp_modern_probe_done'
  | 'virtio_status'
  | 'vp_get_features'
  | 'vp_set_features'
  | 'virtio_features_ok'
  | 'pci_alloc_irq_vectors'
  | 'request_irq'
  | 'vp_vector_write'
  | 'vp_setup_vq'
  | 'vp_find_vqs_fallback'
  | 'vp_del_vqs'
  | 'vp_queue_enable'
  | 'vp_interrupt_isr'
  | 'vp_config_changed'
  | 'vring_interrupt_pci'
  | 'kvm_set_irq_routing'
  | 'kvm_irqfd_assign'
  | 'irqfd_wakeup'
  | 'kvm_msi_set_irq'
  | 'kvm_apic_accept_irq'
  | 'kvm_irqchip_add_msi_route'
  | 'kvm_irqchip_update_msi_route'
  | 'kvm_irqchip_commit_routes'
  | 'kvm_irqchip_assign_irqfd'
  | 'event_notifier_init'
  | 'guest_notifier_fd_handler'
  | 'virtio_pci_set_guest_notifiers'
  | 'virtio_pci_vq_vector_unmask'
  | 'vhost_virtqueue_mask'
  | 'main_loop_poll'
  | 'aio_dispatch_handler'
  | 'guest_notifier_read'
  | 'host_notifier_read'
  | 'virtio_irq'
  | 'virtio_pci_notify_irq'
  | 'qemu_segfault';

const DEV = 'virtio-net-pci';

/** One representative event per type (the mapped type makes a missing one a compile error). */
const SAMPLES: { [K in PciType]: EventFields[K] } = {
  pci_config_read: { dev: DEV, addr: 0x34, len: 1, value: 0x98 },
  pci_config_write: { dev: DEV, addr: 0x04, len: 2, value: 0x0507, before: 0x0003, after: 0x0507 },
  pci_intx_level: { dev: DEV, pin: 0, level: 1, status: 0x18, disabled: false, bus: 1 },
  msix_write_config: { dev: DEV, enabled: true, masked: true },
  msix_table_write: { dev: DEV, entry: 2, field: 'vector_ctrl', value: 0, maskBit: false, wasMasked: true, masked: false },
  msix_table_read: { dev: DEV, entry: 1, field: 'data', value: 0x4022 },
  msix_pba_read: { dev: DEV, offset: 0, value: 0b110 },
  msix_mask_update: { dev: DEV, vector: 1, wasMasked: true, masked: false, pending: true },
  msix_notify: { dev: DEV, vector: 1, result: 'sent' },
  msix_set_pending: { dev: DEV, vector: 3, pba: 0x08, pbaOffset: 0 },
  msix_clr_pending: { dev: DEV, vector: 3, pba: 0, pbaOffset: 0 },
  msi_send_message: { dev: DEV, vector: 1, address: 0xfee00000, data: 0x4022, delivered: true },
  msix_vector_use: { dev: DEV, vector: 2, used: 1 },
  msix_vector_notifier: { dev: DEV, vector: 1, kind: 'use', address: 0xfee00000, data: 0x4022 },
  pci_update_mappings: { dev: DEV, bar: 4, old: null, addr: 0xfe000000, size: 0x4000 },
  virtio_pci_common_read: { dev: DEV, reg: 'queue_msix_vector', off: 0x1a, size: 2, value: 0xffff, queue: 1 },
  virtio_pci_common_write: { dev: DEV, reg: 'queue_msix_vector', off: 0x1a, size: 2, value: 2, queue: 1, note: null },
  virtio_set_status: { dev: DEV, old: 0x0b, written: 0x0f, new: 0x0f, accepted: true, reason: null, state: 'driver-ok' },
  virtio_error: { dev: DEV, old: 0x0f, new: 0x4f, message: 'wrong value for queue_enable 2' },
  virtio_pci_isr_read: { dev: DEV, isr: 0x3, legacy: false },
  virtio_pci_notify_write: { dev: DEV, off: 0x4, queue: 1, ignored: null },
  virtio_ioport_access: { dev: DEV, off: 18, size: 1, value: 7, write: true, reg: 'VIRTIO_PCI_STATUS' },
  virtio_pci_notify: { dev: DEV, vector: 2, path: 'msix', isr: 1 },
  virtio_pci_reset: { dev: DEV },
  virtio_pci_cap: { cfgType: 2, typeName: 'notify', pos: 0x70, bar: 4, offset: 0x3000, length: 0x1000 },
  vp_modern_probe_done: { notifyOffMultiplier: 4, notifyBar: 4, notifyOffset: 0x3000, notifyLength: 0x1000, deviceCfg: true },
  virtio_status: { status: 0x0b, added: 'FEATURES_OK' },
  vp_get_features: { lo: 0x30ff8064, hi: 0x1 },
  vp_set_features: { lo: 0x30008020, hi: 0x1 },
  virtio_features_ok: { status: 0x0b, ok: true },
  pci_alloc_irq_vectors: { policy: 'each', vectors: 6, tableSize: 4, result: -28 },
  request_irq: { vector: 0, name: 'virtio0-config', handler: 'vp_config_changed' },
  vp_vector_write: { reg: 'queue_msix_vector', queue: 1, vector: 2, readBack: 0xffff },
  vp_setup_vq: { queue: 1, name: 'output.0', num: 256, desc: 0x1234000, avail: 0x1235000, used: 0x1235240, vector: 2, notifyAddr: 0x3004 },
  vp_find_vqs_fallback: { failed: 'each', err: -16, errno: 'EBUSY', next: 'shared-slow' },
  vp_del_vqs: { queues: 2, irqsFreed: 3, msixDisabled: true },
  vp_queue_enable: { queue: 1 },
  vp_interrupt_isr: { isr: 0x1, handled: true },
  vp_config_changed: { via: 'msix' },
  vring_interrupt_pci: { queue: 0, name: 'input.0', more: true, via: 'vring_interrupt' },
  kvm_set_irq_routing: { nr: 3, ret: 0 },
  kvm_irqfd_assign: { fd: 23, gsi: 24, ret: 0, pending: false },
  irqfd_wakeup: { fd: 23, gsi: 24, routed: true },
  kvm_msi_set_irq: { gsi: 24, addressLo: 0xfee00000, addressHi: 0, data: 0x4022, destId: 0, vector: 0x22, deliveryMode: 0, destLogical: false, triggerLevel: false, redirHint: false },
  kvm_apic_accept_irq: { apicId: 0, vector: 0x22, triggerLevel: false, coalesced: false },
  kvm_irqchip_add_msi_route: { vector: 1, virq: 24, addressLo: 0xfee00000, addressHi: 0, data: 0x4022 },
  kvm_irqchip_update_msi_route: { virq: 24, addressLo: 0xfee00000, addressHi: 0, data: 0x4023 },
  kvm_irqchip_commit_routes: { nr: 3 },
  kvm_irqchip_assign_irqfd: { fd: 23, virq: 24, ret: 0 },
  event_notifier_init: { fd: 23, role: 'call', queue: 0, active: false },
  guest_notifier_fd_handler: { queue: 0, fd: 23, handler: 'virtio_queue_guest_notifier_read' },
  virtio_pci_set_guest_notifiers: { nvqs: 2, assign: true, withIrqfd: false, msix: true, useGuestNotifierMask: false, vectorNotifiers: true },
  virtio_pci_vq_vector_unmask: { queue: 0, vector: 1, path: 'irqfd' },
  vhost_virtqueue_mask: { queue: 0, mask: true, fd: 31 },
  main_loop_poll: { fds: [5, 23, 24], ready: [23] },
  aio_dispatch_handler: { fd: 23, handler: 'virtio_queue_guest_notifier_read' },
  guest_notifier_read: { queue: 0, fd: 23, count: 1 },
  host_notifier_read: { queue: 1, fd: 25, count: 2 },
  virtio_irq: { queue: 0, vector: 1, isr: 1 },
  virtio_pci_notify_irq: { vector: 1, msix: true, level: 1 },
  qemu_segfault: {
    frame: 'kvm_virtio_pci_irqfd_use',
    expr: 'proxy->vector_irqfd[vector].virq',
    addr: 0x28,
    backtrace: ['kvm_virtio_pci_irqfd_use', 'virtio_pci_vq_vector_unmask', 'virtio_pci_vector_unmask', 'qemu_tcg_rr_cpu_thread_fn'],
    version: '7.2.0',
  },
};

/** Other branches of the captions, so each path is rendered at least once. */
type Variant = { [K in PciType]: [K, EventFields[K]] }[PciType];
const VARIANTS: Variant[] = [
  ['pci_config_write', { dev: DEV, addr: 0x20, len: 4, value: 0xffffffff, before: 0xfe00000c, after: 0xffffc00c }],
  ['pci_config_write', { dev: DEV, addr: 0x3c, len: 1, value: 11, before: 0, after: 11 }],
  ['pci_intx_level', { dev: DEV, pin: 0, level: 1, status: 0x18, disabled: true, bus: null }],
  ['msix_write_config', { dev: DEV, enabled: false, masked: false }],
  ['msix_table_write', { dev: DEV, entry: 0, field: 'addr_lo', value: 0xfee00000, maskBit: true, wasMasked: true, masked: true }],
  ['msix_table_write', { dev: DEV, entry: 0, field: 'vector_ctrl', value: 0, maskBit: false, wasMasked: true, masked: true }],
  ['msix_pba_read', { dev: DEV, offset: 0, value: 0 }],
  ['msix_mask_update', { dev: DEV, vector: 1, wasMasked: false, masked: true, pending: false }],
  ['msix_notify', { dev: DEV, vector: 1, result: 'masked' }],
  ['msix_notify', { dev: DEV, vector: 5, result: 'unused' }],
  ['msi_send_message', { dev: DEV, vector: null, address: 0x12345678, data: 0x1, delivered: false }],
  ['msix_vector_use', { dev: DEV, vector: 2, used: 0 }],
  ['msix_vector_notifier', { dev: DEV, vector: 1, kind: 'release', address: null, data: null }],
  ['msix_vector_notifier', { dev: DEV, vector: 0, kind: 'poll', address: null, data: null }],
  ['pci_update_mappings', { dev: DEV, bar: 1, old: 0xfe004000, addr: null, size: 0x1000 }],
  ['pci_update_mappings', { dev: DEV, bar: 0, old: 0xc000, addr: 0xc040, size: 0x40 }],
  ['virtio_pci_common_read', { dev: DEV, reg: 'device_status', off: 0x14, size: 1, value: 0x0f, queue: 0 }],
  ['virtio_pci_common_read', { dev: DEV, reg: '', off: 0x3f, size: 1, value: 0, queue: 0 }],
  ['virtio_pci_common_write', { dev: DEV, reg: 'queue_msix_vector', off: 0x1a, size: 2, value: 9, queue: 1, note: 'vector 9 ≥ nvectors 4: reads back VIRTIO_MSI_NO_VECTOR' }],
  ['virtio_pci_common_write', { dev: DEV, reg: 'device_status', off: 0x14, size: 1, value: 0, queue: 0, note: null }],
  ['virtio_pci_common_write', { dev: DEV, reg: 'queue_desc_lo', off: 0x20, size: 4, value: 0x1234000, queue: 0, note: null }],
  ['virtio_pci_common_write', { dev: DEV, reg: 'queue_enable', off: 0x1c, size: 2, value: 2, queue: 0, note: 'wrong value for queue_enable 2: virtio_error' }],
  ['virtio_pci_common_write', { dev: DEV, reg: 'num_queues', off: 0x12, size: 2, value: 1, queue: 0, note: 'read-only or no register here: ignored' }],
  [
    'virtio_set_status',
    {
      dev: DEV,
      old: 0x03,
      written: 0x0b,
      new: 0x03,
      accepted: false,
      reason: 'virtio_validate_features failed (IOMMU_PLATFORM offered, not acked): virtio_set_status returns before storing, so the re-read shows FEATURES_OK clear (spec §3.1.1 step 6)',
      state: 'driver',
    },
  ],
  [
    'virtio_set_status',
    {
      dev: DEV,
      old: 0x0f,
      written: 0x07,
      new: 0x07,
      accepted: true,
      reason: 'clears 0x8: spec §2.1.2 says the driver must not clear a status bit; QEMU stores the byte as written; DRIVER_OK without FEATURES_OK on a VERSION_1 device: spec §3.1.1 forbids it; QEMU has no check and starts the device (virtio_set_started)',
      state: 'driver-ok',
    },
  ],
  ['virtio_set_status', { dev: DEV, old: 0x0f, written: 0, new: 0, accepted: true, reason: null, state: 'reset' }],
  ['virtio_error', { dev: DEV, old: 0x07, new: 0x07, message: 'legacy' }],
  ['virtio_pci_isr_read', { dev: DEV, isr: 0, legacy: true }],
  ['virtio_pci_notify_write', { dev: DEV, off: 0x0, queue: 0, ignored: 'vring.desc is 0' }],
  ['virtio_ioport_access', { dev: DEV, off: 24, size: 4, value: 0x12345678, write: false, reg: 'device config' }],
  ['virtio_pci_notify', { dev: DEV, vector: 0xffff, path: 'none', isr: 1 }],
  ['virtio_pci_notify', { dev: DEV, vector: 0xffff, path: 'intx', isr: 1 }],
  ['virtio_status', { status: 0, added: 'reset' }],
  ['virtio_status', { status: 0x0f, added: 'DRIVER_OK' }],
  ['virtio_features_ok', { status: 0x03, ok: false }],
  ['pci_alloc_irq_vectors', { policy: 'shared', vectors: 2, tableSize: 4, result: 2 }],
  ['pci_alloc_irq_vectors', { policy: 'each', vectors: 3, tableSize: 0, result: -22 }],
  ['request_irq', { vector: null, name: 'virtio0', handler: 'vp_interrupt' }],
  ['request_irq', { vector: 1, name: 'virtio0-virtqueues', handler: 'vp_vring_interrupt' }],
  ['request_irq', { vector: 2, name: 'virtio0-input.0', handler: 'vring_interrupt' }],
  ['vp_vector_write', { reg: 'msix_config', queue: null, vector: 0, readBack: 0 }],
  ['vp_vector_write', { reg: 'queue_msix_vector', queue: 2, vector: 0xffff, readBack: 0xffff }],
  ['vp_find_vqs_fallback', { failed: 'shared', err: -28, errno: 'ENOSPC', next: 'give-up' }],
  ['vp_find_vqs_fallback', { failed: 'shared', err: -16, errno: 'EBUSY', next: 'intx' }],
  ['vp_del_vqs', { queues: 1, irqsFreed: 1, msixDisabled: false }],
  ['vp_interrupt_isr', { isr: 0, handled: false }],
  ['vp_interrupt_isr', { isr: 3, handled: true }],
  ['vp_config_changed', { via: 'intx' }],
  ['vring_interrupt_pci', { queue: 1, name: 'output.0', more: false, via: 'vp_vring_interrupt' }],
  ['vring_interrupt_pci', { queue: 2, name: 'control', more: true, via: 'vp_vring_slow_path_interrupt' }],
  ['kvm_set_irq_routing', { nr: 4, ret: -22 }],
  ['kvm_irqfd_assign', { fd: 23, gsi: 24, ret: -16, pending: false }],
  ['kvm_irqfd_assign', { fd: 23, gsi: 24, ret: 0, pending: true }],
  ['irqfd_wakeup', { fd: 23, gsi: 30, routed: false }],
  ['kvm_msi_set_irq', { gsi: 24, addressLo: 0xfee0100c, addressHi: 0, data: 0x8123, destId: 1, vector: 0x23, deliveryMode: 1, destLogical: true, triggerLevel: true, redirHint: true }],
  ['kvm_apic_accept_irq', { apicId: 1, vector: 0x22, triggerLevel: true, coalesced: true }],
  ['kvm_irqchip_assign_irqfd', { fd: 23, virq: 24, ret: -38 }],
  ['event_notifier_init', { fd: 25, role: 'kick', queue: 1, active: true }],
  ['guest_notifier_fd_handler', { queue: 0, fd: 23, handler: null }],
  ['virtio_pci_set_guest_notifiers', { nvqs: 2, assign: true, withIrqfd: true, msix: true, useGuestNotifierMask: true, vectorNotifiers: true }],
  ['virtio_pci_set_guest_notifiers', { nvqs: 2, assign: true, withIrqfd: false, msix: false, useGuestNotifierMask: true, vectorNotifiers: false }],
  ['virtio_pci_vq_vector_unmask', { queue: 1, vector: 2, path: 'guest_notifier_mask' }],
  ['vhost_virtqueue_mask', { queue: 0, mask: false, fd: 23 }],
  ['main_loop_poll', { fds: [], ready: [] }],
  ['aio_dispatch_handler', { fd: 25, handler: 'virtio_queue_host_notifier_read' }],
  ['guest_notifier_read', { queue: 0, fd: 23, count: 0 }],
  ['host_notifier_read', { queue: 1, fd: 25, count: 0 }],
  ['virtio_pci_notify_irq', { vector: 0xffff, msix: false, level: 0 }],
];

const CJK = /[\u3400-\u9fff]/;
const BAD = ['undefined', 'NaN', '[object', 'null', 'Infinity'];
const CTX: CaptionCtx = { actor: 'qemu', stack: [] };

function caption<K extends EventType>(type: K, f: EventFields[K], lang: 'en' | 'zh'): string {
  return (CAPTIONS[type] as unknown as CaptionFor<K>)[lang](f, CTX);
}

function event<K extends EventType>(type: K, f: EventFields[K]): TraceEvent {
  return { seq: 1, actor: 'qemu', type, f, stack: [], doc: EVENT_INFO[type].doc } as unknown as TraceEvent;
}

const ALL: Variant[] = [...(Object.entries(SAMPLES) as Variant[]), ...VARIANTS];

describe('PCI, MSI-X, vector and routing captions', () => {
  it('covers event types that are in the catalog', () => {
    for (const t of Object.keys(SAMPLES)) expect(EVENT_TYPES, t).toContain(t);
  });

  it.each(ALL.map((v, i) => [`${v[0]} #${i}`, v] as const))('%s: both captions and the CLI line read cleanly', (_name, [type, f]) => {
    const en = caption(type, f as never, 'en');
    const zh = caption(type, f as never, 'zh');
    for (const [lang, text] of [['en', en], ['zh', zh]] as const) {
      expect(text.trim().length, `${type} ${lang}`).toBeGreaterThan(20);
      for (const bad of BAD) expect(text, `${type} ${lang}: ${text}`).not.toContain(bad);
    }
    expect(zh, type).toMatch(CJK);
    expect(en, type).not.toMatch(CJK);
    const line = describeEvent(event(type, f as never));
    expect(line.trim().length, type).toBeGreaterThan(0);
    for (const bad of ['undefined', 'NaN', '[object']) expect(line, `${type}: ${line}`).not.toContain(bad);
  });
});

describe('a caption carries its beat\'s own numbers', () => {
  it('a refused vector write names the vector and the read-back', () => {
    const f = SAMPLES.vp_vector_write;
    for (const lang of ['en', 'zh'] as const) {
      const text = caption('vp_vector_write', f, lang);
      expect(text).toContain('2');
      expect(text).toContain('0xffff');
      expect(text).toContain('queue_msix_vector');
      expect(text).toContain('-EBUSY');
    }
  });

  it('the MSI-X allocation names the count, the table size and the errno', () => {
    for (const lang of ['en', 'zh'] as const) {
      const text = caption('pci_alloc_irq_vectors', SAMPLES.pci_alloc_irq_vectors, lang);
      expect(text).toContain('6');
      expect(text).toContain('4');
      expect(text).toContain('-ENOSPC');
    }
  });

  it('the fallback names both policies and contrasts seed 003', () => {
    for (const lang of ['en', 'zh'] as const) {
      const text = caption('vp_find_vqs_fallback', SAMPLES.vp_find_vqs_fallback, lang);
      expect(text).toContain('EBUSY');
      expect(text).toContain('SHARED_SLOW');
      expect(text).toMatch(/seed 003/i);
    }
  });

  it('irqfd, routes and the LAPIC name fd, GSI and vector', () => {
    for (const lang of ['en', 'zh'] as const) {
      expect(caption('kvm_irqfd_assign', SAMPLES.kvm_irqfd_assign, lang)).toMatch(/23[\s\S]*24/);
      expect(caption('kvm_irqchip_add_msi_route', SAMPLES.kvm_irqchip_add_msi_route, lang)).toContain('0xfee00000');
      expect(caption('kvm_apic_accept_irq', SAMPLES.kvm_apic_accept_irq, lang)).toContain('0x22');
    }
  });

  it('register writes show the offset in hex and the MSI-X entry its table offset', () => {
    for (const lang of ['en', 'zh'] as const) {
      expect(caption('virtio_pci_common_write', SAMPLES.virtio_pci_common_write, lang)).toContain('0x1a');
      expect(caption('msix_table_write', SAMPLES.msix_table_write, lang)).toContain('0x2c');
      expect(caption('pci_config_write', SAMPLES.pci_config_write, lang)).toContain('INTX_DISABLE');
    }
  });

  it('the segfault names the faulting address and the seed\'s bugs', () => {
    for (const lang of ['en', 'zh'] as const) {
      const text = caption('qemu_segfault', SAMPLES.qemu_segfault, lang);
      expect(text).toContain('0x28');
      expect(text).toContain('1410716');
      expect(text).toContain('kvm_virtio_pci_irqfd_use');
    }
  });

  it('the Chinese status caption translates QEMU\'s notes instead of quoting them', () => {
    const refused = VARIANTS.find((v) => v[0] === 'virtio_set_status' && !(v[1] as EventFields['virtio_set_status']).accepted)!;
    const zh = caption('virtio_set_status', refused[1] as EventFields['virtio_set_status'], 'zh');
    expect(zh).toContain('virtio_validate_features 失败');
    expect(zh).not.toContain('returns before storing');
  });

  it('the CLI line of a vector write shows the -EBUSY read-back', () => {
    expect(describeEvent(event('vp_vector_write', SAMPLES.vp_vector_write))).toBe('queue_msix_vector (queue 1) = 0x2, read back 0xffff: -EBUSY');
  });
});
