/**
 * vhost-net (Linux 6.12 drivers/vhost/net.c): what the transmit and receive
 * handlers share. Each handler collects finished heads in vq->heads[] and
 * returns them in batches through vhost_net_signal_used →
 * vhost_add_used_and_signal_n (VHOST_NET_BATCH = 64 at a time, and whatever
 * is left when a pass ends), so used->idx moves, and the guest is called,
 * once per batch rather than once per buffer.
 *
 * `struct vhost_net_virtqueue`'s fields live in the host-kernel arena section.
 */
import { AVAIL } from '../../abi/virtio-ring';
import type { Arena } from '../../mem/arena';
import type { ActorContext, Gen } from '../../sched/actor';
import type { Counters } from '../../trace/counters';
import type { UsedElem } from '../../trace/events';
import type { Tap } from '../tap';
import { VHQ, type VhostVirtqueue } from './vhost';
import { WORK_KICK, vhostWorkerQueue } from './worker';

/** VHOST_NET_BATCH: heads (and TX frames) collected before they are flushed. */
export const VHOST_NET_BATCH = 64;
/** VHOST_NET_PKT_WEIGHT: packets one handler pass may take before it requeues itself. */
export const VHOST_NET_PKT_WEIGHT = 256;
/** VHOST_NET_WEIGHT: bytes one pass may move before it requeues itself. */
export const VHOST_NET_WEIGHT = 0x80000;
/** UIO_MAXIOV: the most iovecs (and, mergeable, heads) one frame may take. */
export const UIO_MAXIOV = 1024;
/** vq->heads has room for a whole batch plus one frame's worth of heads. */
export const HEADS_MAX = UIO_MAXIOV + VHOST_NET_BATCH;
/** Bytes of one of the page-frag buffers vhost_net_build_xdp copies a TX frame into. */
export const XDP_BUF_SIZE = 2048;

/** Offsets of our `struct vhost_net_virtqueue` (+ the socket poll) in the host-kernel arena section. */
export const NVQ = {
  done_idx: 0, // u32: heads collected in vq->heads, not yet added to the used ring
  batched_xdp: 4, // u32: TX frames built into nvq->xdp[], not yet sent
  sock_polled: 8, // u32: n->poll[dir] is on the tap socket's wait queue (poll->wqh != NULL)
  heads: 16, // struct vring_used_elem heads[HEADS_MAX]
  size: 16 + 8 * HEADS_MAX,
} as const;

/** What the worker needs: the virtqueue it serves, its tap, where its state lives. */
export interface VhostNet {
  arena: Arena;
  vq: VhostVirtqueue;
  dir: 'tx' | 'rx';
  tap: Tap;
  /** Arena offset of this queue's struct vhost_net_virtqueue (NVQ). */
  nvq: number;
  /** Arena offset of nvq->xdp[]'s buffers: VHOST_NET_BATCH × XDP_BUF_SIZE. */
  xdp: number;
  /** Int32 slot of the worker's work_list. */
  workSlot: number;
  counters: Counters;
  /** nvq->vhost_hlen: 0, since tap with IFF_VNET_HDR parses the header itself. */
  vhostHlen: number;
  /** nvq->sock_hlen: the virtio_net_hdr the socket takes and gives (12 with VERSION_1 or MRG_RXBUF). */
  sockHlen: number;
  /** VIRTIO_NET_F_MRG_RXBUF acked: get_rx_bufs may take several heads for one frame. */
  mergeable: boolean;
}

/** Field accessors over NVQ. */
export function doneIdx(n: VhostNet): number {
  return n.arena.r32(n.nvq + NVQ.done_idx);
}
export function setDoneIdx(n: VhostNet, v: number): void {
  n.arena.w32(n.nvq + NVQ.done_idx, v);
}
export function batchedXdp(n: VhostNet): number {
  return n.arena.r32(n.nvq + NVQ.batched_xdp);
}
export function setBatchedXdp(n: VhostNet, v: number): void {
  n.arena.w32(n.nvq + NVQ.batched_xdp, v);
}
export function sockPolled(n: VhostNet): boolean {
  return n.arena.aLoad((n.nvq + NVQ.sock_polled) >> 2) !== 0;
}
/** vq->heads[i] = {id, len}. */
export function setHead(n: VhostNet, i: number, id: number, len: number): void {
  n.arena.w32(n.nvq + NVQ.heads + 8 * i, id);
  n.arena.w32(n.nvq + NVQ.heads + 8 * i + 4, len);
}
/** vq->heads[0..count). */
export function headsOf(n: VhostNet, from: number, count: number): UsedElem[] {
  const out: UsedElem[] = [];
  for (let i = from; i < from + count; i++) out.push({ id: n.arena.r32(n.nvq + NVQ.heads + 8 * i), len: n.arena.r32(n.nvq + NVQ.heads + 8 * i + 4) });
  return out;
}

