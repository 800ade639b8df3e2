/**
 * QEMU's side of KVM interrupt routing (accel/kvm/kvm-all.c, QEMU 7.2): the
 * GSI routes QEMU allocates for MSI-X vectors and hands to the kernel with
 * KVM_SET_GSI_ROUTING, and the irqfds (KVM_IRQFD) binding a guest notifier's
 * eventfd to such a route.
 *
 * Under TCG there is no KVMState: the global kvm_state is NULL and
 * kvm_irqfds_enabled() / kvm_msi_via_irqfd_enabled() are false. The callers in
 * hw/virtio/virtio-pci.c are meant to stay off this file then; when one does
 * not, the crash happens in the caller (see virtio-pci-irqfd.ts).
 */
import { KVM_IRQ_ROUTING_MSI, KVM_MAX_IRQ_ROUTES, type KvmIrqRoutingEntry } from '../abi/kvm';
import type { MsiMessage } from '../abi/msi';
import { kvmSetIrqRouting, type KvmVm } from '../kvm/irq-routing';
import { kvmIrqfd } from '../kvm/irqfd';
import type { ActorContext, Gen } from '../sched/actor';
import { eventNotifierGetFd, type EventNotifier } from './event-notifier';

/** errno values QEMU returns here (negated). */
export const ENOSYS = -38;
export const ENOSPC = -28;

/**
 * The GSIs KVM's PC machine routes to the irqchips (PIC and IOAPIC pins,
 * kvm_pc_setup_irq_routing): 0-23. kvm_irqchip_get_virq hands out the lowest
 * free GSI after them, so a guest's first MSI route is GSI 24.
 */
export const KVM_PC_IRQCHIP_GSIS = 24;

/** The parts of QEMU's KVMState this path uses. */
export interface KVMState {
  /** The kernel side: the VM whose routing table KVM_SET_GSI_ROUTING replaces. */
  vm: KvmVm;
  /** s->irq_routes: QEMU's copy of the whole table (it always sends all of it). */
  irqRoutes: KvmIrqRoutingEntry[];
  /** s->used_gsi_bitmap (as a set) and s->gsi_count. */
  usedGsi: Set<number>;
  gsiCount: number;
}

/** The accelerator QEMU runs with: `kvmState` is the global kvm_state (null under TCG). */
export interface Accel {
  kvmState: KVMState | null;
}

/** A KVMState for a PC machine with an in-kernel irqchip: GSIs 0-23 taken by the irqchip routes. */
export function newKvmState(vm: KvmVm, gsiCount = KVM_MAX_IRQ_ROUTES): KVMState {
  const usedGsi = new Set<number>();
  for (let g = 0; g < KVM_PC_IRQCHIP_GSIS; g++) usedGsi.add(g);
  return { vm, irqRoutes: [], usedGsi, gsiCount };
}

/** kvm_irqfds_enabled(): true only with KVM (and KVM_CAP_IRQFD). */
export function kvmIrqfdsEnabled(accel: Accel): boolean {
  return accel.kvmState !== null;
}

/** kvm_msi_via_irqfd_enabled(): with KVM's in-kernel irqchip, MSIs may go through irqfds. False under TCG. */
export function kvmMsiViaIrqfdEnabled(accel: Accel): boolean {
  return accel.kvmState !== null;
}

/** KVMRouteChange: a batch of route additions committed once (kvm_irqchip_begin_route_changes). */
export interface KVMRouteChange {
  s: KVMState;
  changes: number;
}

/** kvm_irqchip_get_virq: the lowest GSI not in use, or -ENOSPC. */
function kvmIrqchipGetVirq(s: KVMState): number {
  for (let g = 0; g < s.gsiCount; g++) if (!s.usedGsi.has(g)) return g;
  return ENOSPC;
}

/**
 * kvm_irqchip_add_msi_route: take a free GSI and add an MSI route for
 * `vector` carrying the entry's current message (pci_get_msi_message: the
 * caller reads it from the MSI-X table). Returns the GSI (virq) or -errno.
 */
