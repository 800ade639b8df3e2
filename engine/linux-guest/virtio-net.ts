/**
 * The guest's virtio-net driver (drivers/net/virtio_net.c) on one vCPU: the
 * transmit path (start_xmit → xmit_skb → virtqueue_add_outbuf, then the kick),
 * the receive refill (try_fill_recv → add_recvbuf_big → virtqueue_add_inbuf),
 * and the interrupt side (vring_interrupt → skb_xmit_done / skb_recv_done →
 * NAPI poll → virtqueue_get_buf). Interrupts are taken between beats; with
 * nothing to do the vCPU halts until KVM injects one.
 */
import { VIRTIO_NET_HDR_V1_SIZE } from '../abi/virtio-net';
import type { Lapic } from '../kvm/lapic';
import { checkFrame, makeFrame } from '../net/frame';
import type { ActorContext, Gen } from '../sched/actor';
import type { Counters } from '../trace/counters';
import { corrupt, type Fault } from './faults';
import type { Tamper, VringVirtqueue } from './virtio-ring';

/** One network buffer in guest RAM: a virtio_net_hdr and a frame area, plus the table alloc_indirect_split would use. */
export interface NetBuf {
  hdr: number;
  data: number;
  dataLen: number;
  indirTable: number;
}

/** Everything the driver on this vCPU works with. */
export interface GuestNet {
  vq: VringVirtqueue;
  dir: 'tx' | 'rx';
  lapic: Lapic;
  /** LAPIC line of this queue's interrupt. */
  line: number;
  vector: number;
  counters: Counters;
  /** Whether the driver masks interrupts while NAPI polls (virtqueue_disable_cb). */
  suppress: boolean;
  /** Descriptors each buffer takes: 1 with an indirect table, else header + data. */
  descsPerBuf: number;
  /** Frames to send or receive. */
  frames: number;
  frameLen: number;
  /** Kick after this many frames (xmit_more batching); 1 = every frame. */
  batch: number;
  seed: number;
  /** TX: one buffer per frame; RX: the receive buffer pool. */
  bufs: readonly NetBuf[];
  /** vp_notify's MMIO write, turned by KVM's ioeventfd into an eventfd signal; returns the kick fd, its count and whether vhost was woken. */
  notify: () => { fd: number; count: number; woke: boolean };
  /** Count an RX frame arriving in the guest. */
  arrive: (seq: number, ok: boolean, len: number) => void;
  fault: Fault;
  /** Which buffer (TX frame or RX posting) gets the fault. */
  faultAt: number;
  ramEnd: number;
}

function hdrSg(b: NetBuf): { addr: number; len: number } {
  return { addr: b.hdr, len: VIRTIO_NET_HDR_V1_SIZE };
}

function tamperFor(ctx: ActorContext, g: GuestNet, n: number): Tamper | undefined {
  const fault = g.fault;
  if (fault === 'none' || fault === 'avail-idx-jump' || n !== g.faultAt) return undefined;
  return (head, table) => corrupt(ctx, g.vq, fault, { head, table, dir: g.dir, ramEnd: g.ramEnd });
}

/** virtqueue_kick_prepare + virtqueue_notify (vp_notify → ioeventfd → eventfd_signal on the kick fd). */
function* kick(ctx: ActorContext, g: GuestNet): Gen {
  const needs = yield* g.vq.kickPrepare(ctx);
  if (!needs) {
    g.counters.add('kicksSuppressed');
    return;
  }
  const r = g.notify();
  g.counters.add('kicks');
  // The MMIO write exits to KVM, whose ioeventfd signals the eventfd; vhost's poll callback runs if it was armed.
  const frames = ['virtqueue_notify', 'vp_notify', 'handle_ept_misconfig', 'kvm_io_bus_write', 'ioeventfd_write', 'eventfd_signal'] as const;
  yield ctx.ev('vp_notify', { queue: g.vq.index, fd: r.fd, count: r.count, wokeWorker: r.woke }, ...frames, ...(r.woke ? (['vhost_poll_wakeup'] as const) : []));
}

/** Reclaim every used buffer: free_old_xmit_skbs (TX) or the virtnet_receive loop (RX). Returns how many. */
function* reclaim(ctx: ActorContext, g: GuestNet, onBuf: (token: number, len: number) => Gen): Gen<number> {
  let n = 0;
  for (;;) {
    const r = yield* g.vq.getBuf(ctx);
    if (!r) return n;
    g.counters.add('buffersReclaimed');
    yield* onBuf(r.token, r.len);
    n++;
  }
}

