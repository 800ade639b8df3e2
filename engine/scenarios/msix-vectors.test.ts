/**
 * The MSI-X vectors walkthrough: for every device and every table size the
 * run's outcome (which vectors, which IRQ names, which handlers) is what
 * Linux 6.12's vp_find_vqs decides (the pure planner, itself checked against
 * the source in vq-vectors.test.ts); QEMU routes each vector in use through
 * KVM; every interrupt reaches the handler registered for its vector; and a
 * masked entry holds its event (the PBA for QEMU's own notify, vhost's masked
 * notifier for a call) until the guest unmasks it.
 */
import { describe, expect, it } from 'vitest';
import { balloonQueues, planVectors, virtnetQueues, type VqInfo } from '../linux-guest/vq-vectors';
import { eventsOf, runScenario } from '../testing/run';
import type { TraceEvent } from '../trace/events';
import { checkScenario } from './registry';
import type { PciLive } from './world';

const run = (o: Record<string, unknown>) => runScenario('msix-vectors', o);

/** The IRQs the guest holds at the end: request_irq events after the last vp_del_vqs. */
function finalIrqs(t: readonly TraceEvent[]): Array<{ vector: number | null; name: string; handler: string }> {
  let from = 0;
  t.forEach((e, i) => {
    if (e.type === 'vp_del_vqs') from = i;
  });
  return eventsOf(t.slice(from), 'request_irq').map((e) => ({ vector: e.f.vector, name: e.f.name, handler: e.f.handler }));
}

const DEVICES: Array<{ name: string; options: Record<string, unknown>; queues: VqInfo[]; table: number }> = [
  { name: 'virtio-net, 1 pair + control queue', options: { device: 'net', queues: 1 }, queues: virtnetQueues(1, true), table: 4 },
  { name: 'virtio-net, 1 pair, no control queue', options: { device: 'net', queues: 1, ctrl: false }, queues: virtnetQueues(1, false), table: 4 },
  { name: 'virtio-net, 2 pairs + control queue', options: { device: 'net', queues: 2 }, queues: virtnetQueues(2, true), table: 6 },
  { name: 'virtio-balloon, 5 queues (a table QEMU 7.2 does not give it)', options: { device: 'balloon' }, queues: balloonQueues({ stats: true, freePageHint: true, reporting: true }), table: 0 },
];

describe('msix-vectors: the allocation Linux makes for each table size', () => {
  for (const d of DEVICES) {
    const max = d.queues.length + 2;
    it(`${d.name}: vectors = 0..${max} and QEMU's default`, () => {
      for (const n of [...Array.from({ length: max + 1 }, (_, i) => i), -1]) {
        const s = run({ ...d.options, vectors: n });
        const table = n < 0 ? d.table : n;
        const plan = planVectors({ queues: d.queues, msixTableSize: table, hasIntx: true });
        const irqs = finalIrqs(s.trace);
        expect(irqs.map((i) => i.name), `${d.name} vectors=${n}`).toEqual(plan.irqs.map((i) => i.name));
        expect(irqs.map((i) => i.handler)).toEqual(plan.irqs.map((i) => i.handler));
        const live = s.snapshot() as PciLive;
        expect(live.status).toBe(0x0f);
        // The device's registers hold what the guest asked for: the config vector and each queue's vector.
        expect(live.configVector).toBe(plan.configVector);
        for (const q of plan.queues) if (q.vq !== null) expect(live.queues[q.vq]!.vector, `${q.name}`).toBe(q.vector);
        // MSI-X is on in the function exactly when the guest did not end on INTx.
        expect(live.msix?.enabled ?? false).toBe(plan.mode !== 'intx');
      }
    });
  }

  it('pci=nomsi ends on INTx whatever the table, with the single "virtio0" IRQ and vp_interrupt', () => {
    const s = run({ irq: 'intx' });
    expect(finalIrqs(s.trace)).toEqual([{ vector: null, name: 'virtio0', handler: 'vp_interrupt' }]);
    expect(eventsOf(s.trace, 'pci_alloc_irq_vectors').every((e) => e.f.result === -22)).toBe(true);
  });
});

