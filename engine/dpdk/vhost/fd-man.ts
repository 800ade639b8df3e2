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

/** struct fdset. */
export class Fdset {
  private readonly cbs = new Map<number, FdCallback>();
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
    this.cbs.set(fd, rcb);
    // fdset_pipe_notify: the dispatcher rebuilds its poll list at once.
    this.poller.kick();
    return 0;
  }

  /** fdset_del / fdset_try_del. */
  del(fd: number): void {
    this.poller.remove(this.proc, fd);
    this.cbs.delete(fd);
  }

  has(fd: number): boolean {
    return this.cbs.has(fd);
  }

  callback(fd: number): FdCallback | undefined {
    return this.cbs.get(fd);
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
        const ready = fdset.poller.ready();
        if (ready.length === 0) {
          if (arena.aLoad(stopSlot) !== 0) return;
          yield ctx.wait(fdset.poller.slot, seen, 'poll');
          continue;
        }
        let ran = false;
        for (const r of ready) {
          const cb = fdset.callback(r.fd);
          if (!cb) continue;
          ran = true;
          const remove = yield* cb(ctx, r.fd);
          if (remove) fdset.del(r.fd);
        }
        // Only fds nobody handles are ready (cannot happen with the library's own fds): sleep as poll would not.
        if (!ran) {
          if (arena.aLoad(stopSlot) !== 0) return;
          yield ctx.wait(fdset.poller.slot, seen, 'poll');
        }
      }
    })(),
  );
}
