/**
 * The device side of a split virtqueue, after the Linux 6.12 vhost core
 * (drivers/vhost/vhost.c): vhost_get_vq_desc walks a chain with every check
 * the kernel makes, translate_desc turns guest-physical buffers into the QEMU
 * process's virtual addresses through the memory table, vhost_add_used_n
 * returns a batch of buffers with one used->idx store, and vhost_notify
 * decides whether the guest wants an interrupt (the same test DPDK's
 * vhost_vring_call_split makes, seed 000).
 *
 * `struct vhost_virtqueue`'s fields live in the host-kernel section of the
 * arena, so the UI can show last_avail_idx or signalled_used at any step.
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
} from '../../abi/virtio-ring';
import type { Arena } from '../../mem/arena';
import type { MemRegion } from '../../mem/guest-memory';
import { eventfdSignal, type EventFd } from '../../os/eventfd';
import type { ActorContext, Gen } from '../../sched/actor';
import type { Counters } from '../../trace/counters';
import type { UsedElem, VqErrKind } from '../../trace/events';

/** errno values vhost returns. */
export const EINVAL = -22;
export const EFAULT = -14;
export const E2BIG = -7;

/** Offsets of our `struct vhost_virtqueue` fields in the host-kernel arena section. */
export const VHQ = {
  num: 0, // u32
  last_avail_idx: 4, // u16: "Last available index we saw."
  avail_idx: 6, // u16: "Last index we used." (the cached avail->idx)
  last_used_idx: 8, // u16
  used_flags: 10, // u16: shadow of used->flags
  signalled_used: 12, // u16: "Last used index value we have signalled on"
  signalled_used_valid: 14, // u8
  event_idx: 15, // u8: VIRTIO_RING_F_EVENT_IDX acked
  busyloop_timeout: 16, // u32: VHOST_SET_VRING_BUSYLOOP_TIMEOUT, µs
  size: 24,
} as const;

/** One translated buffer: where it is in QEMU's address space and in the arena. */
export interface Iov {
  hva: number;
  arenaOff: number;
  len: number;
}

/** A chain vhost_get_vq_desc accepted: its head and its iovecs, out (device reads) then in (device writes). */
export interface DescChain {
  head: number;
  out: Iov[];
  in: Iov[];
}

/** The ring as vhost knows it after VHOST_SET_VRING_ADDR: three HVAs. */
export interface VhostRingAddr {
  desc: number;
  avail: number;
  used: number;
}

/** Sum of iovec lengths (iov_length). */
export function iovLength(iovs: readonly Iov[]): number {
  let n = 0;
  for (const v of iovs) n += v.len;
  return n;
}

/** The kernel's view of one virtqueue. */
export class VhostVirtqueue {
  /** eventfd QEMU passed with VHOST_SET_VRING_CALL (KVM's irqfd listens on it). */
  callCtx: EventFd | null = null;
  /** QEMU's number for that eventfd (shown in the trace; the kernel itself holds the eventfd_ctx). */
  callFd = -1;
  /**
   * A what-if knob, not Linux: false makes vhost never set NO_NOTIFY (vhost_get_vq_desc
   * would BUG_ON that), to show what suppression saves. Real vhost always suppresses.
   */
  suppress = true;
  /** Counts each vq_err (the kernel's only record of them is the pr_debug line). */
  counters: Counters | null = null;

  constructor(
    readonly arena: Arena,
    /** Arena offset of this struct. */
    readonly base: number,
    /** The memory table from VHOST_SET_MEM_TABLE (regions with guest_phys_addr, memory_size, userspace_addr). */
    readonly umem: readonly MemRegion[],
    readonly addr: VhostRingAddr,
    readonly index: number,
  ) {}

