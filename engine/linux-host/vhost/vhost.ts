/**
 * The device side of a split virtqueue, after the Linux vhost core
 * (drivers/vhost/vhost.c): vhost_get_vq_desc walks a chain with every check
 * the kernel makes, translate_desc turns guest-physical buffers into the QEMU
 * process's virtual addresses through the memory table, __vhost_add_used_n
 * returns buffers, and vhost_notify decides whether the guest wants an
 * interrupt (the same test DPDK's vhost_vring_call_split makes, seed 000).
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
import type { EventFd } from '../../os/eventfd';
import type { ActorContext, Gen } from '../../sched/actor';
import type { VqErrKind } from '../../trace/events';

/** errno values vhost returns. */
export const EINVAL = -22;
export const EFAULT = -14;
export const E2BIG = -7;

/** Offsets of our `struct vhost_virtqueue` fields in the host-kernel arena section. */
export const VHQ = {
  num: 0, // u32
  last_avail_idx: 4, // u16: "Last available index we saw."
  avail_idx: 6, // u16: "Last index we used."
  last_used_idx: 8, // u16
  used_flags: 10, // u16: shadow of used->flags
  signalled_used: 12, // u16: "Last used index value we have signalled on"
  signalled_used_valid: 14, // u8
  event_idx: 15, // u8: VIRTIO_RING_F_EVENT_IDX acked
  size: 16,
} as const;

/** One translated buffer: where it is in QEMU's address space and in the arena. */
export interface Iov {
  hva: number;
  arenaOff: number;
  len: number;
}

/** A chain vhost_get_vq_desc accepted. */
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

/** The kernel's view of one virtqueue. */
export class VhostVirtqueue {
  /** eventfd QEMU passed with VHOST_SET_VRING_CALL (KVM's irqfd listens on it). */
  callCtx: EventFd | null = null;
  /** QEMU's number for that eventfd (shown in the trace; the kernel itself holds the eventfd_ctx). */
  callFd = -1;
  /** Skip vhost_disable_notify: a scenario knob that shows what suppression saves (real vhost always suppresses). */
  suppress = true;

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
  private set16(field: number, v: number): void {
    this.arena.w16(this.base + field, v & 0xffff);
  }

  /** VHOST_SET_VRING_NUM + VHOST_SET_VRING_BASE + acked features. */
  init(num: number, base: number, eventIdx: boolean): void {
    this.arena.w32(this.base + VHQ.num, num);
    this.set16(VHQ.last_avail_idx, base);
    this.set16(VHQ.avail_idx, base);
    this.set16(VHQ.last_used_idx, base);
    this.arena.w8(this.base + VHQ.event_idx, eventIdx ? 1 : 0);
  }

  /** HVA → arena offset through QEMU's mapping of its RAM (vhost uses the HVA directly via copy_from_user). */
  private hvaToArena(hva: number, len: number): number | undefined {
    const r0 = this.umem[0]!;
    const d = hva - r0.hva;
    if (d >= 0 && d + len <= r0.size) return r0.arenaOff + d;
    for (const r of this.umem) if (hva >= r.hva && hva + len <= r.hva + r.size) return r.arenaOff + (hva - r.hva);
    return undefined;
  }
  private ringOff(hva: number, len: number): number {
    const off = this.hvaToArena(hva, len);
    if (off === undefined) throw new Error('vhost ring address outside the memory table (setup bug)');
    return off;
  }

  /** translate_desc: GPA range → one iovec through the memory table; EFAULT when no region holds it all. */
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

  private readDescAt(off: number): { addr: number; len: number; flags: number; next: number } {
    const a = this.arena;
    return { addr: a.r64(off + DESC.addr), len: a.r32(off + DESC.len), flags: a.r16(off + DESC.flags), next: a.r16(off + DESC.next) };
  }

