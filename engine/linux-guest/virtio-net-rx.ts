/**
 * The receive side of Linux 6.12's virtio-net: virtnet_open fills the whole
 * ring (try_fill_recv), the RX interrupt schedules NAPI, virtnet_poll takes
 * frames back (receive_buf) and refills once more than half a budget's worth
 * of descriptors is free, then re-arms the interrupt.
 *
 * Three buffer kinds, as the negotiated features decide:
 * - mergeable (VIRTIO_NET_F_MRG_RXBUF, QEMU's default): one descriptor per
 *   buffer, carved from 32 KiB page fragments, sized by the running average
 *   of packet lengths; a large frame spans several (num_buffers);
 * - big (no MRG_RXBUF, guest GSO): a 12-byte header entry, the rest of that
 *   page, and MAX_SKB_FRAGS more pages: 19 entries per buffer;
 * - small (neither): one descriptor of hdr_len + GOOD_PACKET_LEN.
 */
import { ETH_HLEN, checkFrame } from '../net/frame';
import type { ActorContext, Gen } from '../sched/actor';
import type { FrameId } from '../trace/frames';
import { corrupt } from './faults';
import {
  CACHE_BYTES,
  GOOD_PACKET_LEN,
  MAX_SKB_FRAGS,
  NAPI_POLL_WEIGHT,
  PADDED_VNET_HDR_LEN,
  PAGE_SIZE,
  SKB_SHARED_INFO_SIZE,
  VIRTNET_RX_PAD,
  align,
  finish,
  halt,
  inSoftirq,
  kick,
  napiSchedule,
  takeInterrupt,
  type GuestNet,
  type RxPool,
} from './virtio-net';
import { NO_SG, type Sg, type Tamper, type UsedBuf } from './virtio-ring';

/** errno ENOMEM: no page to carve a buffer from. */
const ENOMEM = -12;
/** IP_MAX_MTU: what a big-packet (GSO) receive path must be able to hold. */
const IP_MAX_MTU = 0xffff;
/** Entries of a big buffer: header, the rest of its first page, MAX_SKB_FRAGS pages. */
export const BIG_BUF_ENTRIES = MAX_SKB_FRAGS + 2;
/** Pages of a big buffer. */
export const BIG_BUF_PAGES = MAX_SKB_FRAGS + 1;
/** add_recvbuf_small's allocation: SKB_DATA_ALIGN(hdr + pad + GOOD_PACKET_LEN) + SKB_DATA_ALIGN(skb_shared_info). */
export const smallBufTruesize = (hdrLen: number): number => align(hdrLen + VIRTNET_RX_PAD + GOOD_PACKET_LEN, CACHE_BYTES) + align(SKB_SHARED_INFO_SIZE, CACHE_BYTES);

/** mergeable_min_buf_len: big enough that a full ring holds a 64 KiB GSO frame, and never less than GOOD_PACKET_LEN. */
export function mergeableMinBufLen(hdrLen: number, num: number): number {
  const bufLen = hdrLen + 14 + 4 + IP_MAX_MTU;
  return Math.max(Math.max(Math.ceil(bufLen / num), hdrLen) - hdrLen, GOOD_PACKET_LEN);
}

/** get_mergeable_buf_len (no XDP room): the header plus the average packet length, clamped, cache-aligned. */
export function mergeableBufLen(hdrLen: number, minBufLen: number, avgPktLen: number): number {
  const len = hdrLen + Math.min(Math.max(avgPktLen, minBufLen), PAGE_SIZE - hdrLen);
  return align(len, CACHE_BYTES);
}

function tamperFor(ctx: ActorContext, g: GuestNet): Tamper | undefined {
  const fault = g.fault;
  if (fault === 'none' || fault === 'avail-idx-jump' || g.counters.get('buffersAdded') !== g.faultAt) return undefined;
  return (head, table) => corrupt(ctx, g.vq, fault, { head, table, dir: 'rx', ramEnd: g.ramEnd });
}