  // --- struct fields ---
  get num(): number {
    return this.arena.r32(this.base + VHQ.num);
  }
  get lastAvailIdx(): number {
    return this.arena.r16(this.base + VHQ.last_avail_idx);
  }
  get availIdx(): number {
    return this.arena.r16(this.base + VHQ.avail_idx);
  }
  get lastUsedIdx(): number {
    return this.arena.r16(this.base + VHQ.last_used_idx);
  }
  get usedFlags(): number {
    return this.arena.r16(this.base + VHQ.used_flags);
  }
  get signalledUsed(): number {
    return this.arena.r16(this.base + VHQ.signalled_used);
  }
  get signalledUsedValid(): boolean {
    return this.arena.r8(this.base + VHQ.signalled_used_valid) !== 0;
  }
  get eventIdx(): boolean {
    return this.arena.r8(this.base + VHQ.event_idx) !== 0;
  }
  get busyloopTimeout(): number {
    return this.arena.r32(this.base + VHQ.busyloop_timeout);
  }
  private set16(field: number, v: number): void {
    this.arena.w16(this.base + field, v & 0xffff);
  }

  /** VHOST_SET_VRING_NUM + VHOST_SET_VRING_BASE + the acked EVENT_IDX feature + VHOST_SET_VRING_BUSYLOOP_TIMEOUT. */
  init(num: number, base: number, eventIdx: boolean, busyloopTimeout = 0): void {
    this.arena.w32(this.base + VHQ.num, num);
    this.set16(VHQ.last_avail_idx, base);
    // "Forget the cached index value."
    this.set16(VHQ.avail_idx, base);
    this.set16(VHQ.last_used_idx, base);
    this.arena.w8(this.base + VHQ.event_idx, eventIdx ? 1 : 0);
    this.arena.w32(this.base + VHQ.busyloop_timeout, busyloopTimeout);
  }

  /** HVA → arena offset through QEMU's mapping of its RAM (vhost uses the HVA directly via copy_from_user). */
  private hvaToArena(hva: number, len: number): number | undefined {
    const r0 = this.umem[0]!;
    const d = hva - r0.hva;
    if (d >= 0 && d + len <= r0.size) return r0.arenaOff + d;
    for (const r of this.umem) if (hva >= r.hva && hva + len <= r.hva + r.size) return r.arenaOff + (hva - r.hva);
    return undefined;
  }
  /** A ring field's arena offset (the ring's place was checked when it was set up). */
  ringOff(hva: number, len: number): number {
    const off = this.hvaToArena(hva, len);
    if (off === undefined) throw new Error('vhost ring address outside the memory table (setup bug)');
    return off;
  }

  /** translate_desc: GPA range → one iovec through the memory table; -EFAULT when no region holds it all. */
  translateDesc(gpa: number, len: number): Iov | number {
    if (!Number.isSafeInteger(gpa) || gpa < 0) return EFAULT;
    for (const r of this.umem) {
      if (gpa >= r.gpa && gpa + len <= r.gpa + r.size) {
        const hva = r.hva + (gpa - r.gpa);
        return { hva, arenaOff: r.arenaOff + (gpa - r.gpa), len };
      }
    }
    return EFAULT;
  }

  /** The descriptor vhost copies out of the ring (its local struct vring_desc), one per queue: valid until the next read. */
  private readonly desc = { addr: 0, len: 0, flags: 0, next: 0 };

  private readDescAt(off: number): { readonly addr: number; readonly len: number; readonly flags: number; readonly next: number } {
    const a = this.arena;
    const d = this.desc;
    d.addr = a.r64(off + DESC.addr);
    d.len = a.r32(off + DESC.len);
    d.flags = a.r16(off + DESC.flags);
    d.next = a.r16(off + DESC.next);
    return d;
  }

  /** vq_err: pr_debug plus a signal on the error eventfd, if QEMU set one (it does not here). */
  *vqErr(ctx: ActorContext, kind: VqErrKind, message: string, head: number, ret: number): Gen<number> {
    this.counters?.add('vqErrors');
    if (ctx.tracing) yield ctx.ev('vq_err', { kind, message, head, ret });
    return ret;
  }

