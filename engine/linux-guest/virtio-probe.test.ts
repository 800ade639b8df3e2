/**
 * The guest probe as actor code, against a recording fake of the function
 * (engine/testing/fake-virtio-pci.ts): it must end exactly where the planner
 * (vq-vectors.ts) says for every MSI-X table size, leave the device's
 * registers in that state, and walk capabilities, status and features the
 * way Linux 6.12 does.
 */
import { describe, expect, it } from 'vitest';
import { ActorContext, type Emit, type Gen } from '../sched/actor';
import { EVENT_INFO } from '../trace/events';
import { FakeVirtioPci, FAKE_MODERN_BAR, FAKE_REGIONS, type FakeVirtioPciOptions } from '../testing/fake-virtio-pci';
import { vpHandleIrq, type VringHooks } from './virtio-pci-common';
import { bit, virtioBalloonDriver, virtioNetDriver, virtioPciProbe, VIRTIO_F, type VirtioDriverSpec, type VirtioProbeResult } from './virtio-probe';
import { planVectors, VIRTIO_MSI_NO_VECTOR } from './vq-vectors';

const NV = VIRTIO_MSI_NO_VECTOR;

/** Run actor code to the end, collecting its events (the probe never blocks). */
function drive<T>(g: Gen<T>): { value: T; events: Emit[] } {
  const events: Emit[] = [];
  for (;;) {
    const r = g.next();
    if (r.done) return { value: r.value, events };
    const b = r.value;
    if (b.wait) throw new Error('the probe does not block');
    if (!b.safe) events.push(b);
  }
}

const F = VIRTIO_F;
const bits = (...b: number[]) => b.reduce((m, x) => m | bit(x), 0n);

interface Setup {
  fake: FakeVirtioPci;
  driver: VirtioDriverSpec;
}

function netSetup(pairs: number, cvq: boolean, extra: Partial<FakeVirtioPciOptions> = {}): Setup {
  const deviceFeatures = bits(F.VIRTIO_F_VERSION_1, F.VIRTIO_RING_F_EVENT_IDX, F.VIRTIO_RING_F_INDIRECT_DESC, F.VIRTIO_NET_F_CSUM, F.VIRTIO_NET_F_MAC, F.VIRTIO_NET_F_MRG_RXBUF, F.VIRTIO_NET_F_STATUS)
    | (cvq ? bit(F.VIRTIO_NET_F_CTRL_VQ) : 0n) | (pairs > 1 ? bit(F.VIRTIO_NET_F_MQ) : 0n);
  // QEMU's virtio-net always has 2 × max pairs + 1 queues (the control queue exists whether or not it is offered).
  // virtio_net_config: mac[6], status, max_virtqueue_pairs at 8.
  const deviceConfig = new Uint8Array(10);
  deviceConfig[8] = pairs;
  const fake = new FakeVirtioPci({ deviceId: 0x1041, msixTableSize: 0, queueSizes: Array(2 * pairs + 1).fill(256), deviceFeatures, deviceConfig, ...extra });
  return { fake, driver: virtioNetDriver };
}

function balloonSetup(extra: Partial<FakeVirtioPciOptions> = {}): Setup {
  const deviceFeatures = bits(F.VIRTIO_F_VERSION_1, F.VIRTIO_BALLOON_F_STATS_VQ, F.VIRTIO_BALLOON_F_FREE_PAGE_HINT, F.VIRTIO_BALLOON_F_REPORTING);
  const fake = new FakeVirtioPci({ deviceId: 0x1045, msixTableSize: 0, queueSizes: [128, 128, 128, 128, 32], deviceFeatures, ...extra });
  return { fake, driver: virtioBalloonDriver };
}