export function* kvmIrqchipAddMsiRoute(ctx: ActorContext, c: KVMRouteChange, vector: number, msg: MsiMessage): Gen<number> {
  return yield* ctx.call(
    'kvm_irqchip_add_msi_route',
    (function* (): Gen<number> {
      const s = c.s;
      const virq = kvmIrqchipGetVirq(s);
      if (virq < 0) return virq;
      s.usedGsi.add(virq);
      // kvm_add_routing_entry: appended to s->irq_routes, not yet sent to the kernel.
      s.irqRoutes.push({ gsi: virq, type: KVM_IRQ_ROUTING_MSI, flags: 0, msi: { addressLo: msg.addressLo >>> 0, addressHi: msg.addressHi >>> 0, data: msg.data >>> 0, devid: 0 } });
      c.changes++;
      if (ctx.tracing) yield ctx.ev('kvm_irqchip_add_msi_route', { vector, virq, addressLo: msg.addressLo, addressHi: msg.addressHi, data: msg.data });
      return virq;
    })(),
  );
}

/** kvm_irqchip_commit_routes: KVM_SET_GSI_ROUTING with the whole table (QEMU asserts it succeeds). */
export function* kvmIrqchipCommitRoutes(ctx: ActorContext, s: KVMState): Gen<number> {
  return yield* ctx.call(
    'kvm_irqchip_commit_routes',
    (function* (): Gen<number> {
      if (ctx.tracing) yield ctx.ev('kvm_irqchip_commit_routes', { nr: s.irqRoutes.length });
      return yield* ctx.call(
        'kvm_vm_ioctl@qemu',
        (function* (): Gen<number> {
          // The kernel side of the ioctl: kvm_vm_ioctl(KVM_SET_GSI_ROUTING) → kvm_set_irq_routing.
          const ret = kvmSetIrqRouting(s.vm, s.irqRoutes);
          if (ctx.tracing) yield ctx.ev('kvm_set_irq_routing', { nr: s.irqRoutes.length, ret }, 'kvm_vm_ioctl', 'kvm_set_irq_routing');
          return ret;
        })(),
      );
    })(),
  );
}

/** kvm_irqchip_commit_route_changes (include/sysemu/kvm.h): commit only if the batch added something. */
export function* kvmIrqchipCommitRouteChanges(ctx: ActorContext, c: KVMRouteChange): Gen {
  yield* ctx.call(
    'kvm_irqchip_commit_route_changes',
    (function* (): Gen {
      if (c.changes) {
        yield* kvmIrqchipCommitRoutes(ctx, c.s);
        c.changes = 0;
      }
    })(),
  );
}

/**
 * kvm_irqchip_update_msi_route: rewrite `virq`'s message in QEMU's copy (the
 * caller commits). Returns 0, or -ENOSYS without KVM (kvm_irqchip_in_kernel is false).
 */
export function* kvmIrqchipUpdateMsiRoute(ctx: ActorContext, s: KVMState | null, virq: number, msg: MsiMessage): Gen<number> {
  return yield* ctx.call(
    'kvm_irqchip_update_msi_route',
    (function* (): Gen<number> {
      if (!s) return ENOSYS;
      const e = s.irqRoutes.find((r) => r.gsi === virq);
      // kvm_update_routing_entry: -ESRCH when no route has that GSI.
      if (!e || e.type !== KVM_IRQ_ROUTING_MSI) return -3;
      e.msi = { addressLo: msg.addressLo >>> 0, addressHi: msg.addressHi >>> 0, data: msg.data >>> 0, devid: 0 };
      if (ctx.tracing) yield ctx.ev('kvm_irqchip_update_msi_route', { virq, addressLo: msg.addressLo, addressHi: msg.addressHi, data: msg.data });
      return 0;
    })(),
  );
}

/**
 * kvm_irqchip_add_irqfd_notifier_gsi → kvm_irqchip_assign_irqfd: KVM_IRQFD
 * binding the notifier's fd to `virq`. Without KVM, kvm_irqfds_enabled() is
 * false and it returns -ENOSYS before the ioctl (so even a NULL KVMState is
 * never dereferenced here).
 */
export function* kvmIrqchipAddIrqfdNotifierGsi(ctx: ActorContext, accel: Accel, n: EventNotifier, virq: number): Gen<number> {
  return yield* ctx.call(
    'kvm_irqchip_add_irqfd_notifier_gsi',
    ctx.call(
      'kvm_irqchip_assign_irqfd',
      (function* (): Gen<number> {
        const fd = eventNotifierGetFd(n);
        const s = accel.kvmState;
        if (!s || !kvmIrqfdsEnabled(accel) || !n.efd) return ENOSYS;
        const r = yield* ctx.call('kvm_vm_ioctl@qemu', kvmIrqfd(ctx, s.vm, n.efd, { fd, gsi: virq, flags: 0 }));
        if (ctx.tracing) yield ctx.ev('kvm_irqchip_assign_irqfd', { fd, virq, ret: r.ret });
        return r.ret;
      })(),
    ),
  );
}
