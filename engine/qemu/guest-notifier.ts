/**
 * A virtqueue's notifiers on QEMU's side (hw/virtio/virtio.c, QEMU 7.2) and
 * QEMU's main loop that serves them when KVM does not.
 *
 * Guest notifier (call): the back-end (vhost) signals it when it has used
 * buffers. With KVM + MSI-X it is an irqfd and QEMU never sees the signal.
 * Otherwise (TCG, or INTx) virtio_queue_set_guest_notifier_fd_handler
 * registers virtio_queue_guest_notifier_read with the main loop, which polls
 * the fd: virtio_queue_guest_notifier_read → virtio_irq (ISR bit 0) →
 * virtio_notify_vector → the transport's notify (virtio_pci_notify).
 *
 * Host notifier (kick): with KVM, KVM_IOEVENTFD signals it in the kernel.
 * Under TCG there is no ioeventfd; the guest's store to the notify region
 * is emulated by QEMU: memory_region_dispatch_write, when
 * !kvm_eventfds_enabled(), first tries memory_region_dispatch_write_eventfds
 * (softmmu/memory.c), which matches the region's registered ioeventfds and
 * writes the host notifier itself, so a vhost back-end still gets its kick.
 * When no back-end polls the fd, QEMU's own handler
 * virtio_queue_host_notifier_read → virtio_queue_notify_vq runs the device.
 * Seed 000 spells the main-loop path with older names (os_host_main_loop_wait
 * → qemu_iohandler_poll → ioh->fd_read); 7.2's dispatch goes through the
 * iohandler AioContext: glib_pollfds_poll → aio_ctx_dispatch → aio_dispatch
 * → aio_dispatch_handlers → aio_dispatch_handler.
 */
import type { ActorContext, Gen } from '../sched/actor';
import { eventNotifierGetFd, eventNotifierSetWake, eventNotifierTestAndClear, type EventNotifier } from './event-notifier';

/** VIRTIO_NO_VECTOR: a queue without an MSI-X vector. */
export const VIRTIO_NO_VECTOR = 0xffff;

/**
 * The VirtQueue fields this file uses (hw/virtio/virtio.c struct VirtQueue).
 * Written against this small interface because the device model
 * (engine/qemu/virtio-pci.ts, helper-proxy) was not there yet.
 */
export interface VirtQueueNotifiers {
  index: number;
  /** vq->vector: the MSI-X vector the guest wrote to queue_msix_vector. */
  vector: () => number;
  guestNotifier: EventNotifier;
  hostNotifier: EventNotifier;
  /** vq->host_notifier_enabled: a back-end (vhost) or the ioeventfd owns the kick. */
  hostNotifierEnabled: boolean;
  /** vq->handle_output: the device's queue handler, when QEMU itself serves the queue. */
  handleOutput?: (ctx: ActorContext) => Gen;
}

/** The VirtIODevice fields and bus callbacks the notifier paths use. */
export interface VirtIODeviceNotify {
  /** vdev->isr (qatomic_or in virtio_set_isr). */
  isr: () => number;
  setIsr: (bits: number) => void;
  /** k->notify of the bus: virtio_pci_notify for a PCI proxy. */
  notify: (ctx: ActorContext, vector: number) => Gen;
  /** virtio_device_disabled (a device the guest may not drive). */
  disabled?: boolean;
}

/** The handlers QEMU's main loop can dispatch, by their real names. */
export type IoHandlerName = 'virtio_queue_guest_notifier_read' | 'virtio_queue_host_notifier_read';

/** One fd the main loop watches (an AioHandler of iohandler_ctx). */
interface AioHandler {
  notifier: EventNotifier;
  name: IoHandlerName;
  run: (ctx: ActorContext) => Gen;
}

/**
 * QEMU's main loop's set of fd handlers (the iohandler AioContext). Fixed
 * while a device is set up, so it is kept in JS; the counters it polls are
 * eventfds in the arena.
 */
export class MainLoop {
  private readonly handlers = new Map<number, AioHandler>();

  /** event_notifier_set_handler: watch the notifier's fd with `h`, or stop watching it (null). */
  setHandler(n: EventNotifier, h: Omit<AioHandler, 'notifier'> | null): void {
    const fd = eventNotifierGetFd(n);
    if (h) this.handlers.set(fd, { notifier: n, ...h });
    else this.handlers.delete(fd);
  }

  /** The watched fds, lowest first. */
  fds(): number[] {
    return [...this.handlers.keys()].sort((a, b) => a - b);
  }