function probe(s: Setup, hasIntx = true, rings?: VringHooks): { r: VirtioProbeResult; events: Emit[]; allocs: number[] } {
  let next = 0x100000;
  const allocs: number[] = [];
  const alloc = (bytes: number, align: number) => {
    next = Math.ceil(next / align) * align;
    const at = next;
    allocs.push(at);
    next += bytes;
    return at;
  };
  const ctx = new ActorContext('vcpu0');
  const { value, events } = drive(virtioPciProbe(ctx, { pci: s.fake, barLen: (b) => s.fake.barLen(b), hasIntx, alloc, driver: s.driver, ...(rings ? { rings } : {}) }));
  return { r: value, events, allocs };
}

const configs: Array<[string, (n: number) => Setup, number]> = [
  ['virtio-net 1 pair', (n) => netSetup(1, false, { msixTableSize: n }), 2],
  ['virtio-net 1 pair + cvq', (n) => netSetup(1, true, { msixTableSize: n }), 3],
  // (2 pairs without the control queue cannot be probed: virtnet_validate refuses MQ without CTRL_VQ; see below.)
  ['virtio-net 2 pairs + cvq', (n) => netSetup(2, true, { msixTableSize: n }), 5],
  ['virtio-balloon, five queues', (n) => balloonSetup({ msixTableSize: n }), 5],
];

describe('the actor probe agrees with the planner', () => {
  for (const [name, make, nq] of configs) {
    for (let n = 0; n <= nq + 2; n++) {
      it(`${name}, MSI-X table of ${n}`, () => {
        const s = make(n);
        const { r } = probe(s);
        const plan = planVectors({ queues: r.queues, msixTableSize: n, hasIntx: true });
        expect(r.err).toBe(0);
        expect(r.plan).toEqual(plan);
        // The device holds what the plan says: msix_config, each queue's vector, every created queue enabled, MSI-X on or off.
        expect(s.fake.configVector).toBe(plan.configVector);
        for (const q of plan.queues) {
          if (q.vq === null) continue;
          expect(s.fake.queues[q.vq]?.vector).toBe(q.vector);
          expect(s.fake.queues[q.vq]?.enable).toBe(1);
        }
        expect(s.fake.msixEnabled).toBe(plan.mode !== 'intx');
        expect(r.status).toBe(0x0f); // ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK
      });
    }
  }

  it('agrees on -EBUSY: a device that refuses vector 2 though its table has 3', () => {
    const s = netSetup(1, false, { msixTableSize: 3, vectorLimit: 2 });
    const { r, events } = probe(s);
    expect(r.plan).toEqual(planVectors({ queues: r.queues, msixTableSize: 3, hasIntx: true, deviceVectorLimit: 2 }));
    expect(r.plan.mode).toBe('shared');
    // output.0's vector 2 read back as 0xffff; vp_del_vqs then reset input.0's vector and the config vector.
    const writes = events.filter((e) => e.type === 'vp_vector_write').map((e) => e.f);
    expect(writes.slice(0, 4)).toEqual([
      { reg: 'msix_config', queue: null, vector: 0, readBack: 0 },
      { reg: 'queue_msix_vector', queue: 0, vector: 1, readBack: 1 },
      { reg: 'queue_msix_vector', queue: 1, vector: 2, readBack: NV },
      { reg: 'queue_msix_vector', queue: 0, vector: NV, readBack: NV },
    ]);
    const fallbacks = events.filter((e) => e.type === 'vp_find_vqs_fallback').map((e) => e.f);
    expect(fallbacks).toEqual([
      { failed: 'each', err: -16, errno: 'EBUSY', next: 'shared-slow' },
      { failed: 'shared-slow', err: -16, errno: 'EBUSY', next: 'shared' },
    ]);
    expect(r.vp?.irqs.map((i) => i.name)).toEqual(['virtio0-config', 'virtio0-virtqueues']);
  });

  it('virtio_net reads max_virtqueue_pairs from config space (MQ) and refuses MQ without CTRL_VQ', () => {
    const two = probe(netSetup(2, true, { msixTableSize: 6 }));
    expect(two.r.queues.map((q) => q.name)).toEqual(['input.0', 'output.0', 'input.1', 'output.1', 'control']);
    const s = netSetup(2, false, { msixTableSize: 6 });
    const bad = probe(s);
    expect(bad.r.err).toBe(-22);
    expect(bad.r.status & 0x80).toBe(0x80);
    expect(s.fake.queues.every((q) => q.enable === 0)).toBe(true);
  });

  it('gives up without MSI-X and without INTx: FAILED in the status, no queue enabled', () => {
    const s = netSetup(1, false, { msixTableSize: 0, intxPin: 0 });
    const { r } = probe(s, false);
    expect(r.err).toBe(-22);
    expect(r.plan.mode).toBe('failure');
    expect(r.status & 0x80).toBe(0x80);
    expect(s.fake.queues.every((q) => q.enable === 0)).toBe(true);
  });
});

