/**
 * The virtio-pci proxy against QEMU 7.2's hw/virtio/virtio-pci.c: the config
 * space virtio_pci_device_plugged builds, every common-config register at its
 * real offset, feature negotiation, vectors, status, ISR, notify and the
 * legacy I/O port.
 */
import { describe, expect, it } from 'vitest';
import { PCI_CAP_ID_MSIX, PCI_CAP_ID_VNDR, PCI_COMMAND, PCI_COMMAND_MASTER } from '../abi/pci';
import {
  VIRTIO_MSI_CONFIG_VECTOR,
  VIRTIO_MSI_NO_VECTOR,
  VIRTIO_PCI_CAP_BAR,
  VIRTIO_PCI_CAP_CFG_TYPE,
  VIRTIO_PCI_CAP_LENGTH,
  VIRTIO_PCI_CAP_OFFSET,
  VIRTIO_PCI_COMMON_CFGGENERATION,
  VIRTIO_PCI_COMMON_DF,
  VIRTIO_PCI_COMMON_DFSELECT,
  VIRTIO_PCI_COMMON_GF,
  VIRTIO_PCI_COMMON_GFSELECT,
  VIRTIO_PCI_COMMON_MSIX,
  VIRTIO_PCI_COMMON_NUMQ,
  VIRTIO_PCI_COMMON_Q_AVAILHI,
  VIRTIO_PCI_COMMON_Q_AVAILLO,
  VIRTIO_PCI_COMMON_Q_DESCHI,
  VIRTIO_PCI_COMMON_Q_DESCLO,
  VIRTIO_PCI_COMMON_Q_ENABLE,
  VIRTIO_PCI_COMMON_Q_MSIX,
  VIRTIO_PCI_COMMON_Q_NOFF,
  VIRTIO_PCI_COMMON_Q_SELECT,
  VIRTIO_PCI_COMMON_Q_SIZE,
  VIRTIO_PCI_COMMON_Q_USEDHI,
  VIRTIO_PCI_COMMON_Q_USEDLO,
  VIRTIO_PCI_COMMON_STATUS,
  VIRTIO_PCI_ISR,
  VIRTIO_PCI_NOTIFY_CAP_MULT,
  VIRTIO_PCI_STATUS,
} from '../abi/virtio-pci';
import { Arena, allocBacking } from '../mem/arena';
import { ActorContext, type Beat, type Emit, type Gen } from '../sched/actor';
import { msixEntryUsed } from './msix';
import type { AccessSize } from './pci-access';
import { pciCapabilityList } from './pci-device';
import { virtioBalloonPci, virtioNetPci, type VirtioDeviceDesc } from './virtio-devices';
import { VIRTIO_PCI_MODERN_MEM_BAR as BAR4, VirtioPciProxy, virtioPciArenaSize, type VirtioPciOptions } from './virtio-pci';

/** Run a generator to completion, collecting its trace events. */
function run<T>(g: Gen<T>, events: Emit[] = []): T {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
    const b: Beat = r.value;
    if (!b.wait && !b.safe) events.push(b);
  }
}

function make(desc: VirtioDeviceDesc, opts: VirtioPciOptions = {}) {
  const arena = new Arena(allocBacking(virtioPciArenaSize(desc) + 64, false));
  const p = new VirtioPciProxy(arena, 0, desc, opts);
  const ctx = new ActorContext('vcpu0');
  const rd = (off: number, size: AccessSize = 4, ev: Emit[] = []) => run(p.barRead(ctx, BAR4, off, size), ev);
  const wr = (off: number, v: number, size: AccessSize = 4, ev: Emit[] = []) => run(p.barWrite(ctx, BAR4, off, v, size), ev);
  return { p, ctx, arena, rd, wr };
}

