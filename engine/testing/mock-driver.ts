/**
 * A driver-side test double for device code (after vm-virtio's MockSplitQueue):
 * it lays out a split ring in a small guest RAM and lets a test write any
 * descriptors, well-formed or not, then drives vhost_get_vq_desc directly.
 */
import { AVAIL, DESC, VRING_DESC_SIZE, availRingSlot, legacyLayout, type VringLayout } from '../abi/virtio-ring';
import { VhostVirtqueue, type DescChain } from '../linux-host/vhost/vhost';
import { Arena, allocBacking } from '../mem/arena';
import type { MemRegion } from '../mem/guest-memory';
import { ActorContext, type Gen } from '../sched/actor';
import type { TraceEvent } from '../trace/events';

/** Guest-physical base of the mock's RAM, and QEMU's (made-up) mapping of it. */
export const MOCK_GPA = 0x1000_0000;
const MOCK_HVA = 0x7f00_0000_0000;

/** A ring in guest RAM plus a vhost virtqueue over it. */
export class MockSplitQueue {
  readonly arena: Arena;
  readonly ring: VringLayout;
  readonly vq: VhostVirtqueue;
  readonly ramSize: number;
  private availIdx = 0;

  constructor(
    readonly num: number,
    ramSize = 0x10000,
  ) {
    this.ramSize = ramSize;
    this.arena = new Arena(allocBacking(ramSize + 64, false));
    const l = legacyLayout(num, 4096);
    this.ring = { num, desc: MOCK_GPA + l.desc, avail: MOCK_GPA + l.avail, used: MOCK_GPA + l.used };
    const regions: MemRegion[] = [{ gpa: MOCK_GPA, size: ramSize, hva: MOCK_HVA, arenaOff: 0, name: 'mock' }];
    this.vq = new VhostVirtqueue(this.arena, ramSize, regions, {
      desc: MOCK_HVA + l.desc,
      avail: MOCK_HVA + l.avail,
      used: MOCK_HVA + l.used,
    }, 0);
    this.vq.init(num, 0, true);
  }

  /** Arena offset of a GPA in the mock RAM. */
  off(gpa: number): number {
    return gpa - MOCK_GPA;
  }

  /** Write desc[i] (or entry i of a table at `table`). */
  desc(i: number, addr: number, len: number, flags: number, next = 0, table = this.ring.desc): this {
    const at = this.off(table + i * VRING_DESC_SIZE);
    this.arena.w64(at + DESC.addr, addr);
    this.arena.w32(at + DESC.len, len);
    this.arena.w16(at + DESC.flags, flags);
    this.arena.w16(at + DESC.next, next);
    return this;
  }

  /** Publish `head` in the avail ring (avail->ring[idx % num] = head; idx++). */
  publish(head: number): this {
    this.arena.w16(this.off(this.ring.avail + availRingSlot(this.availIdx & (this.num - 1))), head);
    this.availIdx = (this.availIdx + 1) & 0xffff;
    this.arena.w16(this.off(this.ring.avail + AVAIL.idx), this.availIdx);
    return this;
  }

  /** Set avail->idx to anything. */
  setAvailIdx(v: number): this {
    this.availIdx = v & 0xffff;
    this.arena.w16(this.off(this.ring.avail + AVAIL.idx), this.availIdx);
    return this;
  }

  /** Run vhost_get_vq_desc once, collecting its events. */
  pop(): { result: DescChain | number; events: TraceEvent[] } {
    const ctx = new ActorContext('vhost');
    const events: TraceEvent[] = [];
    const gen: Gen<DescChain | number> = this.vq.getVqDesc(ctx);
    for (let guard = 0; guard < 1_000_000; guard++) {
      const r = gen.next();
      if (r.done) return { result: r.value, events };
      if (!r.value.wait) events.push({ seq: events.length, actor: 'vhost', ...r.value, doc: 'virtio-spec' } as TraceEvent);
    }
    throw new Error('vhost_get_vq_desc did not finish');
  }
}
