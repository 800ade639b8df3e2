/**
 * KVM's GSI routing and MSI delivery on x86 (Linux 6.12): the table
 * KVM_SET_GSI_ROUTING installs (virt/kvm/irqchip.c kvm_set_irq_routing), and
 * the path an MSI route takes to a vCPU: kvm_set_msi / kvm_arch_set_irq_inatomic
 * → kvm_set_msi_irq (decode the address/data pair) →
 * kvm_irq_delivery_to_apic_fast → kvm_apic_set_irq → __apic_accept_irq, which
 * sets the x86 vector's bit in the destination LAPIC's IRR.
 *
 * The table lives in the arena in the UAPI layout (struct kvm_irq_routing and
 * its entries), so step mode can show and rewind it; the kernel keeps its own
 * hashed copy, but the contents are the same.
 */
import {
  KVM_IRQ_ROUTING,
  KVM_IRQ_ROUTING_ENTRY,
  KVM_IRQ_ROUTING_IRQCHIP,
  KVM_IRQ_ROUTING_MSI,
  KVM_MAX_IRQ_ROUTES,
  KVM_MSI_VALID_DEVID,
  readKvmIrqRoutingEntry,
  writeKvmIrqRoutingEntry,
  type KvmIrqRoutingEntry,
} from '../abi/kvm';
import { MSI_DATA_DELIVERY_FIXED, MSI_DATA_DELIVERY_LOWPRI, msiDecode, type X86Msi } from '../abi/msi';
import type { Arena } from '../mem/arena';
import type { ActorContext, Gen } from '../sched/actor';
import type { KvmLapic } from './lapic';

/** errno values KVM returns here (negated, kernel style). */
export const EINVAL = -22;
export const EWOULDBLOCK = -11;

/** The routing table of one VM, `capacity` entries in the arena at `base`. */
export class KvmIrqRouting {
  constructor(
    readonly arena: Arena,
    /** Byte offset of the struct kvm_irq_routing header (4-aligned). */
    readonly base: number,
    readonly capacity: number,
  ) {}

  /** Arena bytes a table of `capacity` entries needs. */
  static size(capacity: number): number {
    return KVM_IRQ_ROUTING.size + capacity * KVM_IRQ_ROUTING_ENTRY.size;
  }

  /** Number of installed entries. */
  get nr(): number {
    return this.arena.r32(this.base + KVM_IRQ_ROUTING.nr);
  }

  /** The installed entries, in the order they were given. */
  entries(): KvmIrqRoutingEntry[] {
    const out: KvmIrqRoutingEntry[] = [];
    for (let i = 0; i < this.nr; i++) {
      const e = readKvmIrqRoutingEntry(this.arena, this.base + KVM_IRQ_ROUTING.entries + i * KVM_IRQ_ROUTING_ENTRY.size);
      if (e) out.push(e);
    }
    return out;
  }

  /** The route of `gsi` (irqfd_update's lookup; x86 allows one non-irqchip route per GSI), or null. */
  lookup(gsi: number): KvmIrqRoutingEntry | null {
    for (const e of this.entries()) if (e.gsi === gsi) return e;
    return null;
  }
}

/** The pieces of `struct kvm` this path touches. */
export interface KvmVm {
  routing: KvmIrqRouting;
  /** The vCPUs' LAPICs (kvm_for_each_vcpu order); the fast path finds them by APIC ID. */
  lapics: readonly KvmLapic[];
  /** KVM_X2APIC_API_USE_32BIT_IDS: address_hi carries destination bits 31:8. */
  x2apicFormat: boolean;
}

/** kvm_msi_route_invalid (arch/x86/kvm/x86.h): in x2APIC format the low byte of address_hi must be 0. */
function msiRouteInvalid(vm: KvmVm, e: KvmIrqRoutingEntry): boolean {
  return e.type === KVM_IRQ_ROUTING_MSI && vm.x2apicFormat && (e.msi.addressHi & 0xff) !== 0;
}

/**
 * kvm_set_irq_routing: validate every entry first (GSI below
 * KVM_MAX_IRQ_ROUTES, flags, one non-irqchip route per GSI, a valid MSI),
 * then swap the whole table in. A bad entry fails the ioctl with -EINVAL and
 * the old table stays, as in the kernel (it builds the new table aside).
 */
export function kvmSetIrqRouting(vm: KvmVm, ue: readonly KvmIrqRoutingEntry[], flags = 0): number {
  // kvm_vm_ioctl(KVM_SET_GSI_ROUTING) refuses flags and more than KVM_MAX_IRQ_ROUTES entries before calling in.
  if (flags !== 0 || ue.length > KVM_MAX_IRQ_ROUTES) return EINVAL;
  if (ue.length > vm.routing.capacity) return EINVAL; // this model's table size (a build-time choice)
  const seen = new Map<number, KvmIrqRoutingEntry[]>();
  for (const e of ue) {
    if (e.gsi >>> 0 >= KVM_MAX_IRQ_ROUTES) return EINVAL;
    if (e.type === KVM_IRQ_ROUTING_MSI ? (e.flags & ~KVM_MSI_VALID_DEVID) !== 0 : e.flags !== 0) return EINVAL;
    // setup_routing_entry: only irqchip routes to different chips may share a GSI.
    for (const o of seen.get(e.gsi) ?? []) {
      if (o.type !== KVM_IRQ_ROUTING_IRQCHIP || e.type !== KVM_IRQ_ROUTING_IRQCHIP || o.irqchip.irqchip === e.irqchip.irqchip) return EINVAL;
    }
    if (msiRouteInvalid(vm, e)) return EINVAL;
    seen.set(e.gsi, [...(seen.get(e.gsi) ?? []), e]);
  }
  const r = vm.routing;
  ue.forEach((e, i) => writeKvmIrqRoutingEntry(r.arena, r.base + KVM_IRQ_ROUTING.entries + i * KVM_IRQ_ROUTING_ENTRY.size, e));
  r.arena.w32(r.base + KVM_IRQ_ROUTING.flags, 0);
  r.arena.w32(r.base + KVM_IRQ_ROUTING.nr, ue.length);
  return 0;
}

