/**
 * The driver side of a split virtqueue, after Linux drivers/virtio/virtio_ring.c
 * (the `*_split` functions). The driver's private `struct vring_virtqueue`
 * lives in guest RAM, as it does in a real guest kernel, so every change to
 * free_head, num_free or last_used_idx is part of the recorded memory and can
 * be shown and rewound like the ring itself.
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
import type { GuestMemory } from '../mem/guest-memory';
import type { ActorContext, Gen } from '../sched/actor';

/** errno ENOSPC: virtqueue_add_split found too few free descriptors. */
export const ENOSPC = -28;

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
/** struct vring_desc_state_split: data (the caller's token) u64, indir_desc u64. */
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

/** The driver's view of one split virtqueue. */
export class VringVirtqueue {
  constructor(
    readonly mem: GuestMemory,
    readonly ring: VringLayout,
    /** GPA of the private struct vring_virtqueue. */
    readonly priv: number,
    readonly index: number,
  ) {}

  // --- private state accessors (guest RAM) ---
  get numFree(): number {
    return this.mem.r32(this.priv + VVQ.num_free);
  }
  get freeHead(): number {
    return this.mem.r16(this.priv + VVQ.free_head);
  }
  get lastUsedIdx(): number {
    return this.mem.r16(this.priv + VVQ.last_used_idx);
  }
  get availIdxShadow(): number {
    return this.mem.r16(this.priv + VVQ.avail_idx_shadow);
  }
  get availFlagsShadow(): number {
    return this.mem.r16(this.priv + VVQ.avail_flags_shadow);
  }
  get numAdded(): number {
    return this.mem.r16(this.priv + VVQ.num_added);
  }
  get event(): boolean {
    return this.mem.arena.r8(this.mem.at(this.priv + VVQ.event)) !== 0;
  }
  get useIndirect(): boolean {
    return this.mem.arena.r8(this.mem.at(this.priv + VVQ.indirect)) !== 0;
  }
  get broken(): boolean {
    return this.mem.arena.r8(this.mem.at(this.priv + VVQ.broken)) !== 0;
  }
  /** Overwrite avail_idx_shadow (only a misbehaving guest does this: see faults.ts). */
  setAvailIdxShadow(v: number): void {
    this.mem.w16(this.priv + VVQ.avail_idx_shadow, v);
  }
  private set8(field: number, v: number): void {
    this.mem.arena.w8(this.mem.at(this.priv + field), v);
  }
  private extra(i: number): number {
    return this.priv + VVQ.size + i * DESC_EXTRA_SIZE;
  }
  private state(i: number): number {
    return this.priv + VVQ.size + this.ring.num * DESC_EXTRA_SIZE + i * DESC_STATE_SIZE;
  }
  /** The token stored for a head (0 = not a head in flight). */
  tokenOf(head: number): number {
    return this.mem.r64(this.state(head));
  }

  /** vring_alloc_desc_extra + the rest of vring_create_virtqueue_split's initialisation. */
  init(eventIdx: boolean, indirect: boolean): void {
    const { num } = this.ring;
    this.mem.w32(this.priv + VVQ.num_free, num);
    this.mem.w16(this.priv + VVQ.free_head, 0);
    this.set8(VVQ.event, eventIdx ? 1 : 0);
    this.set8(VVQ.indirect, indirect ? 1 : 0);
    // Put everything in the free list.
    for (let i = 0; i < num - 1; i++) this.mem.w16(this.extra(i) + 14, i + 1);
  }

  /** more_used_split: has the device published used entries we have not reclaimed? (A broken ring has nothing more.) */
  moreUsed(): boolean {
    return !this.broken && this.lastUsedIdx !== this.mem.ar16(this.ring.used + USED.idx);
  }

  /**
   * virtqueue_add_split: put one buffer (out entries the device reads, then in
   * entries it writes) on the ring. `indirTable` is the memory alloc_indirect_split
   * would kmalloc for it. `tamper` lets a misbehaving guest corrupt the chain
   * just before it is published. Returns 0 or ENOSPC.
   */
  *addSplit(ctx: ActorContext, out: readonly Sg[], inn: readonly Sg[], token: number, indirTable: number, tamper?: Tamper): Gen<number> {
    return yield* ctx.call('virtqueue_add_split', this.addSplitBody(ctx, out, inn, token, indirTable, tamper));
  }

