/**
 * The transmit side of Linux 6.12's virtio-net with NAPI for TX (napi_tx,
 * the default): start_xmit frees what the device has sent, adds the new skb
 * (xmit_skb → virtqueue_add_outbuf), stops the queue when fewer than
 * 2 + MAX_SKB_FRAGS descriptors are free (check_sq_full_and_disable) and
 * kicks unless more frames follow (xmit_more); the TX interrupt schedules
 * virtnet_poll_tx, which frees the rest and wakes the queue.
 *
 * Older kernels (and seed 000's era) called the freeing loop free_old_xmit_skbs
 * and ran TX completion from start_xmit only; 6.12's is free_old_xmit.
 */
import { ETH_HLEN, fillFrameAt } from '../net/frame';
import type { ActorContext, Gen } from '../sched/actor';
import { corrupt } from './faults';
import { TX_STOP_THRESHOLD, finish, halt, inSoftirq, kick, napiSchedule, takeInterrupt, type GuestNet, type TxPool } from './virtio-net';
import { NO_SG, type Tamper } from './virtio-ring';

/** The sequence number written in a frame (right after the Ethernet header). */
function seqAt(g: GuestNet, gpa: number): number {
  const mem = g.vq.mem;
  const at = mem.at(gpa + ETH_HLEN, 4);
  const b = mem.arena.u8;
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

/** __free_old_xmit: take every used buffer back and free its skb (napi_consume_skb). Returns how many. */
function* freeOldXmit(ctx: ActorContext, g: GuestNet, pool: TxPool): Gen<number> {
  return yield* ctx.call(
    'free_old_xmit',
    ctx.call(
      '__free_old_xmit',
      (function* () {
        let n = 0;
        for (;;) {
          const r = yield* g.vq.getBuf(ctx);
          if (!r) return n;
          g.counters.add('buffersReclaimed');
          const slot = pool.slotOf(r.token);
          if (ctx.tracing) yield ctx.ev('virtnet_tx_done', { pkt: slot >= 0 ? seqAt(g, pool.data(slot)) : -1 });
          if (slot >= 0) g.q.putSlot(slot);
          g.q.done = g.q.done + 1;
          n++;
        }
      })(),
    ),
  );
}

function tamperFor(ctx: ActorContext, g: GuestNet, pkt: number): Tamper | undefined {
  const fault = g.fault;
  if (fault === 'none' || fault === 'avail-idx-jump' || pkt !== g.faultAt) return undefined;
  return (head, table) => corrupt(ctx, g.vq, fault, { head, table, dir: 'tx', ramEnd: g.ramEnd });
}

/**
 * xmit_skb: build the virtio_net_hdr (virtio_net_hdr_from_skb: no offloads,
 * all zero) and hand the skb to virtqueue_add_outbuf. A VERSION_1 device sets
 * any_header_sg, so the header is pushed into the skb's headroom and a linear
 * frame is one descriptor; otherwise the header sits in skb->cb and the frame
 * follows in a second descriptor.
 */
function* xmitSkb(ctx: ActorContext, g: GuestNet, pool: TxPool, slot: number, pkt: number): Gen<number> {
  const mem = g.vq.mem;
  const data = pool.data(slot);
  const pushed = g.layout === 'pushed';
  const hdr = pushed ? data - g.hdrLen : pool.cb(slot);
  const a = mem.arena;
  const frameOff = mem.at(data, g.frameLen);
  const before = a.beginWrite(frameOff, g.frameLen);
  fillFrameAt(a.u8, frameOff, g.frameLen, pkt, 'tx', g.seed);
  a.endWrite(frameOff, g.frameLen, before);
  // The header is all zero (no checksum or segmentation offload; num_buffers = 0 with MRG_RXBUF).
  a.fill(mem.at(hdr, g.hdrLen), g.hdrLen, 0);
  const sgs = pushed ? g.sg.one(hdr, g.hdrLen + g.frameLen) : g.sg.two(hdr, g.hdrLen, data, g.frameLen);
  if (ctx.tracing) yield ctx.ev('virtnet_buf_prepare', { dir: 'tx', pkt, layout: g.layout, hdr, hdrLen: g.hdrLen, data, len: g.frameLen, sgs: sgs.map((s) => ({ ...s })) });
  return yield* ctx.call('virtqueue_add_outbuf', g.vq.addSplit(ctx, sgs, NO_SG, data, pool.indirect(slot), 0, tamperFor(ctx, g, pkt)));
}

/** check_sq_full_and_disable (with NAPI): stop the queue below 2 + MAX_SKB_FRAGS free, and ask for an interrupt when 3/4 of what is in flight is done. */
function* checkSqFull(ctx: ActorContext, g: GuestNet): Gen {
  yield* ctx.call(
    'check_sq_full_and_disable',
    (function* () {
      const numFree = g.vq.numFree;
      if (numFree >= TX_STOP_THRESHOLD) return;
      g.q.stopped = true;
      if (ctx.tracing) yield ctx.ev('netif_tx_stop_queue', { numFree, threshold: TX_STOP_THRESHOLD });
      if (!(yield* g.vq.enableCbDelayed(ctx))) yield* napiSchedule(ctx, g);
    })(),
  );
}

/** start_xmit for frame `pkt`; `xmitMore` is netdev_xmit_more(): more frames follow in this burst. */
function* startXmit(ctx: ActorContext, g: GuestNet, pool: TxPool, pkt: number, xmitMore: boolean): Gen {
  const q = g.q;
  // Free up any pending old buffers before queueing new ones; on the burst's last frame, re-arm (delayed) and retry if that raced.
  do {
    yield* g.vq.disableCb(ctx);
    yield* freeOldXmit(ctx, g, pool);
  } while (!xmitMore && !(yield* g.vq.enableCbDelayed(ctx)));
  const slot = q.takeSlot();
  const err = slot < 0 ? -28 : yield* ctx.call('xmit_skb', xmitSkb(ctx, g, pool, slot, pkt));
  if (err) {
    // "This should not happen!": dev_warn "Unexpected TXQ (%d) queue failure: %d", and the skb is dropped.
    if (slot >= 0) q.putSlot(slot);
    q.next = pkt + 1;
    q.done = q.done + 1;
    return;
  }
  q.next = pkt + 1;
  g.counters.add('buffersAdded');
  if (g.fault === 'avail-idx-jump' && pkt === g.faultAt) {
    yield* corrupt(ctx, g.vq, 'avail-idx-jump', { head: 0, table: 0, dir: 'tx', ramEnd: g.ramEnd });
    // Having lied about the index, the misbehaving guest notifies regardless of what the device asked for.
    g.counters.add('kicks');
    yield* g.vq.kick(ctx);
  }
  yield* checkSqFull(ctx, g);
  // __netdev_tx_sent_queue: kick on the burst's last frame, or when the queue just stopped.
  if (!xmitMore || q.stopped) yield* kick(ctx, g);
}

/** virtnet_poll_tx: free what was sent, wake the queue if there is room, re-arm, and poll once more. */
function* pollTx(ctx: ActorContext, g: GuestNet, pool: TxPool): Gen {
  const q = g.q;
  yield* g.vq.disableCb(ctx);
  yield* freeOldXmit(ctx, g, pool);
  const numFree = g.vq.numFree;
  if (numFree >= TX_STOP_THRESHOLD && q.stopped) {
    q.stopped = false;
    if (ctx.tracing) yield ctx.ev('netif_tx_wake_queue', { numFree, threshold: TX_STOP_THRESHOLD });
  }
  const opaque = yield* g.vq.enableCbPrepare(ctx);
  // napi_complete_done: the poll is over unless rescheduled below.
  q.napiScheduled = false;
  // More was used meanwhile: napi_schedule_prep, disable callbacks and __napi_schedule, right here in virtnet_poll_tx.
  if (yield* g.vq.poll(ctx, opaque)) {
    yield* g.vq.disableCb(ctx);
    q.napiScheduled = true;
    if (ctx.tracing) yield ctx.ev('napi_schedule', { queue: g.vq.index, already: false });
  }
}

/**
 * The guest vCPU transmitting `g.frames` frames: the stack hands them to
 * start_xmit in bursts of `g.batch`, interrupts schedule NAPI, NAPI runs on
 * the way out of the interrupt, and the vCPU halts when nothing is left to do.
 * Loop state lives in guest RAM (g.q), so the loop can be entered afresh at
 * its top (a safe point) by a thread continuing a paused run.
 */
export function* guestTx(ctx: ActorContext, g: GuestNet): Gen {
  const q = g.q;
  const pool = g.tx!;
  while (q.done < g.frames) {
    yield ctx.safe();
    if (g.lapic.pending()) {
      yield* takeInterrupt(ctx, g, 'skb_xmit_done');
      continue;
    }
    if (q.napiScheduled) {
      yield* inSoftirq(ctx, 'virtnet_poll_tx', pollTx(ctx, g, pool));
      continue;
    }
    // The application sends while the queue runs (and, if it waits for answers, while it has fewer than `inflight` out).
    if (q.next < g.frames && !q.stopped && (g.inflight === 0 || q.next - q.done < g.inflight)) {
      const pkt = q.next;
      // dev_hard_start_xmit walks the burst; every frame but the burst's last goes with xmit_more. The burst ends early when the
      // application may not send the next frame yet (it waits for answers): a frame sent with xmit_more and no follower is never kicked.
      const followerReady = g.inflight === 0 || pkt + 1 - q.done < g.inflight;
      const xmitMore = (pkt + 1) % g.batch !== 0 && pkt + 1 < g.frames && followerReady;
      yield* ctx.call('sch_direct_xmit', ctx.call('dev_hard_start_xmit', ctx.call('start_xmit', startXmit(ctx, g, pool, pkt, xmitMore))));
      continue;
    }
    yield* halt(ctx, g);
  }
  yield* finish(ctx, g);
}