  /** The handler on `fd`, if any. */
  handlerOf(fd: number): IoHandlerName | null {
    return this.handlers.get(fd)?.name ?? null;
  }

  /** Internal: the handler record on `fd`. */
  get(fd: number): AioHandler | undefined {
    return this.handlers.get(fd);
  }
}

/** virtio_irq: set ISR bit 0 (the queue interrupt), then virtio_notify_vector. */
export function* virtioIrq(ctx: ActorContext, vdev: VirtIODeviceNotify, vq: VirtQueueNotifiers): Gen {
  yield* ctx.call(
    'virtio_irq',
    (function* (): Gen {
      vdev.setIsr(0x1);
      if (ctx.tracing) yield ctx.ev('virtio_irq', { queue: vq.index, vector: vq.vector(), isr: vdev.isr() });
      yield* virtioNotifyVector(ctx, vdev, vq.vector());
    })(),
  );
}

/** virtio_notify_vector: nothing for a disabled device, else the bus's notify (k->notify). */
export function* virtioNotifyVector(ctx: ActorContext, vdev: VirtIODeviceNotify, vector: number): Gen {
  yield* ctx.call(
    'virtio_notify_vector',
    (function* (): Gen {
      if (vdev.disabled) return;
      yield* vdev.notify(ctx, vector);
    })(),
  );
}

/** virtio_queue_guest_notifier_read: if the call eventfd was signalled, raise the queue's interrupt. */
export function* virtioQueueGuestNotifierRead(ctx: ActorContext, vdev: VirtIODeviceNotify, vq: VirtQueueNotifiers): Gen {
  yield* ctx.call(
    'virtio_queue_guest_notifier_read',
    (function* (): Gen {
      const count = eventNotifierTestAndClear(vq.guestNotifier);
      if (ctx.tracing) yield ctx.ev('guest_notifier_read', { queue: vq.index, fd: eventNotifierGetFd(vq.guestNotifier), count }, 'event_notifier_test_and_clear');
      if (count) yield* virtioIrq(ctx, vdev, vq);
    })(),
  );
}

/**
 * virtio_queue_set_guest_notifier_fd_handler: with `assign` and no irqfd the
 * main loop watches the call fd; otherwise it does not, and on deassign the
 * notifier is drained once (virtio_queue_guest_notifier_read) in case a
 * signal arrived that the poll did not see.
 */
export function* virtioQueueSetGuestNotifierFdHandler(ctx: ActorContext, loop: MainLoop, vdev: VirtIODeviceNotify, vq: VirtQueueNotifiers, assign: boolean, withIrqfd: boolean): Gen {
  yield* ctx.call(
    'virtio_queue_set_guest_notifier_fd_handler',
    (function* (): Gen {
      const handler = assign && !withIrqfd ? ('virtio_queue_guest_notifier_read' as const) : null;
      loop.setHandler(vq.guestNotifier, handler ? { name: handler, run: (c) => virtioQueueGuestNotifierRead(c, vdev, vq) } : null);
      if (ctx.tracing) yield ctx.ev('guest_notifier_fd_handler', { queue: vq.index, fd: eventNotifierGetFd(vq.guestNotifier), handler }, 'event_notifier_set_handler');
      if (!assign) yield* virtioQueueGuestNotifierRead(ctx, vdev, vq);
    })(),
  );
}

/** virtio_queue_host_notifier_read: a kick seen by QEMU's own poll runs the queue (virtio_queue_notify_vq). */
export function* virtioQueueHostNotifierRead(ctx: ActorContext, vq: VirtQueueNotifiers): Gen {
  yield* ctx.call(
    'virtio_queue_host_notifier_read',
    (function* (): Gen {
      const count = eventNotifierTestAndClear(vq.hostNotifier);
      if (ctx.tracing) yield ctx.ev('host_notifier_read', { queue: vq.index, fd: eventNotifierGetFd(vq.hostNotifier), count }, 'event_notifier_test_and_clear');
      if (count && vq.handleOutput) yield* ctx.call('virtio_queue_notify_vq', vq.handleOutput(ctx));
    })(),
  );
}

/** Register QEMU's own handler on a host notifier (virtio_queue_aio_attach_host_notifier's main-loop twin: virtio_device_start_ioeventfd_impl's set_handler). */
export function watchHostNotifier(loop: MainLoop, vq: VirtQueueNotifiers): void {
  loop.setHandler(vq.hostNotifier, { name: 'virtio_queue_host_notifier_read', run: (c) => virtioQueueHostNotifierRead(c, vq) });
}

