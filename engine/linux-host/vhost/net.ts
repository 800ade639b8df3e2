/**
 * vhost-net's data path (drivers/vhost/net.c) and the vhost worker kthread
 * (vhost_worker in drivers/vhost/vhost.c). Work is queued by poll callbacks:
 * a guest kick reaches vhost_poll_wakeup through the kick eventfd's wait
 * queue (handle_tx_kick / handle_rx_kick), a frame on the tap socket reaches
 * it through the socket's (handle_rx_net). The worker takes the work list and
 * sleeps when it is empty.
 */
import { VIRTIO_NET_HDR_V1_SIZE } from '../../abi/virtio-net';
import type { Arena } from '../../mem/arena';
import type { ActorContext, Gen } from '../../sched/actor';
import type { Counters } from '../../trace/counters';
import type { Tap } from '../tap';
import type { DescChain, Iov, VhostVirtqueue } from './vhost';
import { EINVAL } from './vhost';

/** Bits of the worker's work list (one per vhost_poll that can queue work). */
export const WORK_KICK = 1;
export const WORK_NET = 2;

/** What the worker needs: the virtqueue it serves, its tap, where its work list lives. */
export interface VhostNet {
  arena: Arena;
  vq: VhostVirtqueue;
  dir: 'tx' | 'rx';
  tap: Tap;
  /** Int32 slot of the worker's work list. */
  workSlot: number;
  counters: Counters;
  /** Guest interrupt line KVM injects for this queue. */
  vector: number;
  /** Busy-poll like a DPDK PMD: never sleep, keep guest kicks off, look at the ring again and again. */
  poll: boolean;
  /** Int32 slot the guest driver sets when it is done (a polling worker stops on it). */
  doneSlot: number;
}

/** vhost_poll_wakeup → vhost_poll_queue → vhost_work_queue: put work on the list and wake the worker. */
export function vhostPollQueue(arena: Arena, workSlot: number, bit: number): boolean {
  const old = arena.aOr(workSlot, bit);
  arena.aNotify(workSlot);
  return (old & bit) === 0;
}

function gather(arena: Arena, iovs: readonly Iov[]): Uint8Array {
  const total = iovs.reduce((n, v) => n + v.len, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const v of iovs) {
    out.set(arena.u8.subarray(v.arenaOff, v.arenaOff + v.len), at);
    at += v.len;
  }
  return out;
}

function scatter(arena: Arena, iovs: readonly Iov[], bytes: Uint8Array): number {
  let at = 0;
  for (const v of iovs) {
    if (at >= bytes.length) break;
    const n = Math.min(v.len, bytes.length - at);
    arena.writeBytes(v.arenaOff, bytes.subarray(at, at + n));
    at += n;
  }
  return at;
}

function* formatError(ctx: ActorContext, n: VhostNet, chain: DescChain): Gen<number> {
  const msg =
    n.dir === 'tx'
      ? `Unexpected descriptor format for TX: out ${chain.out.length}, int ${chain.in.length}`
      : `unexpected descriptor format for RX: out ${chain.out.length}, in ${chain.in.length}`;
  n.counters.add('vqErrors');
  if (ctx.tracing) yield ctx.ev('vq_err', { kind: 'unexpected-format', message: msg, head: chain.head });
  return EINVAL;
}

/**
 * Take the next chain, or learn there is none. Returns the chain, or undefined
 * to stop this round (ring empty with notifications re-enabled, or an error).
 */
function* nextChain(ctx: ActorContext, n: VhostNet): Gen<DescChain | undefined> {
  for (;;) {
    const r = yield* n.vq.getVqDesc(ctx);
    if (typeof r !== 'number') return r;
    if (r < 0) {
      n.counters.add('vqErrors');
      return undefined;
    }
    // A polling back-end keeps kicks off and simply comes back later.
    if (n.poll) return undefined;
    // Nothing new: re-enable guest kicks, and look once more in case one slipped in.
    if (yield* n.vq.enableNotify(ctx)) {
      yield* n.vq.disableNotify(ctx);
      continue;
    }
    return undefined;
  }
}