  private *vqErr(ctx: ActorContext, kind: VqErrKind, message: string, head: number, ret: number): Gen<number> {
    // vq_err: pr_debug plus a signal on the error eventfd, if QEMU set one.
    if (ctx.tracing) yield ctx.ev('vq_err', { kind, message, head });
    return ret;
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
      const availIdx = a.aLoad16(this.ringOff(this.addr.avail + AVAIL.idx, 2));
      this.set16(VHQ.avail_idx, availIdx);
      const pending = (availIdx - lastAvail) & 0xffff;
      if (ctx.tracing) yield ctx.ev('vhost_get_avail_idx', { availIdx, lastAvail, pending, num });
      if (pending > num) {
        return yield* this.vqErr(ctx, 'avail-idx-jump', `Invalid available index change from ${lastAvail} to ${availIdx}`, -1, EFAULT);
      }
      // If there's nothing new since last we looked, return invalid.
      if (pending === 0) return num;
      // Only get avail ring entries after they have been exposed by guest (smp_rmb).
    }
    const slot = lastAvail & (num - 1);
    const head = a.r16(this.ringOff(this.addr.avail + availRingSlot(slot), 2));
    if (ctx.tracing) yield ctx.ev('vhost_get_avail_head', { slot, head });
    // If their number is silly, that's an error.
    if (head >= num) return yield* this.vqErr(ctx, 'head-out-of-range', `Guest says index ${head} > ${num} is available`, head, EINVAL);

