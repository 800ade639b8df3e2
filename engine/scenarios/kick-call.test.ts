/**
 * The kick-and-call walkthrough end to end: under KVM the kick goes through
 * KVM's ioeventfd and the call through an irqfd; under TCG through the memory
 * core's eventfd list and QEMU's main loop; and TCG with a vhost-user netdev
 * and MSI-X reproduces seed 000's segfault with its backtrace.
 */
import { describe, expect, it } from 'vitest';
import { BZ1380703, BZ1410716, seedFramesIn72, withoutAdded72 } from '../qemu/crash-backtraces';
import { eventsOf, runScenario } from '../testing/run';
import type { TraceEvent } from '../trace/events';

const run = (o: Record<string, unknown>) => runScenario('kick-call', o).trace;
const types = (t: readonly TraceEvent[]) => t.map((e) => e.type);

/** The index of the first event of `type` after index `from`, or -1. */
function after(t: readonly TraceEvent[], from: number, type: TraceEvent['type']): number {
  for (let i = from + 1; i < t.length; i++) if (t[i]!.type === type) return i;
  return -1;
}

describe('kick-call', () => {
  it('KVM: the doorbell write is taken by KVM\'s ioeventfd, and the call is injected by an irqfd, with no QEMU thread involved', () => {
    const t = run({});
    const notify = t.findIndex((e) => e.type === 'vp_notify');
    expect(notify).toBeGreaterThan(0);
    const kick = after(t, notify, 'eventfd_signal');
    expect(t[kick]!.stack).toContain('ioeventfd_write');
    expect(t[kick]!.actor).toBe('vcpu0');
    const call = t.findIndex((e) => e.type === 'vhost_signal_call');
    expect(t[call]!.f).toMatchObject({ queue: 1, to: 'irqfd' });
    const accept = after(t, call, 'kvm_apic_accept_irq');
    expect(t[accept]!.actor).toBe('vhost');
    const irq = after(t, accept, 'vring_interrupt_pci');
    expect(t[irq]!.f).toMatchObject({ queue: 1, more: true, via: 'vring_interrupt' });
    // No QEMU thread runs between the kick and the guest's handler.
    expect(t.slice(notify, irq).filter((e) => e.actor === 'qemu')).toEqual([]);
    // The host notifier went to KVM with KVM_IOEVENTFD at BAR4 + 0x3000 + 4·q.
    const mmio = eventsOf(t, 'host_notifier_assign').filter((e) => !e.f.pio);
    expect(mmio.map((e) => e.f.via)).toEqual(['KVM_IOEVENTFD', 'KVM_IOEVENTFD']);
    expect(mmio[1]!.f.addr).toBe(0xfe00_3004);
  });

  it('TCG with MSI-X and vhost-net: the kick goes through memory_region_dispatch_write_eventfds, the call through QEMU\'s main loop and msix_notify', () => {
    const t = run({ accel: 'tcg' });
    const write = t.find((e) => e.type === 'eventfd_write' && e.f.role === 'kick')!;
    expect(write.stack).toContain('memory_region_dispatch_write_eventfds');
    expect(eventsOf(t, 'vhost_signal_call')[0]!.f.to).toBe('guest-notifier');
    const order = types(t).filter((x) => ['aio_dispatch_handler', 'guest_notifier_read', 'virtio_irq', 'msix_notify', 'tcg_apic_set_irq', 'guest_irq_entry'].includes(x));
    expect(order).toEqual(['aio_dispatch_handler', 'guest_notifier_read', 'virtio_irq', 'msix_notify', 'tcg_apic_set_irq', 'guest_irq_entry']);
    expect(eventsOf(t, 'qemu_segfault')).toEqual([]);
  });

  it('TCG with INTx (pci=nomsi): the main loop raises the INTx line with ISR bit 0, and vp_interrupt reads the ISR', () => {
    const t = run({ accel: 'tcg', irq: 'intx' });
    const notify = eventsOf(t, 'virtio_pci_notify').find((e) => e.actor === 'qemu')!;
    expect(notify.f).toMatchObject({ path: 'intx', isr: 1 });
    expect(eventsOf(t, 'intx_line').map((e) => e.f.level)).toEqual([1, 0]);
    expect(eventsOf(t, 'vp_interrupt_isr')[0]!.f).toMatchObject({ isr: 1, handled: true });
    expect(eventsOf(t, 'vring_interrupt_pci').find((e) => e.f.queue === 1)!.f).toMatchObject({ more: true, via: 'vp_vring_interrupt' });
  });

  it('KVM with no MSI-X table (vectors=0): no irqfd, so the call goes through QEMU\'s main loop and the INTx line, also with two queue pairs', () => {
    const t = run({ vectors: 0, queues: 2 });
    expect(eventsOf(t, 'vhost_signal_call')[0]!.f.to).toBe('guest-notifier');
    expect(eventsOf(t, 'intx_line').map((e) => e.f.level)).toEqual([1, 0]);
    expect(eventsOf(t, 'vring_interrupt_pci').find((e) => e.f.queue === 1)!.f.more).toBe(true);
  });

  it('TCG + vhost-user + MSI-X: QEMU segfaults in kvm_virtio_pci_irqfd_use at the guest\'s DRIVER_OK, with seed 000\'s backtrace', () => {
    const t = run({ accel: 'tcg', backend: 'vhost-user' });
    const fault = t.at(-1)!;
    expect(fault.type).toBe('qemu_segfault');
    if (fault.type !== 'qemu_segfault') return;
    expect(fault.f.frame).toBe('kvm_virtio_pci_irqfd_use');
    expect(fault.f.addr).toBe(0x28);
    // Same frames in the same order as Red Hat bug 1410716's gdb backtrace, modulo QEMU 7.2's renames and added frames.
    expect(withoutAdded72(fault.f.backtrace)).toEqual(seedFramesIn72(BZ1410716));
    // It happens inside the guest's status write of DRIVER_OK (0x0f) at common-config offset 20.
    const exit = [...t].reverse().find((e) => e.type === 'vcpu_io_exit')!;
    expect(exit.f).toMatchObject({ off: 20, value: 0x0f, write: true, via: 'io_writex' });
  });

  it('the same vhost-user guest works with INTx under TCG, and with MSI-X under KVM (irqfd)', () => {
    for (const o of [{ accel: 'tcg', backend: 'vhost-user', irq: 'intx' }, { accel: 'kvm', backend: 'vhost-user' }]) {
      const t = run(o);
      expect(eventsOf(t, 'qemu_segfault'), JSON.stringify(o)).toEqual([]);
      expect(eventsOf(t, 'backend_elsewhere')).toHaveLength(1);
      const set = eventsOf(t, 'virtio_pci_set_guest_notifiers')[0]!;
      expect(set.f).toMatchObject({ withIrqfd: o.accel === 'kvm', useGuestNotifierMask: false });
    }
  });

  it('legacy transport (virtio_pci.force_legacy=1): the guest writes status 7 at I/O offset 18, and under TCG + vhost-user QEMU dies with bug 1380703\'s backtrace', () => {
    const t = run({ transport: 'legacy', accel: 'tcg', backend: 'vhost-user' });
    const fault = t.at(-1)!;
    expect(fault.type).toBe('qemu_segfault');
    if (fault.type !== 'qemu_segfault') return;
    // The seed's QEMU 2.3 frames from the fault down to the memory core are the same in 7.2 ...
    expect(fault.f.backtrace.slice(0, 15)).toEqual(BZ1380703.frames.slice(0, 15));
    // ... where 2.3's port write (cpu_outb → address_space_write → address_space_rw) is 7.2's helper_outb.
    expect(fault.f.backtrace[15]).toBe('helper_outb');
    const exit = [...t].reverse().find((e) => e.type === 'vcpu_io_exit')!;
    expect(exit.f).toMatchObject({ off: 18, value: 7, write: true, via: 'helper_out', target: { kind: 'bar', bar: 0, io: true } });
    // A legacy device has no FEATURES_OK: after reset, 1 and 3; the write of 7 (DRIVER_OK) is the one QEMU never returns from.
    expect(eventsOf(t, 'virtio_status').map((e) => e.f.status)).toEqual([0, 1, 3]);
  });

  it('legacy transport under KVM: the doorbell is an I/O port with a datamatch, taken by KVM\'s PIO bus; the call still goes through the irqfd', () => {
    const t = run({ transport: 'legacy' });
    const pio = eventsOf(t, 'host_notifier_assign').filter((e) => e.f.pio);
    expect(pio.map((e) => [e.f.addr, e.f.pio!.datamatch])).toEqual([
      [0xc040 + 16, 0],
      [0xc040 + 16, 1],
    ]);
    const notify = eventsOf(t, 'vp_notify')[0]!;
    expect(notify.f).toMatchObject({ addr: 0xc050, pio: true });
    const kick = eventsOf(t, 'eventfd_signal').find((e) => e.f.role === 'kick')!;
    expect(kick.stack).toEqual(expect.arrayContaining(['handle_io', 'kvm_fast_pio', 'kvm_io_bus_write', 'ioeventfd_write']));
    expect(kick.f.fd).toBe(eventsOf(t, 'host_notifier_assign').find((e) => e.f.queue === 1)!.f.fd);
    expect(eventsOf(t, 'vring_interrupt_pci').find((e) => e.f.queue === 1)!.f.more).toBe(true);
  });
});