/** vhost_net_signal_used: add the collected heads to the used ring and signal once. */
export function* vhostNetSignalUsed(ctx: ActorContext, n: VhostNet): Gen {
  yield* ctx.call(
    'vhost_net_signal_used',
    (function* () {
      const count = doneIdx(n);
      if (!count) return;
      const sent = yield* n.vq.addUsedAndSignalN(ctx, headsOf(n, 0, count));
      n.counters.add('buffersUsed', count);
      n.counters.add(sent ? 'calls' : 'callsSuppressed');
      setDoneIdx(n, 0);
    })(),
  );
}

/** vhost_net_disable_vq / vhost_net_enable_vq: take n->poll[dir] off the tap socket's wait queue, or put it back (vhost_poll_start). */
export function* vhostNetPoll(ctx: ActorContext, n: VhostNet, enable: boolean, queueIfReady: () => number | null): Gen {
  const slot = (n.nvq + NVQ.sock_polled) >> 2;
  if ((n.arena.aLoad(slot) !== 0) === enable) return;
  n.arena.aStore(slot, enable ? 1 : 0);
  yield* ctx.call(
    enable ? 'vhost_net_enable_vq' : 'vhost_net_disable_vq',
    (function* () {
      if (ctx.tracing) yield ctx.ev('vhost_net_poll', { dir: n.dir, enable });
      // vhost_poll_start: vfs_poll; if the socket is ready already, vhost_poll_wakeup queues the work at once.
      const work = enable ? queueIfReady() : null;
      if (work !== null) {
        const queued = vhostWorkerQueue(n.arena, n.workSlot, work);
        if (ctx.tracing) yield ctx.ev('vhost_poll_wakeup', { work: `handle_${n.dir}_net`, queued }, 'vhost_poll_wakeup', 'vhost_poll_queue');
      }
    })(),
  );
}

/** vhost_exceeds_weight: after 256 packets or 0x80000 bytes a pass requeues its virtqueue's work and stops, so other work gets the thread. */
export function* exceedsWeight(ctx: ActorContext, n: VhostNet, pkts: number, bytes: number): Gen<boolean> {
  if (pkts < VHOST_NET_PKT_WEIGHT && bytes < VHOST_NET_WEIGHT) return false;
  vhostWorkerQueue(n.arena, n.workSlot, WORK_KICK);
  if (ctx.tracing) yield ctx.ev('vhost_exceeds_weight', { pkts, bytes }, 'vhost_exceeds_weight');
  return true;
}

/**
 * vhost_net_busy_poll: spin for busyloop_timeout µs (one pass of the model's
 * loop stands for 1 µs of busy_clock()) until work is queued, the socket has
 * data while the receive ring has room, or the transmit ring has entries.
 * Only this walkthrough's queue is modelled; the paired queue, whose
 * notifications the kernel also toggles here, is left out. Returns whether
 * it was interrupted by queued work (busyloop_intr).
 */
export function* vhostNetBusyPoll(ctx: ActorContext, n: VhostNet): Gen<boolean> {
  return yield* ctx.call(
    'vhost_net_busy_poll',
    (function* () {
      const timeout = n.vq.busyloopTimeout;
      for (let pass = 1; ; pass++) {
        if (pass > timeout) {
          if (ctx.tracing) yield ctx.ev('vhost_busy_poll', { dir: n.dir, pass, timeout, found: 'timeout' });
          return false;
        }
        // vhost_vq_has_work: a queued work ends the spin (busyloop_intr).
        if (n.arena.aLoad(n.workSlot) !== 0) return true;
        const found = n.dir === 'tx' ? (availEmptyQuiet(n.vq) ? 'nothing' : 'avail') : n.tap.pendingForGuest() > 0 && !availEmptyQuiet(n.vq) ? 'rx-data' : 'nothing';
        if (ctx.tracing) yield ctx.ev('vhost_busy_poll', { dir: n.dir, pass, timeout, found });
        if (found !== 'nothing') return false;
      }
    })(),
  );
}

/** vhost_vq_avail_empty as the busy loop calls it: vhost_get_avail_idx's load and store, its beat folded into the pass's. */
function availEmptyQuiet(vq: VhostVirtqueue): boolean {
  if (vq.availIdx !== vq.lastAvailIdx) return false;
  const idx = vq.arena.aLoad16(vq.ringOff(vq.addr.avail + AVAIL.idx, 2));
  vq.arena.w16(vq.base + VHQ.avail_idx, idx);
  // A jump of more than a ring is an error, which vhost_vq_avail_empty treats as "not empty".
  return idx === vq.lastAvailIdx;
}