  private *addSplitBody(ctx: ActorContext, out: readonly Sg[], inn: readonly Sg[], token: number, indirTable: number, tamper?: Tamper): Gen<number> {
    const mem = this.mem;
    const { num, desc } = this.ring;
    if (this.broken) return -5; // -EIO
    // Out entries (device reads) come first, then in entries (device writes); k indexes both in order.
    const nOut = out.length;
    const total = nOut + inn.length;
    // virtqueue_use_indirect(): only worth it for more than one entry, and only with a free slot.
    const indirect = this.useIndirect && total > 1 && this.numFree > 0;
    const descsUsed = indirect ? 1 : total;
    if (this.numFree < descsUsed) {
      if (ctx.tracing) yield ctx.ev('virtqueue_add_no_room', { numFree: this.numFree, needed: descsUsed });
      return ENOSPC;
    }
    const head = this.freeHead;
    let next: number;
    if (indirect) {
      if (ctx.tracing) yield ctx.ev('virtqueue_add_indirect', { head, table: indirTable, count: total }, 'alloc_indirect_split');
      // The indirect table is filled in order; each entry links to the next.
      for (let k = 0; k < total; k++) {
        const s = k < nOut ? out[k]! : inn[k - nOut]!;
        const flags = (k < total - 1 ? VRING_DESC_F_NEXT : 0) | (k >= nOut ? VRING_DESC_F_WRITE : 0);
        const at = indirTable + k * VRING_DESC_SIZE;
        writeDesc(mem, at, s.addr, s.len, flags, k + 1);
        if (ctx.tracing) yield ctx.ev('virtqueue_add_desc', { desc: k, addr: s.addr, len: s.len, flags, next: k + 1, indirect: true, at }, 'virtqueue_add_desc_split');
      }
      const len = total * VRING_DESC_SIZE;
      next = mem.r16(this.extra(head) + 14);
      writeDesc(mem, desc + head * VRING_DESC_SIZE, indirTable, len, VRING_DESC_F_INDIRECT, next);
      this.setExtra(head, indirTable, len, VRING_DESC_F_INDIRECT);
      if (ctx.tracing) yield ctx.ev(
        'virtqueue_add_desc',
        { desc: head, addr: indirTable, len, flags: VRING_DESC_F_INDIRECT, next, indirect: false, at: desc + head * VRING_DESC_SIZE },
        'virtqueue_add_desc_split',
      );
    } else {
      let i = head;
      for (let k = 0; k < total; k++) {
        const s = k < nOut ? out[k]! : inn[k - nOut]!;
        // "Last one doesn't continue": the final entry has no NEXT, but its next field still holds the free-list link.
        const flags = (k < total - 1 ? VRING_DESC_F_NEXT : 0) | (k >= nOut ? VRING_DESC_F_WRITE : 0);
        const n = mem.r16(this.extra(i) + 14);
        writeDesc(mem, desc + i * VRING_DESC_SIZE, s.addr, s.len, flags, n);
        this.setExtra(i, s.addr, s.len, flags);
        if (ctx.tracing) yield ctx.ev(
          'virtqueue_add_desc',
          { desc: i, addr: s.addr, len: s.len, flags, next: n, indirect: false, at: desc + i * VRING_DESC_SIZE },
          'virtqueue_add_desc_split',
        );
        i = n;
      }
      next = i;
    }
    // We're using some buffers from the free list.
    mem.w32(this.priv + VVQ.num_free, this.numFree - descsUsed);
    mem.w16(this.priv + VVQ.free_head, next);
    // Store token and indirect buffer state.
    mem.w64(this.state(head), token);
    mem.w64(this.state(head) + 8, indirect ? indirTable : 0);
    // Put entry in available array (but don't update avail->idx until they do sync).
    const shadow = this.availIdxShadow;
    const slot = shadow & (num - 1);
    mem.w16(this.ring.avail + availRingSlot(slot), head);
    if (ctx.tracing) yield ctx.ev('virtqueue_add_avail', { slot, head, numFree: this.numFree, freeHead: next });
    if (tamper) yield* tamper(head, indirect ? indirTable : 0);
    // Descriptors and available array need to be set before we expose the new available array entries (virtio_wmb).
    const nw = (shadow + 1) & 0xffff;
    mem.w16(this.priv + VVQ.avail_idx_shadow, nw);
    mem.aw16(this.ring.avail + AVAIL.idx, nw);
    mem.w16(this.priv + VVQ.num_added, this.numAdded + 1);
    if (ctx.tracing) yield ctx.ev('virtqueue_publish_avail', { old: shadow, new: nw });
    return 0;
  }

