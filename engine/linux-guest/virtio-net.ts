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
import { ETH_HLEN, checkFrame, fillFrame } from '../net/frame';
import type { ActorContext, Gen } from '../sched/actor';
import type { Counters } from '../trace/counters';
import { corrupt, type Fault } from './faults';
import type { NetQueueState } from './net-queue';
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
  /** The skb buffer pool (TX) or receive buffer pool (RX). */
  bufs: readonly NetBuf[];
  /** Counters and the free-buffer stack, in guest RAM. */
  q: NetQueueState;
  /** vp_notify's MMIO write, turned by KVM's ioeventfd into an eventfd signal; returns the kick fd, its count and whether vhost was woken. */
  notify: () => { fd: number; count: number; woke: boolean };
  /** Count an RX frame arriving in the guest. */
  arrive: (seq: number, ok: boolean, len: number) => void;
  /** Int32 slot the driver sets when it has finished (busy-polling back-ends stop on it). */
  doneSlot: number;
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
  yield* notify(ctx, g);
}

/** virtqueue_notify → vp_notify: the MMIO write itself. */
function* notify(ctx: ActorContext, g: GuestNet): Gen {
  const r = g.notify();
  g.counters.add('kicks');
  // The MMIO write exits to KVM, whose ioeventfd signals the eventfd; vhost's poll callback runs if it was armed.
  const frames = ['virtqueue_notify', 'vp_notify', 'handle_ept_misconfig', 'kvm_io_bus_write', 'ioeventfd_write', 'eventfd_signal'] as const;
  if (ctx.tracing) yield ctx.ev('vp_notify', { queue: g.vq.index, fd: r.fd, count: r.count, wokeWorker: r.woke }, ...frames, ...(r.woke ? (['vhost_poll_wakeup'] as const) : []));
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
  if (ctx.tracing) yield ctx.ev('vring_interrupt', { queue: g.vq.index, vector: g.vector, more }, 'vp_vring_interrupt', 'vring_interrupt');
  // "virtqueue interrupt with no work": IRQ_NONE, nothing to schedule.
  if (!more) return false;
  g.vq.noteInterrupt();
  // skb_xmit_done / skb_recv_done: mask further interrupts and let NAPI poll.
  if (g.suppress) yield* ctx.call(g.dir === 'tx' ? 'skb_xmit_done' : 'skb_recv_done', g.vq.disableCb(ctx));
  return true;
}

function* halt(ctx: ActorContext, g: GuestNet): Gen {
  if (ctx.tracing) yield ctx.ev('guest_halt', { waitingFor: 'interrupt' }, 'default_idle', 'kvm_vcpu_halt');
  yield ctx.wait(g.lapic.slot, 0, 'an interrupt');
}

const ZERO_HDR = new Uint8Array(VIRTIO_NET_HDR_V1_SIZE);

/** The sequence number written in a frame buffer (right after the Ethernet header). */
function seqIn(g: GuestNet, b: NetBuf): number {
  const mem = g.vq.mem;
  const at = mem.at(b.data + ETH_HLEN, 4);
  return ((mem.arena.r8(at) << 24) | (mem.arena.r8(at + 1) << 16) | (mem.arena.r8(at + 2) << 8) | mem.arena.r8(at + 3)) >>> 0;
}

function* finish(ctx: ActorContext, g: GuestNet): Gen {
  g.vq.mem.arena.aStore(g.doneSlot, 1);
  g.vq.mem.arena.aNotify(g.doneSlot);
  if (ctx.tracing) yield ctx.ev('scenario_done', { packets: g.frames, kicks: g.counters.get('kicks'), calls: g.counters.get('calls') });
}

/**
 * The transmit side: send every frame, then wait until each buffer came back.
 * Loop state lives in guest RAM (g.q), so the loop can be entered afresh at
 * its top (a safe point) by a new thread continuing a paused run.
 */
export function* guestTx(ctx: ActorContext, g: GuestNet): Gen {
  const q = g.q;
  const byHdr = new Map(g.bufs.map((b, i) => [b.hdr, i]));
  const txDone = function* (token: number, len: number): Gen {
    const bi = byHdr.get(token) ?? -1;
    const b = g.bufs[bi];
    if (ctx.tracing) yield ctx.ev('virtnet_buf_done', { dir: 'tx', pkt: b ? seqIn(g, b) : -1, len, ok: true });
    // dev_kfree_skb: the buffer can carry another frame.
    if (bi >= 0) q.putBuf(bi);
    q.done = q.done + 1;
  };
  while (q.done < g.frames) {
    yield ctx.safe();
    if (g.lapic.pending()) {
      if (yield* takeInterrupt(ctx, g)) {
        // virtnet_poll_tx: free what was sent, then re-arm.
        do yield* ctx.call('virtnet_poll_tx', ctx.call('free_old_xmit_skbs', reclaim(ctx, g, txDone)));
        while (!(yield* ctx.call('virtnet_poll_tx', napiComplete(ctx, g))));
        // netif_tx_wake_queue once there is room again.
        if (q.stopped && g.vq.numFree >= g.descsPerBuf) q.stopped = false;
      }
      continue;
    }
    if (q.next < g.frames && !q.stopped) {
      yield* ctx.call('start_xmit', startXmit(ctx, g, q.next, txDone));
      continue;
    }
    yield* halt(ctx, g);
  }
  yield* finish(ctx, g);
}