  /**
   * vhost_get_avail_idx: read avail->idx into vq->avail_idx, then check it.
   * 6.12 stores the value before checking it, so a bad index stays cached:
   * the next vhost_get_vq_desc sees avail_idx != last_avail_idx and does not
   * read the index again. Returns 1 (new entries), 0 (none) or -EINVAL.
   */
  *getAvailIdx(ctx: ActorContext): Gen<number> {
    return yield* ctx.call('vhost_get_avail_idx', this.getAvailIdxBody(ctx));
  }

  private *getAvailIdxBody(ctx: ActorContext): Gen<number> {
    const availIdx = this.arena.aLoad16(this.ringOff(this.addr.avail + AVAIL.idx, 2));
    const lastAvail = this.lastAvailIdx;
    const num = this.num;
    this.set16(VHQ.avail_idx, availIdx);
    const pending = (availIdx - lastAvail) & 0xffff;
    if (ctx.tracing) yield ctx.ev('vhost_get_avail_idx', { availIdx, lastAvail, pending, num });
    // "Check it isn't doing very strange thing with available indexes"
    if (pending > num) return yield* this.vqErr(ctx, 'avail-idx-jump', `Invalid available index change from ${lastAvail} to ${availIdx}`, -1, EINVAL);
    // "We're done if there is nothing new"; otherwise smp_rmb before the caller reads ring entries.
    return pending === 0 ? 0 : 1;
  }

  /**
   * vhost_get_vq_desc: the next available chain. Returns a chain, `num` when
   * nothing new is available, or a negative errno after a vq_err.
   */
  *getVqDesc(ctx: ActorContext): Gen<DescChain | number> {
    return yield* ctx.call('vhost_get_vq_desc', this.getVqDescBody(ctx));
  }

  private *getVqDescBody(ctx: ActorContext): Gen<DescChain | number> {
    const a = this.arena;
    const num = this.num;
    const lastAvail = this.lastAvailIdx;
    if (this.availIdx === lastAvail) {
      const r = yield* this.getAvailIdx(ctx);
      if (r < 0) return r;
      if (r === 0) return num;
    }
    // Grab the next descriptor number they're advertising.
    const slot = lastAvail & (num - 1);
    const head = yield* ctx.call(
      'vhost_get_avail_head',
      (function* (vq: VhostVirtqueue) {
        const h = a.r16(vq.ringOff(vq.addr.avail + availRingSlot(slot), 2));
        if (ctx.tracing) yield ctx.ev('vhost_get_avail_head', { slot, head: h });
        return h;
      })(this),
    );
    // "If their number is silly, that's an error."
    if (head >= num) return yield* this.vqErr(ctx, 'head-out-of-range', `Guest says index ${head} > ${num} is available`, head, EINVAL);

    const chain: DescChain = { head, out: [], in: [] };
    let i = head;
    let found = 0;
    for (;;) {
      if (i >= num) return yield* this.vqErr(ctx, 'desc-index-out-of-range', `Desc index is ${i} > ${num}, head = ${head}`, head, EINVAL);
      if (++found > num) return yield* this.vqErr(ctx, 'loop', `Loop detected: last one at ${i} vq size ${num} head ${head}`, head, EINVAL);
      // Into locals at once: get_indirect reads its entries through the same record.
      const { addr, len, flags, next } = this.readDescAt(this.ringOff(this.addr.desc + i * VRING_DESC_SIZE, VRING_DESC_SIZE));
      if (flags & VRING_DESC_F_INDIRECT) {
        if (ctx.tracing) yield ctx.ev('vhost_desc_read', { desc: i, addr, len, flags, next, indirect: false, hva: -1 });
        const r = yield* ctx.call('get_indirect', this.getIndirect(ctx, chain, i, addr, len));
        if (r < 0) return yield* this.vqErr(ctx, 'indirect-failure', `Failure detected in indirect descriptor at idx ${i}`, head, r);
        // The loop goes on to the main descriptor's own NEXT, if any.
      } else {
        const iov = this.translateDesc(addr, len);
        if (ctx.tracing) yield ctx.ev(
          'vhost_desc_read',
          { desc: i, addr, len, flags, next, indirect: false, hva: typeof iov === 'number' ? -1 : iov.hva },
          'translate_desc',
        );
        if (typeof iov === 'number') return yield* this.vqErr(ctx, 'translation-failure', `Translation failure ${iov} descriptor idx ${i}`, head, iov);
        // A zero-length descriptor translates to no iovec at all.
        if (flags & VRING_DESC_F_WRITE) {
          if (iov.len) chain.in.push(iov);
        } else {
          // "If it's an output descriptor, they're all supposed to come before any input descriptors."
          if (chain.in.length) return yield* this.vqErr(ctx, 'out-after-in', `Descriptor has out after in: idx ${i}`, head, EINVAL);
          if (iov.len) chain.out.push(iov);
        }
      }
      if (!(flags & VRING_DESC_F_NEXT)) break;
      i = next;
    }
    // On success, increment avail index.
    this.set16(VHQ.last_avail_idx, lastAvail + 1);
    return chain;
  }