  private setExtra(i: number, addr: number, len: number, flags: number): void {
    const e = this.extra(i);
    this.mem.w64(e, addr);
    this.mem.w32(e + 8, len);
    this.mem.w16(e + 12, flags);
  }

  /** virtqueue_kick_prepare_split: does the device want to be told? */
  *kickPrepare(ctx: ActorContext): Gen<boolean> {
    const mem = this.mem;
    // We need to expose available array entries before checking avail event (virtio_mb).
    const nw = this.availIdxShadow;
    const old = (nw - this.numAdded) & 0xffff;
    mem.w16(this.priv + VVQ.num_added, 0);
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

  get eventTriggered(): boolean {
    return this.mem.arena.r8(this.mem.at(this.priv + VVQ.event_triggered)) !== 0;
  }

  /** vring_interrupt's hint: with EVENT_IDX, the device just interrupted and will not again until re-armed. */
  noteInterrupt(): void {
    if (this.event) this.set8(VVQ.event_triggered, 1);
  }

  /** virtqueue_disable_cb_split: ask the device not to interrupt. */
  *disableCb(ctx: ActorContext): Gen {
    const mem = this.mem;
    const shadow = this.availFlagsShadow;
    if (shadow & VRING_AVAIL_F_NO_INTERRUPT) return;
    mem.w16(this.priv + VVQ.avail_flags_shadow, shadow | VRING_AVAIL_F_NO_INTERRUPT);
    // If the device triggered an event already it won't trigger one again: nothing to write.
    // Otherwise, with EVENT_IDX the device ignores the flag, so the driver parks used_event at 0 ("a hack", virtio_ring.c).
    if (!this.eventTriggered) {
      if (this.event) mem.aw16(this.ring.avail + usedEventOffset(this.ring.num), 0);
      else mem.aw16(this.ring.avail + AVAIL.flags, shadow | VRING_AVAIL_F_NO_INTERRUPT);
    }
    if (ctx.tracing) yield ctx.ev(
      'virtqueue_disable_cb',
      { availFlags: mem.ar16(this.ring.avail + AVAIL.flags), usedEvent: mem.ar16(this.ring.avail + usedEventOffset(this.ring.num)) },
      'virtqueue_disable_cb_split',
    );
  }

  /**
   * virtqueue_enable_cb_prepare_split (delayed = false) or
   * virtqueue_enable_cb_delayed_split (delayed = true: ask for the interrupt
   * only after 3/4 of the outstanding buffers are used). Returns the index to
   * poll from; for `delayed`, whether it is safe to wait (false = more already used).
   */
  *enableCb(ctx: ActorContext, delayed: boolean): Gen<boolean> {
    const mem = this.mem;
    const { avail, used, num } = this.ring;
    if (this.eventTriggered) this.set8(VVQ.event_triggered, 0);
    // We optimistically turn back on interrupts, then check if there was more to do.
    const shadow = this.availFlagsShadow;
    if (shadow & VRING_AVAIL_F_NO_INTERRUPT) {
      mem.w16(this.priv + VVQ.avail_flags_shadow, shadow & ~VRING_AVAIL_F_NO_INTERRUPT);
      if (!this.event) mem.aw16(avail + AVAIL.flags, shadow & ~VRING_AVAIL_F_NO_INTERRUPT);
    }
    const last = this.lastUsedIdx;
    // "TODO: tune this threshold" (virtio_ring.c): 3/4 of what is outstanding.
    const bufs = delayed ? Math.floor((((this.availIdxShadow - last) & 0xffff) * 3) / 4) : 0;
    mem.aw16(avail + usedEventOffset(num), (last + bufs) & 0xffff);
    if (ctx.tracing) yield ctx.ev(
      'virtqueue_enable_cb',
      { availFlags: mem.ar16(avail + AVAIL.flags), usedEvent: (last + bufs) & 0xffff, delayed },
      delayed ? 'virtqueue_enable_cb_delayed_split' : 'virtqueue_enable_cb_prepare_split',
    );
    if (delayed) return ((mem.ar16(used + USED.idx) - last) & 0xffff) <= bufs;
    return true;
  }

  /** virtqueue_poll_split: anything used since we enabled callbacks? */
  *poll(ctx: ActorContext): Gen<boolean> {
    const usedIdx = this.mem.ar16(this.ring.used + USED.idx);
    const lastUsed = this.lastUsedIdx;
    // "if (unlikely(vq->broken)) return false;": a broken ring is never polled again.
    const more = !this.broken && usedIdx !== lastUsed;
    if (ctx.tracing) yield ctx.ev('virtqueue_poll', { lastUsed, usedIdx, more }, 'virtqueue_poll_split');
    return more;
  }

  /**
   * virtqueue_get_buf_ctx_split: take one used buffer back. Returns its token
   * and the length the device wrote, or undefined when nothing is used (or the
   * ring is broken).
   */
  *getBuf(ctx: ActorContext): Gen<{ token: number; len: number } | undefined> {
    return yield* ctx.call('virtqueue_get_buf_ctx_split', this.getBufBody(ctx));
  }

  private *getBufBody(ctx: ActorContext): Gen<{ token: number; len: number } | undefined> {
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
    // detach_buf_split clears data, so grab it now.
    yield* ctx.call('detach_buf_split', this.detachBuf(ctx, id));
    return { token, len };
  }

  private *badRing(ctx: ActorContext, message: string): Gen<undefined> {
    this.set8(VVQ.broken, 1);
    if (ctx.tracing) yield ctx.ev('vring_bad_ring', { message });
    return undefined;
  }

  /** detach_buf_split: put the chain back on the free list and advance last_used_idx. */
  private *detachBuf(ctx: ActorContext, head: number): Gen {
    const mem = this.mem;
    mem.w64(this.state(head), 0);
    let i = head;
    let count = 1;
    // Follow the driver's own copy of the flags, not the ring the device could have changed.
    while (mem.r16(this.extra(i) + 12) & VRING_DESC_F_NEXT) {
      i = mem.r16(this.extra(i) + 14);
      count++;
    }
    mem.w16(this.extra(i) + 14, this.freeHead);
    mem.w16(this.priv + VVQ.free_head, head);
    mem.w32(this.priv + VVQ.num_free, this.numFree + count);
    mem.w64(this.state(head) + 8, 0); // kfree(indir_desc)
    const lastUsed = (this.lastUsedIdx + 1) & 0xffff;
    mem.w16(this.priv + VVQ.last_used_idx, lastUsed);
    // If we expect an interrupt for the next entry, tell host by writing event index (virtio_store_mb).
    let usedEvent: number | null = null;
    if (!(this.availFlagsShadow & VRING_AVAIL_F_NO_INTERRUPT)) {
      mem.aw16(this.ring.avail + usedEventOffset(this.ring.num), lastUsed);
      usedEvent = lastUsed;
    }
    if (ctx.tracing) yield ctx.ev('detach_buf', { head, count, freeHead: head, numFree: this.numFree, lastUsed, usedEvent });
  }
}

/** Write one 16-byte struct vring_desc at `gpa`. */
export function writeDesc(mem: GuestMemory, gpa: number, addr: number, len: number, flags: number, next: number): void {
  mem.w64(gpa + DESC.addr, addr);
  mem.w32(gpa + DESC.len, len);
  mem.w16(gpa + DESC.flags, flags);
  mem.w16(gpa + DESC.next, next);
}
