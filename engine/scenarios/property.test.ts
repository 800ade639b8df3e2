/**
 * The invariant of the whole data path, under random interleavings and random
 * suppression settings: every buffer made available is used exactly once and
 * reclaimed exactly once, every frame arrives exactly once and intact, and no
 * needed kick or call is lost (a lost one would leave a thread asleep with
 * work pending, and the run would end without scenario_done).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventsOf, runFlow } from '../testing/run';

const optionsArb = fc.record({
  dir: fc.constantFrom('tx', 'rx'),
  packets: fc.integer({ min: 1, max: 24 }),
  size: fc.constantFrom(60, 64, 200, 1514),
  qsize: fc.constantFrom(2, 4, 8, 16),
  eventIdx: fc.boolean(),
  suppress: fc.boolean(),
  indirect: fc.boolean(),
  batch: fc.integer({ min: 1, max: 5 }),
  seed: fc.integer({ min: 0, max: 0x7fffffff }),
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
        for (const e of t) {
          if (e.type === 'virtqueue_add_avail') {
            expect(state.has(e.f.head)).toBe(false);
            state.set(e.f.head, 'avail');
            published++;
          } else if (e.type === 'vhost_add_used') {
            expect(state.get(e.f.id)).toBe('avail');
            state.set(e.f.id, 'used');
          } else if (e.type === 'virtqueue_get_buf') {
            expect(state.get(e.f.id)).toBe('used');
            state.delete(e.f.id);
          }
        }
        expect(state.size).toBe(0);
        expect(published).toBe(o.packets);

        const live = s.world.live();
        expect(live.arrivals).toEqual(Array.from({ length: o.packets }, () => 1));
        expect(live.counters.framesCorrupt).toBe(0);
        expect(live.counters.buffersAdded).toBe(o.packets);
        expect(live.counters.buffersUsed).toBe(o.packets);
        expect(live.counters.buffersReclaimed).toBe(o.packets);
        // The driver got every descriptor back and agrees with the device on the indices.
        expect(live.driver.numFree).toBe(o.qsize);
        expect(live.device.lastAvailIdx).toBe(live.driver.availIdxShadow);
        expect(live.device.lastUsedIdx).toBe(live.driver.lastUsedIdx);
        // Each decision event agrees with its counter.
        expect(eventsOf(t, 'vp_notify')).toHaveLength(live.counters.kicks);
        expect(eventsOf(t, 'vhost_signal')).toHaveLength(live.counters.calls);
      }),
      { numRuns: 150 },
    );
  });

  it('suppression saves notifications: with it on, fewer kicks and calls than buffers on a busy ring', () => {
    const on = runFlow({ packets: 64, qsize: 16, suppress: true, eventIdx: true, seed: 3 }).world.live().counters;
    const off = runFlow({ packets: 64, qsize: 16, suppress: false, eventIdx: false, seed: 3 }).world.live().counters;
    expect(on.kicks + on.calls).toBeLessThan(off.kicks + off.calls);
    expect(on.kicks).toBeLessThan(64);
  });
});