  /** get_indirect: read an indirect table front to back; nested indirection and out-after-in are errors. */
  private *getIndirect(ctx: ActorContext, chain: DescChain, idx: number, addr: number, len: number): Gen<number> {
    const head = chain.head;
    if (len % VRING_DESC_SIZE) {
      return yield* this.vqErr(ctx, 'indirect-len', `Invalid length in indirect descriptor: len 0x${len.toString(16)} not multiple of 0x10`, head, EINVAL);
    }
    const table = this.translateDesc(addr, len);
    if (typeof table === 'number') return yield* this.vqErr(ctx, 'indirect-translation-failure', `Translation failure ${table} in indirect.`, head, table);
    const count = len / VRING_DESC_SIZE;
    // "Buffers are chained via a 16 bit next field, so we can have at most 2^16 of these."
    if (count > 0xffff + 1) return yield* this.vqErr(ctx, 'indirect-too-big', `Indirect buffer length too big: ${len}`, head, E2BIG);
    if (ctx.tracing) yield ctx.ev('vhost_get_indirect', { desc: idx, table: addr, count });
    let found = 0;
    let i = 0;
    for (;;) {
      if (++found > count) return yield* this.vqErr(ctx, 'indirect-loop', `Loop detected: last one at ${i} indirect size ${count}`, head, EINVAL);
      // vhost reads the table front to back (copy_from_iter); `next` only names the entry in its messages.
      const d = this.readDescAt(table.arenaOff + (found - 1) * VRING_DESC_SIZE);
      const entryGpa = addr + i * VRING_DESC_SIZE;
      if (d.flags & VRING_DESC_F_INDIRECT) {
        return yield* this.vqErr(ctx, 'nested-indirect', `Nested indirect descriptor: idx ${i}, ${entryGpa.toString(16)}`, head, EINVAL);
      }
      const iov = this.translateDesc(d.addr, d.len);
      if (ctx.tracing) yield ctx.ev(
        'vhost_desc_read',
        { desc: found - 1, addr: d.addr, len: d.len, flags: d.flags, next: d.next, indirect: true, hva: typeof iov === 'number' ? -1 : iov.hva },
        'translate_desc',
      );
      if (typeof iov === 'number') return yield* this.vqErr(ctx, 'indirect-translation-failure', `Translation failure ${iov} indirect idx ${i}`, head, iov);
      if (d.flags & VRING_DESC_F_WRITE) {
        if (iov.len) chain.in.push(iov);
      } else {
        if (chain.in.length) return yield* this.vqErr(ctx, 'indirect-out-after-in', `Indirect descriptor has out after in: idx ${i}`, head, EINVAL);
        if (iov.len) chain.out.push(iov);
      }
      if (!(d.flags & VRING_DESC_F_NEXT)) return 0;
      i = d.next;
    }
  }