    const chain: DescChain = { head, out: [], in: [] };
    let i = head;
    let found = 0;
    for (;;) {
      if (i >= num) return yield* this.vqErr(ctx, 'desc-index-out-of-range', `Desc index is ${i} > ${num}, head = ${head}`, head, EINVAL);
      if (++found > num) return yield* this.vqErr(ctx, 'loop', `Loop detected: last one at ${i} vq size ${num} head ${head}`, head, EINVAL);
      const d = this.readDescAt(this.ringOff(this.addr.desc + i * VRING_DESC_SIZE, VRING_DESC_SIZE));
      if (d.flags & VRING_DESC_F_INDIRECT) {
        if (ctx.tracing) yield ctx.ev('vhost_desc_read', { desc: i, addr: d.addr, len: d.len, flags: d.flags, next: d.next, indirect: false, hva: -1 });
        const r = yield* ctx.call('get_indirect', this.getIndirect(ctx, chain, i, d.addr, d.len));
        if (r < 0) return r;
      } else {
        const iov = this.translateDesc(d.addr, d.len);
        if (ctx.tracing) yield ctx.ev(
          'vhost_desc_read',
          { desc: i, addr: d.addr, len: d.len, flags: d.flags, next: d.next, indirect: false, hva: typeof iov === 'number' ? -1 : iov.hva },
          'translate_desc',
        );
        if (typeof iov === 'number') return yield* this.vqErr(ctx, 'translation-failure', `Translation failure ${iov} descriptor idx ${i}`, head, iov);
        if (d.flags & VRING_DESC_F_WRITE) chain.in.push(iov);
        else {
          // If it's an output descriptor, they're all supposed to come before any input descriptors.
          if (chain.in.length) return yield* this.vqErr(ctx, 'out-after-in', `Descriptor has out after in: idx ${i}`, head, EINVAL);
          chain.out.push(iov);
        }
      }
      if (!(d.flags & VRING_DESC_F_NEXT)) break;
      i = d.next;
    }
    // On success, increment avail index.
    this.set16(VHQ.last_avail_idx, lastAvail + 1);
    return chain;
  }

  /** get_indirect: read an indirect table in order; nested indirection and out-after-in are errors. */
  private *getIndirect(ctx: ActorContext, chain: DescChain, idx: number, addr: number, len: number): Gen<number> {
    const head = chain.head;
    if (len % VRING_DESC_SIZE) {
      return yield* this.vqErr(ctx, 'indirect-len', `Invalid length in indirect descriptor: len 0x${len.toString(16)} not multiple of 0x10`, head, EINVAL);
    }
    const table = this.translateDesc(addr, len);
    if (typeof table === 'number') return yield* this.vqErr(ctx, 'indirect-translation-failure', `Translation failure ${table} in indirect.`, head, table);
    const count = len / VRING_DESC_SIZE;
    // Buffers are chained via a 16 bit next field, so we can have at most 2^16 of these.
    if (count > 0xffff + 1) return yield* this.vqErr(ctx, 'indirect-too-big', `Indirect buffer length too big: ${len}`, head, E2BIG);
    if (ctx.tracing) yield ctx.ev('vhost_get_indirect', { desc: idx, table: addr, count });
    let found = 0;
    let i = 0;
    for (;;) {
      if (++found > count) return yield* this.vqErr(ctx, 'indirect-loop', `Loop detected: last one at ${i} indirect size ${count}`, head, EINVAL);
      // vhost reads the table front to back; `next` only names the entry in its messages.
      const at = table.arenaOff + (found - 1) * VRING_DESC_SIZE;
      const d = this.readDescAt(at);
      const entryGpa = addr + (found - 1) * VRING_DESC_SIZE;
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
      if (d.flags & VRING_DESC_F_WRITE) chain.in.push(iov);
      else {
        if (chain.in.length) return yield* this.vqErr(ctx, 'indirect-out-after-in', `Indirect descriptor has out after in: idx ${i}`, head, EINVAL);
        chain.out.push(iov);
      }
      if (!(d.flags & VRING_DESC_F_NEXT)) return 0;
      i = d.next;
    }
  }

  /** __vhost_add_used_n for one element, then the used->idx update. */
  *addUsed(ctx: ActorContext, head: number, len: number): Gen {
    yield* ctx.call('vhost_add_used_n', this.addUsedBody(ctx, head, len));
  }

  private *addUsedBody(ctx: ActorContext, head: number, len: number): Gen {
    const a = this.arena;
    const num = this.num;
    const old = this.lastUsedIdx;
    const slot = old & (num - 1);
    const elem = this.ringOff(this.addr.used + usedRingSlot(slot), 8);
    a.w32(elem, head);
    a.w32(elem + 4, len);
    if (ctx.tracing) yield ctx.ev('vhost_add_used', { slot, id: head, len });
    // Make sure buffer is written before we update index (smp_wmb).
    const nw = (old + 1) & 0xffff;
    a.aStore16(this.ringOff(this.addr.used + USED.idx, 2), nw);
    this.set16(VHQ.last_used_idx, nw);
    // If the driver never bothers to signal in a very long while, used index might wrap around: invalidate signalled_used.
    if (((nw - this.signalledUsed) & 0xffff) < 1) a.w8(this.base + VHQ.signalled_used_valid, 0);
    if (ctx.tracing) yield ctx.ev('vhost_publish_used', { old, new: nw });
  }

  /** vhost_notify: does the guest want an interrupt for what we just used? */
  *notify(ctx: ActorContext): Gen<boolean> {
    const a = this.arena;
    // Flush out used index updates; paired with the barrier the guest executes when enabling interrupts (smp_mb).
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

  /** vhost_signal: vhost_notify, then eventfd_signal on the call eventfd (KVM's irqfd injects). Returns whether it signalled. */
  *signal(ctx: ActorContext, vector: number): Gen<boolean> {
    return yield* ctx.call('vhost_signal', this.signalBody(ctx, vector));
  }

  private *signalBody(ctx: ActorContext, vector: number): Gen<boolean> {
    if (!this.callCtx) return false;
    const notify = yield* ctx.call('vhost_notify', this.notify(ctx));
    if (!notify) return false;
    const woke: string[] = [];
    this.callCtx.write(1, woke);
    if (ctx.tracing) yield ctx.ev(
      'vhost_signal',
      { fd: this.callFd, vector, injected: woke.length > 0 },
      'eventfd_signal',
      'irqfd_wakeup',
      'kvm_arch_set_irq_inatomic',
      'kvm_apic_set_irq',
    );
    return true;
  }

  /** vhost_disable_notify: ask the guest not to kick (NO_NOTIFY; with EVENT_IDX only the shadow changes). */
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
   * vhost_enable_notify: let the guest kick again, then look once more, since
   * "they could have slipped one in as we were doing that". Returns true when
   * more work arrived (the caller disables again and carries on).
   */
  *enableNotify(ctx: ActorContext): Gen<boolean> {
    const a = this.arena;
    const flags = this.usedFlags;
    if (this.suppress && !(flags & VRING_USED_F_NO_NOTIFY)) return false;
    this.set16(VHQ.used_flags, flags & ~VRING_USED_F_NO_NOTIFY);
    const usedFlagsOff = this.ringOff(this.addr.used + USED.flags, 2);
    const availEventOff = this.ringOff(this.addr.used + availEventOffset(this.num), 2);
    if (!this.eventIdx) a.aStore16(usedFlagsOff, flags & ~VRING_USED_F_NO_NOTIFY);
    else a.aStore16(availEventOff, this.availIdx);
    // Make sure it's written, then check again (smp_mb).
    const availIdx = a.aLoad16(this.ringOff(this.addr.avail + AVAIL.idx, 2));
    const more = availIdx !== this.availIdx;
    if (ctx.tracing) yield ctx.ev(
      'vhost_enable_notify',
      { usedFlags: a.aLoad16(usedFlagsOff), availEvent: a.aLoad16(availEventOff), availIdx, more, eventIdx: this.eventIdx },
      'vhost_enable_notify',
    );
    return more;
  }
}
