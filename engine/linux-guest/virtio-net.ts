/**
 * The guest's virtio-net driver (Linux 6.12 drivers/net/virtio_net.c) on one
 * vCPU: what the transmit and receive sides share. Interrupts arrive through
 * the MSI-X vector's handler (vring_interrupt itself with a vector per queue,
 * vp_vring_interrupt when queues share one) and schedule NAPI; NAPI polls in
 * softirq context; with nothing to do the vCPU halts until KVM injects an
 * interrupt. The two directions live in virtio-net-tx.ts and virtio-net-rx.ts.
 */
import type { Lapic } from '../kvm/lapic';
import type { ActorContext, Gen } from '../sched/actor';
import type { Counters } from '../trace/counters';
import type { NetLayout } from '../trace/events';
import type { FrameId } from '../trace/frames';
import type { Fault } from './faults';
import type { NetQueueState } from './net-queue';
import type { PageFrag } from './page-frag';
import type { Scatterlist, VringVirtqueue } from './virtio-ring';

/** NAPI_POLL_WEIGHT: the budget virtnet_poll gets per call. */
export const NAPI_POLL_WEIGHT = 64;
/** CONFIG_MAX_SKB_FRAGS' default. */
export const MAX_SKB_FRAGS = 17;
/** check_sq_full_and_disable stops the TX queue below this many free descriptors (2 + MAX_SKB_FRAGS). */
export const TX_STOP_THRESHOLD = 2 + MAX_SKB_FRAGS;
/** ETH_HLEN + VLAN_HLEN + ETH_DATA_LEN. */
export const GOOD_PACKET_LEN = 14 + 4 + 1500;
/** NET_IP_ALIGN (0 on x86) + NET_SKB_PAD. */
export const VIRTNET_RX_PAD = 64;
/** sizeof(struct padded_vnet_hdr): a virtio_net_hdr_v1_hash padded so the data sg starts 16-byte aligned. */
export const PADDED_VNET_HDR_LEN = 32;
/** PAGE_SIZE. */
export const PAGE_SIZE = 4096;
/** sizeof(struct skb_shared_info) on x86-64, what SKB_DATA_ALIGN adds after a small buffer. */
export const SKB_SHARED_INFO_SIZE = 320;
/** SMP_CACHE_BYTES / L1_CACHE_BYTES on x86-64. */
export const CACHE_BYTES = 64;

/** ALIGN(x, a). */
export const align = (x: number, a: number): number => Math.ceil(x / a) * a;

/** Where the transmit side keeps its skbs: one slot each, reused once the device has sent it. */
export interface TxPool {
  /** GPA of slot i's frame data (skb->data). The pushed header sits in the headroom just before it. */
  data: (slot: number) => number;
  /** GPA of slot i's skb->cb, where xmit_skb puts the header when it cannot push it. */
  cb: (slot: number) => number;
  /** GPA of slot i's indirect table (what alloc_indirect_split would kmalloc). */
  indirect: (slot: number) => number;
  /** Slot of a token (the skb pointer virtqueue_get_buf returns), or -1. */
  slotOf: (token: number) => number;
}

/** Where the receive side gets its buffers. */
export interface RxPool {
  /** Mergeable and small buffers: the page-frag allocator. */
  frag: PageFrag;
  /** Big buffers: slot i's 1 + MAX_SKB_FRAGS pages, and its indirect table. */
  bigPages: (slot: number) => number;
  bigIndirect: (slot: number) => number;
  bigSlotOf: (token: number) => number;
  /** mergeable_min_buf_len for this ring. */
  minBufLen: number;
}

/** Everything the driver on this vCPU works with. */
export interface GuestNet {
  vq: VringVirtqueue;
  dir: 'tx' | 'rx';
  lapic: Lapic;
  /** LAPIC line of this queue's interrupt. */
  line: number;
  vector: number;
  /** The handler request_irq registered for the vector. */
  handler: 'vring_interrupt' | 'vp_vring_interrupt';
  counters: Counters;
  layout: NetLayout;
  /** vi->hdr_len: sizeof(struct virtio_net_hdr_mrg_rxbuf) with VERSION_1. */
  hdrLen: number;
  /** Frames to send or receive. */
  frames: number;
  frameLen: number;
  /** TX: frames the stack hands over in one burst (xmit_more is set on all but the last). */
  batch: number;
  /** TX: the sending application keeps at most this many frames outstanding (0: no limit). */
  inflight: number;
  seed: number;
  q: NetQueueState;
  /** The queue's scatterlist (sq->sg or rq->sg), refilled for each buffer. */
  sg: Scatterlist;
  tx?: TxPool;
  rx?: RxPool;
  /** Count a received frame at its destination. */
  arrive: (seq: number, ok: boolean, len: number) => void;
  /** Int32 slot the driver sets when it has finished. */
  doneSlot: number;
  fault: Fault;
  /** Which buffer (TX frame or RX posting) gets the fault. */
  faultAt: number;
  ramEnd: number;
}

