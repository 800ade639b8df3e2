/**
 * The driver side of a split virtqueue, after Linux 6.12's
 * drivers/virtio/virtio_ring.c (the `*_split` functions). The driver's private
 * `struct vring_virtqueue` lives in guest RAM, as it does in a real guest
 * kernel, so every change to free_head, num_free or last_used_idx is part of
 * the recorded memory and can be shown and rewound like the ring itself.
 *
 * Each function is a generator that yields one beat per visible action.
 */
import {
  AVAIL,
  DESC,
  USED,
  VRING_AVAIL_F_NO_INTERRUPT,
  VRING_DESC_F_INDIRECT,
  VRING_DESC_F_NEXT,
  VRING_DESC_F_WRITE,
  VRING_DESC_SIZE,
  VRING_USED_F_NO_NOTIFY,
  availEventOffset,
  availRingSlot,
  usedEventOffset,
  usedRingSlot,
  vringNeedEvent,
  type VringLayout,
} from '../abi/virtio-ring';
import type { Arena } from '../mem/arena';
import type { GuestMemory } from '../mem/guest-memory';
import type { ActorContext, Gen } from '../sched/actor';

/** errno ENOSPC: virtqueue_add_split found too few free descriptors. */
export const ENOSPC = -28;
/** errno EIO: the ring is broken. */
export const EIO = -5;

/**
 * Layout of the private `struct vring_virtqueue` in guest RAM. It is the
 * driver's own memory (the device never reads it); the offsets are ours.
 */
export const VVQ = {
  num_free: 0, // u32
  free_head: 4, // u16
  num_added: 6, // u16
  last_used_idx: 8, // u16
  avail_idx_shadow: 10, // u16
  avail_flags_shadow: 12, // u16
  event: 14, // u8: VIRTIO_RING_F_EVENT_IDX negotiated
  indirect: 15, // u8: VIRTIO_RING_F_INDIRECT_DESC negotiated
  broken: 16, // u8: "Other side has made a mess, don't try any more."
  event_triggered: 17, // u8: the device sent an interrupt since callbacks were last enabled (EVENT_IDX only)
  size: 32, // then desc_extra[num] and desc_state[num]
} as const;
/** struct vring_desc_extra: addr u64, len u32, flags u16, next u16 (the free list lives in `next`). */
export const DESC_EXTRA_SIZE = 16;
const EXTRA = { addr: 0, len: 8, flags: 12, next: 14 } as const;
/** struct vring_desc_state_split: data (the caller's token) u64, indir_desc (indirect table, or the caller's ctx) u64. */
export const DESC_STATE_SIZE = 16;

/** Bytes of the private state for a queue of `num` entries. */
export function vvqPrivateSize(num: number): number {
  return VVQ.size + num * (DESC_EXTRA_SIZE + DESC_STATE_SIZE);
}

/** A hook that corrupts a chain before it is published (fault injection). */
export type Tamper = (head: number, table: number) => Gen;

/** One scatter-gather entry the caller hands to virtqueue_add_*. */
export interface Sg {
  addr: number;
  len: number;
}

/** No entries: the side of a buffer that has none (virtqueue_add_outbuf's in side, add_inbuf's out side). */
export const NO_SG: readonly Sg[] = [];

/**
 * sq->sg / rq->sg: a queue's own scatterlist, which Linux refills for every
 * buffer (sg_init_table, sg_set_buf) instead of allocating one. A view of
 * its first one or two entries is what virtqueue_add_* is given; it is valid
 * until the next fill, so an event that keeps it copies it.
 */
export class Scatterlist {
  private readonly e0: Sg = { addr: 0, len: 0 };
  private readonly e1: Sg = { addr: 0, len: 0 };
  private readonly first1: readonly Sg[] = [this.e0];
  private readonly first2: readonly Sg[] = [this.e0, this.e1];

  /** One entry (sg_init_one). */
  one(addr: number, len: number): readonly Sg[] {
    this.e0.addr = addr;
    this.e0.len = len;
    return this.first1;
  }