/** virtqueue_napi_complete: re-enable callbacks, and if more was used meanwhile, poll again. Returns true when done. */
function* napiComplete(ctx: ActorContext, g: GuestNet): Gen<boolean> {
  return yield* ctx.call(
    'virtqueue_napi_complete',
    (function* () {
      yield* g.vq.enableCb(ctx, false);
      if (!(yield* g.vq.poll(ctx))) return true;
      if (g.suppress) yield* g.vq.disableCb(ctx);
      return false;
    })(),
  );
}

/** Take the pending interrupt: vring_interrupt → the queue's callback; returns whether the ring had work. */
function* takeInterrupt(ctx: ActorContext, g: GuestNet): Gen<boolean> {
  g.lapic.takePending();
  g.counters.add('interrupts');
  const more = g.vq.moreUsed();
  yield ctx.ev('vring_interrupt', { queue: g.vq.index, vector: g.vector, more }, 'vp_vring_interrupt', 'vring_interrupt');
  // "virtqueue interrupt with no work": IRQ_NONE, nothing to schedule.
  if (!more) return false;
  g.vq.noteInterrupt();
  // skb_xmit_done / skb_recv_done: mask further interrupts and let NAPI poll.
  if (g.suppress) yield* ctx.call(g.dir === 'tx' ? 'skb_xmit_done' : 'skb_recv_done', g.vq.disableCb(ctx));
  return true;
}

function* halt(ctx: ActorContext, g: GuestNet): Gen {
  yield ctx.ev('guest_halt', { waitingFor: 'interrupt' }, 'default_idle', 'kvm_vcpu_halt');
  yield ctx.wait(g.lapic.slot, 0, 'an interrupt');
}

/** The transmit side: send every frame, then wait until each buffer came back. */
export function* guestTx(ctx: ActorContext, g: GuestNet): Gen {
  const byHdr = new Map(g.bufs.map((b, i) => [b.hdr, i]));
  const txDone = function* (token: number, len: number): Gen {
    yield ctx.ev('virtnet_buf_done', { dir: 'tx', pkt: byHdr.get(token) ?? -1, len, ok: true });
  };
  let next = 0;
  let reclaimed = 0;
  let stopped = false;
  while (reclaimed < g.frames) {
    if (g.lapic.pending()) {
      if (yield* takeInterrupt(ctx, g)) {
        // virtnet_poll_tx: free what was sent, then re-arm.
        do reclaimed += yield* ctx.call('virtnet_poll_tx', ctx.call('free_old_xmit_skbs', reclaim(ctx, g, txDone)));
        while (!(yield* ctx.call('virtnet_poll_tx', napiComplete(ctx, g))));
        // netif_tx_wake_queue once there is room again.
        if (stopped && g.vq.numFree >= g.descsPerBuf) stopped = false;
      }
      continue;
    }
    if (next < g.frames && !stopped) {
      const r = yield* ctx.call('start_xmit', startXmit(ctx, g, next, txDone));
      reclaimed += r.reclaimed;
      if (r.sent) next++;
      stopped = r.stopped;
      continue;
    }
    yield* halt(ctx, g);
  }
  yield ctx.ev('scenario_done', { packets: g.frames, kicks: g.counters.get('kicks'), calls: g.counters.get('calls') });
}

function* startXmit(
  ctx: ActorContext,
  g: GuestNet,
  pkt: number,
  txDone: (token: number, len: number) => Gen,
): Gen<{ sent: boolean; stopped: boolean; reclaimed: number }> {
  // Free up any pending old buffers before queueing new ones.
  const reclaimed = yield* ctx.call('free_old_xmit_skbs', reclaim(ctx, g, txDone));
  const b = g.bufs[pkt]!;
  const mem = g.vq.mem;
  mem.arena.writeBytes(mem.at(b.hdr, VIRTIO_NET_HDR_V1_SIZE), new Uint8Array(VIRTIO_NET_HDR_V1_SIZE));
  mem.arena.writeBytes(mem.at(b.data, g.frameLen), makeFrame(pkt, g.frameLen, 'tx', g.seed));
  yield ctx.ev('virtnet_buf_prepare', { dir: 'tx', pkt, hdr: b.hdr, data: b.data, len: g.frameLen });
  const err = yield* ctx.call(
    'xmit_skb',
    ctx.call('virtqueue_add_outbuf', g.vq.addSplit(ctx, [hdrSg(b), { addr: b.data, len: g.frameLen }], [], b.hdr, b.indirTable, tamperFor(ctx, g, pkt))),
  );
  if (err) return { sent: false, stopped: true, reclaimed };
  g.counters.add('buffersAdded');
  if (g.fault === 'avail-idx-jump' && pkt === g.faultAt) yield* corrupt(ctx, g.vq, 'avail-idx-jump', { head: 0, table: 0, dir: 'tx', ramEnd: g.ramEnd });
  // If running out of space, stop the queue rather than take frames we could not send.
  const stopped = g.vq.numFree < g.descsPerBuf;
  if (stopped) yield ctx.ev('virtqueue_add_no_room', { numFree: g.vq.numFree, needed: g.descsPerBuf });
  // xmit_more: only the last frame of a batch (or a stopped queue) kicks.
  if (stopped || (pkt + 1) % g.batch === 0 || pkt === g.frames - 1) yield* kick(ctx, g);
  return { sent: true, stopped, reclaimed };
}

