/** KVM's GSI routing table, MSI delivery into the LAPIC's IRR, and an irqfd bound to a GSI. */
import { describe, expect, it } from 'vitest';
import { KVM_IRQ_ROUTING_IRQCHIP, KVM_IRQ_ROUTING_MSI, KVM_IRQCHIP_IOAPIC, KVM_MAX_IRQ_ROUTES, type KvmIrqRoutingEntry } from '../abi/kvm';
import { msiEncode } from '../abi/msi';
import { Arena } from '../mem/arena';
import { eventfdSignal, EventFd } from '../os/eventfd';
import { ActorContext, type Beat, type Emit, type Gen } from '../sched/actor';
import { EINVAL, KvmIrqRouting, kvmSetIrqRouting, kvmSetMsi, type KvmVm } from './irq-routing';
import { kvmIrqfd } from './irqfd';
import { APIC_IRR, APIC_REGS_SIZE, KvmLapic } from './lapic';

function drain<T>(g: Gen<T>): { beats: Beat[]; ret: T } {
  const beats: Beat[] = [];
  for (;;) {
    const r = g.next();
    if (r.done) return { beats, ret: r.value };
    beats.push(r.value);
  }
}
const evs = (beats: Beat[]) => beats.filter((b): b is Emit => 'type' in b);

function vm(ncpu = 2, capacity = 8): { vm: KvmVm; arena: Arena } {
  const arena = new Arena(new ArrayBuffer(8192));
  const routing = new KvmIrqRouting(arena, 0, capacity);
  const base = KvmIrqRouting.size(capacity);
  const lapics = Array.from({ length: ncpu }, (_, i) => new KvmLapic(arena, base + i * APIC_REGS_SIZE, i));
  return { vm: { routing, lapics, x2apicFormat: false }, arena };
}

const msiRoute = (gsi: number, destId: number, vector: number): KvmIrqRoutingEntry => {
  const m = msiEncode({ destId, destLogical: false, redirHint: false, vector, deliveryMode: 0, level: false, triggerLevel: false });
  return { gsi, type: KVM_IRQ_ROUTING_MSI, flags: 0, msi: { ...m, devid: 0 } };
};

describe('kvm_set_irq_routing', () => {
  it('installs the whole table in the UAPI layout and looks routes up by GSI', () => {
    const { vm: v, arena } = vm();
    expect(kvmSetIrqRouting(v, [msiRoute(24, 0, 0x22), msiRoute(25, 1, 0x23)])).toBe(0);
    expect(v.routing.nr).toBe(2);
    expect(arena.r32(8 + 48)).toBe(25); // second entry's gsi at 8 + 48
    expect(v.routing.lookup(25)).toEqual(msiRoute(25, 1, 0x23));
    expect(v.routing.lookup(26)).toBeNull();
    // A later call replaces the table, it does not add to it.
    expect(kvmSetIrqRouting(v, [msiRoute(30, 0, 0x40)])).toBe(0);
    expect(v.routing.entries().map((e) => e.gsi)).toEqual([30]);
  });

  it('refuses a bad table with -EINVAL and keeps the old one (nothing half-applied)', () => {
    const { vm: v } = vm();
    kvmSetIrqRouting(v, [msiRoute(24, 0, 0x22)]);
    const bad: KvmIrqRoutingEntry[][] = [
      [msiRoute(25, 0, 0x30), msiRoute(KVM_MAX_IRQ_ROUTES, 0, 0x31)], // GSI out of range
      [msiRoute(25, 0, 0x30), msiRoute(25, 1, 0x31)], // two MSI routes on one GSI
      [{ ...msiRoute(25, 0, 0x30), flags: 2 }], // unknown flag
      [{ gsi: 1, type: KVM_IRQ_ROUTING_IRQCHIP, flags: 0, irqchip: { irqchip: KVM_IRQCHIP_IOAPIC, pin: 1 } }, { gsi: 1, type: KVM_IRQ_ROUTING_IRQCHIP, flags: 0, irqchip: { irqchip: KVM_IRQCHIP_IOAPIC, pin: 2 } }],
    ];
    for (const t of bad) {
      expect(kvmSetIrqRouting(v, t)).toBe(EINVAL);
      expect(v.routing.entries()).toEqual([msiRoute(24, 0, 0x22)]);
    }
    expect(kvmSetIrqRouting(v, [], 1)).toBe(EINVAL);
  });
});

