/**
 * The guest's virtio-pci transport, as much of drivers/virtio/virtio_pci_common.c
 * as the data path touches: vp_notify, the queue's notify callback. The
 * address is the queue's slot in the notify region of the modern BAR
 * (cap.offset + queue_notify_off × notify_off_multiplier, virtio 1.1 §4.1.4.4).
 */
import { kvmFastMmioWrite, type Ioeventfd } from '../kvm/ioeventfd';
import type { ActorContext, Gen } from '../sched/actor';

/** vp_notify: iowrite16(vq->index, notify address). The store exits to KVM (costing the vCPU `exitNs`), whose ioeventfd signals the kick eventfd. */
export function* vpNotify(ctx: ActorContext, queue: number, addr: number, ioeventfds: readonly Ioeventfd[], exitNs = 0): Gen<boolean> {
  return yield* ctx.call(
    'vp_notify',
    (function* () {
      if (ctx.tracing) yield ctx.ev('vp_notify', { queue, addr });
      yield* kvmFastMmioWrite(ctx, ioeventfds, addr, exitNs);
      // "we write the queue's selector into the notification register to signal the other end"
      return true;
    })(),
  );
}
