/** EventNotifier over the engine's eventfds, and the notifier handlers QEMU's main loop runs under TCG. */
import { describe, expect, it } from 'vitest';
import { Arena } from '../mem/arena';
import { EventFd } from '../os/eventfd';
import { Process } from '../os/fd-table';
import { ActorContext, type Beat, type Emit, type Gen } from '../sched/actor';
import { EventNotifier, eventNotifierGetFd, eventNotifierInit, eventNotifierSet, eventNotifierTestAndClear } from './event-notifier';
import { MainLoop, mainLoopWait, qemuMainLoop, tcgDispatchWriteEventfd, virtioQueueNotify, virtioQueueSetGuestNotifierFdHandler, watchHostNotifier, type VirtQueueNotifiers } from './guest-notifier';

function run<T>(g: Gen<T>, max = 100): { beats: Beat[]; ret?: T } {
  const beats: Beat[] = [];
  for (let i = 0; i < max; i++) {
    const r = g.next();
    if (r.done) return { beats, ret: r.value };
    beats.push(r.value);
    if ('wait' in r.value && r.value.wait) return { beats };
  }
  return { beats };
}
const evs = (b: Beat[]) => b.filter((x): x is Emit => 'type' in x && x.type !== undefined);

function env() {
  const arena = new Arena(new ArrayBuffer(4096));
  let slot = 64;
  const proc = new Process(4242, 'qemu-system-x86_64', 25);
  const host = { proc, newEventFd: (l: string) => new EventFd(arena, slot++, l, true) };
  return { arena, proc, host };
}

describe('EventNotifier', () => {
  it('event_notifier_init takes the lowest free fd for one eventfd (rfd == wfd); set / test_and_clear go through its counter', () => {
    const { proc, host } = env();
    const ctx = new ActorContext('qemu');
    const call = new EventNotifier('call', 0);
    const kick = new EventNotifier('kick', 0);
    expect(eventNotifierSet(call)).toBe(-1); // not initialized
    expect(eventNotifierTestAndClear(call)).toBe(0);
    expect(run(eventNotifierInit(ctx, kick, false, host)).ret).toBe(0);
    run(eventNotifierInit(ctx, call, true, host));
    expect([eventNotifierGetFd(kick), eventNotifierGetFd(call)]).toEqual([25, 26]);
    expect(call.rfd).toBe(call.wfd);
    expect(proc.get(26)).toMatchObject({ role: 'call', queue: 0 });
    // active = true: it starts signalled.
    expect(eventNotifierTestAndClear(call)).toBe(1);
    expect(eventNotifierTestAndClear(call)).toBe(0);
    eventNotifierSet(kick);
    eventNotifierSet(kick);
    expect(kick.efd!.count()).toBe(2);
    expect(eventNotifierTestAndClear(kick)).toBe(2);
  });
});

describe('guest and host notifiers under TCG', () => {
  function queue(handled: number[]): { vq: VirtQueueNotifiers; isr: () => number; vdev: Parameters<typeof virtioQueueSetGuestNotifierFdHandler>[2]; notified: number[] } {
    const notified: number[] = [];
    let isr = 0;
    const vq: VirtQueueNotifiers = {
      index: 1,
      vector: () => 2,
      guestNotifier: new EventNotifier('call', 1),
      hostNotifier: new EventNotifier('kick', 1),
      hostNotifierEnabled: false,
      handleOutput: function* () {
        handled.push(1);
      },
    };
    const vdev = {
      isr: () => isr,
      setIsr: (b: number) => {
        isr |= b;
      },
      notify: function* (_c: ActorContext, v: number): Gen {
        notified.push(v);
      },
    };
    return { vq, isr: () => isr, vdev, notified };
  }

  it('the fd handler is set only without irqfd, and deassign drains a pending call into one interrupt', () => {
    const { host } = env();
    const ctx = new ActorContext('qemu');
    const q = queue([]);
    run(eventNotifierInit(ctx, q.vq.guestNotifier, false, host));
    const loop = new MainLoop();
    const fd = eventNotifierGetFd(q.vq.guestNotifier);
    run(virtioQueueSetGuestNotifierFdHandler(ctx, loop, q.vdev, q.vq, true, true));
    expect(loop.handlerOf(fd)).toBeNull();
    run(virtioQueueSetGuestNotifierFdHandler(ctx, loop, q.vdev, q.vq, true, false));
    expect(loop.handlerOf(fd)).toBe('virtio_queue_guest_notifier_read');
    q.vq.guestNotifier.efd!.write(1);
    run(virtioQueueSetGuestNotifierFdHandler(ctx, loop, q.vdev, q.vq, false, false));
    expect(loop.handlerOf(fd)).toBeNull();
    expect(q.notified).toEqual([2]);
    expect(q.isr()).toBe(1);
  });

  it('TCG kick: the emulated store sets the host notifier (memory_region_dispatch_write_eventfds) and the main loop runs the queue', () => {
    const { host } = env();
    const ctx = new ActorContext('CPU 0/TCG');
    const handled: number[] = [];
    const q = queue(handled);
    run(eventNotifierInit(ctx, q.vq.hostNotifier, false, host));
    // No ioeventfd registered: the store is a plain register write, virtio_queue_notify runs the handler in place.
    expect(run(tcgDispatchWriteEventfd(ctx, q.vq)).ret).toBe(false);
    run(virtioQueueNotify(ctx, q.vq));
    expect(handled).toEqual([1]);
    q.vq.hostNotifierEnabled = true;
    const kick = run(tcgDispatchWriteEventfd(ctx, q.vq));
    expect(kick.ret).toBe(true);
    expect(q.vq.hostNotifier.efd!.count()).toBe(1);
    const loop = new MainLoop();
    watchHostNotifier(loop, q.vq);
    const m = run(mainLoopWait(new ActorContext('main'), loop));
    expect(m.ret).toBe(1);
    const e = evs(m.beats);
    expect(e.map((x) => x.type)).toEqual(['main_loop_poll', 'aio_dispatch_handler', 'host_notifier_read']);
    expect(e[2]!.f).toMatchObject({ queue: 1, count: 1 });
    expect(handled).toEqual([1, 1]);
  });

  it('qemu_main_loop sleeps on the watched fd when nothing is ready and stops when told to', () => {
    const { host } = env();
    const ctx = new ActorContext('main');
    const q = queue([]);
    run(eventNotifierInit(ctx, q.vq.guestNotifier, false, host));
    const loop = new MainLoop();
    run(virtioQueueSetGuestNotifierFdHandler(ctx, loop, q.vdev, q.vq, true, false));
    let stop = false;
    const g = qemuMainLoop(ctx, loop, () => stop);
    const first = run(g);
    const w = first.beats[first.beats.length - 1]!;
    expect(w).toMatchObject({ wait: true, slot: q.vq.guestNotifier.efd!.slot, value: 0, on: 'qemu_poll_ns' });
    q.vq.guestNotifier.efd!.write(1);
    const second = run(g);
    expect(evs(second.beats).map((x) => x.type)).toContain('virtio_irq');
    stop = true;
    expect(run(g).ret).toBeUndefined();
    expect(g.next().done).toBe(true);
  });
});