  /** vhost_discard_vq_desc: "Reverse the effect of vhost_get_vq_desc." */
  *discardVqDesc(ctx: ActorContext, n: number): Gen {
    this.set16(VHQ.last_avail_idx, this.lastAvailIdx - n);
    if (ctx.tracing) yield ctx.ev('vhost_discard_vq_desc', { n, lastAvail: this.lastAvailIdx }, 'vhost_discard_vq_desc');
  }

  /** vhost_add_used_n: write the batch into the used ring (two pieces if it wraps), then one used->idx store. */
  *addUsedN(ctx: ActorContext, heads: readonly UsedElem[]): Gen {
    yield* ctx.call('vhost_add_used_n', this.addUsedNBody(ctx, heads));
  }

  private *addUsedNBody(ctx: ActorContext, heads: readonly UsedElem[]): Gen {
    const num = this.num;
    const old = this.lastUsedIdx;
    const start = old & (num - 1);
    const n = num - start;
    if (n < heads.length) {
      yield* ctx.call('__vhost_add_used_n', this.putUsed(ctx, heads.slice(0, n)));
      yield* ctx.call('__vhost_add_used_n', this.putUsed(ctx, heads.slice(n)));
    } else yield* ctx.call('__vhost_add_used_n', this.putUsed(ctx, heads));
    // "Make sure buffer is written before we update index." (smp_wmb)
    const nw = this.lastUsedIdx;
    this.arena.aStore16(this.ringOff(this.addr.used + USED.idx, 2), nw);
    if (ctx.tracing) yield ctx.ev('vhost_publish_used', { old, new: nw });
  }

  /** __vhost_add_used_n: copy `heads` to used->ring[last_used_idx & (num-1)...] and advance last_used_idx. */
  private *putUsed(ctx: ActorContext, heads: readonly UsedElem[]): Gen {
    const a = this.arena;
    const num = this.num;
    const old = this.lastUsedIdx;
    const slot = old & (num - 1);
    const at = this.ringOff(this.addr.used + usedRingSlot(slot), 8 * heads.length);
    for (let k = 0; k < heads.length; k++) {
      a.w32(at + 8 * k, heads[k]!.id);
      a.w32(at + 8 * k + 4, heads[k]!.len);
    }
    if (ctx.tracing) yield ctx.ev('vhost_add_used', { slot, entries: heads.map((h) => ({ id: h.id, len: h.len })) });
    const nw = (old + heads.length) & 0xffff;
    this.set16(VHQ.last_used_idx, nw);
    // "If the driver never bothers to signal in a very long while, used index might wrap around": forget signalled_used.
    if (((nw - this.signalledUsed) & 0xffff) < ((nw - old) & 0xffff)) a.w8(this.base + VHQ.signalled_used_valid, 0);
  }

  /** vhost_notify: does the guest want an interrupt for what was used since the last signal? */
  *notify(ctx: ActorContext): Gen<boolean> {
    const a = this.arena;
    // "Flush out used index updates. This is paired with the barrier that the Guest executes when enabling interrupts." (smp_mb)
    const availFlags = a.aLoad16(this.ringOff(this.addr.avail + AVAIL.flags, 2));
    const usedEvent = a.aLoad16(this.ringOff(this.addr.avail + usedEventOffset(this.num), 2));
    const nw = this.lastUsedIdx;
    if (!this.eventIdx) {
      const notify = (availFlags & VRING_AVAIL_F_NO_INTERRUPT) === 0;
      if (ctx.tracing) yield ctx.ev('vhost_notify', { old: this.signalledUsed, new: nw, notify, reason: 'flags', usedEvent, availFlags });
      return notify;
    }
    const old = this.signalledUsed;
    const valid = this.signalledUsedValid;
    this.set16(VHQ.signalled_used, nw);
    a.w8(this.base + VHQ.signalled_used_valid, 1);
    const notify = !valid || vringNeedEvent(usedEvent, nw, old);
    if (ctx.tracing) yield ctx.ev('vhost_notify', { old, new: nw, notify, reason: valid ? 'event-idx' : 'first', usedEvent, availFlags });
    return notify;
  }

