/**
 * One test per malformed chain: a misbehaving guest corrupts one buffer, and
 * vhost_get_vq_desc / get_indirect / handle_tx must reject it with the right
 * vq_err, consume nothing, and keep running (the session ends normally).
 */
import { describe, expect, it } from 'vitest';
import { FAULTS, NEEDS_INDIRECT, NEEDS_TWO_ENTRIES, TX_ONLY, expectedError, type Fault } from '../../linux-guest/faults';
import { eventsOf, runFlow } from '../../testing/run';

const cases: Array<{ fault: Exclude<Fault, 'none'>; indirect: boolean; dir: 'tx' | 'rx' }> = [];
for (const fault of FAULTS) {
  if (fault === 'none') continue;
  for (const dir of ['tx', 'rx'] as const) {
    if (TX_ONLY.has(fault) && dir === 'rx') continue;
    if (NEEDS_INDIRECT.has(fault)) cases.push({ fault, indirect: true, dir });
    else {
      cases.push({ fault, indirect: false, dir });
      if (fault === 'bad-addr' || fault === 'out-after-in') cases.push({ fault, indirect: true, dir });
    }
  }
}

/** The options a case needs: a header apart from the data for faults on a second entry, and an indirect-capable layout. */
function optionsFor(c: (typeof cases)[number]) {
  const twoPieces = NEEDS_TWO_ENTRIES.has(c.fault) || c.indirect;
  return {
    fault: c.fault,
    indirect: c.indirect,
    dir: c.dir,
    packets: 4,
    qsize: c.dir === 'tx' ? 32 : twoPieces ? 32 : 8,
    txhdr: twoPieces ? 'separate' : 'pushed',
    rxbuf: twoPieces ? 'big' : 'mergeable',
  };
}

describe('vhost rejects malformed chains', () => {
  it.each(cases)('$fault ($dir, indirect=$indirect)', ({ fault, indirect, dir }) => {
    const s = runFlow(optionsFor({ fault, indirect, dir }));
    const want = expectedError(fault, indirect);
    // An indirect failure is reported twice: by get_indirect, then by vhost_get_vq_desc ("Failure detected in indirect descriptor").
    const errs = eventsOf(s.trace, 'vq_err').filter((e) => e.f.kind !== 'indirect-failure');
    const corrupts = eventsOf(s.trace, 'guest_corrupt');
    expect(corrupts).toHaveLength(1);
    expect(errs.length).toBeGreaterThan(0);
    expect(errs.every((e) => e.f.kind === want)).toBe(true);
    const live = s.world.live();
    // Every vq_err call counts, the "Failure detected" follow-ups included.
    expect(live.counters.vqErrors).toBe(eventsOf(s.trace, 'vq_err').length);
    if (want.startsWith('indirect-')) expect(eventsOf(s.trace, 'vq_err').filter((e) => e.f.kind === 'indirect-failure')).toHaveLength(errs.length);
    // The corrupted buffer never comes back through the used ring.
    const used = eventsOf(s.trace, 'vhost_add_used');
    if (fault !== 'avail-idx-jump') expect(used.some((u) => u.seq > corrupts[0]!.seq && u.f.entries.some((x) => x.id === corrupts[0]!.f.desc))).toBe(false);
    // The avail index the corrupted head was published at.
    const badIdx = eventsOf(s.trace, 'virtqueue_add_avail').filter((e) => e.seq < corrupts[0]!.seq).length - 1;
    if (fault === 'avail-idx-jump') {
      // vhost cached the bad index in vq->avail_idx, so if another kick comes it walks stale slots without re-checking;
      // the guest's own get_buf check then catches a buffer it never posted, and its ring goes broken. Otherwise it stalls.
      // 6.12 caches the bad index (vq->avail_idx is stored before the check): the next head vhost takes, if any, comes
      // without a fresh read of avail->idx, and it returns the errno as -EINVAL.
      expect(errs[0]!.f.ret).toBe(-22);
      const after = s.trace.filter((e) => e.actor === 'vhost' && e.seq > errs[0]!.seq);
      const firstHead = after.findIndex((e) => e.type === 'vhost_get_avail_head');
      const firstIdx = after.findIndex((e) => e.type === 'vhost_get_avail_idx');
      if (firstHead >= 0) expect(firstIdx < 0 || firstHead < firstIdx).toBe(true);
    } else if (fault === 'unexpected-format' || fault === 'zero-len') {
      // The walk succeeded, so get_tx_bufs / get_rx_bufs leave the chain consumed: the next kick carries on past it.
      expect(live.device.lastAvailIdx).toBeGreaterThan(badIdx);
    } else {
      // A walk error leaves last_avail_idx on the bad head: the queue stalls there, as in real Linux, until a reset.
      expect(live.device.lastAvailIdx).toBe(badIdx);
      expect(live.counters.framesDelivered).toBeLessThan(4);
      // Heads accepted earlier in the same pass are still returned (batched, when the pass ends), but none after the bad one.
      expect(used.filter((u) => u.seq > errs[0]!.seq).every((u) => u.seq < errs[0]!.seq + 40)).toBe(true);
    }
    // A walk error stalls the queue for good; a format error only loses its own buffer (RX carries on into others).
    if (fault !== 'unexpected-format' && fault !== 'avail-idx-jump') expect(eventsOf(s.trace, 'scenario_done')).toHaveLength(0);
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
    expect(() => runFlow({ fault: 'nested-indirect', indirect: false })).toThrow(/needs an indirect table/);
    expect(() => runFlow({ fault: 'out-after-in' })).toThrow(/two or more pieces/);
    expect(() => runFlow({ fault: 'zero-len', dir: 'rx' })).toThrow(/transmit fault/);
  });
});