describe('config space (virtio_pci_device_plugged)', () => {
  it('virtio-net vectors=3: the capability walk meets MSI-X first, then PCI_CFG, notify, device, ISR, common', () => {
    const { p } = make(virtioNetPci({ vectors: 3 }));
    const caps = pciCapabilityList(p.dev);
    expect(caps).toEqual([
      { offset: 0x98, id: PCI_CAP_ID_MSIX },
      { offset: 0x84, id: PCI_CAP_ID_VNDR },
      { offset: 0x70, id: PCI_CAP_ID_VNDR },
      { offset: 0x60, id: PCI_CAP_ID_VNDR },
      { offset: 0x50, id: PCI_CAP_ID_VNDR },
      { offset: 0x40, id: PCI_CAP_ID_VNDR },
    ]);
    const d = p.dev;
    const vnd = (o: number) => [d.cfg8(o + VIRTIO_PCI_CAP_CFG_TYPE), d.cfg8(o + VIRTIO_PCI_CAP_BAR), d.cfg32(o + VIRTIO_PCI_CAP_OFFSET), d.cfg32(o + VIRTIO_PCI_CAP_LENGTH)];
    expect(vnd(0x40)).toEqual([1, 4, 0x0, 0x1000]);
    expect(vnd(0x50)).toEqual([3, 4, 0x1000, 0x1000]);
    expect(vnd(0x60)).toEqual([4, 4, 0x2000, 0x1000]);
    expect(vnd(0x70)).toEqual([2, 4, 0x3000, 0x1000]);
    expect(d.cfg32(0x70 + VIRTIO_PCI_NOTIFY_CAP_MULT)).toBe(4);
    expect(d.cfg8(0x84 + VIRTIO_PCI_CAP_CFG_TYPE)).toBe(5);
    // MSI-X: table size N-1, table and PBA in BAR 1.
    expect(d.cfg16(0x98 + 2) & 0x7ff).toBe(2);
    expect(d.cfg32(0x98 + 4)).toBe(0x0 | 1);
    expect(d.cfg32(0x98 + 8)).toBe(0x800 | 1);
    expect(p.nvectors).toBe(3);
    // BARs: 0 legacy I/O 32 bytes (24 + config_len 8), 1 MSI-X 4 KiB, 4 64-bit prefetchable 16 KiB.
    expect(d.bars[0]!.size).toBe(32);
    expect(d.bars[1]!.size).toBe(4096);
    expect(d.bars[4]!.size).toBe(0x4000);
    expect(d.cfg32(0x20) & 0xf).toBe(0xc);
    expect(d.cfg16(0)).toBe(0x1af4);
    expect(d.cfg16(2)).toBe(0x1000);
    expect(d.cfg16(0x2e)).toBe(1); // subsystem id = VIRTIO_ID_NET on a transitional device
  });

  it('vectors=0: no MSI-X capability and no BAR 1; the list starts at PCI_CFG', () => {
    const { p } = make(virtioNetPci({ vectors: 0 }));
    expect(pciCapabilityList(p.dev).map((c) => c.offset)).toEqual([0x84, 0x70, 0x60, 0x50, 0x40]);
    expect(p.dev.bars[1]).toBeNull();
    expect(p.nvectors).toBe(0);
  });

  it('a modern-only device (disable-legacy=on) has id 0x1041, revision 1 and no I/O BAR', () => {
    const { p } = make(virtioNetPci(), { transitional: false });
    expect(p.dev.cfg16(2)).toBe(0x1041);
    expect(p.dev.cfg8(8)).toBe(1);
    expect(p.dev.bars[0]).toBeNull();
  });

  it('virtio-balloon-pci has no MSI-X at all (no "vectors" property in 7.2)', () => {
    const { p, rd, wr } = make(virtioBalloonPci());
    expect(pciCapabilityList(p.dev).some((c) => c.id === PCI_CAP_ID_MSIX)).toBe(false);
    expect(rd(VIRTIO_PCI_COMMON_NUMQ, 2)).toBe(5);
    wr(VIRTIO_PCI_COMMON_Q_MSIX, 0, 2);
    expect(rd(VIRTIO_PCI_COMMON_Q_MSIX, 2)).toBe(VIRTIO_MSI_NO_VECTOR);
    expect(p.dev.cfg16(0xa)).toBe(0x00ff);
  });
});