  /** vhost_signal: if vhost_notify says so, eventfd_signal on the call eventfd (KVM's irqfd injects). Returns whether it signalled. */
  *signal(ctx: ActorContext): Gen<boolean> {
    return yield* ctx.call('vhost_signal', this.signalBody(ctx));
  }

  private *signalBody(ctx: ActorContext): Gen<boolean> {
    if (!this.callCtx) return false;
    const notify = yield* ctx.call('vhost_notify', this.notify(ctx));
    if (!notify) return false;
    yield* eventfdSignal(ctx, this.callCtx, this.callFd, 'call');
    return true;
  }

  /** vhost_add_used_and_signal_n: the batch, then one vhost_signal. Returns whether it signalled. */
  *addUsedAndSignalN(ctx: ActorContext, heads: readonly UsedElem[]): Gen<boolean> {
    return yield* ctx.call(
      'vhost_add_used_and_signal_n',
      (function* (vq: VhostVirtqueue) {
        yield* vq.addUsedN(ctx, heads);
        return yield* vq.signal(ctx);
      })(this),
    );
  }

  /** vhost_disable_notify: "We don't need to be notified again." (NO_NOTIFY; with EVENT_IDX only the shadow changes). */
  *disableNotify(ctx: ActorContext): Gen {
    if (!this.suppress) return;
    const flags = this.usedFlags;
    if (flags & VRING_USED_F_NO_NOTIFY) return;
    this.set16(VHQ.used_flags, flags | VRING_USED_F_NO_NOTIFY);
    if (!this.eventIdx) this.arena.aStore16(this.ringOff(this.addr.used + USED.flags, 2), flags | VRING_USED_F_NO_NOTIFY);
    if (ctx.tracing) yield ctx.ev(
      'vhost_disable_notify',
      { usedFlags: this.arena.aLoad16(this.ringOff(this.addr.used + USED.flags, 2)), eventIdx: this.eventIdx },
      'vhost_disable_notify',
    );
  }

  /**
   * vhost_enable_notify: "OK, now we need to know about added descriptors."
   * Clear NO_NOTIFY, or with EVENT_IDX write avail_event = vq->avail_idx;
   * then, since "they could have slipped one in as we were doing that", read
   * avail->idx again. Returns true when more arrived (an error counts as empty).
   */
  *enableNotify(ctx: ActorContext): Gen<boolean> {
    return yield* ctx.call('vhost_enable_notify', this.enableNotifyBody(ctx));
  }

  private *enableNotifyBody(ctx: ActorContext): Gen<boolean> {
    const a = this.arena;
    const flags = this.usedFlags;
    if (this.suppress && !(flags & VRING_USED_F_NO_NOTIFY)) return false;
    this.set16(VHQ.used_flags, flags & ~VRING_USED_F_NO_NOTIFY);
    const usedFlagsOff = this.ringOff(this.addr.used + USED.flags, 2);
    const availEventOff = this.ringOff(this.addr.used + availEventOffset(this.num), 2);
    if (!this.eventIdx) a.aStore16(usedFlagsOff, flags & ~VRING_USED_F_NO_NOTIFY);
    else a.aStore16(availEventOff, this.availIdx);
    if (ctx.tracing) yield ctx.ev('vhost_enable_notify', { usedFlags: a.aLoad16(usedFlagsOff), availEvent: a.aLoad16(availEventOff), eventIdx: this.eventIdx });
    // Make sure it's written, then check again (smp_mb).
    const r = yield* this.getAvailIdx(ctx);
    return r > 0;
  }

  /** vhost_vq_avail_empty: "return true if we're sure that avaiable ring is empty" (an error counts as not empty). */
  *availEmpty(ctx: ActorContext): Gen<boolean> {
    if (this.availIdx !== this.lastAvailIdx) return false;
    return (yield* this.getAvailIdx(ctx)) === 0;
  }
}
