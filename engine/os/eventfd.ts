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

/** errno EAGAIN, returned (negated, kernel style) by a non-blocking read of a zero counter. */
export const EAGAIN = -11;
/** Counter ceiling: a write that would pass it fails with EAGAIN, as eventfd's does at 2^64-2. */
export const EVENTFD_MAX = 0x3fff_ffff;

/** A callback on the eventfd's wait queue; returns a word for the trace when it did something. */
export type WaitQueueFunc = (efd: EventFd) => string | undefined;

/** One eventfd object (the kernel's `struct eventfd_ctx`). */
export class EventFd {
  private readonly waitQueue: WaitQueueFunc[] = [];

  constructor(
    readonly arena: Arena,
    /** Index of the counter's Int32 slot in the arena. */
    readonly slot: number,
    readonly label: string,
  ) {}

  /** Current counter value (what /proc/<pid>/fdinfo shows as eventfd-count). */
  count(): number {
    return this.arena.aLoad(this.slot);
  }

  /** eventfd_signal / write(2). Returns 0, or EAGAIN on overflow; `woke` lists the callbacks that acted. */
  write(n = 1, woke?: string[]): number {
    const old = this.arena.aAdd(this.slot, n);
    if (old > EVENTFD_MAX - n) {
      this.arena.aAdd(this.slot, -n);
      return EAGAIN;
    }
    // Wake readers blocked in Atomics.wait only after the add is visible.
    this.arena.aNotify(this.slot);
    for (const fn of this.waitQueue) {
      const what = fn(this);
      if (what && woke) woke.push(what);
    }
    return 0;
  }

  /** Non-blocking read(2): take and clear the counter, or EAGAIN when it is zero. */
  read(): number {
    const v = this.arena.aExchange(this.slot, 0);
    return v === 0 ? EAGAIN : v;
  }

  /** Blocking read(2): wait while the counter is zero, then take it. Workers and Node only. */
  readBlocking(timeoutMs = Infinity): number {
    for (;;) {
      const v = this.read();
      if (v !== EAGAIN) return v;
      if (Atomics.wait(this.arena.i32, this.slot, 0, timeoutMs) === 'timed-out') return EAGAIN;
    }
  }

  /** add_wait_queue: run `fn` on every write, as poll callbacks do. */
  addWaitQueue(fn: WaitQueueFunc): void {
    this.waitQueue.push(fn);
  }
}