describe('the VIRTIO_PCI_CAP_PCI_CFG window (virtio_read_config / virtio_write_config)', () => {
  it('reaches the common config through config space: cap.offset/length select the register, pci_cfg_data carries it', () => {
    const { p, ctx, rd } = make(virtioNetPci());
    const cap = p.configCap;
    expect(cap).toBe(0x84);
    run(p.configWrite(ctx, cap + VIRTIO_PCI_CAP_OFFSET, VIRTIO_PCI_COMMON_STATUS, 4));
    run(p.configWrite(ctx, cap + VIRTIO_PCI_CAP_LENGTH, 1, 4));
    run(p.configWrite(ctx, cap + 16, 0x1, 1)); // pci_cfg_data: a status write of ACKNOWLEDGE
    expect(rd(VIRTIO_PCI_COMMON_STATUS, 1)).toBe(1);
    run(p.configWrite(ctx, cap + VIRTIO_PCI_CAP_OFFSET, VIRTIO_PCI_COMMON_NUMQ, 4));
    run(p.configWrite(ctx, cap + VIRTIO_PCI_CAP_LENGTH, 2, 4));
    expect(run(p.configRead(ctx, cap + 16, 2))).toBe(3);
  });
});

describe('common config registers at their offsets', () => {
  it('round-trips every writable register and reads the read-only ones', () => {
    const { p, rd, wr } = make(virtioNetPci({ vectors: 4 }));
    const rw: Array<[number, AccessSize, number]> = [
      [VIRTIO_PCI_COMMON_DFSELECT, 4, 1],
      [VIRTIO_PCI_COMMON_GFSELECT, 4, 1],
      [VIRTIO_PCI_COMMON_GF, 4, 0x1],
      [VIRTIO_PCI_COMMON_MSIX, 2, 0],
      [VIRTIO_PCI_COMMON_Q_SELECT, 2, 1],
      [VIRTIO_PCI_COMMON_Q_SIZE, 2, 128],
      [VIRTIO_PCI_COMMON_Q_MSIX, 2, 2],
      [VIRTIO_PCI_COMMON_Q_DESCLO, 4, 0x1000],
      [VIRTIO_PCI_COMMON_Q_DESCHI, 4, 0x1],
      [VIRTIO_PCI_COMMON_Q_AVAILLO, 4, 0x2000],
      [VIRTIO_PCI_COMMON_Q_AVAILHI, 4, 0x2],
      [VIRTIO_PCI_COMMON_Q_USEDLO, 4, 0x3000],
      [VIRTIO_PCI_COMMON_Q_USEDHI, 4, 0x3],
      [VIRTIO_PCI_COMMON_Q_ENABLE, 2, 1],
    ];
    for (const [off, size, v] of rw) {
      wr(off, v, size);
      expect(rd(off, size), `offset ${off}`).toBe(v);
    }
    // queue_enable copied the proxy's addresses into the ring (virtio_queue_set_rings).
    expect(p.queue(1)).toMatchObject({ num: 128, vector: 2, enabled: true, desc: 0x1_0000_1000, avail: 0x2_0000_2000, used: 0x3_0000_3000 });
    // Read-only: num_queues (2 pairs… here 1 pair + ctrl = 3), queue_notify_off = queue_select, status and generation.
    expect(rd(VIRTIO_PCI_COMMON_NUMQ, 2)).toBe(3);
    wr(VIRTIO_PCI_COMMON_NUMQ, 9, 2);
    expect(rd(VIRTIO_PCI_COMMON_NUMQ, 2)).toBe(3);
    expect(rd(VIRTIO_PCI_COMMON_Q_NOFF, 2)).toBe(1);
    expect(rd(VIRTIO_PCI_COMMON_STATUS, 1)).toBe(0);
    expect(rd(VIRTIO_PCI_COMMON_CFGGENERATION, 1)).toBe(0);
    // Queue sizes are per queue: 256 rx/tx, 64 ctrl.
    wr(VIRTIO_PCI_COMMON_Q_SELECT, 2, 2);
    expect(rd(VIRTIO_PCI_COMMON_Q_SIZE, 2)).toBe(64);
  });

  it('queue_select past the device\'s queues reads size 0; ≥ VIRTIO_QUEUE_MAX is ignored', () => {
    const { rd, wr } = make(virtioNetPci());
    wr(VIRTIO_PCI_COMMON_Q_SELECT, 7, 2);
    expect(rd(VIRTIO_PCI_COMMON_Q_SIZE, 2)).toBe(0);
    wr(VIRTIO_PCI_COMMON_Q_SIZE, 256, 2); // virtio_queue_set_num will not make a queue exist
    expect(rd(VIRTIO_PCI_COMMON_Q_SIZE, 2)).toBe(0);
    wr(VIRTIO_PCI_COMMON_Q_SELECT, 1024, 2);
    expect(rd(VIRTIO_PCI_COMMON_Q_SELECT, 2)).toBe(7);
  });

  it('memory core checks: an unaligned access reads 0 and a write is dropped; a narrow read takes the low bytes', () => {
    const { rd, wr } = make(virtioNetPci());
    expect(rd(2, 4)).toBe(0);
    wr(VIRTIO_PCI_COMMON_Q_SELECT + 1, 0x0100, 2); // unaligned
    expect(rd(VIRTIO_PCI_COMMON_Q_SELECT, 2)).toBe(0);
    expect(rd(VIRTIO_PCI_COMMON_DF, 1)).toBe(0xa7); // CSUM, GUEST_CSUM, CTRL_GUEST_OFFLOADS, MAC, GUEST_TSO4 (GSO is legacy-only)
    expect(rd(VIRTIO_PCI_COMMON_Q_SIZE, 1)).toBe(0); // 256 & 0xff
    expect(rd(VIRTIO_PCI_COMMON_Q_SIZE, 2)).toBe(256);
  });
});