/** add_recvbuf_mergeable: carve one buffer from the page frag and post it as a single descriptor. */
function* addRecvbufMergeable(ctx: ActorContext, g: GuestNet, pool: RxPool): Gen<number> {
  const frag = pool.frag;
  let len = mergeableBufLen(g.hdrLen, pool.minBufLen, g.q.avgPktLen);
  if (!frag.refill(len)) return ENOMEM;
  const buf = frag.alloc(len);
  // "To avoid internal fragmentation, if there is very likely not enough space for another buffer, add the remaining space to the current buffer."
  if (frag.hole < len) len += frag.takeHole();
  const sgs = g.sg.one(buf, len);
  if (ctx.tracing) yield ctx.ev('virtnet_buf_prepare', { dir: 'rx', pkt: g.counters.get('buffersAdded'), layout: 'mergeable', hdr: buf, hdrLen: g.hdrLen, data: buf + g.hdrLen, len: len - g.hdrLen, sgs: sgs.map((s) => ({ ...s })) });
  // ctx = mergeable_len_to_ctx(truesize, headroom 0).
  const err = yield* ctx.call('virtqueue_add_inbuf_ctx', g.vq.addSplit(ctx, NO_SG, sgs, buf, 0, len, tamperFor(ctx, g)));
  if (err < 0) frag.free(buf);
  return err;
}

/** add_recvbuf_small: one GOOD_PACKET_LEN buffer behind VIRTNET_RX_PAD of headroom. */
function* addRecvbufSmall(ctx: ActorContext, g: GuestNet, pool: RxPool): Gen<number> {
  const frag = pool.frag;
  const truesize = smallBufTruesize(g.hdrLen);
  if (!frag.refill(truesize)) return ENOMEM;
  const buf = frag.alloc(truesize) + VIRTNET_RX_PAD;
  const sgs = g.sg.one(buf, g.hdrLen + GOOD_PACKET_LEN);
  if (ctx.tracing) yield ctx.ev('virtnet_buf_prepare', { dir: 'rx', pkt: g.counters.get('buffersAdded'), layout: 'small', hdr: buf, hdrLen: g.hdrLen, data: buf + g.hdrLen, len: GOOD_PACKET_LEN, sgs: sgs.map((s) => ({ ...s })) });
  const err = yield* ctx.call('virtqueue_add_inbuf_ctx', g.vq.addSplit(ctx, NO_SG, sgs, buf, 0, 0, tamperFor(ctx, g)));
  if (err < 0) frag.free(buf);
  return err;
}

/** The pieces of big buffer `slot`: sg[0] the header, sg[1] the rest of that page past padded_vnet_hdr, sg[2..] whole pages. */
function bigPieces(g: GuestNet, pool: RxPool, slot: number): Sg[] {
  const first = pool.bigPages(slot);
  const sgs: Sg[] = [
    { addr: first, len: g.hdrLen },
    { addr: first + PADDED_VNET_HDR_LEN, len: PAGE_SIZE - PADDED_VNET_HDR_LEN },
  ];
  for (let k = 1; k < BIG_BUF_PAGES; k++) sgs.push({ addr: first + k * PAGE_SIZE, len: PAGE_SIZE });
  return sgs;
}

/** add_recvbuf_big: 1 + MAX_SKB_FRAGS pages as 2 + MAX_SKB_FRAGS entries. */
function* addRecvbufBig(ctx: ActorContext, g: GuestNet, pool: RxPool): Gen<number> {
  const slot = g.q.takeSlot();
  if (slot < 0) return ENOMEM;
  const sgs = bigPieces(g, pool, slot);
  const first = pool.bigPages(slot);
  if (ctx.tracing) yield ctx.ev('virtnet_buf_prepare', { dir: 'rx', pkt: g.counters.get('buffersAdded'), layout: 'big', hdr: first, hdrLen: g.hdrLen, data: first + PADDED_VNET_HDR_LEN, len: BIG_BUF_PAGES * PAGE_SIZE - PADDED_VNET_HDR_LEN, sgs });
  const err = yield* ctx.call('virtqueue_add_inbuf', g.vq.addSplit(ctx, NO_SG, sgs, first, pool.bigIndirect(slot), 0, tamperFor(ctx, g)));
  if (err < 0) g.q.putSlot(slot);
  return err;
}