describe('the MSI-X capability and table as the guest drives them', () => {
  it('msix_capability_init: Enable + Function Mask, every entry masked, mask cleared; request_irq unmasks its entry', () => {
    const s = netSetup(1, false, { msixTableSize: 4 });
    probe(s);
    const ctrlWrites = s.fake.log.filter((a) => a.op === 'cfg-write' && a.off === 0x98 + 2).map((a) => a.value);
    expect(ctrlWrites).toEqual([0xc003, 0x8003]); // table size 4 → QSIZE 3; ENABLE|MASKALL, then ENABLE
    const vctrl = s.fake.log.filter((a) => a.op === 'bar-write' && a.bar === 1 && a.off % 16 === 12).map((a) => [a.off >> 4, a.value]);
    // Four entries masked, then config (0), input.0 (1), output.0 (2) unmasked as their IRQs are requested; entry 3 stays masked.
    expect(vctrl).toEqual([[0, 1], [1, 1], [2, 1], [3, 1], [0, 0], [1, 0], [2, 0]]);
    expect(s.fake.msixEnabled).toBe(true);
  });

  it('a failed try disables MSI-X again before the next one (pci_free_irq_vectors)', () => {
    const s = netSetup(1, false, { msixTableSize: 3, vectorLimit: 2 });
    probe(s);
    const ctrlWrites = s.fake.log.filter((a) => a.op === 'cfg-write' && a.off === 0x98 + 2).map((a) => a.value);
    // EACH, SHARED_SLOW (both -EBUSY, each undone), then SHARED, which stays.
    expect(ctrlWrites).toEqual([0xc002, 0x8002, 0x0002, 0xc002, 0x8002, 0x0002, 0xc002, 0x8002]);
  });
});

