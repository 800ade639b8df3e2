/**
 * KVM's irqfd (virt/kvm/eventfd.c): QEMU binds the queue's call eventfd to an
 * MSI route with KVM_IRQFD, and irqfd_wakeup, run by eventfd_signal in the
 * signaller's context, reads the counter and injects the MSI straight into
 * the vCPU's LAPIC: kvm_arch_set_irq_inatomic → kvm_irq_delivery_to_apic_fast
 * → kvm_apic_set_irq. Seed 000 shows QEMU wiring it (kvm_virtio_pci_irqfd_use).
 */
import type { EventFd, WaitQueueEntry } from '../os/eventfd';
import type { ActorContext, Gen } from '../sched/actor';
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
