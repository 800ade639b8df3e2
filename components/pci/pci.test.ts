import { describe, expect, it } from 'vitest';
import { msiDecode } from '@/engine/abi/msi';
import { SCENARIO_IDS, createWorld } from '@/engine/scenarios/registry';
import type { PciInfo, PciLive, Snapshot } from '@/engine/scenarios/world';
import { runScenario } from '@/engine/testing/run';
import { kindOfScenario } from '../walkthrough/scenario-kind';
import { statusNames } from './config-space';
import { fallbackLadder } from './fallback-ladder';
import { msixRows, touchedEntry } from './msix-rows';
import { decodePciFrame } from './pci-frame';
import { procInterruptsAt } from './proc-interrupts';
import { hopAt, routeChains } from './route-hops';

function run(options: Record<string, unknown>) {
  const s = runScenario('msix-vectors', options);
  const info = s.world.info;
  if (info.kind !== 'pci') throw new Error('msix-vectors built a non-PCI world');
  const at = (n: number) => {
    s.seek(n);
    const snap = s.snapshot() as Snapshot<PciLive>;
    return decodePciFrame(info as PciInfo, s.trace, snap, s.world.arena.u8);
  };
  return { s, info: info as PciInfo, trace: s.trace, at };
}

describe('/proc/interrupts from the trace prefix', () => {
  it('a vector per queue: config, input.0 and output.0 on their entries, each counted once', () => {
    const r = run({});
    const lines = procInterruptsAt(r.trace, r.trace.length, r.info);
    expect(lines.map((l) => [l.name, l.chip, l.hwirq, l.count])).toEqual([
      ['virtio0-config', 'PCI-MSIX-0000:00:03.0', '0-edge', 1],
      ['virtio0-input.0', 'PCI-MSIX-0000:00:03.0', '1-edge', 1],
      ['virtio0-output.0', 'PCI-MSIX-0000:00:03.0', '2-edge', 1],
    ]);
    expect(procInterruptsAt(r.trace, 0, r.info)).toEqual([]);
  });

  it('two vectors: config and virtio0-virtqueues, the failed tries leave nothing behind', () => {
    const r = run({ vectors: 2 });
    const lines = procInterruptsAt(r.trace, r.trace.length, r.info);
    expect(lines.map((l) => l.name)).toEqual(['virtio0-config', 'virtio0-virtqueues']);
    // Both queues' calls were coalesced into one LAPIC vector: one interrupt taken.
    expect(lines.find((l) => l.name === 'virtio0-virtqueues')!.count).toBe(1);
  });

  it('INTx: one virtio0 line on the IO-APIC, counting every interrupt', () => {
    const r = run({ irq: 'intx' });
    const lines = procInterruptsAt(r.trace, r.trace.length, r.info);
    const entries = r.trace.filter((e) => e.type === 'guest_irq_entry').length;
    expect(lines).toEqual([expect.objectContaining({ name: 'virtio0', chip: 'IO-APIC', irq: r.info.lapic.intxGsi, count: entries })]);
  });

  it('counts only what happened before the step', () => {
    const r = run({});
    const firstEntry = r.trace.findIndex((e) => e.type === 'guest_irq_entry');
    expect(procInterruptsAt(r.trace, firstEntry, r.info).every((l) => l.count === 0)).toBe(true);
    expect(procInterruptsAt(r.trace, firstEntry + 1, r.info).reduce((n, l) => n + l.count, 0)).toBe(1);
  });
});

describe('the vector fallback ladder', () => {
  it('lands on the rung the table size allows', () => {
    const states = (o: Record<string, unknown>) => {
      const r = run(o);
      return fallbackLadder(r.trace, r.trace.length).map((x) => `${x.policy}:${x.state}${x.errno ? `:${x.errno}` : ''}`);
    };
    expect(states({})).toEqual(['each:ok', 'shared-slow:untried', 'shared:untried', 'intx:untried']);
    expect(states({ vectors: 2 })).toEqual(['each:failed:ENOSPC', 'shared-slow:failed:ENOSPC', 'shared:ok', 'intx:untried']);
    expect(states({ irq: 'intx' })).toEqual(['each:failed:EINVAL', 'shared-slow:failed:EINVAL', 'shared:failed:EINVAL', 'intx:ok']);
  });
});

