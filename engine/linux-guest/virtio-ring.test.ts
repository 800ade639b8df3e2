/**
 * The guest's split ring as Linux 6.12's virtio_ring.c runs it, driven
 * directly: what detach_buf_split reads, where last_used_idx and used_event
 * are stored, and -ENOSPC's notify. Each test would fail on the older model
 * this project had before (noted per test).
 */
import { describe, expect, it } from 'vitest';
import { AVAIL, DESC, USED, VRING_DESC_F_NEXT, VRING_DESC_SIZE, legacyLayout, usedEventOffset, usedRingSlot } from '../abi/virtio-ring';
import { Arena, allocBacking } from '../mem/arena';
import { GuestMemory } from '../mem/guest-memory';
import { ActorContext, type Gen } from '../sched/actor';
import type { TraceEvent } from '../trace/events';
import { ENOSPC, VringVirtqueue, vvqPrivateSize } from './virtio-ring';

const GPA = 0x1000_0000;

function makeVq(num: number, eventIdx = true) {
  const arena = new Arena(allocBacking(0x20000, false));
  const mem = new GuestMemory(arena, [{ gpa: GPA, size: 0x20000, hva: 0x7f00_0000_0000, arenaOff: 0, name: 'ram' }]);
  const l = legacyLayout(num, 64);
  const ring = { num, desc: GPA + l.desc, avail: GPA + l.avail, used: GPA + l.used };
  // The driver's private struct right after the ring (buffers live from GPA + 0x8000 on).
  const vq = new VringVirtqueue(mem, ring, GPA + mem.alloc(l.size, 64, 'ring', 'ring', 'vring') - GPA + l.size, 1);
  expect(vq.priv + vvqPrivateSize(num)).toBeLessThan(GPA + 0x8000);
  vq.init(eventIdx, false);
  return { arena, mem, vq };
}

/** Run a generator to the end, collecting its events. */
function drive<T>(gen: Gen<T>): { value: T; events: TraceEvent[] } {
  const events: TraceEvent[] = [];
  for (;;) {
    const r = gen.next();
    if (r.done) return { value: r.value, events };
    if (!r.value.wait && !r.value.safe) events.push({ seq: events.length, actor: 'vcpu0', ...r.value, doc: 'linux-source' } as TraceEvent);
  }
}

/** The device returns `head` with `len` (what vhost would write), bumping used->idx. */
function deviceUses(mem: GuestMemory, vq: VringVirtqueue, head: number, len: number): void {
  const idx = mem.r16(vq.ring.used + USED.idx);
  mem.w32(vq.ring.used + usedRingSlot(idx & (vq.ring.num - 1)), head);
  mem.w32(vq.ring.used + usedRingSlot(idx & (vq.ring.num - 1)) + 4, len);
  mem.w16(vq.ring.used + USED.idx, idx + 1);
}

