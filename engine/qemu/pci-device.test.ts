/**
 * QEMU 7.2's PCI function model (hw/pci/pci.c): the capability list as
 * pci_add_capability builds it, BAR registration and sizing, the write masks,
 * and the INTx pin with PCI_STATUS_INTERRUPT.
 */
import { describe, expect, it } from 'vitest';
import {
  PCI_BAR_UNMAPPED,
  PCI_BASE_ADDRESS_MEM_PREFETCH,
  PCI_BASE_ADDRESS_MEM_TYPE_64,
  PCI_BASE_ADDRESS_SPACE_IO,
  PCI_BASE_ADDRESS_SPACE_MEMORY,
  PCI_CAPABILITY_LIST,
  PCI_CAP_ID_MSIX,
  PCI_CAP_ID_VNDR,
  PCI_COMMAND,
  PCI_COMMAND_INTX_DISABLE,
  PCI_COMMAND_IO,
  PCI_COMMAND_MASTER,
  PCI_COMMAND_MEMORY,
  PCI_COMMAND_SERR,
  PCI_DEVICE_ID,
  PCI_INTERRUPT_LINE,
  PCI_INTERRUPT_PIN,
  PCI_MSIX_FLAGS,
  PCI_MSIX_FLAGS_ENABLE,
  PCI_STATUS,
  PCI_STATUS_CAP_LIST,
  PCI_STATUS_INTERRUPT,
  PCI_STATUS_REC_MASTER_ABORT,
  PCI_VENDOR_ID,
  pciBarReg,
} from '../abi/pci';
import { VIRTIO_PCI_CAP_SIZEOF, VIRTIO_PCI_CFG_CAP_SIZEOF, VIRTIO_PCI_NOTIFY_CAP_SIZEOF } from '../abi/virtio-pci';
import type { ActorContext, Gen } from '../sched/actor';
import { msixArenaSize, msixInitExclusiveBar } from './msix';
import {
  EINVAL,
  PciDevice,
  pciAddCapability,
  pciBarAddress,
  pciBarRead,
  pciCapabilityList,
  pciDefaultReadConfig,
  pciDefaultWriteConfig,
  pciFindCapability,
  pciIrqAssert,
  pciIrqDeassert,
  pciRegisterBar,
  type PciMemoryRegion,
} from './pci-device';
import { drive, testDevice, vcpu } from './pci-test-util';

const cfgW = (ctx: ActorContext, dev: PciDevice, off: number, v: number, len: 1 | 2 | 4) => drive(ctx, pciDefaultWriteConfig(ctx, dev, off, v, len));
const cfgR = (ctx: ActorContext, dev: PciDevice, off: number, len: 1 | 2 | 4) => drive(ctx, pciDefaultReadConfig(ctx, dev, off, len)).value;

/** A region whose reads return the offset (so a test sees which region answered). */
function echoRegion(name: string, size: number): PciMemoryRegion {
  return {
    name,
    size,
    ops: {
      *read(_ctx: ActorContext, off: number): Gen<number> {
        return off;
      },
      *write(): Gen<void> {},
    },
  };
}

