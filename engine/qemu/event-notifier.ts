/**
 * QEMU's EventNotifier (util/event_notifier-posix.c, QEMU 7.2) over the
 * engine's eventfds: one eventfd serves as both ends (rfd == wfd), as
 * event_notifier_init makes it with eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC).
 * A virtqueue has two: the host notifier (kick: guest → device) and the
 * guest notifier (call: device → guest), seed 000's "host_notifier" and
 * "guest_notifier".
 */
import { eventfdWrite, type EventFd } from '../os/eventfd';
import type { FdRole, FileObject, Process } from '../os/fd-table';
import type { ActorContext, Gen } from '../sched/actor';

/** What event_notifier_init needs from the host: a new eventfd object and QEMU's fd table. */
export interface EventNotifierHost {
  /** QEMU's process: the eventfd gets the lowest free descriptor. */
  proc: Process;
  /** Create the kernel object (an arena slot); called once per init. */
  newEventFd: (label: string) => EventFd;
}

/** struct EventNotifier: the descriptors and, for the model, the eventfd they name. */
export class EventNotifier {
  rfd = -1;
  wfd = -1;
  initialized = false;
  efd: EventFd | null = null;

  constructor(
    /** Which notifier of which queue it is, for the fd table's label. */
    readonly role: 'kick' | 'call',
    readonly queue: number,
    /** What the fd table calls it: the queue's host or guest notifier by default, or vhost's masked_notifier. */
    readonly fdRole: FdRole = role,
  ) {}
}

/**
 * event_notifier_init: create the eventfd and install it in QEMU's fd table;
 * with `active` it starts signalled. Returns 0 (the pipe fallback for hosts
 * without eventfd is not modelled).
 */
export function* eventNotifierInit(ctx: ActorContext, e: EventNotifier, active: boolean, host: EventNotifierHost): Gen<number> {
  return yield* ctx.call(
    'event_notifier_init',
    (function* (): Gen<number> {
      const what = e.fdRole === 'masked-call' ? "vhost's masked notifier (call)" : e.role === 'kick' ? 'host notifier (kick)' : 'guest notifier (call)';
      e.efd = host.newEventFd(e.role);
      // The file carries its EventFd, so a copy passed over a unix socket (SCM_RIGHTS) reaches the same counter.
      const fd = host.proc.install({ label: `eventfd: ${what} vq ${e.queue}`, role: e.fdRole, queue: e.queue, efd: e.efd } as FileObject & { efd: EventFd });
      e.rfd = e.wfd = fd;
      e.initialized = true;
      if (active) e.efd.write(1);
      if (ctx.tracing) yield ctx.ev('event_notifier_init', { fd, role: e.role, queue: e.queue, active });
      return 0;
    })(),
  );
}

/** event_notifier_get_fd: the read descriptor (the one handed to KVM_IRQFD, KVM_IOEVENTFD or VHOST_SET_VRING_*). */
export function eventNotifierGetFd(e: EventNotifier): number {
  return e.rfd;
}

/** event_notifier_set: write 1 (EAGAIN on a full counter is fine: a read is pending). -1 if not initialized. */
/**
 * event_notifier_set: write(2) 1 to the eventfd; whatever waits on it (an
 * irqfd, vhost's poll, QEMU's own main loop) is woken by the kernel's
 * eventfd_write in this thread.
 */
export function* eventNotifierSetWake(ctx: ActorContext, e: EventNotifier): Gen<number> {
  if (!e.initialized || !e.efd) return -1;
  yield* ctx.call('event_notifier_set', eventfdWrite(ctx, e.efd, e.wfd, e.role));
  return 0;
}

/** The counter side of event_notifier_set alone (for set-up outside the walkthrough). */
export function eventNotifierSet(e: EventNotifier): number {
  if (!e.initialized || !e.efd) return -1;
  e.efd.write(1);
  return 0;
}

/**
 * event_notifier_test_and_clear: drain the counter; returns the count taken
 * (QEMU returns only whether it was non-zero; the count is kept for the trace).
 */
export function eventNotifierTestAndClear(e: EventNotifier): number {
  if (!e.initialized || !e.efd) return 0;
  const v = e.efd.read();
  return v > 0 ? v : 0;
}
