/**
 * KVM's irqfd (virt/kvm/eventfd.c): QEMU binds the queue's call eventfd to an
 * MSI route with KVM_IRQFD, and irqfd_wakeup, run by eventfd_signal in the
 * signaller's context, reads the counter and injects the MSI straight into
 * the vCPU's LAPIC: kvm_arch_set_irq_inatomic → kvm_irq_delivery_to_apic_fast
 * → kvm_apic_set_irq. Seed 000 shows QEMU wiring it (kvm_virtio_pci_irqfd_use).
 */
import { KVM_IRQFD_FLAG_DEASSIGN, KVM_IRQFD_FLAG_RESAMPLE } from '../abi/kvm';
import type { EventFd, WaitQueueEntry } from '../os/eventfd';
import type { ActorContext, Gen } from '../sched/actor';
import { EINVAL, kvmArchSetIrqInatomic, type KvmVm, type MsiDelivery } from './irq-routing';
import type { Lapic } from './lapic';

/** The wait-queue entry KVM_IRQFD installs on `efd`: on a signal, the MSI's `vector` becomes pending on `line`. */
export function irqfd(efd: EventFd, fd: number, lapic: Lapic, line: number, vector: number): WaitQueueEntry {
  return {
    func: 'irqfd_wakeup',
    wake: function* (ctx: ActorContext): Gen {
      // eventfd_ctx_do_read: the count is consumed, then the interrupt injected.
      efd.read();
      lapic.setIrq(line);
      if (ctx.tracing) yield ctx.ev('kvm_apic_set_irq', { vector, fd }, 'irqfd_wakeup', 'kvm_arch_set_irq_inatomic', 'kvm_irq_delivery_to_apic_fast', 'kvm_apic_set_irq');
    },
  };
}

/** errno EBUSY: KVM_IRQFD on an eventfd that already has an irqfd in this VM. */
export const EBUSY = -16;

/** The arguments of KVM_IRQFD (struct kvm_irqfd) this model takes. */
export interface KvmIrqfdArgs {
  fd: number;
  gsi: number;
  flags: number;
}

/** What kvm_irqfd did. */
export interface KvmIrqfdResult {
  ret: number;
  /** kvm_irqfd_assign's vfs_poll found the counter already non-zero, so the interrupt was injected at once. */
  injectedPending: MsiDelivery | null;
}

/** The eventfds that carry an irqfd, per VM (kvm->irqfds.items): fixed at build time, so a JS set. */
const irqfdsOf = new WeakMap<KvmVm, Set<EventFd>>();

/**
 * KVM_IRQFD on a routed GSI (virt/kvm/eventfd.c kvm_irqfd → kvm_irqfd_assign):
 * put irqfd_wakeup on the eventfd's wait queue. On a signal it consumes the
 * count (eventfd_ctx_do_read), looks the GSI up in the routing table as it is
 * now (irqfd_update keeps a copy that each KVM_SET_GSI_ROUTING refreshes), and
 * for an MSI route injects in the signaller's context through
 * kvm_arch_set_irq_inatomic. A count already there at assignment is injected
 * at once, as kvm_irqfd_assign's vfs_poll does. Deassign (KVM_IRQFD_FLAG_DEASSIGN)
 * is not modelled: the engine's eventfd has no remove_wait_queue.
 */
export function* kvmIrqfd(ctx: ActorContext, vm: KvmVm, efd: EventFd, args: KvmIrqfdArgs): Gen<KvmIrqfdResult> {
  const fail = (ret: number): KvmIrqfdResult => ({ ret, injectedPending: null });
  if (args.flags & ~(KVM_IRQFD_FLAG_DEASSIGN | KVM_IRQFD_FLAG_RESAMPLE)) return fail(EINVAL);
  // RESAMPLE is for level-triggered irqchip routes; DEASSIGN is left out (see above).
  if (args.flags !== 0) return fail(EINVAL);
  const set = irqfdsOf.get(vm) ?? new Set<EventFd>();
  irqfdsOf.set(vm, set);
  return yield* ctx.call(
    'kvm_irqfd',
    (function* (): Gen<KvmIrqfdResult> {
      if (set.has(efd)) {
        if (ctx.tracing) yield ctx.ev('kvm_irqfd_assign', { fd: args.fd, gsi: args.gsi, ret: EBUSY, pending: false }, 'kvm_irqfd_assign');
        return fail(EBUSY);
      }
      set.add(efd);
      efd.addWaitQueue(irqfdGsi(vm, efd, args.fd, args.gsi));
      const pending = efd.count() !== 0;
      if (ctx.tracing) yield ctx.ev('kvm_irqfd_assign', { fd: args.fd, gsi: args.gsi, ret: 0, pending }, 'kvm_irqfd_assign');
      let injectedPending: MsiDelivery | null = null;
      if (pending) {
        efd.read();
        const route = vm.routing.lookup(args.gsi);
        if (route) injectedPending = yield* ctx.call('kvm_irqfd_assign', kvmArchSetIrqInatomic(ctx, vm, route));
      }
      return { ret: 0, injectedPending };
    })(),
  );
}

/**
 * The wait-queue entry kvm_irqfd installs for a GSI: irqfd_wakeup. A GSI with
 * no route, or a non-MSI route, delivers nothing here (the kernel would queue
 * irqfd_inject, a workqueue this model does not run).
 */
export function irqfdGsi(vm: KvmVm, efd: EventFd, fd: number, gsi: number): WaitQueueEntry {
  return {
    func: 'irqfd_wakeup',
    wake: function* (ctx: ActorContext): Gen {
      yield* ctx.call(
        'irqfd_wakeup',
        (function* (): Gen {
          efd.read();
          const route = vm.routing.lookup(gsi);
          if (ctx.tracing) yield ctx.ev('irqfd_wakeup', { fd, gsi, routed: route !== null });
          if (route) yield* kvmArchSetIrqInatomic(ctx, vm, route);
        })(),
      );
    },
  };
}