describe('feature negotiation through the 64-bit windows', () => {
  it('device_feature shows VERSION_1 in window 1 and hides the legacy bits; driver_feature is masked into guest_features', () => {
    const { p, ctx, rd, wr } = make(virtioNetPci());
    wr(VIRTIO_PCI_COMMON_DFSELECT, 0);
    const lo = rd(VIRTIO_PCI_COMMON_DF);
    wr(VIRTIO_PCI_COMMON_DFSELECT, 1);
    const hi = rd(VIRTIO_PCI_COMMON_DF);
    wr(VIRTIO_PCI_COMMON_DFSELECT, 2);
    expect(rd(VIRTIO_PCI_COMMON_DF)).toBe(0);
    expect(hi & 1).toBe(1); // VIRTIO_F_VERSION_1 = bit 32
    expect(lo & ((1 << 30) | (1 << 27) | (1 << 24) | (1 << 6))).toBe(0); // BAD_FEATURE, ANY_LAYOUT, NOTIFY_ON_EMPTY, GSO: legacy_features, hidden
    expect(run(p.barRead(ctx, 0, 0, 4)) & (1 << 30)).not.toBe(0); // the legacy port shows BAD_FEATURE
    expect((lo >>> 29) & 1).toBe(1); // EVENT_IDX
    // Ack event idx + mac + a bit the device lacks (bit 31), and VERSION_1.
    wr(VIRTIO_PCI_COMMON_GFSELECT, 0);
    wr(VIRTIO_PCI_COMMON_GF, (1 << 29) | (1 << 5) | 0x80000000);
    wr(VIRTIO_PCI_COMMON_GFSELECT, 1);
    wr(VIRTIO_PCI_COMMON_GF, 1);
    expect(p.guestFeatures).toBe((1n << 32n) | (1n << 29n) | (1n << 5n));
    wr(VIRTIO_PCI_COMMON_GFSELECT, 0);
    expect(rd(VIRTIO_PCI_COMMON_GF) >>> 0).toBe(((1 << 29) | (1 << 5) | 0x80000000) >>> 0); // the window keeps what was written
    // After FEATURES_OK, virtio_set_features refuses: guest_features stays.
    for (const s of [1, 3, 0xb]) wr(VIRTIO_PCI_COMMON_STATUS, s, 1);
    wr(VIRTIO_PCI_COMMON_GF, 0);
    expect(p.guestFeatures).toBe((1n << 32n) | (1n << 29n) | (1n << 5n));
  });
});