/** try_fill_recv: post buffers until the ring is full (or one cannot be added), then kick if the device wants it. Returns false on -ENOMEM. */
function* tryFillRecv(ctx: ActorContext, g: GuestNet): Gen<boolean> {
  const pool = g.rx!;
  const add: [FrameId, (ctx: ActorContext, g: GuestNet, pool: RxPool) => Gen<number>] =
    g.layout === 'mergeable' ? ['add_recvbuf_mergeable', addRecvbufMergeable] : g.layout === 'big' ? ['add_recvbuf_big', addRecvbufBig] : ['add_recvbuf_small', addRecvbufSmall];
  let err = 0;
  do {
    err = yield* ctx.call(add[0], add[1](ctx, g, pool));
    if (err) break;
    g.counters.add('buffersAdded');
    if (g.fault === 'avail-idx-jump' && g.counters.get('buffersAdded') === g.faultAt + 1) {
      yield* corrupt(ctx, g.vq, 'avail-idx-jump', { head: 0, table: 0, dir: 'rx', ramEnd: g.ramEnd });
      g.counters.add('kicks');
      yield* g.vq.kick(ctx);
    }
  } while (g.vq.numFree);
  yield* kick(ctx, g);
  return err !== ENOMEM;
}

/** The bytes of a received frame: pieces after the header, `len` bytes written in all. Contiguous frames are read where they lie. */
function frameBytes(g: GuestNet, pieces: readonly Sg[], hdrLen: number, total: number, scratch: Uint8Array): Uint8Array {
  const mem = g.vq.mem;
  const u8 = mem.arena.u8;
  // Skip the header, which may be a piece of its own (big buffers) or the start of the first.
  let skip = hdrLen;
  let want = total - hdrLen;
  const parts: Array<{ at: number; n: number }> = [];
  for (const p of pieces) {
    if (want <= 0) break;
    if (skip >= p.len) {
      skip -= p.len;
      continue;
    }
    const n = Math.min(p.len - skip, want);
    parts.push({ at: mem.at(p.addr + skip, n), n });
    want -= n;
    skip = 0;
  }
  if (parts.length === 1) return u8.subarray(parts[0]!.at, parts[0]!.at + parts[0]!.n);
  let o = 0;
  for (const part of parts) {
    scratch.set(u8.subarray(part.at, part.at + part.n), o);
    o += part.n;
  }
  return scratch.subarray(0, o);
}

/**
 * receive_buf: one frame back from the device, through receive_mergeable,
 * receive_big or receive_small. `first` is the buffer virtqueue_get_buf
 * returned; a mergeable frame takes num_buffers - 1 more.
 */
function* receiveBuf(ctx: ActorContext, g: GuestNet, first: UsedBuf, scratch: Uint8Array): Gen {
  const fn: FrameId = g.layout === 'mergeable' ? 'receive_mergeable' : g.layout === 'big' ? 'receive_big' : 'receive_small';
  yield* ctx.call(fn, receiveBody(ctx, g, first, scratch));
  g.q.done = g.q.done + 1;
}

function* receiveBody(ctx: ActorContext, g: GuestNet, first: UsedBuf, scratch: Uint8Array): Gen {
  const pool = g.rx!;
  const hdrLen = g.hdrLen;
  let dropped: string | null = null;
  let numBuffers = 1;
  let total = first.len;
  // The guest-physical pieces the device wrote (header first), and how to give each buffer back.
  const pieces: Sg[] = [];
  const release: Array<() => void> = [];
  if (first.len < hdrLen + ETH_HLEN) {
    dropped = `short packet ${first.len}`;
    release.push(() => (g.layout === 'big' ? g.q.putSlot(pool.bigSlotOf(first.token)) : pool.frag.free(first.token)));
  } else if (g.layout === 'mergeable') {
    numBuffers = g.vq.mem.r16(first.token + 10);
    pieces.push({ addr: first.token, len: first.len });
    release.push(() => pool.frag.free(first.token));
    if (first.len > first.ctx) dropped = `rx error: len ${first.len} exceeds truesize ${first.ctx}`;
    for (let k = 1; k < numBuffers && !dropped; k++) {
      const more = yield* ctx.call('virtnet_rq_get_buf', g.vq.getBuf(ctx));
      if (!more) {
        dropped = `rx error: ${numBuffers - k} buffers out of ${numBuffers} missing`;
        break;
      }
      g.counters.add('buffersReclaimed');
      release.push(() => pool.frag.free(more.token));
      if (more.len > more.ctx) dropped = `rx error: len ${more.len} exceeds truesize ${more.ctx}`;
      pieces.push({ addr: more.token, len: more.len });
      total += more.len;
    }
  } else if (g.layout === 'big') {
    const slot = pool.bigSlotOf(first.token);
    pieces.push(...bigPieces(g, pool, slot));
    release.push(() => g.q.putSlot(slot));
  } else {
    pieces.push({ addr: first.token, len: hdrLen + GOOD_PACKET_LEN });
    release.push(() => pool.frag.free(first.token));
  }
  let seq = -1;
  let ok = false;
  if (dropped) g.counters.add('framesDropped');
  else {
    ({ seq, ok } = checkFrame(frameBytes(g, pieces, hdrLen, total, scratch), 'rx', g.seed));
    // ewma_pkt_len_add(&rq->mrg_avg_pkt_len, head_skb->len): the next buffers are sized by it.
    if (g.layout === 'mergeable') g.q.addPktLen(total - hdrLen);
    g.arrive(seq, ok, total - hdrLen);
  }
  // The skb goes up the stack and is freed; its pages' references go with it (put_page / give_pages).
  for (const r of release) r();
  if (ctx.tracing) yield ctx.ev('receive_buf', { pkt: seq, len: Math.max(0, total - hdrLen), numBuffers, ok, layout: g.layout, dropped });
}