  /** Two entries: a header, then the data. */
  two(addr0: number, len0: number, addr1: number, len1: number): readonly Sg[] {
    this.e0.addr = addr0;
    this.e0.len = len0;
    this.e1.addr = addr1;
    this.e1.len = len1;
    return this.first2;
  }
}

/** What virtqueue_get_buf_ctx_split hands back. */
export interface UsedBuf {
  token: number;
  len: number;
  /** desc_state[head].indir_desc before detach: the caller's ctx for direct buffers. */
  ctx: number;
}

/** The driver's view of one split virtqueue. */
export class VringVirtqueue {
  /** vq->notify: vp_notify, set by the transport once the queue is set up. Returns false if the notify failed. */
  notify: (ctx: ActorContext) => Gen<boolean> = function* () {
    return true;
  };
  /**
   * A what-if knob, not Linux: false makes the driver never ask the device
   * not to interrupt (no NO_INTERRUPT, used_event always the next entry), to
   * show what suppression saves.
   */
  suppress = true;

  /** The arena, and the arena offset of the private struct (it lies in one region, so its fields need no translation each time). */
  private readonly a: Arena;
  private readonly p: number;

  constructor(
    readonly mem: GuestMemory,
    readonly ring: VringLayout,
    /** GPA of the private struct vring_virtqueue. */
    readonly priv: number,
    readonly index: number,
  ) {
    this.a = mem.arena;
    this.p = mem.at(priv, vvqPrivateSize(ring.num));
  }

  // --- private state accessors (guest RAM) ---
  get numFree(): number {
    return this.a.r32(this.p + VVQ.num_free);
  }
  get freeHead(): number {
    return this.a.r16(this.p + VVQ.free_head);
  }
  get lastUsedIdx(): number {
    return this.a.r16(this.p + VVQ.last_used_idx);
  }
  get availIdxShadow(): number {
    return this.a.r16(this.p + VVQ.avail_idx_shadow);
  }
  get availFlagsShadow(): number {
    return this.a.r16(this.p + VVQ.avail_flags_shadow);
  }
  get numAdded(): number {
    return this.a.r16(this.p + VVQ.num_added);
  }
  get event(): boolean {
    return this.get8(VVQ.event);
  }
  get useIndirect(): boolean {
    return this.get8(VVQ.indirect);
  }
  get broken(): boolean {
    return this.get8(VVQ.broken);
  }
  get eventTriggered(): boolean {
    return this.get8(VVQ.event_triggered);
  }
  /** Overwrite avail_idx_shadow (only a misbehaving guest does this: see faults.ts). */
  setAvailIdxShadow(v: number): void {
    this.a.w16(this.p + VVQ.avail_idx_shadow, v);
  }
  private get8(field: number): boolean {
    return this.a.r8(this.p + field) !== 0;
  }
  private set8(field: number, v: number): void {
    this.a.w8(this.p + field, v);
  }
  private set16(field: number, v: number): void {
    this.a.w16(this.p + field, v);
  }
  /** Arena offsets of desc_extra[i] and desc_state[i]. */
  private extra(i: number): number {
    return this.p + VVQ.size + i * DESC_EXTRA_SIZE;
  }
  private state(i: number): number {
    return this.p + VVQ.size + this.ring.num * DESC_EXTRA_SIZE + i * DESC_STATE_SIZE;
  }
  /** The token stored for a head (0 = not a head in flight). */
  tokenOf(head: number): number {
    return this.a.r64(this.state(head));
  }
  /** desc_extra[i].flags: the driver's own copy of what it wrote. */
  extraFlags(i: number): number {
    return this.a.r16(this.extra(i) + EXTRA.flags);
  }

  /** virtqueue_init + vring_alloc_desc_extra: everything on the free list, nothing used. */
  init(eventIdx: boolean, indirect: boolean): void {
    const { num } = this.ring;
    this.a.w32(this.p + VVQ.num_free, num);
    this.set16(VVQ.free_head, 0);
    this.set8(VVQ.event, eventIdx ? 1 : 0);
    this.set8(VVQ.indirect, indirect ? 1 : 0);
    // Put everything in the free list (the last entry's next stays 0, as kcalloc left it).
    for (let i = 0; i < num - 1; i++) this.a.w16(this.extra(i) + EXTRA.next, i + 1);
  }

