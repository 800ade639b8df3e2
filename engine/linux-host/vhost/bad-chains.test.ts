/**
 * One test per malformed chain: a misbehaving guest corrupts one buffer, and
 * vhost_get_vq_desc / get_indirect / handle_tx must reject it with the right
 * vq_err, consume nothing, and keep running (the session ends normally).
 */
import { describe, expect, it } from 'vitest';
import { FAULTS, NEEDS_INDIRECT, expectedError, type Fault } from '../../linux-guest/faults';
import { eventsOf, runFlow } from '../../testing/run';

const cases: Array<{ fault: Exclude<Fault, 'none'>; indirect: boolean; dir: 'tx' | 'rx' }> = [];
for (const fault of FAULTS) {
  if (fault === 'none') continue;
  for (const dir of ['tx', 'rx'] as const) {
    if (NEEDS_INDIRECT.has(fault)) cases.push({ fault, indirect: true, dir });
    else {
      cases.push({ fault, indirect: false, dir });
      if (fault === 'bad-addr' || fault === 'out-after-in') cases.push({ fault, indirect: true, dir });
    }
  }
}

describe('vhost rejects malformed chains', () => {
  it.each(cases)('$fault ($dir, indirect=$indirect)', ({ fault, indirect, dir }) => {
    const s = runFlow({ fault, indirect, dir, packets: 4, qsize: 8 });
    const want = expectedError(fault, indirect);
    const errs = eventsOf(s.trace, 'vq_err');
    const corrupts = eventsOf(s.trace, 'guest_corrupt');
    expect(corrupts).toHaveLength(1);
    expect(errs.length).toBeGreaterThan(0);
    expect(errs.every((e) => e.f.kind === want)).toBe(true);
    const live = s.world.live();
    expect(live.counters.vqErrors).toBe(errs.length);
    // The corrupted buffer never comes back through the used ring.
    const used = eventsOf(s.trace, 'vhost_add_used');
    if (fault !== 'avail-idx-jump') expect(used.some((u) => u.seq > corrupts[0]!.seq && u.f.id === corrupts[0]!.f.desc)).toBe(false);
    // Every walk error stalls the queue (last_avail_idx stays on the bad head). A chain whose walk succeeded but whose
    // shape is wrong for the direction is different: get_tx_bufs / get_rx_bufs leave it consumed, so later buffers may still flow.
    const usedAfterErr = used.some((u) => u.seq > errs[0]!.seq);
    if (fault === 'avail-idx-jump') {
      // vhost cached the bad index in vq->avail_idx, so if another kick comes it walks stale slots without re-checking;
      // the guest's own get_buf check then catches a buffer it never posted, and its ring goes broken. Otherwise it stalls.
      expect(!usedAfterErr || eventsOf(s.trace, 'vring_bad_ring').length > 0).toBe(true);
    } else {
      if (fault !== 'unexpected-format') expect(usedAfterErr).toBe(false);
      expect(live.counters.buffersUsed).toBeLessThan(4);
    }
    expect(eventsOf(s.trace, 'scenario_done')).toHaveLength(0);
    // The vq_err came after the corruption was written.
    expect(errs[0]!.seq).toBeGreaterThan(corrupts[0]!.seq);
    // And the first error message reads like the kernel's.
    expect(errs[0]!.f.message.length).toBeGreaterThan(10);
  });

  it('a clean run has no errors and no corruption', () => {
    const s = runFlow({ packets: 4 });
    expect(eventsOf(s.trace, 'vq_err')).toHaveLength(0);
    expect(eventsOf(s.trace, 'scenario_done')).toHaveLength(1);
  });

  it('refuses fault options that need an indirect table without one', () => {
    expect(() => runFlow({ fault: 'nested-indirect', indirect: false })).toThrow(/needs indirect=on/);
  });
});