/** What one MSI delivery did, for the caller's trace and the tests. */
export interface MsiDelivery {
  msi: X86Msi;
  /** APIC ID that accepted it, or null (no such vCPU, or not a fast-path case). */
  apicId: number | null;
  /** The vector was already pending (the interrupt coalesced into the IRR bit). */
  coalesced: boolean;
  /** kvm_arch_set_irq_inatomic's result: 1 delivered, 0 none, -EWOULDBLOCK (slow path needed), -EINVAL. */
  ret: number;
}

/**
 * kvm_arch_set_irq_inatomic for an MSI route, as irqfd_wakeup calls it in the
 * signaller's context: decode (kvm_set_msi_irq), then the fast path to one
 * LAPIC. The fast path handles physical destinations and lowest priority;
 * logical and broadcast ones return -EWOULDBLOCK, after which irqfd_wakeup
 * queues irqfd_inject to deliver from a workqueue (not modelled: the guest's
 * MSI-X entries Linux writes are physical, fixed).
 */
export function* kvmArchSetIrqInatomic(ctx: ActorContext, vm: KvmVm, e: KvmIrqRoutingEntry): Gen<MsiDelivery | null> {
  if (e.type !== KVM_IRQ_ROUTING_MSI) return null; // irqchip routes go the slow way (irqfd_inject)
  return yield* ctx.call('kvm_arch_set_irq_inatomic', deliverMsi(ctx, vm, e));
}

/** Both entry points' common body: kvm_set_msi_irq's decode, then the fast path. */
function* deliverMsi(ctx: ActorContext, vm: KvmVm, e: Extract<KvmIrqRoutingEntry, { type: typeof KVM_IRQ_ROUTING_MSI }>): Gen<MsiDelivery> {
  const msi = msiDecode({ addressLo: e.msi.addressLo, addressHi: e.msi.addressHi, data: e.msi.data }, vm.x2apicFormat);
  if (msiRouteInvalid(vm, e)) return { msi, apicId: null, coalesced: false, ret: EINVAL };
  if (ctx.tracing)
    yield ctx.ev(
      'kvm_msi_set_irq',
      { gsi: e.gsi, addressLo: e.msi.addressLo, addressHi: e.msi.addressHi, data: e.msi.data, destId: msi.destId, vector: msi.vector, deliveryMode: msi.deliveryMode, destLogical: msi.destLogical, triggerLevel: msi.triggerLevel, redirHint: msi.redirHint },
      'kvm_set_msi_irq',
    );
  return yield* ctx.call('kvm_irq_delivery_to_apic_fast', deliverFast(ctx, vm, msi));
}

/** kvm_irq_delivery_to_apic_fast: the physical-mode map lookup (kvm_apic_map_get_dest_lapic), then kvm_apic_set_irq. */
function* deliverFast(ctx: ActorContext, vm: KvmVm, msi: X86Msi): Gen<MsiDelivery> {
  const xapicBroadcast = !vm.x2apicFormat && msi.destId === 0xff;
  const fixedOrLowest = msi.deliveryMode === MSI_DATA_DELIVERY_FIXED || msi.deliveryMode === MSI_DATA_DELIVERY_LOWPRI;
  if (msi.destLogical || xapicBroadcast || !fixedOrLowest) return { msi, apicId: null, coalesced: false, ret: EWOULDBLOCK };
  const lapic = vm.lapics.find((l) => l.apicId === msi.destId);
  // No vCPU with that ID: the fast path "handled" it, with nothing delivered (r = 0)... a lost interrupt, as on real hardware.
  if (!lapic) return { msi, apicId: null, coalesced: false, ret: 0 };
  const coalesced = yield* ctx.call('kvm_apic_set_irq', kvmApicSetIrq(ctx, lapic, msi.vector, msi.triggerLevel));
  return { msi, apicId: lapic.apicId, coalesced, ret: 1 };
}

/**
 * kvm_apic_set_irq → __apic_accept_irq (APIC_DM_FIXED): set the vector in
 * the IRR and kick the vCPU. Returns whether the bit was already set.
 */
export function* kvmApicSetIrq(ctx: ActorContext, lapic: KvmLapic, vector: number, triggerLevel: boolean): Gen<boolean> {
  const coalesced = lapic.setIrr(vector);
  if (ctx.tracing) yield ctx.ev('kvm_apic_accept_irq', { apicId: lapic.apicId, vector, triggerLevel, coalesced }, '__apic_accept_irq');
  return coalesced;
}

/**
 * KVM_SIGNAL_MSI / an irqfd's slow path: kvm_set_msi on a route
 * (kvm_set_msi_irq, then the same delivery). Only the fast-path cases are modelled.
 */
export function* kvmSetMsi(ctx: ActorContext, vm: KvmVm, e: KvmIrqRoutingEntry): Gen<MsiDelivery | null> {
  if (e.type !== KVM_IRQ_ROUTING_MSI) return null;
  return yield* ctx.call('kvm_set_msi', deliverMsi(ctx, vm, e));
}