  /** more_used_split: has the device published used entries we have not reclaimed? */
  moreUsed(): boolean {
    return this.lastUsedIdx !== this.mem.ar16(this.ring.used + USED.idx);
  }

  /**
   * virtqueue_add_split: put one buffer (out entries the device reads, then in
   * entries it writes) on the ring. `indirTable` is the memory alloc_indirect_split
   * would kmalloc for it; `ctx` the caller's context (add_recvbuf_mergeable's
   * truesize). `tamper` lets a misbehaving guest corrupt the chain just before
   * it is published. Returns 0, -ENOSPC or -EIO.
   */
  *addSplit(ctx: ActorContext, out: readonly Sg[], inn: readonly Sg[], token: number, indirTable: number, cctx = 0, tamper?: Tamper): Gen<number> {
    return yield* ctx.call('virtqueue_add_split', this.addSplitBody(ctx, out, inn, token, indirTable, cctx, tamper));
  }

  private *addSplitBody(ctx: ActorContext, out: readonly Sg[], inn: readonly Sg[], token: number, indirTable: number, cctx: number, tamper?: Tamper): Gen<number> {
    const mem = this.mem;
    const { num, desc } = this.ring;
    if (this.broken) return EIO;
    const nOut = out.length;
    const total = nOut + inn.length;
    const head = this.freeHead;
    // virtqueue_use_indirect(): "If the host supports indirect descriptor tables, and we have multiple buffers, then go indirect."
    const indirect = this.useIndirect && total > 1 && this.numFree > 0;
    const descsUsed = indirect ? 1 : total;
    if (this.numFree < descsUsed) {
      // "FIXME: for historical reasons, we force a notify here if there are outgoing parts to the buffer."
      const notified = nOut > 0;
      if (ctx.tracing) yield ctx.ev('virtqueue_add_enospc', { numFree: this.numFree, needed: descsUsed, notified });
      if (notified) yield* this.notify(ctx);
      return ENOSPC;
    }
    if (indirect) {
      // alloc_indirect_split: kmalloc the table and pre-link it, desc[i].next = i + 1.
      for (let k = 0; k < total; k++) mem.w16(indirTable + k * VRING_DESC_SIZE + DESC.next, k + 1);
      if (ctx.tracing) yield ctx.ev('virtqueue_add_indirect', { head, table: indirTable, count: total }, 'alloc_indirect_split');
    }
    const table = indirect ? indirTable : desc;
    let i = indirect ? 0 : head;
    let prev = i;
    for (let k = 0; k < total; k++) {
      const s = k < nOut ? out[k]! : inn[k - nOut]!;
      prev = i;
      // Every entry is written with NEXT; "Last one doesn't continue" clears it afterwards.
      const flags = VRING_DESC_F_NEXT | (k >= nOut ? VRING_DESC_F_WRITE : 0);
      i = yield* this.addDesc(ctx, table, i, s.addr, s.len, flags, indirect);
    }
    // Last one doesn't continue. desc_extra keeps its NEXT: it is cleared there only with the DMA API (vq->do_unmap).
    const lastAt = table + prev * VRING_DESC_SIZE;
    const lastFlags = mem.r16(lastAt + DESC.flags) & ~VRING_DESC_F_NEXT;
    mem.w16(lastAt + DESC.flags, lastFlags);
    if (ctx.tracing) yield ctx.ev('virtqueue_add_last', { desc: prev, flags: lastFlags, indirect, extraFlags: indirect ? null : this.extraFlags(prev) });
    if (indirect) {
      // Now that the indirect table is filled in, map it: one main descriptor with VRING_DESC_F_INDIRECT.
      yield* this.addDesc(ctx, desc, head, indirTable, total * VRING_DESC_SIZE, VRING_DESC_F_INDIRECT, false);
    }
    // We're using some buffers from the free list.
    this.a.w32(this.p + VVQ.num_free, this.numFree - descsUsed);
    const freeHead = indirect ? this.a.r16(this.extra(head) + EXTRA.next) : i;
    this.set16(VVQ.free_head, freeHead);
    // Store token and indirect buffer state.
    this.a.w64(this.state(head), token);
    this.a.w64(this.state(head) + 8, indirect ? indirTable : cctx);
    // Put entry in available array (but don't update avail->idx until they do sync).
    const shadow = this.availIdxShadow;
    const slot = shadow & (num - 1);
    mem.w16(this.ring.avail + availRingSlot(slot), head);
    if (ctx.tracing) yield ctx.ev('virtqueue_add_avail', { slot, head, numFree: this.numFree, freeHead });
    if (tamper) yield* tamper(head, indirect ? indirTable : 0);
    // Descriptors and available array need to be set before we expose the new available array entries (virtio_wmb).
    const nw = (shadow + 1) & 0xffff;
    this.set16(VVQ.avail_idx_shadow, nw);
    mem.aw16(this.ring.avail + AVAIL.idx, nw);
    this.set16(VVQ.num_added, this.numAdded + 1);
    if (ctx.tracing) yield ctx.ev('virtqueue_publish_avail', { old: shadow, new: nw });
    return 0;
  }

