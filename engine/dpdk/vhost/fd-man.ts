/**
 * fd_man.c: the fdset the vhost-events thread polls (the listen socket in
 * server mode and every connection), and `fdset_event_dispatch`, the
 * thread's loop: poll, then run each ready fd's read callback; a callback
 * that sets `remove` has its fd dropped from the set. The set's membership
 * is JS (made by the same calls in the same order on every run); the
 * readiness it polls is arena state (engine/os/unix-socket.ts).
 */
import type { Process } from '../../os/fd-table';
import type { Poller, UnixSockets } from '../../os/unix-socket';
import type { ActorContext, Gen } from '../../sched/actor';

/** A read callback (fd_cb): returns true to remove the fd (`*remove = 1`). */
export type FdCallback = (ctx: ActorContext, fd: number) => Gen<boolean>;

/** One slot of the set: an fd and its read callback (struct fdentry). */
interface FdEntry {
  fd: number;
  rcb: FdCallback;
}

/**
 * struct fdset. Entries are slots, not fd numbers: a callback may close
 * its fd and open another that gets the same number (a client's
 * reconnect), and the dispatcher then drops the old slot, not the new one.
 */
export class Fdset {
  private entries: FdEntry[] = [];
  readonly poller: Poller;

  constructor(
    readonly net: UnixSockets,
    readonly proc: Process,
  ) {
    this.poller = net.newPoller('vhost-events');
  }

  /** fdset_add. Returns 0, or -1 when the fd is not open. */
  add(fd: number, rcb: FdCallback): number {
    if (this.poller.add(this.proc, fd) !== 0) return -1;
    this.entries.push({ fd, rcb });
    // fdset_pipe_notify: the dispatcher rebuilds its poll list at once.
    this.poller.kick();
    return 0;
  }

  /** fdset_del / fdset_try_del by fd (the oldest slot holding it). */
  del(fd: number): void {
    const e = this.entries.find((x) => x.fd === fd);
    if (e) this.drop(e);
  }

  /** Remove one slot. */
  drop(e: FdEntry): void {
    const i = this.entries.indexOf(e);
    if (i < 0) return;
    this.entries.splice(i, 1);
    // The poller's registrations are in the same order, so this removes this slot's.
    this.poller.remove(this.proc, e.fd);
  }

  has(fd: number): boolean {
    return this.entries.some((e) => e.fd === fd);
  }

  /** The slots, in the order they were added. */
  slots(): readonly FdEntry[] {
    return this.entries;
  }
}

/**
 * fdset_event_dispatch: the "vhost-events" thread. Returns once `stopSlot`
 * is non-zero and no fd is ready (the real thread never returns).
 */
export function* fdsetEventDispatch(ctx: ActorContext, fdset: Fdset, stopSlot: number): Gen<void> {
  yield* ctx.call(
    'fdset_event_dispatch',
    (function* (): Gen<void> {
      const arena = fdset.net.arena;
      for (;;) {
        yield ctx.safe();
        const seen = arena.aLoad(fdset.poller.slot);
        const ready = new Set(fdset.poller.ready().map((r) => r.fd));
        // The poll list is the slots as they were when poll() was called.
        const polled = fdset.slots().filter((e) => ready.has(e.fd));
        if (polled.length === 0) {
          if (arena.aLoad(stopSlot) !== 0) return;
          yield ctx.wait(fdset.poller.slot, seen, 'poll');
          continue;
        }
        for (const e of polled) {
          if (!fdset.slots().includes(e)) continue;
          const remove = yield* e.rcb(ctx, e.fd);
          if (remove) fdset.drop(e);
        }
      }
    })(),
  );
}