describe('msix-vectors: routes and delivery', () => {
  it('KVM gets one GSI route per vector a queue uses and an irqfd per queue; each call lands on its queue\'s vector', () => {
    const s = run({ queues: 2 });
    const live = s.snapshot() as PciLive;
    // 2 pairs, default 6 vectors: config 0, queues 1..4 (the control queue has no callback, so no vector).
    expect(live.routes.map((r) => r.data & 0xff)).toEqual([0x23, 0x24, 0x25, 0x26]);
    expect(eventsOf(s.trace, 'kvm_irqfd_assign').map((e) => e.f.ret)).toEqual([0, 0, 0, 0]);
    const handled = eventsOf(s.trace, 'vring_interrupt_pci').map((e) => e.f.queue).sort();
    expect(handled).toEqual([0, 1, 2, 3]);
    for (const e of eventsOf(s.trace, 'guest_irq_entry')) expect(e.f.vector).toBe(0x22 + (e.f.entry ?? 0));
    expect(live.irr).toEqual([]);
  });

  it('with one shared vector the calls coalesce or not, but every queue is looked at by vp_vring_interrupt', () => {
    const s = run({ vectors: 2 });
    expect(eventsOf(s.trace, 'vring_interrupt_pci').every((e) => e.f.via === 'vp_vring_interrupt')).toBe(true);
    expect(new Set(eventsOf(s.trace, 'vring_interrupt_pci').map((e) => e.f.queue))).toEqual(new Set([0, 1]));
  });

  it('mask the config entry: QEMU\'s msix_notify sets the PBA bit; the unmask delivers it and clears the bit', () => {
    const s = run({ mask: 0 });
    const t = s.trace;
    const pend = t.findIndex((e) => e.type === 'msix_set_pending');
    expect(pend).toBeGreaterThan(0);
    const unmask = t.findIndex((e) => e.type === 'guest_msix_mask' && !e.f.mask);
    expect(unmask).toBeGreaterThan(pend);
    // Between the notify and the unmask, the PBA shows entry 0 pending and the guest has not taken vector 0x22.
    s.seek(unmask);
    expect((s.snapshot() as PciLive).msix!.entries[0]).toMatchObject({ masked: true, pending: true });
    expect(eventsOf(t.slice(0, unmask), 'guest_irq_entry').some((e) => e.f.vector === 0x22)).toBe(false);
    s.seek(s.length);
    expect((s.snapshot() as PciLive).msix!.entries[0]).toMatchObject({ masked: false, pending: false });
    expect(eventsOf(t.slice(unmask), 'guest_irq_entry').map((e) => e.f.vector)).toContain(0x22);
  });

  it('mask a queue entry: vhost\'s call goes to the masked notifier (no PBA bit), and the unmask replays it through the irqfd', () => {
    const s = run({ mask: 1 });
    const t = s.trace;
    expect(eventsOf(t, 'vhost_signal_call').find((e) => e.f.queue === 0)!.f.to).toBe('masked-notifier');
    expect(eventsOf(t, 'msix_set_pending')).toEqual([]);
    const unmask = t.findIndex((e) => e.type === 'guest_msix_mask' && !e.f.mask);
    const replay = t.findIndex((e, i) => i > unmask && e.type === 'eventfd_write' && e.f.role === 'call');
    expect(replay).toBeGreaterThan(unmask);
    expect(t[replay]!.stack).toContain('virtio_pci_vq_vector_unmask');
    expect(eventsOf(t.slice(replay), 'vring_interrupt_pci').map((e) => e.f.queue)).toContain(0);
  });

  it('refuses option sets that do not make sense, saying why', () => {
    expect(checkScenario('msix-vectors', { irq: 'intx', mask: 1 }, 'step')).toMatchObject({ ok: false, error: expect.stringMatching(/nomsi/) });
    expect(checkScenario('msix-vectors', { vectors: 3, mask: 3 }, 'step')).toMatchObject({ ok: false });
    expect(checkScenario('msix-vectors', { queues: 2, ctrl: false }, 'step')).toMatchObject({ ok: false, error: expect.stringMatching(/control queue/) });
    expect(checkScenario('msix-vectors', {}, 'free')).toMatchObject({ ok: false, error: expect.stringMatching(/step mode only/) });
  });
});