describe('config space header (do_pci_register_device)', () => {
  it('holds the ids in the Arena, little-endian, and reads them through pci_default_read_config', () => {
    const { dev, arena } = testDevice();
    const ctx = vcpu();
    expect(cfgR(ctx, dev, PCI_VENDOR_ID, 2)).toBe(0x1af4);
    expect(cfgR(ctx, dev, PCI_DEVICE_ID, 2)).toBe(0x1000);
    expect(cfgR(ctx, dev, 0, 4)).toBe(0x10001af4);
    expect(arena.u8[dev.at]).toBe(0xf4);
    expect(arena.u8[dev.at + 1]).toBe(0x1a);
    expect(cfgR(ctx, dev, PCI_INTERRUPT_PIN, 1)).toBe(1);
    // No capability yet: the list bit is clear.
    expect(cfgR(ctx, dev, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST).toBe(0);
  });

  it('applies wmask: COMMAND takes only IO/MEMORY/MASTER/SERR/INTX_DISABLE; ids and the pin are read-only; INTERRUPT_LINE is writable', () => {
    const { dev } = testDevice();
    const ctx = vcpu();
    cfgW(ctx, dev, PCI_COMMAND, 0xffff, 2);
    expect(dev.cfg16(PCI_COMMAND)).toBe(PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER | PCI_COMMAND_SERR | PCI_COMMAND_INTX_DISABLE);
    cfgW(ctx, dev, PCI_VENDOR_ID, 0xffffffff, 4);
    expect(dev.cfg32(PCI_VENDOR_ID)).toBe(0x10001af4);
    cfgW(ctx, dev, PCI_INTERRUPT_LINE, 0x0b0b, 2);
    expect(dev.cfg8(PCI_INTERRUPT_LINE)).toBe(0x0b);
    expect(dev.cfg8(PCI_INTERRUPT_PIN)).toBe(1);
  });

  it('clears STATUS error bits written as 1 (w1cmask) and leaves CAP_LIST alone', () => {
    const { dev } = testDevice();
    const ctx = vcpu();
    pciAddCapability(dev, PCI_CAP_ID_VNDR, 0, 16);
    dev.setCfg16(PCI_STATUS, dev.cfg16(PCI_STATUS) | PCI_STATUS_REC_MASTER_ABORT);
    cfgW(ctx, dev, PCI_STATUS, PCI_STATUS_CAP_LIST, 2);
    expect(dev.cfg16(PCI_STATUS) & PCI_STATUS_REC_MASTER_ABORT).toBeTruthy();
    const { events } = cfgW(ctx, dev, PCI_STATUS, 0xffff, 2);
    expect(dev.cfg16(PCI_STATUS)).toBe(PCI_STATUS_CAP_LIST);
    expect(events.map((e) => e.type)).toEqual(['pci_config_write']);
    expect(events[0]!.f).toMatchObject({ addr: PCI_STATUS, before: PCI_STATUS_CAP_LIST | PCI_STATUS_REC_MASTER_ABORT, after: PCI_STATUS_CAP_LIST });
    expect(events[0]!.stack).toEqual(['pci_default_write_config']);
  });

  it('treats accesses at the end of config space as the host bridge does: past it all-ones / dropped, over it clipped', () => {
    const { dev } = testDevice();
    const ctx = vcpu();
    const before = dev.configBytes();
    expect(cfgW(ctx, dev, 256, 0xffffffff, 4).events).toEqual([]);
    expect(dev.configBytes()).toEqual(before);
    expect(cfgR(ctx, dev, 256, 2)).toBe(0xffff);
    // pci_host_config_write_common: MIN(len, limit - addr) → a dword at 0xfe writes two bytes.
    const { events } = cfgW(ctx, dev, 0xfe, 0x12345678, 4);
    expect(events[0]!.f).toMatchObject({ addr: 0xfe, len: 2, value: 0x5678, after: 0x5678 });
    expect(dev.cfg16(0xfe)).toBe(0x5678);
    expect(cfgR(ctx, dev, 0xfd, 4)).toBe(0x567800);
  });

  it('keeps config writes in the Arena log, so step mode can undo and redo them', () => {
    const { dev, arena } = testDevice();
    const ctx = vcpu();
    arena.startLog();
    cfgW(ctx, dev, PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 2);
    const log = arena.takeLog();
    expect(dev.cfg16(PCI_COMMAND)).toBe(6);
    arena.undo(log);
    expect(dev.cfg16(PCI_COMMAND)).toBe(0);
    arena.redo(log);
    expect(dev.cfg16(PCI_COMMAND)).toBe(6);
  });
});

describe('pci_add_capability', () => {
  it('packs capabilities from 0x40 and links each new one at the head: the walk is the reverse of the order added (virtio-net-pci: MSI-X at 0x98 first)', () => {
    const { dev, layout } = testDevice();
    // virtio_pci_device_plugged's order: common, isr, device, notify (virtio_pci_notify_cap), the pci cfg cap, then msix_init_exclusive_bar.
    const offs = [VIRTIO_PCI_CAP_SIZEOF, VIRTIO_PCI_CAP_SIZEOF, VIRTIO_PCI_CAP_SIZEOF, VIRTIO_PCI_NOTIFY_CAP_SIZEOF, VIRTIO_PCI_CFG_CAP_SIZEOF].map((size) =>
      pciAddCapability(dev, PCI_CAP_ID_VNDR, 0, size),
    );
    expect(offs).toEqual([0x40, 0x50, 0x60, 0x70, 0x84]);
    expect(msixInitExclusiveBar(dev, layout.take(msixArenaSize(3), 8), 3, 1)).toBe(0);
    expect(pciCapabilityList(dev)).toEqual([
      { offset: 0x98, id: PCI_CAP_ID_MSIX },
      { offset: 0x84, id: PCI_CAP_ID_VNDR },
      { offset: 0x70, id: PCI_CAP_ID_VNDR },
      { offset: 0x60, id: PCI_CAP_ID_VNDR },
      { offset: 0x50, id: PCI_CAP_ID_VNDR },
      { offset: 0x40, id: PCI_CAP_ID_VNDR },
    ]);
    // The raw bytes a driver walks: the list head, then each cap's next pointer, the last one 0.
    expect(dev.cfg8(PCI_CAPABILITY_LIST)).toBe(0x98);
    expect([0x98, 0x84, 0x70, 0x60, 0x50, 0x40].map((o) => dev.cfg8(o + 1))).toEqual([0x84, 0x70, 0x60, 0x50, 0x40, 0]);
    expect(dev.cfg16(PCI_STATUS) & PCI_STATUS_CAP_LIST).toBe(PCI_STATUS_CAP_LIST);
    expect(pciFindCapability(dev, PCI_CAP_ID_MSIX)).toBe(0x98);
    expect(pciFindCapability(dev, PCI_CAP_ID_VNDR)).toBe(0x84);
    expect(pciFindCapability(dev, 0x05)).toBe(0);
  });

  it('rounds the space a capability takes up to 4 bytes (a 12-byte cap after a 13-byte one starts at 0x50)', () => {
    const { dev } = testDevice();
    expect(pciAddCapability(dev, 0x0a, 0, 13)).toBe(0x40);
    expect(pciAddCapability(dev, 0x0b, 0, 12)).toBe(0x50);
  });

  it('refuses a capability at an explicit offset that overlaps one, and changes nothing', () => {
    const { dev } = testDevice();
    pciAddCapability(dev, PCI_CAP_ID_VNDR, 0, 16);
    const before = dev.configBytes();
    expect(pciAddCapability(dev, PCI_CAP_ID_MSIX, 0x48, 12)).toBe(-EINVAL);
    expect(dev.configBytes()).toEqual(before);
    expect(pciAddCapability(dev, PCI_CAP_ID_MSIX, 0x50, 12)).toBe(0x50);
  });

  it('makes capability bytes read-only to the guest, while the rest of device-specific space stays writable', () => {
    const { dev } = testDevice();
    const ctx = vcpu();
    pciAddCapability(dev, PCI_CAP_ID_VNDR, 0, 16);
    cfgW(ctx, dev, 0x40, 0xffffffff, 4);
    cfgW(ctx, dev, 0x48, 0x12345678, 4);
    expect(dev.cfg32(0x40)).toBe(PCI_CAP_ID_VNDR);
    expect(dev.cfg32(0x48)).toBe(0);
    cfgW(ctx, dev, 0xc0, 0x12345678, 4);
    expect(dev.cfg32(0xc0)).toBe(0x12345678);
  });
});

describe('pci_register_bar and BAR sizing', () => {
  function withBars() {
    const { dev } = testDevice();
    pciRegisterBar(dev, 0, PCI_BASE_ADDRESS_SPACE_IO, echoRegion('virtio-pci', 32));
    pciRegisterBar(dev, 1, PCI_BASE_ADDRESS_SPACE_MEMORY, echoRegion('virtio-net-pci-msix', 0x1000));
    pciRegisterBar(dev, 4, PCI_BASE_ADDRESS_SPACE_MEMORY | PCI_BASE_ADDRESS_MEM_PREFETCH | PCI_BASE_ADDRESS_MEM_TYPE_64, echoRegion('virtio-pci', 0x4000));
    return dev;
  }

  it('writes the type bits into the BAR registers', () => {
    const dev = withBars();
    expect(dev.cfg32(pciBarReg(0))).toBe(1);
    expect(dev.cfg32(pciBarReg(1))).toBe(0);
    expect(dev.cfg32(pciBarReg(4))).toBe(0x0c);
    expect(dev.cfg32(pciBarReg(5))).toBe(0);
  });

  it('answers all-ones with the size mask and the type bits (I/O 32 B, 32-bit 4 KiB, 64-bit prefetchable 16 KiB)', () => {
    const dev = withBars();
    const ctx = vcpu();
    for (const n of [0, 1, 2, 3, 4, 5]) cfgW(ctx, dev, pciBarReg(n), 0xffffffff, 4);
    expect(cfgR(ctx, dev, pciBarReg(0), 4)).toBe(0xffffffe1);
    expect(cfgR(ctx, dev, pciBarReg(1), 4)).toBe(0xfffff000);
    expect(cfgR(ctx, dev, pciBarReg(2), 4)).toBe(0); // unimplemented BAR: read-only zero
    expect(cfgR(ctx, dev, pciBarReg(4), 4)).toBe(0xffffc00c);
    expect(cfgR(ctx, dev, pciBarReg(5), 4)).toBe(0xffffffff); // the upper half of the 64-bit BAR
  });

  it('maps a BAR only with its COMMAND enable and a real address; a BAR being sized is unmapped', () => {
    const dev = withBars();
    const ctx = vcpu();
    cfgW(ctx, dev, pciBarReg(1), 0xfebd1000, 4);
    cfgW(ctx, dev, pciBarReg(4), 0xfe000000, 4);
    cfgW(ctx, dev, pciBarReg(5), 0x1, 4);
    cfgW(ctx, dev, pciBarReg(0), 0xc040, 4);
    expect(pciBarAddress(dev, 1)).toBe(PCI_BAR_UNMAPPED);
    const { events } = cfgW(ctx, dev, PCI_COMMAND, PCI_COMMAND_MEMORY, 2);
    expect(pciBarAddress(dev, 1)).toBe(0xfebd1000);
    expect(events.filter((e) => e.type === 'pci_update_mappings').map((e) => e.f)).toEqual([
      { dev: 'virtio-net-pci', bar: 1, old: null, addr: 0xfebd1000, size: 0x1000 },
      { dev: 'virtio-net-pci', bar: 4, old: null, addr: 0x1_fe00_0000, size: 0x4000 },
    ]);
    expect(pciBarAddress(dev, 4)).toBe(0x1_fe00_0000);
    expect(pciBarAddress(dev, 0)).toBe(PCI_BAR_UNMAPPED);
    cfgW(ctx, dev, PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_IO, 2);
    expect(pciBarAddress(dev, 0)).toBe(0xc040);
    cfgW(ctx, dev, pciBarReg(1), 0xffffffff, 4);
    expect(pciBarAddress(dev, 1)).toBe(PCI_BAR_UNMAPPED);
    expect(pciBarAddress(dev, 2)).toBe(PCI_BAR_UNMAPPED);
  });

  it('dispatches BAR accesses to the region, checking range', () => {
    const dev = withBars();
    const ctx = vcpu();
    expect(drive(ctx, pciBarRead(ctx, dev, 4, 0x3004, 4)).value).toBe(0x3004);
    expect(drive(ctx, pciBarRead(ctx, dev, 4, 0x4000, 4)).value).toBe(0);
    expect(drive(ctx, pciBarRead(ctx, dev, 3, 0, 4)).value).toBe(0);
  });
});

describe('INTx: pci_set_irq / pci_irq_assert / pci_irq_deassert', () => {
  function withIntx() {
    const { dev, layout } = testDevice();
    const levels: [number, number][] = [];
    dev.intxLevel = function* (_ctx, _dev, irq, level) {
      levels.push([irq, level]);
    };
    return { dev, levels, layout };
  }

  it('sets PCI_STATUS_INTERRUPT and raises the line on INTA; deassert clears both; repeating a level changes nothing', () => {
    const { dev, levels } = withIntx();
    const ctx = vcpu();
    const { events } = drive(ctx, pciIrqAssert(ctx, dev));
    expect(dev.cfg16(PCI_STATUS) & PCI_STATUS_INTERRUPT).toBe(PCI_STATUS_INTERRUPT);
    expect(levels).toEqual([[0, 1]]);
    expect(events[0]!.type).toBe('pci_intx_level');
    expect(events[0]!.stack).toEqual(['pci_irq_assert', 'pci_set_irq', 'pci_irq_handler']);
    drive(ctx, pciIrqAssert(ctx, dev));
    expect(levels).toEqual([[0, 1]]);
    drive(ctx, pciIrqDeassert(ctx, dev));
    expect(dev.cfg16(PCI_STATUS) & PCI_STATUS_INTERRUPT).toBe(0);
    expect(levels).toEqual([
      [0, 1],
      [0, 0],
    ]);
  });

  it('with INTX_DISABLE the status bit still follows but the line stays; clearing INTX_DISABLE raises it', () => {
    const { dev, levels } = withIntx();
    const ctx = vcpu();
    cfgW(ctx, dev, PCI_COMMAND, PCI_COMMAND_INTX_DISABLE, 2);
    drive(ctx, pciIrqAssert(ctx, dev));
    expect(dev.cfg16(PCI_STATUS) & PCI_STATUS_INTERRUPT).toBe(PCI_STATUS_INTERRUPT);
    expect(levels).toEqual([]);
    cfgW(ctx, dev, PCI_COMMAND, 0, 2);
    expect(levels).toEqual([[0, 1]]);
    cfgW(ctx, dev, PCI_COMMAND, PCI_COMMAND_INTX_DISABLE, 2);
    expect(levels).toEqual([
      [0, 1],
      [0, 0],
    ]);
  });

  it('drops INTx when the guest enables MSI-X (msix_write_config → pci_device_deassert_intx)', () => {
    const { dev, levels, layout } = withIntx();
    const ctx = vcpu();
    msixInitExclusiveBar(dev, layout.take(msixArenaSize(2), 8), 2, 1);
    drive(ctx, pciIrqAssert(ctx, dev));
    const cap = pciFindCapability(dev, PCI_CAP_ID_MSIX);
    const { events } = cfgW(ctx, dev, cap + PCI_MSIX_FLAGS, PCI_MSIX_FLAGS_ENABLE | 1, 2);
    expect(dev.cfg16(PCI_STATUS) & PCI_STATUS_INTERRUPT).toBe(0);
    expect(levels).toEqual([
      [0, 1],
      [0, 0],
    ]);
    const drop = events.find((e) => e.type === 'pci_intx_level')!;
    expect(drop.stack).toEqual(['pci_default_write_config', 'msix_write_config', 'pci_device_deassert_intx', 'pci_irq_handler']);
  });
});