/** handle_tx: send every available frame to the tap, return its buffer, maybe interrupt the guest. */
export function* handleTx(ctx: ActorContext, n: VhostNet): Gen {
  yield* n.vq.disableNotify(ctx);
  for (;;) {
    const chain = yield* nextChain(ctx, n);
    if (!chain) return;
    if (chain.in.length) {
      // get_tx_bufs returns -EFAULT without discarding: this chain is skipped for good, and handle_tx stops until the next kick.
      yield* formatError(ctx, n, chain);
      return;
    }
    // The first out bytes are the virtio_net_hdr; tun's IFF_VNET_HDR takes it, the rest is the frame.
    // Linux's driver puts them in two buffers; then the frame can be read where it lies, without a copy.
    const [h, d] = chain.out;
    const frame =
      chain.out.length === 2 && h!.len === VIRTIO_NET_HDR_V1_SIZE
        ? n.arena.u8.subarray(d!.arenaOff, d!.arenaOff + d!.len)
        : gather(n.arena, chain.out).subarray(VIRTIO_NET_HDR_V1_SIZE);
    const { seq, ok } = n.tap.deliverFromGuest(frame);
    if (ctx.tracing) yield ctx.ev('vhost_copy', { dir: 'tx', pkt: seq, head: chain.head, bytes: frame.length, ok }, 'tun_sendmsg');
    yield* n.vq.addUsed(ctx, chain.head, 0);
    n.counters.add('buffersUsed');
    yield* signal(ctx, n);
  }
}

/** handle_rx: while the tap has frames, fill the guest's receive buffers with them. */
export function* handleRx(ctx: ActorContext, n: VhostNet): Gen {
  yield* n.vq.disableNotify(ctx);
  while (n.tap.pendingForGuest() > 0) {
    const chain = yield* nextChain(ctx, n);
    if (!chain) return;
    if (chain.out.length || !chain.in.length) {
      // get_rx_bufs' error path (vhost_discard_vq_desc) gives back only the heads it had already accepted for
      // this frame, none here: like TX, the bad chain stays consumed and handle_rx stops until the next kick.
      yield* formatError(ctx, n, chain);
      return;
    }
    const { seq, bytes } = n.tap.takeForGuest();
    const room = chain.in.reduce((s, v) => s + v.len, 0);
    const written = scatter(n.arena, chain.in, bytes);
    const ok = room >= bytes.length;
    const frameLen = bytes.length - VIRTIO_NET_HDR_V1_SIZE;
    if (ctx.tracing) yield ctx.ev('vhost_copy', { dir: 'rx', pkt: seq, head: chain.head, bytes: frameLen, ok }, 'tun_recvmsg');
    yield* n.vq.addUsed(ctx, chain.head, written);
    n.counters.add('buffersUsed');
    yield* signal(ctx, n);
  }
}

function* signal(ctx: ActorContext, n: VhostNet): Gen {
  const sent = yield* n.vq.signal(ctx, n.vector);
  n.counters.add(sent ? 'calls' : 'callsSuppressed');
}

/** A PMD-style loop: poll the ring without sleeping until the guest driver says it is done. */
function* pollLoop(ctx: ActorContext, n: VhostNet): Gen {
  while (n.arena.aLoad(n.doneSlot) === 0) {
    yield ctx.safe();
    const before = n.vq.lastAvailIdx;
    if (n.dir === 'tx') yield* ctx.call('handle_tx', handleTx(ctx, n));
    else yield* ctx.call('handle_rx', handleRx(ctx, n));
    // An empty pass is still a beat: the thread is spinning, which is the point of polling.
    if (n.vq.lastAvailIdx === before) {
      const f = { dir: n.dir, availIdx: n.vq.availIdx, lastAvail: n.vq.lastAvailIdx, tapPending: n.tap.pendingForGuest() };
      if (ctx.tracing) yield ctx.ev('vhost_busy_poll', f, 'vhost_net_busy_poll');
    }
  }
}

/** vhost_worker: run queued work; sleep when the list is empty. Never returns (the kthread lives as long as the device), unless busy-polling. */
export function* vhostWorker(ctx: ActorContext, n: VhostNet): Gen {
  if (n.poll) return yield* pollLoop(ctx, n);
  for (;;) {
    yield ctx.safe();
    const work = n.arena.aLoad(n.workSlot) === 0 ? 0 : n.arena.aExchange(n.workSlot, 0);
    if (work === 0) {
      if (ctx.tracing) yield ctx.ev('vhost_worker_sleep', {});
      yield ctx.wait(n.workSlot, 0, 'work: a kick or a frame');
      continue;
    }
    const kick = (work & WORK_KICK) !== 0;
    const net = (work & WORK_NET) !== 0;
    if (ctx.tracing) yield ctx.ev('vhost_worker_wake', { work: kick && net ? 'kick+net' : kick ? 'kick' : 'net' });
    if (n.dir === 'tx') yield* ctx.call('handle_tx_kick', ctx.call('handle_tx', handleTx(ctx, n)));
    else yield* ctx.call(kick ? 'handle_rx_kick' : 'handle_rx_net', ctx.call('handle_rx', handleRx(ctx, n)));
  }
}