describe('MSI-X vectors', () => {
  it('queue_msix_vector ≥ nvectors reads back VIRTIO_MSI_NO_VECTOR and the old vector is unused', () => {
    const { p, rd, wr } = make(virtioNetPci({ vectors: 3 }));
    wr(VIRTIO_PCI_COMMON_Q_MSIX, 1, 2);
    expect(rd(VIRTIO_PCI_COMMON_Q_MSIX, 2)).toBe(1);
    expect(msixEntryUsed(p.dev, 1)).toBe(1);
    const ev: Emit[] = [];
    wr(VIRTIO_PCI_COMMON_Q_MSIX, 3, 2, ev);
    expect(rd(VIRTIO_PCI_COMMON_Q_MSIX, 2)).toBe(VIRTIO_MSI_NO_VECTOR);
    expect(msixEntryUsed(p.dev, 1)).toBe(0);
    const w = ev.find((e) => e.type === 'virtio_pci_common_write')!;
    expect(w.f).toMatchObject({ reg: 'queue_msix_vector', value: 3 });
    expect((w.f as { note: string }).note).toMatch(/VIRTIO_MSI_NO_VECTOR/);
    wr(VIRTIO_PCI_COMMON_MSIX, 5, 2);
    expect(rd(VIRTIO_PCI_COMMON_MSIX, 2)).toBe(VIRTIO_MSI_NO_VECTOR);
  });
});

describe('feature hook (k->set_features)', () => {
  it('every driver_feature write calls onFeatures with the kept bits; none after FEATURES_OK', () => {
    const seen: bigint[] = [];
    const desc = virtioNetPci({ vectors: 3 });
    const { wr } = make(desc, {
      hooks: {
        onFeatures: function* (_ctx, f) {
          seen.push(f);
        },
      },
    });
    wr(VIRTIO_PCI_COMMON_GFSELECT, 0);
    wr(VIRTIO_PCI_COMMON_GF, 0xffffffff);
    wr(VIRTIO_PCI_COMMON_GFSELECT, 1);
    wr(VIRTIO_PCI_COMMON_GF, 1);
    expect(seen).toEqual([desc.hostFeatures & 0xffffffffn, (desc.hostFeatures & 0xffffffffn) | (1n << 32n)]);
    for (const st of [1, 3, 0xb]) wr(VIRTIO_PCI_COMMON_STATUS, st, 1);
    wr(VIRTIO_PCI_COMMON_GF, 1);
    expect(seen).toHaveLength(2);
  });
});