describe('vp_modern_probe and virtio_dev_probe', () => {
  it('walks the vendor capabilities and maps common, isr, notify, device', () => {
    const { events } = probe(netSetup(1, true, { msixTableSize: 4 }));
    const caps = events.filter((e) => e.type === 'virtio_pci_cap').map((e) => e.f);
    expect(caps).toEqual([
      // common is mapped up to the end of admin_queue_num (64 bytes), isr as one byte, device as a page.
      { cfgType: 1, typeName: 'common', pos: 0x40, bar: FAKE_MODERN_BAR, offset: FAKE_REGIONS.common, length: 64 },
      { cfgType: 3, typeName: 'isr', pos: 0x50, bar: FAKE_MODERN_BAR, offset: FAKE_REGIONS.isr, length: 1 },
      { cfgType: 2, typeName: 'notify', pos: 0x70, bar: FAKE_MODERN_BAR, offset: FAKE_REGIONS.notify, length: 0x1000 },
      { cfgType: 4, typeName: 'device', pos: 0x60, bar: FAKE_MODERN_BAR, offset: FAKE_REGIONS.device, length: 0x1000 },
    ]);
    const done = events.find((e) => e.type === 'vp_modern_probe_done');
    expect(done?.f).toEqual({ notifyOffMultiplier: 4, notifyBar: 4, notifyOffset: 0x3000, notifyLength: 0x1000, deviceCfg: true });
  });

  it('steps the status: reset, ACKNOWLEDGE, DRIVER, FEATURES_OK (read back), then DRIVER_OK after the queues are enabled', () => {
    const { events } = probe(netSetup(1, false, { msixTableSize: 3 }));
    const seq = events.filter((e) => ['virtio_status', 'virtio_features_ok', 'vp_queue_enable', 'vp_get_features', 'vp_set_features'].includes(e.type)).map((e) => e.type === 'virtio_status' ? `status=${(e.f as { status: number }).status}` : e.type);
    expect(seq).toEqual(['status=0', 'status=1', 'status=3', 'vp_get_features', 'vp_set_features', 'status=11', 'virtio_features_ok', 'vp_queue_enable', 'vp_queue_enable', 'status=15']);
  });

  it('negotiates the intersection plus the transport bits the ring understands', () => {
    const s = netSetup(1, true, { msixTableSize: 3 });
    const { r } = probe(s);
    const want = bits(F.VIRTIO_F_VERSION_1, F.VIRTIO_RING_F_EVENT_IDX, F.VIRTIO_RING_F_INDIRECT_DESC, F.VIRTIO_NET_F_CSUM, F.VIRTIO_NET_F_MAC, F.VIRTIO_NET_F_MRG_RXBUF, F.VIRTIO_NET_F_STATUS, F.VIRTIO_NET_F_CTRL_VQ);
    expect(r.features).toBe(want);
    expect(s.fake.driverFeatures).toBe(want);
  });

  it('fails with -ENODEV when the device clears FEATURES_OK', () => {
    const s = netSetup(1, false, { msixTableSize: 3, acceptFeatures: () => false });
    const { r, events } = probe(s);
    expect(r.err).toBe(-19);
    expect(events.find((e) => e.type === 'virtio_features_ok')?.f).toEqual({ status: 3, ok: false });
    expect(r.status).toBe(0x83);
  });

  it('writes the allocator\'s ring addresses and the notify address (offset + queue_notify_off × 4)', () => {
    const s = netSetup(1, false, { msixTableSize: 3 });
    const { events, allocs } = probe(s);
    const setups = events.filter((e) => e.type === 'vp_setup_vq').map((e) => e.f as { queue: number; desc: number; avail: number; used: number; notifyAddr: number; num: number });
    expect(setups.map((x) => x.desc)).toEqual(allocs);
    for (const x of setups) {
      const q = s.fake.queues[x.queue];
      expect([q?.desc, q?.avail, q?.used]).toEqual([BigInt(x.desc), BigInt(x.avail), BigInt(x.used)]);
      expect(x.avail).toBe(x.desc + 16 * x.num);
      expect(x.used % 64).toBe(0);
      expect(x.notifyAddr).toBe(FAKE_REGIONS.notify + 4 * x.queue);
    }
  });

  it('makes the same register accesses with and without tracing (free-run sees the same device)', () => {
    for (const n of [0, 2, 3]) {
      const a = netSetup(1, true, { msixTableSize: n });
      const b = netSetup(1, true, { msixTableSize: n });
      drive(virtioPciProbe(new ActorContext('vcpu0', true), { pci: a.fake, barLen: (x) => a.fake.barLen(x), hasIntx: true, alloc: () => 0x100000, driver: a.driver }));
      drive(virtioPciProbe(new ActorContext('vcpu0', false), { pci: b.fake, barLen: (x) => b.fake.barLen(x), hasIntx: true, alloc: () => 0x100000, driver: b.driver }));
      expect(b.fake.log).toEqual(a.fake.log);
    }
  });

  it('emits every call-beat with its function innermost on the stack', () => {
    const events = [
      ...probe(balloonSetup({ msixTableSize: 2 })).events,
      ...probe(netSetup(2, true, { msixTableSize: 0 })).events,
      ...probe(netSetup(1, false, { msixTableSize: 3, vectorLimit: 2 })).events,
      ...probe(netSetup(1, true, { msixTableSize: 6 })).events,
    ];
    expect(new Set(events.map((e) => e.type))).toEqual(
      new Set(['virtio_pci_cap', 'vp_modern_probe_done', 'virtio_status', 'vp_get_features', 'vp_set_features', 'virtio_features_ok', 'pci_alloc_irq_vectors', 'request_irq', 'vp_vector_write', 'vp_setup_vq', 'vp_find_vqs_fallback', 'vp_del_vqs', 'vp_queue_enable']),
    );
    for (const e of events) {
      const fn = (EVENT_INFO[e.type] as { fn?: string }).fn;
      if (fn) expect([e.type, e.stack.at(-1)]).toEqual([e.type, fn]);
    }
  });
});