/**
 * virtio_queue_notify: the guest's queue-notify write as QEMU handles it
 * under TCG. With a back-end on the host notifier the write becomes a signal
 * of that eventfd (event_notifier_set); without one the device's handler runs.
 */
export function* virtioQueueNotify(ctx: ActorContext, vq: VirtQueueNotifiers): Gen {
  yield* ctx.call(
    'virtio_queue_notify',
    (function* (): Gen {
      if (vq.hostNotifierEnabled) yield* eventNotifierSetWake(ctx, vq.hostNotifier);
      else if (vq.handleOutput) yield* vq.handleOutput(ctx);
    })(),
  );
}

/**
 * TCG's kick: the vCPU thread's emulated store to a notify address that has
 * an ioeventfd registered (virtio_pci_ioeventfd_assign →
 * memory_region_add_eventfd) is matched by memory_region_dispatch_write_eventfds,
 * which sets the host notifier. Returns whether an eventfd matched. Under TCG
 * the notify region keeps its ioeventfds: virtio_pci_realize clears
 * VIRTIO_PCI_FLAG_USE_IOEVENTFD only with KVM lacking many ioeventfds, and
 * vhost takes the ioeventfd regardless of that flag (virtio_bus_grab_ioeventfd).
 */
export function* tcgDispatchWriteEventfd(ctx: ActorContext, vq: VirtQueueNotifiers): Gen<boolean> {
  if (!vq.hostNotifierEnabled) return false;
  return yield* ctx.call(
    'memory_region_dispatch_write',
    ctx.call(
      'memory_region_dispatch_write_eventfds',
      (function* (): Gen<boolean> {
        yield* eventNotifierSetWake(ctx, vq.hostNotifier);
        return true;
      })(),
    ),
  );
}

/**
 * One main_loop_wait: poll every watched fd (qemu_poll_ns), then dispatch
 * the handlers of those that are readable, lowest fd first. Returns how
 * many handlers ran.
 */
export function* mainLoopWait(ctx: ActorContext, loop: MainLoop): Gen<number> {
  return yield* ctx.call(
    'main_loop_wait',
    ctx.call(
      'os_host_main_loop_wait',
      (function* (): Gen<number> {
        const fds = loop.fds();
        const ready = fds.filter((fd) => (loop.get(fd)!.notifier.efd?.count() ?? 0) !== 0);
        if (ctx.tracing) yield ctx.ev('main_loop_poll', { fds, ready }, 'qemu_poll_ns');
        if (!ready.length) return 0;
        let ran = 0;
        yield* ctx.call(
          'glib_pollfds_poll',
          ctx.call(
            'aio_ctx_dispatch',
            ctx.call(
              'aio_dispatch',
              ctx.call(
                'aio_dispatch_handlers',
                (function* (): Gen {
                  for (const fd of ready) {
                    const h = loop.get(fd);
                    if (!h) continue; // a handler removed by an earlier one
                    yield* ctx.call(
                      'aio_dispatch_handler',
                      (function* (): Gen {
                        if (ctx.tracing) yield ctx.ev('aio_dispatch_handler', { fd, handler: h.name });
                        yield* h.run(ctx);
                      })(),
                    );
                    ran++;
                  }
                })(),
              ),
            ),
          ),
        );
        return ran;
      })(),
    ),
  );
}

/**
 * QEMU's main thread as an actor body (qemu_main_loop): main_loop_wait
 * forever. The engine's wait is on one arena slot, so with nothing ready the
 * thread sleeps on the lowest watched fd's counter (the call fd in a
 * one-queue scenario; its EventFd must be built with blockingReaders so a
 * write wakes it). `stop` ends the loop (the scenario's end, or a fault).
 */
export function* qemuMainLoop(ctx: ActorContext, loop: MainLoop, stop: () => boolean): Gen {
  yield* ctx.call(
    'qemu_main_loop',
    (function* (): Gen {
      while (!stop()) {
        yield ctx.safe();
        const ran = yield* mainLoopWait(ctx, loop);
        if (ran || stop()) continue;
        const first = loop.fds()[0];
        const efd = first === undefined ? undefined : loop.get(first)!.notifier.efd;
        if (!efd) return;
        yield ctx.wait(efd.slot, 0, 'qemu_poll_ns');
      }
    })(),
  );
}
