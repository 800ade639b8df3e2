/**
 * The vhost worker (Linux 6.12): since 6.4 a vhost_task, a thread of the
 * QEMU process named vhost-<pid>, runs vhost_task_fn → vhost_run_work_list
 * and sleeps in schedule() when its work_list is empty. Older kernels, and
 * seed 002, show a kthread running vhost_worker instead.
 *
 * Work is queued by vhost_poll_wakeup, the wait-queue callback vhost_poll
 * installs on a file (the kick eventfd for handle_*_kick, the tap socket for
 * handle_*_net), through vhost_poll_queue → vhost_worker_queue: a work item
 * goes on the llist once (VHOST_WORK_QUEUED) and vhost_task_wake wakes the
 * thread. The list is one Int32 slot: up to two work ids, in queue order.
 */
import type { Arena } from '../../mem/arena';
import type { WaitQueueEntry } from '../../os/eventfd';
import type { ActorContext, Gen } from '../../sched/actor';

/** Work ids: the virtqueue's poll (vq->poll.work, handle_<dir>_kick) and the socket's (n->poll[dir].work, handle_<dir>_net). */
export const WORK_KICK = 1;
export const WORK_NET = 2;

/** The real names of the two works of a direction. */
export function workName(dir: 'tx' | 'rx', work: number): string {
  return `handle_${dir}_${work === WORK_KICK ? 'kick' : 'net'}`;
}

/** The work ids in a list value, in queue order. */
export function worksIn(list: number): number[] {
  const out: number[] = [];
  for (let v = list; v; v >>>= 2) out.push(v & 3);
  return out;
}

/** Whether `work` is on the list `list`, and how many works it holds (no array: this runs on every kick). */
function queuedIn(list: number, work: number): boolean {
  for (let v = list; v; v >>>= 2) if ((v & 3) === work) return true;
  return false;
}
function lengthOf(list: number): number {
  let n = 0;
  for (let v = list; v; v >>>= 2) n++;
  return n;
}

/**
 * vhost_worker_queue: add `work` unless it is already queued, then wake the
 * worker (vhost_task_wake). Returns whether it was added. The worker sleeps
 * only on an empty list, so only the add that makes it non-empty has anyone
 * to wake (as wake_up_process does nothing to a running task).
 */
export function vhostWorkerQueue(arena: Arena, slot: number, work: number): boolean {
  for (;;) {
    const v = arena.aLoad(slot);
    if (queuedIn(v, work)) return false;
    if (arena.aCompareExchange(slot, v, v | (work << (2 * lengthOf(v)))) === v) {
      if (v === 0) arena.aNotify(slot);
      return true;
    }
  }
}

/**
 * vhost_poll's wait-queue entry for `work`: vhost_poll_wakeup checks the
 * event against its mask and calls vhost_poll_queue. `frames` are the
 * callers' frames below eventfd_signal or the socket's wakeup.
 */
export function vhostPoll(arena: Arena, slot: number, dir: 'tx' | 'rx', work: number): WaitQueueEntry {
  return {
    func: 'vhost_poll_wakeup',
    wake: function* (ctx: ActorContext): Gen {
      const queued = vhostWorkerQueue(arena, slot, work);
      if (ctx.tracing) yield ctx.ev('vhost_poll_wakeup', { work: workName(dir, work), queued }, 'vhost_poll_wakeup', 'vhost_poll_queue');
    },
  };
}

/**
 * vhost_task_fn: run vhost_run_work_list; when it found nothing, schedule()
 * until a work is queued. `run` executes one work by id. Never returns (the
 * task lives as long as the device).
 */
export function* vhostTaskFn(ctx: ActorContext, arena: Arena, slot: number, dir: 'tx' | 'rx', run: (work: number) => Gen): Gen {
  for (;;) {
    yield ctx.safe();
    // llist_del_all: take the whole list at once, then run it oldest first.
    const list = arena.aLoad(slot) === 0 ? 0 : arena.aExchange(slot, 0);
    if (list === 0) {
      if (ctx.tracing) yield ctx.ev('vhost_worker_sleep', {});
      yield ctx.wait(slot, 0, 'work_list');
      continue;
    }
    yield* ctx.call(
      'vhost_run_work_list',
      (function* () {
        if (ctx.tracing) yield ctx.ev('vhost_worker_wake', { works: worksIn(list).map((w) => workName(dir, w)) });
        for (let v = list; v; v >>>= 2) yield* run(v & 3);
      })(),
    );
  }
}