describe('the interrupt handlers', () => {
  const ringsWith = (more: Set<number>, calls: string[]): VringHooks => ({
    moreUsed: (i) => more.has(i),
    *callback(_ctx, _i, name) {
      calls.push(name);
    },
  });

  it('INTx: vp_interrupt reads (and clears) the ISR, config bit first, then every queue newest first', () => {
    const calls: string[] = [];
    const s = netSetup(1, true, { msixTableSize: 0 });
    const { r } = probe(s, true, ringsWith(new Set([0, 1]), calls));
    const vp = r.vp!;
    const ctx = new ActorContext('vcpu0');
    expect(drive(vpHandleIrq(ctx, vp, null)).value).toBe('IRQ_NONE'); // ISR 0: not us
    s.fake.raiseIsr(0x3);
    const { value, events } = drive(vpHandleIrq(ctx, vp, null));
    expect(value).toBe('IRQ_HANDLED');
    expect(s.fake.isr).toBe(0);
    expect(events.map((e) => e.type)).toEqual(['vp_interrupt_isr', 'vp_config_changed', 'vring_interrupt_pci', 'vring_interrupt_pci']);
    // list_add puts each queue at the head: output.0 is walked before input.0; control has no callback, so is not on the list.
    expect(calls).toEqual(['output.0', 'input.0']);
    expect(events[0]?.stack.slice(0, 4)).toEqual(['common_interrupt', 'handle_fasteoi_irq', '__handle_irq_event_percpu', 'vp_interrupt']);
  });

  it('per-vq MSI-X: the queue\'s vector reaches vring_interrupt directly; IRQ_NONE without used entries', () => {
    const calls: string[] = [];
    const more = new Set([1]);
    const { r } = probe(netSetup(1, false, { msixTableSize: 3 }), true, ringsWith(more, calls));
    const ctx = new ActorContext('vcpu0');
    const out = drive(vpHandleIrq(ctx, r.vp!, 2));
    expect(out.value).toBe('IRQ_HANDLED');
    expect(out.events[0]?.stack).toEqual(['common_interrupt', 'handle_edge_irq', '__handle_irq_event_percpu', 'vring_interrupt']);
    expect(out.events[0]?.f).toEqual({ queue: 1, name: 'output.0', more: true, via: 'vring_interrupt' });
    expect(drive(vpHandleIrq(ctx, r.vp!, 1)).value).toBe('IRQ_NONE');
    expect(calls).toEqual(['output.0']);
  });

  it('shared MSI-X: vector 1 runs vp_vring_interrupt over the queues, vector 0 vp_config_changed', () => {
    const calls: string[] = [];
    const { r } = probe(balloonSetup({ msixTableSize: 2 }), true, ringsWith(new Set([0, 4]), calls));
    const ctx = new ActorContext('vcpu0');
    const shared = drive(vpHandleIrq(ctx, r.vp!, 1));
    expect(shared.value).toBe('IRQ_HANDLED');
    // inflate, deflate, stats, reporting_vq are on the list (free_page_vq has no callback); newest first.
    expect(shared.events.map((e) => (e.f as { name: string }).name)).toEqual(['reporting_vq', 'stats', 'deflate', 'inflate']);
    expect(calls).toEqual(['reporting_vq', 'inflate']);
    const cfg = drive(vpHandleIrq(ctx, r.vp!, 0));
    expect(cfg.events.map((e) => e.type)).toEqual(['vp_config_changed']);
  });
});