describe('device status', () => {
  it('0 → 1 → 3 → 0xb → 0xf through common offset 20, with the hook seeing each change, then reset clears the queues', () => {
    const seen: Array<[number, number]> = [];
    const { p, rd, wr } = make(virtioNetPci({ vectors: 3 }), {
      hooks: {
        onStatus: function* (_ctx, old, next) {
          seen.push([old, next]);
        },
      },
    });
    wr(VIRTIO_PCI_COMMON_GFSELECT, 1);
    wr(VIRTIO_PCI_COMMON_GF, 1);
    for (const s of [1, 3, 0xb]) wr(VIRTIO_PCI_COMMON_STATUS, s, 1);
    wr(VIRTIO_PCI_COMMON_Q_MSIX, 0, 2);
    wr(VIRTIO_PCI_COMMON_Q_DESCLO, 0x5000);
    wr(VIRTIO_PCI_COMMON_Q_ENABLE, 1, 2);
    wr(VIRTIO_PCI_COMMON_STATUS, 0xf, 1);
    expect(rd(VIRTIO_PCI_COMMON_STATUS, 1)).toBe(0xf);
    expect(seen).toEqual([
      [0, 1],
      [1, 3],
      [3, 0xb],
      [0xb, 0xf],
    ]);
    wr(VIRTIO_PCI_COMMON_STATUS, 0, 1);
    expect(seen.at(-1)).toEqual([0xf, 0]);
    expect(rd(VIRTIO_PCI_COMMON_STATUS, 1)).toBe(0);
    expect(p.queue(0)).toMatchObject({ num: 256, vector: VIRTIO_MSI_NO_VECTOR, enabled: false, desc: 0 });
    expect(rd(VIRTIO_PCI_COMMON_Q_DESCLO)).toBe(0);
    expect(msixEntryUsed(p.dev, 0)).toBe(0);
    expect(p.guestFeatures).toBe(0n);
  });

  it('FEATURES_OK refused when IOMMU_PLATFORM is offered but not acked; the byte stays 3', () => {
    const base = virtioNetPci();
    const { rd, wr } = make({ ...base, hostFeatures: base.hostFeatures | (1n << 33n) });
    wr(VIRTIO_PCI_COMMON_GFSELECT, 1);
    wr(VIRTIO_PCI_COMMON_GF, 1);
    wr(VIRTIO_PCI_COMMON_STATUS, 1, 1);
    wr(VIRTIO_PCI_COMMON_STATUS, 3, 1);
    const ev: Emit[] = [];
    wr(VIRTIO_PCI_COMMON_STATUS, 0xb, 1, ev);
    expect(rd(VIRTIO_PCI_COMMON_STATUS, 1)).toBe(3);
    expect(ev.find((e) => e.type === 'virtio_set_status')!.f).toMatchObject({ accepted: false, old: 3, new: 3 });
  });

  it('a legacy status write at I/O offset 18 runs the same logic as the modern write at common offset 20', () => {
    const a = make(virtioNetPci());
    const b = make(virtioNetPci());
    for (const s of [1, 3, 0x7, 0x3, 0]) {
      const ea: Emit[] = [];
      const eb: Emit[] = [];
      a.wr(VIRTIO_PCI_COMMON_STATUS, s, 1, ea);
      run(b.p.barWrite(b.ctx, 0, VIRTIO_PCI_STATUS, s, 1), eb);
      expect(run(b.p.barRead(b.ctx, 0, VIRTIO_PCI_STATUS, 1))).toBe(a.rd(VIRTIO_PCI_COMMON_STATUS, 1));
      const sa = ea.find((e) => e.type === 'virtio_set_status')!;
      const sb = eb.find((e) => e.type === 'virtio_set_status')!;
      expect(sb.f).toEqual(sa.f);
      expect(sb.stack).toContain('virtio_ioport_write');
      expect(sa.stack).toContain('virtio_pci_common_write');
    }
  });

  it('clearing Bus Master drops DRIVER_OK (virtio_write_config)', () => {
    const { p, ctx, rd, wr } = make(virtioNetPci());
    run(p.configWrite(ctx, PCI_COMMAND, PCI_COMMAND_MASTER | 2, 2));
    for (const s of [1, 3, 0xb, 0xf]) wr(VIRTIO_PCI_COMMON_STATUS, s, 1);
    run(p.configWrite(ctx, PCI_COMMAND, 2, 2));
    expect(rd(VIRTIO_PCI_COMMON_STATUS, 1)).toBe(0xb);
  });
});

describe('device-side NEEDS_RESET (virtio_error)', () => {
  it('queue_enable with a value other than 1 is virtio_error: NEEDS_RESET, a config interrupt, then kicks and interrupts stop', () => {
    const kicked: number[] = [];
    const { p, ctx, rd, wr } = make(virtioNetPci({ vectors: 0 }), {
      hooks: {
        onQueueNotify: function* (_ctx, q) {
          kicked.push(q);
        },
      },
    });
    wr(VIRTIO_PCI_COMMON_GFSELECT, 1);
    wr(VIRTIO_PCI_COMMON_GF, 1);
    for (const s of [1, 3, 0xb]) wr(VIRTIO_PCI_COMMON_STATUS, s, 1);
    wr(VIRTIO_PCI_COMMON_Q_DESCLO, 0x8000);
    wr(VIRTIO_PCI_COMMON_Q_ENABLE, 1, 2);
    wr(VIRTIO_PCI_COMMON_STATUS, 0xf, 1);
    const ev: Emit[] = [];
    wr(VIRTIO_PCI_COMMON_Q_ENABLE, 2, 2, ev);
    expect(rd(VIRTIO_PCI_COMMON_STATUS, 1)).toBe(0x4f);
    expect(p.broken).toBe(true);
    expect(p.generation).toBe(1);
    expect(p.isr).toBe(3); // virtio_notify_config ran before the device was marked broken
    expect(ev.map((e) => e.type)).toContain('virtio_error');
    wr(p.notifyOffset(0), 0, 2);
    expect(kicked).toEqual([]);
    run(p.virtioIrq(ctx, 0)); // virtio_notify_vector: a broken device raises nothing
    expect(p.dev.irqState).toBe(1); // (still the level from the config interrupt)
    wr(VIRTIO_PCI_COMMON_STATUS, 0, 1);
    expect(p.broken).toBe(false);
    expect(p.isr).toBe(0);
    expect(p.dev.irqState).toBe(0); // virtio_reset → virtio_notify_vector(NO_VECTOR) drops INTx
  });
});

