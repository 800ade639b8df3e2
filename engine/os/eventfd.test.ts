/** eventfd(2) semantics on an Atomics slot, including a real blocking read across worker_threads. */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { Arena, allocBacking } from '../mem/arena';
import { ActorContext } from '../sched/actor';
import { EAGAIN, EVENTFD_MAX, EventFd, eventfdSignal } from './eventfd';
import { Process } from './fd-table';

const make = (shared = false) => new EventFd(new Arena(allocBacking(64, shared)), 3, 'test');

describe('eventfd', () => {
  it('write adds to the counter; a non-blocking read takes it all and clears it', () => {
    const e = make();
    expect(e.write(1)).toBe(0);
    expect(e.write(2)).toBe(0);
    expect(e.count()).toBe(3);
    expect(e.read()).toBe(3);
    expect(e.count()).toBe(0);
  });

  it('a non-blocking read of a zero counter is EAGAIN and changes nothing', () => {
    const e = make();
    expect(e.read()).toBe(EAGAIN);
    expect(e.count()).toBe(0);
  });

  it('a write that would overflow the counter fails with EAGAIN and leaves it as it was', () => {
    const e = make();
    expect(e.write(EVENTFD_MAX)).toBe(0);
    expect(e.write(1)).toBe(EAGAIN);
    expect(e.count()).toBe(EVENTFD_MAX);
  });

  it('eventfd_signal adds to the counter, then runs the wait queue in the signaller, as it runs irqfd_wakeup', () => {
    const e = make();
    const seen: number[] = [];
    e.addWaitQueue({
      func: 'irqfd_wakeup',
      wake: function* () {
        seen.push(e.read()); // irqfd consumes the count
      },
    });
    const ctx = new ActorContext('vhost');
    const beats = [...eventfdSignal(ctx, e, 28, 'call', 'vhost_signal')];
    expect(seen).toEqual([1]);
    expect(e.count()).toBe(0);
    // One beat for the counter, named after the wakeup it leads to, under eventfd_signal_mask.
    expect(beats).toHaveLength(1);
    expect(beats[0]).toMatchObject({ type: 'eventfd_signal', f: { fd: 28, role: 'call', count: 1, woke: 'irqfd_wakeup' } });
    expect((beats[0] as { stack: string[] }).stack).toEqual(['vhost_signal', 'eventfd_signal', 'eventfd_signal_mask']);
  });

  it('a plain write(2) wakes no wait-queue callback', () => {
    const e = make();
    let woke = 0;
    e.addWaitQueue({
      func: 'vhost_poll_wakeup',
      wake: function* () {
        woke++;
      },
    });
    expect(e.write(1)).toBe(0);
    expect(woke).toBe(0);
    expect(e.count()).toBe(1);
  });

  it('a blocking read in another thread sleeps until the write, then takes the count', async () => {
    const buffer = allocBacking(64, true) as SharedArrayBuffer;
    const efd = new EventFd(new Arena(buffer), 5, 'kick', true);
    const worker = new Worker(new URL('../../unit/ts-worker-bootstrap.mjs', import.meta.url), {
      workerData: { buffer, slot: 5, __entry: new URL('../testing/eventfd-blocker.worker.ts', import.meta.url).href },
    });
    const messages: Array<{ ready?: boolean; got?: number; after?: number }> = [];
    const done = new Promise<void>((resolve, reject) => {
      worker.on('message', (m) => {
        messages.push(m);
        if (m.ready) {
          // Give the reader time to block in Atomics.wait before we write.
          setTimeout(() => {
            expect(messages.some((x) => 'got' in x)).toBe(false);
            efd.write(7);
          }, 100);
        } else resolve();
      });
      worker.on('error', reject);
    });
    await done;
    await worker.terminate();
    expect(messages.at(-1)).toEqual({ got: 7, after: 0 });
  });
});

describe('fd tables', () => {
  it('gives each process its own lowest free numbers', () => {
    const qemu = new Process(4242, 'qemu', 3);
    const dpdk = new Process(5000, 'dpdk', 3);
    expect(qemu.install({ label: 'a', role: 'kick' })).toBe(3);
    expect(qemu.install({ label: 'b', role: 'kick' })).toBe(4);
    expect(dpdk.install({ label: 'b received over SCM_RIGHTS', role: 'kick' })).toBe(3);
    expect(qemu.close(3)).toBe(true);
    expect(qemu.close(3)).toBe(false); // EBADF
    expect(qemu.install({ label: 'c', role: 'kick' })).toBe(3);
    expect(qemu.get(4)?.label).toBe('b');
  });
});