  /** virtqueue_add_desc_split: write desc[i]; returns the next index (the free-list link, or the table's own link when indirect). */
  private *addDesc(ctx: ActorContext, table: number, i: number, addr: number, len: number, flags: number, indirect: boolean): Gen<number> {
    const mem = this.mem;
    const at = table + i * VRING_DESC_SIZE;
    mem.w16(at + DESC.flags, flags);
    mem.w64(at + DESC.addr, addr);
    mem.w32(at + DESC.len, len);
    let next: number;
    if (!indirect) {
      next = this.a.r16(this.extra(i) + EXTRA.next);
      mem.w16(at + DESC.next, next);
      this.a.w64(this.extra(i) + EXTRA.addr, addr);
      this.a.w32(this.extra(i) + EXTRA.len, len);
      this.a.w16(this.extra(i) + EXTRA.flags, flags);
    } else next = mem.r16(at + DESC.next);
    if (ctx.tracing) yield ctx.ev('virtqueue_add_desc', { desc: i, addr, len, flags, next, indirect, at }, 'virtqueue_add_desc_split');
    return next;
  }

  /** virtqueue_kick_prepare_split: does the device want to be told? */
  *kickPrepare(ctx: ActorContext): Gen<boolean> {
    const mem = this.mem;
    // We need to expose available array entries before checking avail event (virtio_mb).
    const nw = this.availIdxShadow;
    const old = (nw - this.numAdded) & 0xffff;
    this.set16(VVQ.num_added, 0);
    const availEvent = mem.ar16(this.ring.used + availEventOffset(this.ring.num));
    const usedFlags = mem.ar16(this.ring.used + USED.flags);
    const event = this.event;
    const needsKick = event ? vringNeedEvent(availEvent, nw, old) : (usedFlags & VRING_USED_F_NO_NOTIFY) === 0;
    if (ctx.tracing) yield ctx.ev(
      'virtqueue_kick_prepare',
      { old, new: nw, needsKick, reason: event ? 'event-idx' : 'flags', availEvent, usedFlags },
      'virtqueue_kick_prepare_split',
    );
    return needsKick;
  }

  /** virtqueue_notify: vq->notify, unless the ring is broken; a failed notify breaks it. */
  *kick(ctx: ActorContext): Gen<boolean> {
    if (this.broken) return false;
    return yield* ctx.call('virtqueue_notify', this.notify(ctx));
  }

  /** vring_interrupt's hint: with EVENT_IDX, the device just interrupted and will not again until re-armed. */
  noteInterrupt(): void {
    if (this.event) this.set8(VVQ.event_triggered, 1);
  }

