/**
 * The guest probe against helper-proxy's QEMU 7.2 model of the function
 * (engine/qemu/virtio-pci.ts) rather than the fake: the same outcome the
 * planner predicts, for virtio-net-pci with its default vectors (2·pairs + 2)
 * and a few smaller "vectors=" values, and for virtio-balloon-pci (no MSI-X
 * in 7.2, so INTx).
 */
import { describe, expect, it } from 'vitest';
import { Arena } from '../mem/arena';
import { ActorContext, type Gen } from '../sched/actor';
import { virtioBalloonPci, virtioNetPci, type VirtioDeviceDesc } from '../qemu/virtio-devices';
import { VirtioPciProxy, virtioPciArenaSize } from '../qemu/virtio-pci';
import { msixEnabled, msixGetMessage, msixIsMasked } from '../qemu/msix';
import { virtioBalloonDriver, virtioNetDriver, virtioPciProbe, type VirtioDriverSpec } from './virtio-probe';
import { planVectors } from './vq-vectors';

function run<T>(g: Gen<T>): T {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
    if (r.value.wait) throw new Error('the probe does not block');
  }
}

/** virtio_net_config with max_virtqueue_pairs = `pairs` (offset 8), as QEMU's virtio_net_get_config fills it. */
function netConfig(pairs: number): Uint8Array {
  const c = new Uint8Array(10);
  c[8] = pairs;
  return c;
}

function probeProxy(desc: VirtioDeviceDesc, driver: VirtioDriverSpec) {
  // Any message will do for the table check: 0xfee00000 (APIC 0), data 0x40 + entry.
  const msiMessage = (entry: number) => ({ addressLo: 0xfee00000, addressHi: 0, data: 0x40 + entry });
  const arena = new Arena(new ArrayBuffer(virtioPciArenaSize(desc) + 64));
  const proxy = new VirtioPciProxy(arena, 0, desc, { deviceConfig: netConfig(desc.queues.length >> 1) });
  let next = 0x100000;
  const alloc = (bytes: number, align: number) => {
    next = Math.ceil(next / align) * align;
    const at = next;
    next += bytes;
    return at;
  };
  const r = run(virtioPciProbe(new ActorContext('vcpu0'), { pci: proxy, barLen: (b) => proxy.dev.bars[b]?.size ?? 0, hasIntx: true, alloc, driver, msiMessage }));
  return { proxy, r };
}

describe('the probe against VirtioPciProxy (QEMU 7.2 model)', () => {
  const cases: Array<[string, VirtioDeviceDesc, VirtioDriverSpec, string]> = [
    ['virtio-net-pci, default vectors (4)', virtioNetPci(), virtioNetDriver, 'per-vq'],
    ['virtio-net-pci vectors=3', virtioNetPci({ vectors: 3 }), virtioNetDriver, 'per-vq'],
    ['virtio-net-pci vectors=2', virtioNetPci({ vectors: 2 }), virtioNetDriver, 'shared'],
    ['virtio-net-pci vectors=1', virtioNetPci({ vectors: 1 }), virtioNetDriver, 'intx'],
    ['virtio-net-pci vectors=0', virtioNetPci({ vectors: 0 }), virtioNetDriver, 'intx'],
    ['virtio-net-pci queues=2, default vectors (6)', virtioNetPci({ queuePairs: 2 }), virtioNetDriver, 'per-vq'],
    ['virtio-net-pci queues=2 vectors=4', virtioNetPci({ queuePairs: 2, vectors: 4 }), virtioNetDriver, 'shared'],
    ['virtio-balloon-pci (no MSI-X)', virtioBalloonPci(), virtioBalloonDriver, 'intx'],
  ];
  it.each(cases)('%s', (_name, desc, driver, mode) => {
    const { proxy, r } = probeProxy(desc, driver);
    expect(r.err).toBe(0);
    const plan = planVectors({ queues: r.queues, msixTableSize: proxy.nvectors, hasIntx: true });
    expect(r.plan).toEqual(plan);
    expect(plan.mode).toBe(mode);
    // QEMU offers CTRL_VQ (and MQ with queues=2), so the driver asks for every queue the device has, by the same names.
    expect(r.queues.filter((q) => q.name).map((q) => q.name)).toEqual(desc.queues.map((q) => q.driverName));
    expect(proxy.configVector).toBe(plan.configVector);
    for (const q of plan.queues) {
      if (q.vq === null) continue;
      expect(proxy.queue(q.vq).vector).toBe(q.vector);
      expect(proxy.queue(q.vq).enabled).toBe(true);
    }
    expect(proxy.status).toBe(0x0f);
    // The MSI-X table as the device holds it: each requested vector carries its message, unmasked; MSI-X on iff not INTx.
    expect(proxy.nvectors > 0 && msixEnabled(proxy.dev)).toBe(plan.mode !== 'intx');
    for (const irq of plan.irqs) {
      if (irq.vector === null) continue;
      expect(msixGetMessage(proxy.dev, irq.vector)).toEqual({ address: 0xfee00000, data: 0x40 + irq.vector });
      expect(msixIsMasked(proxy.dev, irq.vector)).toBe(false);
    }
  });
});
