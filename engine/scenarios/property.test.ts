/**
 * The invariant of the whole data path, under random interleavings and random
 * suppression settings: every buffer made available is used exactly once and
 * reclaimed exactly once, every frame arrives exactly once and intact, and no
 * needed kick or call is lost (a lost one would leave a thread asleep with
 * work pending, and the run would end without scenario_done).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeableBufLen, mergeableMinBufLen } from '../linux-guest/virtio-net-rx';
import { eventsOf, runFlow } from '../testing/run';

const optionsArb = fc
  .record({
    dir: fc.constantFrom('tx', 'rx'),
    packets: fc.integer({ min: 1, max: 24 }),
    size: fc.constantFrom(60, 64, 200, 1514, 4000, 9014),
    qsize: fc.constantFrom(2, 4, 8, 16, 32, 64),
    eventIdx: fc.boolean(),
    suppress: fc.boolean(),
    indirect: fc.boolean(),
    txhdr: fc.constantFrom('pushed', 'separate'),
    rxbuf: fc.constantFrom('mergeable', 'mergeable', 'big', 'small'),
    batch: fc.integer({ min: 1, max: 5 }),
    busyloop: fc.constantFrom(0, 0, 3),
    msix: fc.constantFrom('per-vq', 'shared'),
    seed: fc.integer({ min: 0, max: 0x7fffffff }),
  })
  // Only what a real guest can do, and frames that fit their buffers (the discard path has its own test).
  .map((o) => {
    const qsize = o.dir === 'tx' ? Math.max(o.qsize, 32) : o.rxbuf === 'big' && !o.indirect ? Math.max(o.qsize, 32) : o.qsize;
    let size = o.dir === 'tx' || o.rxbuf === 'small' ? Math.min(o.size, 1514) : o.size;
    // A mergeable frame must fit in a ring's worth of buffers, or vhost waits for room forever (as Linux would).
    if (o.dir === 'rx' && o.rxbuf === 'mergeable') size = Math.min(size, qsize * mergeableBufLen(12, mergeableMinBufLen(12, qsize), 0) - 12);
    return { ...o, qsize, size };
  });

describe('descriptor flow invariants', () => {
  it('no descriptor lost or duplicated, no notification lost, under any interleaving', () => {
    fc.assert(
      fc.property(optionsArb, (o) => {
        const s = runFlow(o);
        const t = s.trace;
        expect(eventsOf(t, 'scenario_done')).toHaveLength(1);
        expect(eventsOf(t, 'vq_err')).toHaveLength(0);
        expect(eventsOf(t, 'vring_bad_ring')).toHaveLength(0);

        // Follow each head: published → used once → reclaimed once, before it can be published again.
        const state = new Map<number, 'avail' | 'used'>();
        let published = 0;
        let used = 0;
        let pendingUsed = 0;
        for (const e of t) {
          if (e.type === 'virtqueue_add_avail') {
            expect(state.has(e.f.head)).toBe(false);
            state.set(e.f.head, 'avail');
            published++;
          } else if (e.type === 'vhost_add_used') {
            for (const u of e.f.entries) {
              expect(state.get(u.id)).toBe('avail');
              state.set(u.id, 'used');
              used++;
              pendingUsed++;
            }
          } else if (e.type === 'vhost_publish_used') {
            // One used->idx store covers exactly the entries written since the last one.
            expect((e.f.new - e.f.old) & 0xffff).toBe(pendingUsed);
            pendingUsed = 0;
          } else if (e.type === 'virtqueue_get_buf') {
            expect(state.get(e.f.id)).toBe('used');
            state.delete(e.f.id);
          }
        }
        // Nothing used stays unreclaimed; TX leaves nothing posted, RX leaves its ring full of empty buffers.
        expect([...state.values()].every((v) => v === 'avail')).toBe(true);
        const live = s.world.live();
        if (o.dir === 'tx') {
          expect(state.size).toBe(0);
          expect(published).toBe(o.packets);
          expect(live.driver.numFree).toBe(o.qsize);
        } else expect(published).toBeGreaterThanOrEqual(used);
        expect(live.arrivals).toEqual(Array.from({ length: o.packets }, () => 1));
        expect(live.counters.framesCorrupt).toBe(0);
        expect(live.counters.buffersAdded).toBe(published);
        expect(live.counters.buffersUsed).toBe(used);
        expect(live.counters.buffersReclaimed).toBe(used);
        // The driver agrees with the device on the indices.
        expect(live.device.lastUsedIdx).toBe(live.driver.lastUsedIdx);
        expect(live.device.lastAvailIdx).toBe(used % 0x10000);
        // Each decision event agrees with its counter.
        expect(eventsOf(t, 'vp_notify')).toHaveLength(live.counters.kicks);
        expect(eventsOf(t, 'eventfd_signal').filter((e) => e.f.role === 'call')).toHaveLength(live.counters.calls);
      }),
      { numRuns: 150 },
    );
  });

  it('suppression saves notifications: with it on, fewer kicks and calls than with the what-if that never suppresses', () => {
    const on = runFlow({ packets: 64, qsize: 32, suppress: true, eventIdx: true, seed: 3 }).world.live().counters;
    const off = runFlow({ packets: 64, qsize: 32, suppress: false, eventIdx: false, seed: 3 }).world.live().counters;
    expect(on.kicks + on.calls).toBeLessThan(off.kicks + off.calls);
    expect(on.kicks).toBeLessThan(64);
  });
});