function* startXmit(ctx: ActorContext, g: GuestNet, pkt: number, txDone: (token: number, len: number) => Gen): Gen {
  const q = g.q;
  // Free up any pending old buffers before queueing new ones.
  yield* ctx.call('free_old_xmit_skbs', reclaim(ctx, g, txDone));
  const bi = q.takeBuf();
  if (bi < 0) {
    // No skb to build the frame in (every buffer is in flight): stop until completions free one.
    q.stopped = true;
    if (ctx.tracing) yield ctx.ev('virtqueue_add_no_room', { numFree: g.vq.numFree, needed: g.descsPerBuf });
    return;
  }
  const b = g.bufs[bi]!;
  const mem = g.vq.mem;
  mem.arena.writeBytes(mem.at(b.hdr, VIRTIO_NET_HDR_V1_SIZE), ZERO_HDR);
  mem.arena.writeWith(mem.at(b.data, g.frameLen), g.frameLen, (dst) => fillFrame(dst, pkt, 'tx', g.seed));
  if (ctx.tracing) yield ctx.ev('virtnet_buf_prepare', { dir: 'tx', pkt, hdr: b.hdr, data: b.data, len: g.frameLen });
  const err = yield* ctx.call(
    'xmit_skb',
    ctx.call('virtqueue_add_outbuf', g.vq.addSplit(ctx, [hdrSg(b), { addr: b.data, len: g.frameLen }], [], b.hdr, b.indirTable, tamperFor(ctx, g, pkt))),
  );
  if (err) {
    q.putBuf(bi);
    q.stopped = true;
    return;
  }
  q.next = pkt + 1;
  g.counters.add('buffersAdded');
  if (g.fault === 'avail-idx-jump' && pkt === g.faultAt) yield* corrupt(ctx, g.vq, 'avail-idx-jump', { head: 0, table: 0, dir: 'tx', ramEnd: g.ramEnd });
  // Having lied about the index, the misbehaving guest kicks regardless of what the device asked for.
  if (g.fault === 'avail-idx-jump' && pkt === g.faultAt) yield* notify(ctx, g);
  // If running out of space, stop the queue rather than take frames we could not send.
  const stopped = g.vq.numFree < g.descsPerBuf;
  if (stopped) {
    q.stopped = true;
    if (ctx.tracing) yield ctx.ev('virtqueue_add_no_room', { numFree: g.vq.numFree, needed: g.descsPerBuf });
  }
  // xmit_more: only the last frame of a batch (or a stopped queue) kicks.
  if (stopped || (pkt + 1) % g.batch === 0 || pkt === g.frames - 1) yield* kick(ctx, g);
}

/** try_fill_recv: post receive buffers while there are free ones and frames still to come. */
function* fillRecv(ctx: ActorContext, g: GuestNet): Gen<number> {
  const q = g.q;
  let added = 0;
  while (q.next < g.frames && q.freeCount > 0 && g.vq.numFree >= g.descsPerBuf) {
    const bi = q.takeBuf();
    const b = g.bufs[bi]!;
    if (ctx.tracing) yield ctx.ev('virtnet_buf_prepare', { dir: 'rx', pkt: bi, hdr: b.hdr, data: b.data, len: b.dataLen }, 'add_recvbuf_big');
    const err = yield* ctx.call(
      'add_recvbuf_big',
      ctx.call('virtqueue_add_inbuf', g.vq.addSplit(ctx, [], [hdrSg(b), { addr: b.data, len: b.dataLen }], b.hdr, b.indirTable, tamperFor(ctx, g, q.next))),
    );
    if (err) {
      q.putBuf(bi);
      break;
    }
    g.counters.add('buffersAdded');
    if (g.fault === 'avail-idx-jump' && q.next === g.faultAt) {
      yield* corrupt(ctx, g.vq, 'avail-idx-jump', { head: 0, table: 0, dir: 'rx', ramEnd: g.ramEnd });
      yield* notify(ctx, g);
    }
    q.next = q.next + 1;
    added++;
  }
  return added;
}

/** The receive side: post buffers, then take each frame vhost delivers and refill. Loop state lives in guest RAM (g.q). */
export function* guestRx(ctx: ActorContext, g: GuestNet): Gen {
  const mem = g.vq.mem;
  const q = g.q;
  const byHdr = new Map(g.bufs.map((b, i) => [b.hdr, i]));
  const refill = function* (): Gen {
    if (q.next >= g.frames) return;
    const added = yield* ctx.call('try_fill_recv', fillRecv(ctx, g));
    if (added > 0) yield* ctx.call('virtqueue_kick', kick(ctx, g));
  };
  const received1 = function* (token: number, len: number): Gen {
    const bi = byHdr.get(token) ?? -1;
    const b = g.bufs[bi];
    let seq = -1;
    let ok = false;
    if (b && len > VIRTIO_NET_HDR_V1_SIZE && len - VIRTIO_NET_HDR_V1_SIZE <= b.dataLen) {
      const at = mem.at(b.data, len - VIRTIO_NET_HDR_V1_SIZE);
      const frame = mem.arena.u8.subarray(at, at + len - VIRTIO_NET_HDR_V1_SIZE);
      ({ seq, ok } = checkFrame(frame, 'rx', g.seed));
    }
    g.arrive(seq, ok, len - VIRTIO_NET_HDR_V1_SIZE);
    if (ctx.tracing) yield ctx.ev('virtnet_buf_done', { dir: 'rx', pkt: seq, len: Math.max(0, len - VIRTIO_NET_HDR_V1_SIZE), ok }, 'receive_buf');
    if (bi >= 0) q.putBuf(bi);
    q.done = q.done + 1;
  };
  // A thread continuing a paused run finds the buffers already posted.
  if (q.next === 0) yield* refill();
  while (q.done < g.frames) {
    yield ctx.safe();
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
  yield* finish(ctx, g);
}