/** try_fill_recv: post receive buffers while there are free ones and frames still to come. */
function* fillRecv(ctx: ActorContext, g: GuestNet, free: number[], posted: { n: number }): Gen<number> {
  let added = 0;
  while (posted.n < g.frames && free.length > 0 && g.vq.numFree >= g.descsPerBuf) {
    const bi = free.shift()!;
    const b = g.bufs[bi]!;
    yield ctx.ev('virtnet_buf_prepare', { dir: 'rx', pkt: bi, hdr: b.hdr, data: b.data, len: b.dataLen }, 'add_recvbuf_big');
    const err = yield* ctx.call(
      'add_recvbuf_big',
      ctx.call('virtqueue_add_inbuf', g.vq.addSplit(ctx, [], [hdrSg(b), { addr: b.data, len: b.dataLen }], b.hdr, b.indirTable, tamperFor(ctx, g, posted.n))),
    );
    if (err) {
      free.unshift(bi);
      break;
    }
    g.counters.add('buffersAdded');
    if (g.fault === 'avail-idx-jump' && posted.n === g.faultAt) yield* corrupt(ctx, g.vq, 'avail-idx-jump', { head: 0, table: 0, dir: 'rx', ramEnd: g.ramEnd });
    posted.n++;
    added++;
  }
  return added;
}

/** The receive side: post buffers, then take each frame vhost delivers and refill. */
export function* guestRx(ctx: ActorContext, g: GuestNet): Gen {
  const mem = g.vq.mem;
  const byHdr = new Map(g.bufs.map((b, i) => [b.hdr, i]));
  const free = g.bufs.map((_, i) => i);
  const posted = { n: 0 };
  let received = 0;
  const refill = function* (): Gen {
    if (posted.n >= g.frames) return;
    const added = yield* ctx.call('try_fill_recv', fillRecv(ctx, g, free, posted));
    if (added > 0) yield* ctx.call('virtqueue_kick', kick(ctx, g));
  };
  const received1 = function* (token: number, len: number): Gen {
    const bi = byHdr.get(token) ?? -1;
    const b = g.bufs[bi];
    let seq = -1;
    let ok = false;
    if (b && len > VIRTIO_NET_HDR_V1_SIZE && len - VIRTIO_NET_HDR_V1_SIZE <= b.dataLen) {
      const frame = mem.arena.readBytes(mem.at(b.data, len - VIRTIO_NET_HDR_V1_SIZE), len - VIRTIO_NET_HDR_V1_SIZE);
      ({ seq, ok } = checkFrame(frame, 'rx', g.seed));
    }
    g.arrive(seq, ok, len - VIRTIO_NET_HDR_V1_SIZE);
    yield ctx.ev('virtnet_buf_done', { dir: 'rx', pkt: seq, len: Math.max(0, len - VIRTIO_NET_HDR_V1_SIZE), ok }, 'receive_buf');
    if (bi >= 0) free.push(bi);
    received++;
  };
  yield* refill();
  while (received < g.frames) {
    if (g.lapic.pending()) {
      if (yield* takeInterrupt(ctx, g)) {
        do {
          yield* ctx.call('virtnet_poll', ctx.call('virtnet_receive', reclaim(ctx, g, received1)));
          yield* ctx.call('virtnet_poll', refill());
        } while (!(yield* ctx.call('virtnet_poll', napiComplete(ctx, g))));
      }
      continue;
    }
    yield* halt(ctx, g);
  }
  yield ctx.ev('scenario_done', { packets: g.frames, kicks: g.counters.get('kicks'), calls: g.counters.get('calls') });
}
