/**
 * eventfd(2) on one 32-bit Atomics slot of the arena.
 *
 * - write(n) adds n to the counter, wakes blocked readers (Atomics.notify) and
 *   runs the wait-queue callbacks registered on it, in the writer's context,
 *   as the kernel's eventfd_signal → wake_up_locked_poll does for KVM's
 *   irqfd_wakeup and vhost's vhost_poll_wakeup;
 * - read() takes the counter and clears it, EAGAIN when it is zero (EFD_NONBLOCK);
 * - readBlocking() waits in Atomics.wait while it is zero (workers and Node only:
 *   a browser main thread may not block).
 *
 * The real counter is a u64 whose write fails with EAGAIN when it would pass
 * 0xfffffffffffffffe; here the ceiling is EVENTFD_MAX so a 32-bit slot suffices.
 */
import type { Arena } from '../mem/arena';
import type { ActorContext, Gen } from '../sched/actor';
import type { FrameId } from '../trace/frames';

/** errno EAGAIN, returned (negated, kernel style) by a non-blocking read of a zero counter. */
export const EAGAIN = -11;
/** Counter ceiling: a write that would pass it fails with EAGAIN, as eventfd's does at 2^64-2. */
export const EVENTFD_MAX = 0x3fff_ffff;

/**
 * An entry on the eventfd's wait queue: a kernel callback that runs in the
 * signaller's context (vhost_poll_wakeup for a kick eventfd vhost polls,
 * irqfd_wakeup for a call eventfd KVM routes into an interrupt). It is a
 * generator so its beat comes after the counter's, as the code runs.
 */
export interface WaitQueueEntry {
  /** The wakeup function, as eventfd_signal's trace names it. */
  func: 'vhost_poll_wakeup' | 'irqfd_wakeup' | 'pollwake';
  wake: (ctx: ActorContext) => Gen;
}

/** One eventfd object (the kernel's `struct eventfd_ctx`). */
export class EventFd {
  private readonly waitQueue: WaitQueueEntry[] = [];

  constructor(
    readonly arena: Arena,
    /** Index of the counter's Int32 slot in the arena. */
    readonly slot: number,
    readonly label: string,
    /**
     * Whether some thread of the scenario blocks in read() on it. Waking a
     * sleeper is a futex call; when every reader is a wait-queue callback
     * (vhost polls its kick fd, KVM's irqfd its call fd) there is no sleeper
     * to wake, and a free run would pay for one on every kick and call.
     */
    readonly blockingReaders = false,
  ) {}

  /** Current counter value (what /proc/<pid>/fdinfo shows as eventfd-count). */
  count(): number {
    return this.arena.aLoad(this.slot);
  }

  /** write(2) / the counter half of eventfd_signal: add n and wake blocked readers. Returns 0, or EAGAIN on overflow. */
  write(n = 1): number {
    const old = this.arena.aAdd(this.slot, n);
    if (old > EVENTFD_MAX - n) {
      this.arena.aAdd(this.slot, -n);
      return EAGAIN;
    }
    // Wake readers blocked in Atomics.wait only after the add is visible.
    if (this.blockingReaders) this.arena.aNotify(this.slot);
    return 0;
  }

  /** The wait queue's entries (the callbacks eventfd_signal runs). */
  get waiters(): readonly WaitQueueEntry[] {
    return this.waitQueue;
  }

  /** Non-blocking read(2): take and clear the counter, or EAGAIN when it is zero. */
  read(): number {
    const v = this.arena.aExchange(this.slot, 0);
    return v === 0 ? EAGAIN : v;
  }

  /** Blocking read(2): wait while the counter is zero, then take it. Workers and Node only. */
  readBlocking(timeoutMs = Infinity): number {
    if (!this.blockingReaders) throw new Error(`eventfd ${this.label}: built without blocking readers, so writes would not wake this read`);
    for (;;) {
      const v = this.read();
      if (v !== EAGAIN) return v;
      if (Atomics.wait(this.arena.i32, this.slot, 0, timeoutMs) === 'timed-out') return EAGAIN;
    }
  }

  /** add_wait_queue: run `entry` on every eventfd_signal, as poll callbacks do. */
  addWaitQueue(entry: WaitQueueEntry): void {
    this.waitQueue.push(entry);
  }
}

/**
 * eventfd_signal (an inline wrapper of eventfd_signal_mask since Linux 6.8):
 * add 1 to the counter, then run the wait queue's callbacks in the caller's
 * context. `frames` are the caller's frames down to the signal (e.g.
 * ioeventfd_write, or vhost_signal). Returns false when the counter was full.
 */
export function* eventfdSignal(ctx: ActorContext, efd: EventFd, fd: number, role: 'kick' | 'call', ...frames: FrameId[]): Gen<boolean> {
  if (efd.write(1) !== 0) return false;
  const woke = efd.waiters[0]?.func ?? null;
  if (ctx.tracing) yield ctx.ev('eventfd_signal', { fd, role, count: efd.count(), woke }, ...frames, 'eventfd_signal', 'eventfd_signal_mask');
  for (const w of efd.waiters) {
    if (!ctx.tracing) {
      yield* w.wake(ctx);
      continue;
    }
    // The callbacks run under eventfd_signal_mask's wake_up_locked_poll, so their frames sit below it.
    const depth = ctx.stack.length;
    ctx.stack.push(...frames, 'eventfd_signal', 'eventfd_signal_mask');
    try {
      yield* w.wake(ctx);
    } finally {
      ctx.stack.length = depth;
    }
  }
  return true;
}

/**
 * write(2) of 1 on an eventfd from a process (QEMU's event_notifier_set):
 * eventfd_write adds to the counter and wakes the wait queue exactly as
 * eventfd_signal does, so an irqfd or a vhost poll on it runs at once, in the
 * writer's context.
 */
export function* eventfdWrite(ctx: ActorContext, efd: EventFd, fd: number, role: 'kick' | 'call'): Gen<boolean> {
  if (efd.write(1) !== 0) return false;
  const woke = efd.waiters[0]?.func ?? null;
  if (ctx.tracing) yield ctx.ev('eventfd_write', { fd, role, count: efd.count(), woke }, 'eventfd_write');
  for (const w of efd.waiters) {
    if (!ctx.tracing) {
      yield* w.wake(ctx);
      continue;
    }
    const depth = ctx.stack.length;
    ctx.stack.push('eventfd_write');
    try {
      yield* w.wake(ctx);
    } finally {
      ctx.stack.length = depth;
    }
  }
  return true;
}