describe('virtio_ring.c (split) as 6.12 runs it', () => {
  it('virtqueue_add_split clears NEXT on the last descriptor in the ring but not in desc_extra (no DMA API: do_unmap is false)', () => {
    const { mem, vq } = makeVq(8);
    const ctx = new ActorContext('vcpu0');
    drive(vq.addSplit(ctx, [{ addr: GPA + 0x8000, len: 12 }, { addr: GPA + 0x8100, len: 64 }], [], 0x1234, 0));
    expect(mem.r16(vq.ring.desc + 0 * VRING_DESC_SIZE + DESC.flags)).toBe(VRING_DESC_F_NEXT);
    expect(mem.r16(vq.ring.desc + 1 * VRING_DESC_SIZE + DESC.flags)).toBe(0);
    expect(vq.extraFlags(1) & VRING_DESC_F_NEXT).toBe(VRING_DESC_F_NEXT);
  });

  it('detach_buf_split follows the NEXT flags of the shared descriptor table, not desc_extra', () => {
    const { mem, vq } = makeVq(8);
    const ctx = new ActorContext('vcpu0');
    // Two one-descriptor buffers: heads 0 and 1.
    drive(vq.addSplit(ctx, [{ addr: GPA + 0x8000, len: 76 }], [], 0x1000, 0));
    drive(vq.addSplit(ctx, [{ addr: GPA + 0x8100, len: 76 }], [], 0x2000, 0));
    expect(vq.numFree).toBe(6);
    // Both extra entries still say NEXT; only the ring's flags say where a chain ends. A clean detach frees exactly one.
    deviceUses(mem, vq, 0, 0);
    const a = drive(vq.getBuf(ctx));
    expect(a.value?.token).toBe(0x1000);
    expect(vq.numFree).toBe(7);
    // A device that scribbles NEXT onto desc[1] in the shared table makes detach walk on through desc_extra[1].next.
    mem.w16(vq.ring.desc + 1 * VRING_DESC_SIZE + DESC.flags, VRING_DESC_F_NEXT);
    deviceUses(mem, vq, 1, 0);
    const b = drive(vq.getBuf(ctx));
    const detach = b.events.find((e) => e.type === 'detach_buf');
    expect(detach?.type === 'detach_buf' && detach.f.count).toBe(2);
  });

  it('last_used_idx and the used_event store belong to virtqueue_get_buf_ctx_split, after detach_buf_split', () => {
    const { mem, vq } = makeVq(8);
    const ctx = new ActorContext('vcpu0');
    drive(vq.addSplit(ctx, [{ addr: GPA + 0x8000, len: 76 }], [], 0x1000, 0));
    deviceUses(mem, vq, 0, 0);
    const { events } = drive(vq.getBuf(ctx));
    const types = events.map((e) => e.type);
    expect(types).toEqual(['virtqueue_get_buf', 'detach_buf', 'virtqueue_get_buf_done']);
    const done = events[2]!;
    expect(done.stack.at(-1)).toBe('virtqueue_get_buf_ctx_split');
    expect(done.type === 'virtqueue_get_buf_done' && done.f).toEqual({ lastUsed: 1, usedEvent: 1 });
    expect(mem.r16(vq.ring.avail + usedEventOffset(8))).toBe(1);
    expect(events[1]!.stack.at(-1)).toBe('detach_buf_split');
  });

  it('with callbacks disabled, get_buf leaves used_event alone', () => {
    const { mem, vq } = makeVq(8);
    const ctx = new ActorContext('vcpu0');
    drive(vq.addSplit(ctx, [{ addr: GPA + 0x8000, len: 76 }], [], 0x1000, 0));
    drive(vq.disableCb(ctx)); // EVENT_IDX: parks used_event at 0
    deviceUses(mem, vq, 0, 0);
    const { events } = drive(vq.getBuf(ctx));
    expect(events.at(-1)?.type === 'virtqueue_get_buf_done' && events.at(-1)?.f).toEqual({ lastUsed: 1, usedEvent: null });
    expect(mem.r16(vq.ring.avail + usedEventOffset(8))).toBe(0);
  });

  it('-ENOSPC still notifies when the buffer has out parts, and not for an in-only buffer', () => {
    const { vq } = makeVq(2);
    const ctx = new ActorContext('vcpu0');
    let notified = 0;
    vq.notify = function* () {
      notified++;
      return true;
    };
    // Fill the ring, then try a third buffer.
    drive(vq.addSplit(ctx, [{ addr: GPA + 0x8000, len: 76 }], [], 0x1000, 0));
    drive(vq.addSplit(ctx, [{ addr: GPA + 0x8100, len: 76 }], [], 0x2000, 0));
    const out = drive(vq.addSplit(ctx, [{ addr: GPA + 0x8200, len: 76 }], [], 0x3000, 0));
    expect(out.value).toBe(ENOSPC);
    expect(notified).toBe(1);
    expect(out.events.find((e) => e.type === 'virtqueue_add_enospc')).toMatchObject({ f: { numFree: 0, needed: 1, notified: true } });
    const inn = drive(vq.addSplit(ctx, [], [{ addr: GPA + 0x8300, len: 1536 }], 0x4000, 0));
    expect(inn.value).toBe(ENOSPC);
    expect(notified).toBe(1);
  });

  it('virtqueue_enable_cb_delayed asks for the interrupt 3/4 of the way through what is outstanding', () => {
    const { mem, vq } = makeVq(32);
    const ctx = new ActorContext('vcpu0');
    for (let i = 0; i < 8; i++) drive(vq.addSplit(ctx, [{ addr: GPA + 0x8000 + 0x100 * i, len: 76 }], [], 0x1000 + i, 0));
    const r = drive(vq.enableCbDelayed(ctx));
    expect(r.value).toBe(true);
    expect(mem.r16(vq.ring.avail + usedEventOffset(32))).toBe(6); // last_used 0 + 8 * 3 / 4
    // If more than that is already used, it says so: the caller must poll again.
    for (let i = 0; i < 7; i++) deviceUses(mem, vq, i, 0);
    expect(drive(vq.enableCbDelayed(ctx)).value).toBe(false);
    expect(mem.r16(vq.ring.avail + AVAIL.idx)).toBe(8);
  });
});