describe('ISR, INTx, notify', () => {
  it('an interrupt without MSI-X sets ISR bit 0 and raises INTx; reading the ISR clears both', () => {
    const levels: number[] = [];
    const { p, ctx, rd } = make(virtioNetPci({ vectors: 0 }));
    p.dev.intxLevel = function* (_c, _d, _irq, level) {
      levels.push(level);
    };
    run(p.virtioIrq(ctx, 0));
    expect(p.isr).toBe(1);
    expect(p.dev.irqState).toBe(1);
    const ev: Emit[] = [];
    expect(rd(0x1000, 1, ev)).toBe(1);
    expect(p.isr).toBe(0);
    expect(p.dev.irqState).toBe(0);
    expect(levels).toEqual([1, 0]);
    expect(ev.map((e) => e.type)).toContain('virtio_pci_isr_read');
    expect(rd(0x1000, 1)).toBe(0);
  });

  it('the legacy ISR port (19) is read-to-clear too; config change sets 0x3 and bumps the generation', () => {
    const { p, ctx, wr } = make(virtioNetPci({ vectors: 0 }));
    for (const s of [1, 3, 0xb, 0xf]) wr(VIRTIO_PCI_COMMON_STATUS, s, 1);
    run(p.notifyConfig(ctx));
    expect(p.generation).toBe(1);
    expect(run(p.barRead(ctx, 0, VIRTIO_PCI_ISR, 1))).toBe(3);
    expect(p.isr).toBe(0);
  });

  it('queue q\'s doorbell is BAR4 + 0x3000 + 4q; it reaches virtio_queue_notify only once the ring has an address', () => {
    const kicked: number[] = [];
    const { p, rd, wr } = make(virtioNetPci(), {
      hooks: {
        onQueueNotify: function* (_ctx, q) {
          kicked.push(q);
        },
      },
    });
    expect(p.notifyOffset(1)).toBe(0x3004);
    const notifyCap = 0x70;
    wr(VIRTIO_PCI_COMMON_Q_SELECT, 1, 2);
    const noff = rd(VIRTIO_PCI_COMMON_Q_NOFF, 2);
    expect(p.dev.cfg32(notifyCap + VIRTIO_PCI_CAP_OFFSET) + noff * p.dev.cfg32(notifyCap + VIRTIO_PCI_NOTIFY_CAP_MULT)).toBe(p.notifyOffset(1));
    const ev: Emit[] = [];
    wr(p.notifyOffset(1), 1, 2, ev);
    expect(kicked).toEqual([]);
    expect(ev.find((e) => e.type === 'virtio_pci_notify_write')!.f).toMatchObject({ queue: 1, ignored: 'vring.desc is 0' });
    wr(VIRTIO_PCI_COMMON_Q_DESCLO, 0x8000);
    wr(VIRTIO_PCI_COMMON_Q_ENABLE, 1, 2);
    wr(p.notifyOffset(1), 1, 2);
    expect(kicked).toEqual([1]);
  });

  it('legacy MSI vector registers exist at 20/22 only while MSI-X is enabled; otherwise device config starts at 20', () => {
    const mac = new Uint8Array([0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 0x01, 0x00]);
    const { p, ctx } = make(virtioNetPci({ vectors: 3 }), { deviceConfig: mac });
    expect(run(p.barRead(ctx, 0, VIRTIO_MSI_CONFIG_VECTOR, 1))).toBe(0x52);
    const ctrl = 0x98 + 2;
    run(p.configWrite(ctx, ctrl, p.dev.cfg16(ctrl) | 0x8000, 2));
    expect(run(p.barRead(ctx, 0, VIRTIO_MSI_CONFIG_VECTOR, 2))).toBe(VIRTIO_MSI_NO_VECTOR);
    expect(run(p.barRead(ctx, 0, 24, 1))).toBe(0x52);
  });
});