/** virtqueue_kick: virtqueue_kick_prepare, then virtqueue_notify if the device asked for it. */
export function* kick(ctx: ActorContext, g: GuestNet): Gen {
  const needs = yield* g.vq.kickPrepare(ctx);
  if (!needs) {
    g.counters.add('kicksSuppressed');
    return;
  }
  g.counters.add('kicks');
  yield* g.vq.kick(ctx);
}

/** virtqueue_napi_schedule: if napi_schedule_prep wins, disable callbacks and __napi_schedule. */
export function* napiSchedule(ctx: ActorContext, g: GuestNet): Gen {
  yield* ctx.call(
    'virtqueue_napi_schedule',
    (function* () {
      const already = g.q.napiScheduled;
      if (!already) {
        yield* g.vq.disableCb(ctx);
        g.q.napiScheduled = true;
      }
      if (ctx.tracing) yield ctx.ev('napi_schedule', { queue: g.vq.index, already });
    })(),
  );
}

/** The interrupt entry of an MSI-X vector down to its handler. */
const IRQ_ENTRY: readonly FrameId[] = ['common_interrupt', 'handle_edge_irq', '__handle_irq_event_percpu'];

/**
 * The vCPU takes the pending interrupt: the vector's handler is vring_interrupt
 * (its own vector) or vp_vring_interrupt (a shared one, which calls
 * vring_interrupt for each queue with a callback; only this queue is modelled).
 * vring_interrupt runs `callback` (skb_xmit_done / skb_recv_done) when the
 * ring has used entries.
 */
export function* takeInterrupt(ctx: ActorContext, g: GuestNet, callback: 'skb_xmit_done' | 'skb_recv_done'): Gen {
  g.lapic.takePending();
  g.counters.add('interrupts');
  const frames: FrameId[] = [...IRQ_ENTRY, ...(g.handler === 'vp_vring_interrupt' ? (['vp_vring_interrupt'] as const) : [])];
  const more = g.vq.moreUsed();
  if (!ctx.tracing) {
    if (!more || g.vq.broken) return;
    g.vq.noteInterrupt();
    yield* callbackBody(ctx, g, callback);
    return;
  }
  const depth = ctx.stack.length;
  ctx.stack.push(...frames, 'vring_interrupt');
  try {
    yield ctx.ev('vring_interrupt', { queue: g.vq.index, vector: g.vector, more, handler: g.handler });
    // "virtqueue interrupt with no work": IRQ_NONE. A broken ring is IRQ_HANDLED without a callback.
    if (!more || g.vq.broken) return;
    // "Just a hint for performance": with EVENT_IDX, the device will not interrupt again until re-armed.
    g.vq.noteInterrupt();
    yield* ctx.call(callback, callbackBody(ctx, g, callback));
  } finally {
    ctx.stack.length = depth;
  }
}

function* callbackBody(ctx: ActorContext, g: GuestNet, callback: 'skb_xmit_done' | 'skb_recv_done'): Gen {
  // skb_xmit_done: "Suppress further interrupts", then (napi_tx) schedule NAPI. skb_recv_done: straight to NAPI.
  if (callback === 'skb_xmit_done') yield* g.vq.disableCb(ctx);
  yield* napiSchedule(ctx, g);
}

/** NAPI's poll runs in softirq context on the way out of the interrupt. */
export const SOFTIRQ: readonly FrameId[] = ['handle_softirqs', 'net_rx_action', '__napi_poll'];

/** Run `body` as `poll` called from net_rx_action. */
export function* inSoftirq<T>(ctx: ActorContext, poll: 'virtnet_poll_tx' | 'virtnet_poll', body: Gen<T>): Gen<T> {
  if (!ctx.tracing) return yield* body;
  const depth = ctx.stack.length;
  ctx.stack.push(...SOFTIRQ);
  try {
    return yield* ctx.call(poll, body);
  } finally {
    ctx.stack.length = depth;
  }
}

/** default_idle → HLT: the vCPU exits to KVM (kvm_vcpu_halt) and blocks until an interrupt is pending. */
export function* halt(ctx: ActorContext, g: GuestNet): Gen {
  if (ctx.tracing) yield ctx.ev('guest_halt', { waitingFor: 'interrupt' }, 'default_idle', 'kvm_vcpu_halt');
  yield ctx.wait(g.lapic.slot, 0, 'interrupt');
}

/** The driver has finished: set the shared flag and mark the end of the walkthrough. */
export function* finish(ctx: ActorContext, g: GuestNet): Gen {
  g.vq.mem.arena.aStore(g.doneSlot, 1);
  g.vq.mem.arena.aNotify(g.doneSlot);
  if (ctx.tracing) yield ctx.ev('scenario_done', { packets: g.frames, kicks: g.counters.get('kicks'), calls: g.counters.get('calls') });
}