describe('MSI delivery to the IRR', () => {
  it('kvm_set_msi decodes the route and sets the MSI data vector in the destination vCPU IRR only', () => {
    const { vm: v, arena } = vm();
    kvmSetIrqRouting(v, [msiRoute(24, 1, 0x41)]);
    const ctx = new ActorContext('t');
    const { beats, ret } = drain(kvmSetMsi(ctx, v, v.routing.lookup(24)!));
    expect(ret).toMatchObject({ apicId: 1, ret: 1, coalesced: false });
    expect(v.lapics[1]!.irrTest(0x41)).toBe(true);
    expect(v.lapics[1]!.pendingVectors()).toEqual([0x41]);
    expect(v.lapics[0]!.pendingVectors()).toEqual([]);
    // The IRR word of vector 0x41 is word 2 at APIC_IRR + 0x20, bit 1.
    expect(arena.r32(v.lapics[1]!.regs + APIC_IRR + 0x20)).toBe(1 << 1);
    const e = evs(beats);
    expect(e.map((x) => x.type)).toEqual(['kvm_msi_set_irq', 'kvm_apic_accept_irq']);
    expect(e[0]!.f).toMatchObject({ gsi: 24, destId: 1, vector: 0x41, deliveryMode: 0, destLogical: false });
    expect(e[1]!.stack).toEqual(['kvm_set_msi', 'kvm_irq_delivery_to_apic_fast', 'kvm_apic_set_irq', '__apic_accept_irq']);
  });

  it('coalesces a second MSI while the vector is pending, and the vCPU takes the highest vector first (IRR → ISR)', () => {
    const { vm: v } = vm(1);
    kvmSetIrqRouting(v, [msiRoute(24, 0, 0x22), msiRoute(25, 0, 0x80)]);
    const ctx = new ActorContext('t');
    drain(kvmSetMsi(ctx, v, v.routing.lookup(24)!));
    expect(drain(kvmSetMsi(ctx, v, v.routing.lookup(24)!)).ret).toMatchObject({ coalesced: true });
    drain(kvmSetMsi(ctx, v, v.routing.lookup(25)!));
    const l = v.lapics[0]!;
    expect(l.highestIrr()).toBe(0x80);
    expect(l.ackInterrupt()).toBe(0x80);
    expect(l.isrTest(0x80)).toBe(true);
    expect(l.irrTest(0x80)).toBe(false);
    expect(l.ackInterrupt()).toBe(0x22);
    expect(l.ackInterrupt()).toBe(-1);
  });

  it('leaves logical-mode MSIs to the slow path and drops an MSI to a missing APIC ID', () => {
    const { vm: v } = vm(1);
    const logical = msiRoute(24, 1, 0x30);
    if (logical.type === KVM_IRQ_ROUTING_MSI) logical.msi.addressLo |= 4;
    kvmSetIrqRouting(v, [logical, msiRoute(25, 9, 0x31)]);
    const ctx = new ActorContext('t');
    expect(drain(kvmSetMsi(ctx, v, v.routing.lookup(24)!)).ret).toMatchObject({ ret: -11, apicId: null });
    expect(drain(kvmSetMsi(ctx, v, v.routing.lookup(25)!)).ret).toMatchObject({ ret: 0, apicId: null });
    expect(v.lapics[0]!.pendingVectors()).toEqual([]);
  });
});

describe('irqfd on a GSI', () => {
  it('a signal of the bound eventfd runs irqfd_wakeup in the signaller context and delivers the route vector', () => {
    const { vm: v, arena } = vm();
    kvmSetIrqRouting(v, [msiRoute(24, 0, 0x23)]);
    const efd = new EventFd(arena, 2000, 'call');
    const ctx = new ActorContext('vhost');
    expect(drain(kvmIrqfd(ctx, v, efd, { fd: 31, gsi: 24, flags: 0 })).ret).toEqual({ ret: 0, injectedPending: null });
    // The same eventfd twice: -EBUSY.
    expect(drain(kvmIrqfd(ctx, v, efd, { fd: 31, gsi: 24, flags: 0 })).ret.ret).toBe(-16);
    const { beats } = drain(eventfdSignal(ctx, efd, 31, 'call', 'vhost_signal'));
    expect(efd.count()).toBe(0); // irqfd_wakeup consumed it
    expect(v.lapics[0]!.pendingVectors()).toEqual([0x23]);
    const accept = evs(beats).find((b) => b.type === 'kvm_apic_accept_irq')!;
    expect(accept.stack).toEqual(['vhost_signal', 'eventfd_signal', 'eventfd_signal_mask', 'irqfd_wakeup', 'kvm_arch_set_irq_inatomic', 'kvm_irq_delivery_to_apic_fast', 'kvm_apic_set_irq', '__apic_accept_irq']);
    // Re-routing the GSI changes where the next signal goes.
    kvmSetIrqRouting(v, [msiRoute(24, 1, 0x51)]);
    drain(eventfdSignal(ctx, efd, 31, 'call'));
    expect(v.lapics[1]!.pendingVectors()).toEqual([0x51]);
  });

  it('injects a count already in the eventfd when the irqfd is assigned, and refuses unknown flags', () => {
    const { vm: v, arena } = vm();
    kvmSetIrqRouting(v, [msiRoute(24, 0, 0x24)]);
    const efd = new EventFd(arena, 2004, 'call');
    efd.write(1);
    const ctx = new ActorContext('qemu');
    expect(drain(kvmIrqfd(ctx, v, new EventFd(arena, 2008, 'x'), { fd: 40, gsi: 24, flags: 8 })).ret.ret).toBe(EINVAL);
    const r = drain(kvmIrqfd(ctx, v, efd, { fd: 41, gsi: 24, flags: 0 })).ret;
    expect(r.injectedPending).toMatchObject({ ret: 1, apicId: 0 });
    expect(v.lapics[0]!.pendingVectors()).toEqual([0x24]);
  });
});