/** virtnet_receive: up to `budget` frames, then refill once more than half a budget's worth of descriptors is free. */
function* virtnetReceive(ctx: ActorContext, g: GuestNet, budget: number, scratch: Uint8Array): Gen<number> {
  let packets = 0;
  yield* ctx.call(
    'virtnet_receive_packets',
    (function* () {
      while (packets < budget) {
        const buf = yield* ctx.call('virtnet_rq_get_buf', g.vq.getBuf(ctx));
        if (!buf) break;
        g.counters.add('buffersReclaimed');
        yield* ctx.call('receive_buf', receiveBuf(ctx, g, buf, scratch));
        packets++;
      }
    })(),
  );
  if (g.vq.numFree > Math.floor(Math.min(budget, g.vq.ring.num) / 2)) yield* ctx.call('try_fill_recv', tryFillRecv(ctx, g));
  return packets;
}

/** virtnet_poll: receive, then (if under budget) virtqueue_napi_complete re-arms the interrupt and polls once more. */
function* virtnetPoll(ctx: ActorContext, g: GuestNet, scratch: Uint8Array): Gen {
  // (virtnet_poll_cleantx first frees the paired TX queue; this walkthrough models only the receive queue.)
  const received = yield* ctx.call('virtnet_receive', virtnetReceive(ctx, g, NAPI_POLL_WEIGHT, scratch));
  if (received >= NAPI_POLL_WEIGHT) return; // budget used up: NAPI stays scheduled and polls again
  yield* ctx.call(
    'virtqueue_napi_complete',
    (function* () {
      const opaque = yield* g.vq.enableCbPrepare(ctx);
      g.q.napiScheduled = false; // napi_complete_done
      if (yield* g.vq.poll(ctx, opaque)) yield* napiSchedule(ctx, g);
    })(),
  );
}

/** Frames that ended without reaching the guest (vhost discarded them), counted so the loop knows it is over. */
export type DroppedCount = () => number;

/**
 * The guest vCPU receiving: virtnet_open fills the ring, then interrupts and
 * NAPI take frames back until every frame the host sent has arrived or was
 * dropped on the way. Loop state lives in guest RAM (g.q).
 */
export function* guestRx(ctx: ActorContext, g: GuestNet, droppedOnHost: DroppedCount): Gen {
  const q = g.q;
  const scratch = new Uint8Array(g.frameLen + PAGE_SIZE);
  if (!q.opened) {
    yield* ctx.call('virtnet_open', ctx.call('try_fill_recv', tryFillRecv(ctx, g)));
    q.opened = true;
  }
  while (q.done + droppedOnHost() < g.frames) {
    yield ctx.safe();
    if (g.lapic.pending()) {
      yield* takeInterrupt(ctx, g, 'skb_recv_done');
      continue;
    }
    if (q.napiScheduled) {
      yield* inSoftirq(ctx, 'virtnet_poll', virtnetPoll(ctx, g, scratch));
      continue;
    }
    yield* halt(ctx, g);
  }
  yield* finish(ctx, g);
}