describe('MSI-X rows', () => {
  it('decode the live bytes as the engine reads them, with their users', () => {
    const r = run({});
    const f = r.at(r.trace.length);
    const live = f.snapshot.msix!;
    expect(f.msix).toHaveLength(live.entries.length);
    f.msix.forEach((row, i) => {
      const e = live.entries[i]!;
      expect([row.addressLo, row.addressHi, row.data, row.masked, row.pending]).toEqual([e.addressLo, e.addressHi, e.data, e.masked, e.pending]);
      expect(row.vector).toBe(msiDecode(e).vector);
    });
    expect(f.msix.map((x) => x.users)).toEqual([['config'], ['input.0'], ['output.0'], []]);
    expect(f.msix[1]!.vector).toBe(r.info.lapic.msixVectorBase + 1);
  });

  it('show the masked entry while the guest holds it masked, and light the entry each beat concerns', () => {
    const r = run({ mask: 1 });
    const maskAt = r.trace.findIndex((e) => e.type === 'guest_msix_mask' && e.f.mask);
    const unmaskAt = r.trace.findIndex((e) => e.type === 'guest_msix_mask' && !e.f.mask);
    expect(maskAt).toBeGreaterThan(0);
    // The Vector Control writes of entry 1 after the guest's mask and unmask: the row follows each, from the bytes.
    const ctrlWrite = (from: number) => from + r.trace.slice(from).findIndex((e) => e.type === 'msix_table_write' && e.f.entry === 1 && e.f.field === 'vector_ctrl');
    expect(r.at(ctrlWrite(maskAt) + 1).msix[1]!.masked).toBe(true);
    expect(r.at(ctrlWrite(unmaskAt) + 1).msix[1]!.masked).toBe(false);
    expect(r.at(ctrlWrite(maskAt) + 1).touch.entry).toBe(1);
    expect(touchedEntry(r.trace[maskAt]!, r.info)).toBe(1);
    for (let n = 0; n < r.trace.length; n++) {
      const e = r.trace[n]!;
      if (e.type === 'msix_table_write') expect(touchedEntry(e, r.info)).toBe(e.f.entry);
    }
  });

  it('reads the same through the frame as straight from the arena', () => {
    const r = run({ vectors: 2 });
    const f = r.at(r.trace.length);
    expect(msixRows(r.info, f.snapshot, r.s.world.arena.u8)).toEqual(f.msix);
  });
});

describe('interrupt routes', () => {
  it('a queue interrupt walks callfd → irqfd → route → MSI → LAPIC → handler, hop by hop', () => {
    const r = run({});
    const stim = r.trace.findIndex((e) => e.type === 'vhost_signal_call' && e.f.queue === 0);
    const hops: string[] = [];
    for (let n = stim + 1; n <= r.trace.length; n++) {
      const f = r.at(n);
      if (f.hop?.key === 'msix-1' && hops[hops.length - 1] !== f.hop.hop) hops.push(f.hop.hop);
    }
    expect(hops).toEqual(['callfd', 'irqfd', 'msi', 'lapic', 'handler']);
    const chain = r.at(r.trace.length).chains.find((c) => c.key === 'msix-1')!;
    expect(chain.hops.map((h) => h.id)).toEqual(['callfd', 'irqfd', 'route', 'msi', 'lapic', 'handler']);
    expect(chain.hops.every((h) => h.value !== null)).toBe(true);
    expect(chain.hops.find((h) => h.id === 'handler')!.value).toContain('virtio0-input.0');
  });

  it('the config interrupt is raised by QEMU itself', () => {
    const r = run({});
    const f = r.at(r.trace.length);
    const chain = f.chains.find((c) => c.key === 'msix-0')!;
    expect(chain.hops.map((h) => h.id)).toEqual(['device', 'msi', 'lapic', 'handler']);
    const link = r.trace.findIndex((e) => e.type === 'qmp_set_link');
    expect(hopAt(r.trace[link]!, f.chains)).toEqual({ key: 'msix-0', hop: 'device', held: null });
  });

  it('INTx goes through the main loop, virtio_irq, the ISR and the IOAPIC', () => {
    const r = run({ irq: 'intx' });
    const f = r.at(r.trace.length);
    expect(f.chains.map((c) => c.key)).toEqual(['intx']);
    expect(f.chains[0]!.hops.map((h) => h.id)).toEqual(['notifier', 'mainloop', 'virtio_irq', 'isr', 'intx', 'lapic', 'handler']);
    const seen = new Set<string>();
    for (let n = 1; n <= r.trace.length; n++) {
      const h = hopAt(r.trace[n - 1]!, f.chains);
      if (h) seen.add(h.hop);
    }
    expect([...seen].sort()).toEqual(['handler', 'intx', 'isr', 'lapic', 'mainloop', 'notifier', 'virtio_irq']);
  });

  it('a masked entry holds the call in vhost’s masked notifier', () => {
    const r = run({ mask: 1 });
    const stim = r.trace.findIndex((e) => e.type === 'vhost_signal_call' && e.f.to === 'masked-notifier');
    expect(r.at(stim + 1).hop).toEqual({ key: 'msix-1', hop: 'callfd', held: 'masked-notifier' });
  });

  it('no chain before the driver asked for vectors', () => {
    const r = run({});
    const f = r.at(10);
    expect(routeChains(r.info, f.snapshot, f.msix, r.trace, 10)).toEqual([]);
  });
});

describe('device status', () => {
  it('decodes the bits the driver set', () => {
    expect(statusNames(15)).toEqual(['ACKNOWLEDGE', 'DRIVER', 'FEATURES_OK', 'DRIVER_OK']);
    expect(statusNames(0)).toEqual([]);
  });
});

describe('scenario kinds', () => {
  it('every registered scenario builds the kind the page expects from its id', () => {
    for (const id of SCENARIO_IDS) {
      const built = createWorld(id, {}, false);
      if (!built.ok) throw new Error(built.error);
      expect({ id, kind: built.world.info.kind }).toEqual({ id, kind: kindOfScenario(id) });
    }
  });
});