  /** virtqueue_disable_cb_split: ask the device not to interrupt. */
  *disableCb(ctx: ActorContext): Gen {
    const mem = this.mem;
    const shadow = this.availFlagsShadow;
    if (!this.suppress || shadow & VRING_AVAIL_F_NO_INTERRUPT) return;
    this.set16(VVQ.avail_flags_shadow, shadow | VRING_AVAIL_F_NO_INTERRUPT);
    // "If device triggered an event already it won't trigger one again: no need to disable."
    // Otherwise, with EVENT_IDX the device ignores the flag, so the driver parks used_event at 0 ("this is a hack").
    let wrote: 'flags' | 'used_event' | 'nothing' = 'nothing';
    if (!this.eventTriggered) {
      if (this.event) {
        mem.aw16(this.ring.avail + usedEventOffset(this.ring.num), 0);
        wrote = 'used_event';
      } else {
        mem.aw16(this.ring.avail + AVAIL.flags, shadow | VRING_AVAIL_F_NO_INTERRUPT);
        wrote = 'flags';
      }
    }
    if (ctx.tracing) yield ctx.ev(
      'virtqueue_disable_cb',
      { availFlags: mem.ar16(this.ring.avail + AVAIL.flags), usedEvent: mem.ar16(this.ring.avail + usedEventOffset(this.ring.num)), wrote },
      'virtqueue_disable_cb_split',
    );
  }

  /** Clear NO_INTERRUPT in the shadow (and in avail->flags without EVENT_IDX): the common start of both enable_cb variants. */
  private clearNoInterrupt(): void {
    this.set8(VVQ.event_triggered, 0);
    const shadow = this.availFlagsShadow;
    if (shadow & VRING_AVAIL_F_NO_INTERRUPT) {
      this.set16(VVQ.avail_flags_shadow, shadow & ~VRING_AVAIL_F_NO_INTERRUPT);
      if (!this.event) this.mem.aw16(this.ring.avail + AVAIL.flags, shadow & ~VRING_AVAIL_F_NO_INTERRUPT);
    }
  }

  /** virtqueue_enable_cb_prepare(_split): turn interrupts back on, point used_event at the next entry; returns the index to poll from. */
  *enableCbPrepare(ctx: ActorContext): Gen<number> {
    const { avail, used, num } = this.ring;
    this.clearNoInterrupt();
    const last = this.lastUsedIdx;
    this.mem.aw16(avail + usedEventOffset(num), last);
    if (ctx.tracing) yield ctx.ev(
      'virtqueue_enable_cb',
      { availFlags: this.mem.ar16(avail + AVAIL.flags), usedEvent: last, delayed: false, bufs: 0, usedIdx: this.mem.ar16(used + USED.idx), ok: true },
      'virtqueue_enable_cb_prepare_split',
    );
    return last;
  }

  /**
   * virtqueue_enable_cb_delayed(_split): turn interrupts back on, but ask for
   * one only after 3/4 of the outstanding buffers are used. Returns false when
   * more than that were used already (the caller must poll again).
   */
  *enableCbDelayed(ctx: ActorContext): Gen<boolean> {
    const mem = this.mem;
    const { avail, used, num } = this.ring;
    this.clearNoInterrupt();
    const last = this.lastUsedIdx;
    // "TODO: tune this threshold" (the what-if without suppression asks for the very next one)
    const bufs = this.suppress ? Math.floor((((this.availIdxShadow - last) & 0xffff) * 3) / 4) : 0;
    mem.aw16(avail + usedEventOffset(num), (last + bufs) & 0xffff);
    const usedIdx = mem.ar16(used + USED.idx);
    const ok = ((usedIdx - last) & 0xffff) <= bufs;
    if (ctx.tracing) yield ctx.ev(
      'virtqueue_enable_cb',
      { availFlags: mem.ar16(avail + AVAIL.flags), usedEvent: (last + bufs) & 0xffff, delayed: true, bufs, usedIdx, ok },
      'virtqueue_enable_cb_delayed_split',
    );
    return ok;
  }

  /** virtqueue_poll(_split): anything used since `opaque` (what enable_cb_prepare returned)? */
  *poll(ctx: ActorContext, opaque: number): Gen<boolean> {
    if (this.broken) return false;
    // virtio_mb: the used_event store must be visible before used->idx is read again.
    const usedIdx = this.mem.ar16(this.ring.used + USED.idx);
    const more = (opaque & 0xffff) !== usedIdx;
    if (ctx.tracing) yield ctx.ev('virtqueue_poll', { lastUsed: opaque, usedIdx, more }, 'virtqueue_poll_split');
    return more;
  }

  /**
   * virtqueue_get_buf_ctx_split: take one used buffer back. Returns its token,
   * the length the device wrote and the context stored with it, or undefined
   * when nothing is used (or the ring is broken).
   */
  *getBuf(ctx: ActorContext): Gen<UsedBuf | undefined> {
    return yield* ctx.call('virtqueue_get_buf_ctx_split', this.getBufBody(ctx));
  }

  private *getBufBody(ctx: ActorContext): Gen<UsedBuf | undefined> {
    const mem = this.mem;
    const { used, num } = this.ring;
    if (this.broken || !this.moreUsed()) return undefined;
    // Only get used array entries after they have been exposed by host (virtio_rmb).
    const last = this.lastUsedIdx;
    const slot = last & (num - 1);
    const id = mem.r32(used + usedRingSlot(slot));
    const len = mem.r32(used + usedRingSlot(slot) + 4);
    if (ctx.tracing) yield ctx.ev('virtqueue_get_buf', { slot, id, len, lastUsed: last });
    if (id >= num) return yield* this.badRing(ctx, `id ${id} out of range`);
    const token = this.tokenOf(id);
    if (token === 0) return yield* this.badRing(ctx, `id ${id} is not a head!`);
    const cctx = this.a.r64(this.state(id) + 8);
    // detach_buf_split clears data, so grab it now.
    if (!(yield* ctx.call('detach_buf_split', this.detachBuf(ctx, id)))) return undefined;
    const lastUsed = (last + 1) & 0xffff;
    this.set16(VVQ.last_used_idx, lastUsed);
    // If we expect an interrupt for the next entry, tell host by writing event index (virtio_store_mb).
    let usedEvent: number | null = null;
    if (!(this.availFlagsShadow & VRING_AVAIL_F_NO_INTERRUPT)) {
      mem.aw16(this.ring.avail + usedEventOffset(num), lastUsed);
      usedEvent = lastUsed;
    }
    if (ctx.tracing) yield ctx.ev('virtqueue_get_buf_done', { lastUsed, usedEvent });
    return { token, len, ctx: cctx };
  }

  private *badRing(ctx: ActorContext, message: string): Gen<undefined> {
    this.set8(VVQ.broken, 1);
    if (ctx.tracing) yield ctx.ev('vring_bad_ring', { message });
    return undefined;
  }

  /**
   * detach_buf_split: put the chain back on the free list. It finds the chain's
   * end by the NEXT flags of the shared descriptor table (vring.desc), and its
   * links by desc_extra[].next. Returns false if the walk never ends (only a
   * device scribbling over the table can do that; the ring is then broken).
   */
  private *detachBuf(ctx: ActorContext, head: number): Gen<boolean> {
    const mem = this.mem;
    const { desc, num } = this.ring;
    this.a.w64(this.state(head), 0);
    let i = head;
    let count = 1;
    while (mem.r16(desc + i * VRING_DESC_SIZE + DESC.flags) & VRING_DESC_F_NEXT) {
      i = this.a.r16(this.extra(i) + EXTRA.next);
      if (++count > num) {
        yield* this.badRing(ctx, `chain at ${head} never ends`);
        return false;
      }
    }
    this.a.w16(this.extra(i) + EXTRA.next, this.freeHead);
    this.set16(VVQ.free_head, head);
    this.a.w32(this.p + VVQ.num_free, this.numFree + count);
    // With indirect descriptors on this queue, free the table if the buffer had one (kfree(indir_desc)).
    const indirect = this.useIndirect && this.a.r64(this.state(head) + 8) !== 0;
    if (indirect) this.a.w64(this.state(head) + 8, 0);
    if (ctx.tracing) yield ctx.ev('detach_buf', { head, count, freeHead: head, numFree: this.numFree, indirect });
    return true;
  }
}

/** Write one 16-byte struct vring_desc at `gpa`. */
export function writeDesc(mem: GuestMemory, gpa: number, addr: number, len: number, flags: number, next: number): void {
  mem.w64(gpa + DESC.addr, addr);
  mem.w32(gpa + DESC.len, len);
  mem.w16(gpa + DESC.flags, flags);
  mem.w16(gpa + DESC.next, next);
}
