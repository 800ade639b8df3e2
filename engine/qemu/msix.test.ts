/**
 * QEMU 7.2's MSI-X (hw/pci/msix.c): the exclusive BAR layout and capability
 * bytes, the initial masked table, masking → pending → delivery on unmask
 * (per vector and function-wide), MSI-X disabled, the PBA as the guest reads
 * it, and the vector notifiers called for the right vectors in the right order.
 */
import { describe, expect, it } from 'vitest';
import {
  PCI_BASE_ADDRESS_SPACE_MEMORY,
  PCI_CAP_ID_MSIX,
  PCI_COMMAND,
  PCI_COMMAND_MASTER,
  PCI_COMMAND_MEMORY,
  PCI_MSIX_ENTRY_CTRL_MASKBIT,
  PCI_MSIX_ENTRY_DATA,
  PCI_MSIX_ENTRY_LOWER_ADDR,
  PCI_MSIX_ENTRY_SIZE,
  PCI_MSIX_ENTRY_UPPER_ADDR,
  PCI_MSIX_ENTRY_VECTOR_CTRL,
  PCI_MSIX_FLAGS,
  PCI_MSIX_FLAGS_ENABLE,
  PCI_MSIX_FLAGS_MASKALL,
  PCI_MSIX_PBA,
  PCI_MSIX_TABLE,
  pciBarReg,
} from '../abi/pci';
import type { ActorContext } from '../sched/actor';
import { EVENT_INFO } from '../trace/events';
import {
  msixArenaSize,
  msixEnabled,
  msixEntryUsed,
  msixInit,
  msixInitExclusiveBar,
  msixIsMasked,
  msixIsPending,
  msixNotify,
  msixReset,
  msixSetVectorNotifiers,
  msixUnsetVectorNotifiers,
  msixVectorUnuse,
  msixVectorUse,
  type MsixVectorNotifiers,
} from './msix';
import { EINVAL, PciDevice, pciBarRead, pciBarWrite, pciDefaultWriteConfig, pciFindCapability, type MSIMessage } from './pci-device';
import { drive, testDevice, vcpu } from './pci-test-util';

const MSIX_BAR = 1;
const PBA_OFF = 2048;

/** virtio-net-pci with `n` vectors in BAR 1, bus mastering on, and a recorder behind msi_trigger. */
function setup(n = 3) {
  const { dev, arena, layout } = testDevice();
  expect(msixInitExclusiveBar(dev, layout.take(msixArenaSize(n), 8), n, MSIX_BAR)).toBe(0);
  const sent: MSIMessage[] = [];
  dev.msiTrigger = function* (_ctx, _dev, msg) {
    sent.push(msg);
  };
  const ctx = vcpu();
  drive(ctx, pciDefaultWriteConfig(ctx, dev, PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 2));
  const cap = pciFindCapability(dev, PCI_CAP_ID_MSIX);
  return { dev, arena, ctx, cap, sent };
}

function control(ctx: ActorContext, dev: PciDevice, cap: number, flags: number) {
  return drive(ctx, pciDefaultWriteConfig(ctx, dev, cap + PCI_MSIX_FLAGS, flags, 2));
}
function tableWrite(ctx: ActorContext, dev: PciDevice, entry: number, field: number, v: number) {
  return drive(ctx, pciBarWrite(ctx, dev, MSIX_BAR, entry * PCI_MSIX_ENTRY_SIZE + field, v, 4));
}
/** What Linux's __pci_write_msi_msg writes: address low, high, data (the mask bit is left alone). */
function program(ctx: ActorContext, dev: PciDevice, entry: number, address: number, data: number) {
  tableWrite(ctx, dev, entry, PCI_MSIX_ENTRY_LOWER_ADDR, address);
  tableWrite(ctx, dev, entry, PCI_MSIX_ENTRY_UPPER_ADDR, 0);
  tableWrite(ctx, dev, entry, PCI_MSIX_ENTRY_DATA, data);
}
function notify(ctx: ActorContext, dev: PciDevice, v: number) {
  return drive(ctx, msixNotify(ctx, dev, v));
}
function pba(ctx: ActorContext, dev: PciDevice) {
  return drive(ctx, pciBarRead(ctx, dev, MSIX_BAR, PBA_OFF, 4)).value;
}

describe('msix_init / msix_init_exclusive_bar', () => {
  it('writes the capability: QSIZE = n-1, table at BAR1+0, PBA at BAR1+2048; BAR 1 is a 4 KiB 32-bit memory BAR', () => {
    const { dev, cap, ctx } = setup(3);
    expect(dev.cfg8(cap)).toBe(PCI_CAP_ID_MSIX);
    expect(dev.cfg16(cap + PCI_MSIX_FLAGS)).toBe(2);
    expect(dev.cfg32(cap + PCI_MSIX_TABLE)).toBe(0 | MSIX_BAR);
    expect(dev.cfg32(cap + PCI_MSIX_PBA)).toBe(PBA_OFF | MSIX_BAR);
    expect(dev.bars[MSIX_BAR]).toMatchObject({ size: 4096, type: PCI_BASE_ADDRESS_SPACE_MEMORY });
    expect(dev.bars[MSIX_BAR]!.memory.name).toBe('virtio-net-pci-msix');
    drive(ctx, pciDefaultWriteConfig(ctx, dev, pciBarReg(MSIX_BAR), 0xffffffff, 4));
    expect(dev.cfg32(pciBarReg(MSIX_BAR))).toBe(0xfffff000);
  });

  it('lays out larger tables as QEMU 7.2 does: 200 vectors keep 4 KiB with the PBA at 3200; 300 vectors need 8 KiB', () => {
    for (const [n, pbaOff, size] of [
      [128, 2048, 4096],
      [129, 2064, 4096],
      [200, 3200, 4096],
      [300, 4800, 8192],
    ] as const) {
      const { dev, layout } = testDevice();
      expect(msixInitExclusiveBar(dev, layout.take(msixArenaSize(n), 8), n, 1)).toBe(0);
      const cap = pciFindCapability(dev, PCI_CAP_ID_MSIX);
      expect([n, dev.cfg32(cap + PCI_MSIX_PBA), dev.bars[1]!.size, dev.cfg16(cap + PCI_MSIX_FLAGS)]).toEqual([n, pbaOff | 1, size, n - 1]);
    }
  });

  it('refuses 0 or more than 2048 vectors, and a table and PBA that overlap or misalign', () => {
    const { dev, layout } = testDevice();
    const at = layout.take(msixArenaSize(4), 8);
    expect(msixInitExclusiveBar(dev, at, 0, 1)).toBe(-EINVAL);
    expect(msixInitExclusiveBar(dev, at, 2049, 1)).toBe(-EINVAL);
    const bar = { name: 'bar', size: 4096 };
    expect(msixInit(dev, at, 4, bar, 2, 0, bar, 2, 32, 0)).toBe(-EINVAL);
    expect(msixInit(dev, at, 4, bar, 2, 0, bar, 2, 2052, 0)).toBe(-EINVAL);
    expect(dev.msix).toBeNull();
    expect(msixInit(dev, at, 4, bar, 2, 0, bar, 2, 64, 0)).toBe(0);
  });

  it('starts with every entry masked, the rest of the table and the PBA zero, MSI-X disabled and every vector masked', () => {
    const { dev, ctx } = setup(3);
    const table = dev.msix!.tableBytes();
    for (let v = 0; v < 3; v++) {
      const e = table.slice(v * 16, v * 16 + 16);
      expect(Array.from(e)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, PCI_MSIX_ENTRY_CTRL_MASKBIT, 0, 0, 0]);
      expect(msixIsMasked(dev, v)).toBe(true);
      expect(drive(ctx, pciBarRead(ctx, dev, MSIX_BAR, v * 16 + PCI_MSIX_ENTRY_VECTOR_CTRL, 4)).value).toBe(1);
    }
    expect(Array.from(dev.msix!.pbaBytes())).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(msixEnabled(dev)).toBe(false);
  });

  it('lets the guest write only Enable and Function Mask in Message Control', () => {
    const { dev, ctx, cap } = setup(3);
    const { events } = control(ctx, dev, cap, 0xffff);
    expect(dev.cfg16(cap + PCI_MSIX_FLAGS)).toBe(PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL | 2);
    expect(events.map((e) => e.type)).toEqual(['pci_config_write', 'msix_write_config']);
    expect(events[1]!.f).toEqual({ dev: 'virtio-net-pci', enabled: true, masked: true });
  });
});

describe('masking, pending bits and delivery', () => {
  it('delivers an unmasked, used vector with its address and data', () => {
    const { dev, ctx, cap, sent } = setup();
    control(ctx, dev, cap, PCI_MSIX_FLAGS_ENABLE);
    program(ctx, dev, 1, 0xfee00000, 0x4022);
    tableWrite(ctx, dev, 1, PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
    drive(ctx, msixVectorUse(ctx, dev, 1));
    const { events } = notify(ctx, dev, 1);
    expect(sent).toEqual([{ address: 0xfee00000, data: 0x4022 }]);
    const send = events.find((e) => e.type === 'msi_send_message')!;
    expect(send.f).toEqual({ dev: 'virtio-net-pci', vector: 1, address: 0xfee00000, data: 0x4022, delivered: true });
    expect(send.stack).toEqual(['msix_notify', 'msi_send_message']);
  });

  it('drops a vector nobody declared with msix_vector_use, without a pending bit', () => {
    const { dev, ctx, cap, sent } = setup();
    control(ctx, dev, cap, PCI_MSIX_FLAGS_ENABLE);
    tableWrite(ctx, dev, 0, PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
    const { events } = notify(ctx, dev, 0);
    expect(sent).toEqual([]);
    expect(msixIsPending(dev, 0)).toBe(false);
    expect(events.map((e) => [e.type, (e.f as { result?: string }).result])).toEqual([['msix_notify', 'unused']]);
    // msix_vector_unuse of the last user clears a pending bit.
    drive(ctx, msixVectorUse(ctx, dev, 0));
    drive(ctx, msixVectorUse(ctx, dev, 0));
    tableWrite(ctx, dev, 0, PCI_MSIX_ENTRY_VECTOR_CTRL, 1);
    notify(ctx, dev, 0);
    drive(ctx, msixVectorUnuse(ctx, dev, 0));
    expect([msixEntryUsed(dev, 0), msixIsPending(dev, 0)]).toEqual([1, true]);
    drive(ctx, msixVectorUnuse(ctx, dev, 0));
    expect([msixEntryUsed(dev, 0), msixIsPending(dev, 0)]).toEqual([0, false]);
  });

  it('per-vector mask: a masked vector sets its PBA bit; unmasking it clears the bit and delivers once', () => {
    const { dev, ctx, cap, sent } = setup();
    control(ctx, dev, cap, PCI_MSIX_FLAGS_ENABLE);
    program(ctx, dev, 2, 0xfee01000, 0x23);
    drive(ctx, msixVectorUse(ctx, dev, 2));
    const n = notify(ctx, dev, 2);
    expect(sent).toEqual([]);
    expect(n.events.map((e) => e.type)).toEqual(['msix_notify', 'msix_set_pending']);
    expect(n.events[1]!.f).toEqual({ dev: 'virtio-net-pci', vector: 2, pba: 0b100, pbaOffset: 0 });
    expect(pba(ctx, dev)).toBe(0b100);
    notify(ctx, dev, 2); // a second one while masked merges into the same bit
    const { events } = tableWrite(ctx, dev, 2, PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
    expect(sent).toEqual([{ address: 0xfee01000, data: 0x23 }]);
    expect(pba(ctx, dev)).toBe(0);
    expect(events.map((e) => e.type)).toEqual(['msix_table_write', 'msix_mask_update', 'msix_clr_pending', 'msix_notify', 'msi_send_message']);
    expect(events[0]!.f).toMatchObject({ entry: 2, field: 'vector_ctrl', value: 0, maskBit: false, wasMasked: true, masked: false });
    expect(events[4]!.stack).toEqual(['msix_table_mmio_write', 'msix_handle_mask_update', 'msix_notify', 'msi_send_message']);
  });

  it('function mask: every vector is masked while Function Mask is set; clearing it delivers the pending ones in vector order', () => {
    const { dev, ctx, cap, sent } = setup();
    control(ctx, dev, cap, PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
    for (const v of [0, 1, 2]) {
      program(ctx, dev, v, 0xfee00000, 0x30 + v);
      tableWrite(ctx, dev, v, PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
      drive(ctx, msixVectorUse(ctx, dev, v));
      expect(msixIsMasked(dev, v)).toBe(true);
    }
    notify(ctx, dev, 2);
    notify(ctx, dev, 0);
    expect(sent).toEqual([]);
    expect(pba(ctx, dev)).toBe(0b101);
    control(ctx, dev, cap, PCI_MSIX_FLAGS_ENABLE);
    expect(sent.map((m) => m.data)).toEqual([0x30, 0x32]);
    expect(pba(ctx, dev)).toBe(0);
  });

  it('MSI-X disabled counts as masked: nothing is delivered, the bit waits, and enabling MSI-X delivers it', () => {
    const { dev, ctx, cap, sent } = setup();
    program(ctx, dev, 0, 0xfee00000, 0x41);
    tableWrite(ctx, dev, 0, PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
    drive(ctx, msixVectorUse(ctx, dev, 0));
    expect(msixIsMasked(dev, 0)).toBe(true);
    notify(ctx, dev, 0);
    expect(sent).toEqual([]);
    expect(msixIsPending(dev, 0)).toBe(true);
    control(ctx, dev, cap, PCI_MSIX_FLAGS_ENABLE);
    expect(sent).toEqual([{ address: 0xfee00000, data: 0x41 }]);
    expect(msixIsPending(dev, 0)).toBe(false);
  });

  it('bus mastering off: the message leaves msix but is not delivered', () => {
    const { dev, ctx, cap, sent } = setup();
    control(ctx, dev, cap, PCI_MSIX_FLAGS_ENABLE);
    tableWrite(ctx, dev, 0, PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
    drive(ctx, msixVectorUse(ctx, dev, 0));
    drive(ctx, pciDefaultWriteConfig(ctx, dev, PCI_COMMAND, PCI_COMMAND_MEMORY, 2));
    const { events } = notify(ctx, dev, 0);
    expect(sent).toEqual([]);
    expect(events.find((e) => e.type === 'msi_send_message')!.f).toMatchObject({ delivered: false });
  });

  it('ignores table and PBA accesses that are not aligned dwords, and PBA writes', () => {
    const { dev, ctx } = setup();
    const before = dev.msix!.tableBytes();
    expect(drive(ctx, pciBarWrite(ctx, dev, MSIX_BAR, PCI_MSIX_ENTRY_VECTOR_CTRL, 0, 2)).events).toEqual([]);
    expect(drive(ctx, pciBarWrite(ctx, dev, MSIX_BAR, 2, 0xffffffff, 4)).events).toEqual([]);
    expect(dev.msix!.tableBytes()).toEqual(before);
    expect(drive(ctx, pciBarRead(ctx, dev, MSIX_BAR, PCI_MSIX_ENTRY_VECTOR_CTRL, 1)).value).toBe(0);
    drive(ctx, pciBarWrite(ctx, dev, MSIX_BAR, PBA_OFF, 0xffffffff, 4));
    expect(Array.from(dev.msix!.pbaBytes())).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('keeps the PBA as bits in 64-bit words: vector 37 is bit 5 of byte 4, read as bit 5 of the second dword', () => {
    const { dev, ctx, cap } = setup(40);
    control(ctx, dev, cap, PCI_MSIX_FLAGS_ENABLE);
    drive(ctx, msixVectorUse(ctx, dev, 37));
    notify(ctx, dev, 37);
    expect(Array.from(dev.msix!.pbaBytes())).toEqual([0, 0, 0, 0, 0x20, 0, 0, 0]);
    expect(drive(ctx, pciBarRead(ctx, dev, MSIX_BAR, PBA_OFF + 4, 4)).value).toBe(0x20);
  });

  it('msix_reset masks every entry again, clears the table, PBA and control bits', () => {
    const { dev, ctx, cap } = setup();
    control(ctx, dev, cap, PCI_MSIX_FLAGS_ENABLE);
    program(ctx, dev, 1, 0xfee00000, 0x22);
    tableWrite(ctx, dev, 1, PCI_MSIX_ENTRY_VECTOR_CTRL, 1);
    drive(ctx, msixVectorUse(ctx, dev, 1));
    notify(ctx, dev, 1);
    drive(ctx, msixReset(ctx, dev));
    expect(dev.cfg16(cap + PCI_MSIX_FLAGS)).toBe(2);
    expect(Array.from(dev.msix!.tableBytes().filter((_, i) => i % 16 !== 12))).toEqual(new Array(3 * 15).fill(0));
    expect([0, 1, 2].map((v) => dev.msix!.tableByte(v * 16 + 12))).toEqual([1, 1, 1]);
    expect(msixIsPending(dev, 1)).toBe(false);
  });

  it('lives in the Arena: undoing the logged writes of a masked notify clears the pending bit again', () => {
    const { dev, arena, ctx, cap } = setup();
    control(ctx, dev, cap, PCI_MSIX_FLAGS_ENABLE);
    drive(ctx, msixVectorUse(ctx, dev, 0));
    arena.startLog();
    notify(ctx, dev, 0);
    const log = arena.takeLog();
    expect(msixIsPending(dev, 0)).toBe(true);
    arena.undo(log);
    expect(msixIsPending(dev, 0)).toBe(false);
    arena.redo(log);
    expect(msixIsPending(dev, 0)).toBe(true);
  });
});

describe('vector notifiers (msix_set_vector_notifiers and friends)', () => {
  function recorder(fail: number | null = null) {
    const calls: string[] = [];
    const stacks: string[][] = [];
    const n: MsixVectorNotifiers = {
      *use(ctx, _dev, vector, msg) {
        calls.push(`use ${vector} ${msg.data.toString(16)}`);
        stacks.push([...ctx.stack]);
        return vector === fail ? -1 : 0;
      },
      *release(_ctx, _dev, vector) {
        calls.push(`release ${vector}`);
      },
      *poll(_ctx, _dev, start, end) {
        calls.push(`poll ${start}-${end}`);
      },
    };
    return { calls, stacks, n };
  }
  function ready(n = 3) {
    const s = setup(n);
    control(s.ctx, s.dev, s.cap, PCI_MSIX_FLAGS_ENABLE);
    for (let v = 0; v < n; v++) program(s.ctx, s.dev, v, 0xfee00000, 0x50 + v);
    return s;
  }

  it('calls use for each unmasked vector in order (masked ones are skipped), then poll over all vectors', () => {
    const { dev, ctx } = ready();
    tableWrite(ctx, dev, 0, PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
    tableWrite(ctx, dev, 2, PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
    const r = recorder();
    ctx.stack.push('virtio_pci_set_guest_notifiers' as never);
    expect(drive(ctx, msixSetVectorNotifiers(ctx, dev, r.n)).value).toBe(0);
    expect(r.calls).toEqual(['use 0 50', 'use 2 52', 'poll 0-3']);
    // The backtrace the kick-and-call fault scenario shows runs through these frames into the callback.
    expect(r.stacks[0]).toEqual(['virtio_pci_set_guest_notifiers', 'msix_set_vector_notifiers', 'msix_set_notifier_for_vector']);
  });

  it('with MSI-X disabled or the function masked installs the callbacks without calling use, but still polls', () => {
    const { dev, ctx, cap } = ready();
    tableWrite(ctx, dev, 0, PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
    control(ctx, dev, cap, PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
    const r = recorder();
    drive(ctx, msixSetVectorNotifiers(ctx, dev, r.n));
    expect(r.calls).toEqual(['poll 0-3']);
    // Clearing Function Mask now unmasks vector 0 only: use 0 (msix_fire_vector_notifier).
    control(ctx, dev, cap, PCI_MSIX_FLAGS_ENABLE);
    expect(r.calls).toEqual(['poll 0-3', 'use 0 50']);
  });

  it('fires release on mask and use on unmask, per vector and function-wide, in vector order', () => {
    const { dev, ctx, cap } = ready();
    tableWrite(ctx, dev, 0, PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
    tableWrite(ctx, dev, 2, PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
    const r = recorder();
    drive(ctx, msixSetVectorNotifiers(ctx, dev, r.n));
    r.calls.length = 0;
    tableWrite(ctx, dev, 2, PCI_MSIX_ENTRY_VECTOR_CTRL, 1);
    tableWrite(ctx, dev, 2, PCI_MSIX_ENTRY_VECTOR_CTRL, 1); // no change, no call
    tableWrite(ctx, dev, 1, PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
    expect(r.calls).toEqual(['release 2', 'use 1 51']);
    r.calls.length = 0;
    control(ctx, dev, cap, PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
    control(ctx, dev, cap, PCI_MSIX_FLAGS_ENABLE);
    expect(r.calls).toEqual(['release 0', 'release 1', 'use 0 50', 'use 1 51']);
    // Clearing Enable returns from msix_write_config before the per-vector loop: no release
    // (virtio-pci releases through msix_unset_vector_notifiers instead); enabling again fires use.
    r.calls.length = 0;
    control(ctx, dev, cap, 0);
    expect(r.calls).toEqual([]);
    control(ctx, dev, cap, PCI_MSIX_FLAGS_ENABLE);
    expect(r.calls).toEqual(['use 0 50', 'use 1 51']);
  });

  it('a PBA read polls first (QEMU 7.2 passes [addr*8, min(addr + size*8, n)))', () => {
    const { dev, ctx } = ready(40);
    const r = recorder();
    drive(ctx, msixSetVectorNotifiers(ctx, dev, r.n));
    r.calls.length = 0;
    drive(ctx, pciBarRead(ctx, dev, MSIX_BAR, PBA_OFF, 4));
    drive(ctx, pciBarRead(ctx, dev, MSIX_BAR, PBA_OFF + 4, 4));
    expect(r.calls).toEqual(['poll 0-32', 'poll 32-36']);
  });

  it('msix_unset_vector_notifiers releases the unmasked vectors and removes the callbacks', () => {
    const { dev, ctx } = ready();
    tableWrite(ctx, dev, 1, PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
    const r = recorder();
    drive(ctx, msixSetVectorNotifiers(ctx, dev, r.n));
    drive(ctx, msixUnsetVectorNotifiers(ctx, dev));
    tableWrite(ctx, dev, 2, PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
    expect(r.calls).toEqual(['use 1 51', 'poll 0-3', 'release 1']);
    expect(dev.msix!.notifiersInstalled).toBe(false);
  });

  it('when use fails, releases the vectors done so far in reverse, uninstalls, and returns the error', () => {
    const { dev, ctx } = ready();
    for (const v of [0, 1, 2]) tableWrite(ctx, dev, v, PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
    const r = recorder(2);
    expect(drive(ctx, msixSetVectorNotifiers(ctx, dev, r.n)).value).toBe(-1);
    expect(r.calls).toEqual(['use 0 50', 'use 1 51', 'use 2 52', 'release 1', 'release 0']);
    expect(dev.msix!.notifiersInstalled).toBe(false);
  });
});

describe('events of hw/pci', () => {
  it('name their function: an event with `fn` has that function as its innermost frame', () => {
    const { dev, ctx, cap } = setup();
    const all = [
      ...control(ctx, dev, cap, PCI_MSIX_FLAGS_ENABLE).events,
      ...tableWrite(ctx, dev, 0, PCI_MSIX_ENTRY_DATA, 0x22).events,
      ...drive(ctx, pciBarRead(ctx, dev, MSIX_BAR, 0, 4)).events,
      ...drive(ctx, msixVectorUse(ctx, dev, 0)).events,
      ...notify(ctx, dev, 0).events,
      ...tableWrite(ctx, dev, 0, PCI_MSIX_ENTRY_VECTOR_CTRL, 0).events,
      ...drive(ctx, pciBarRead(ctx, dev, MSIX_BAR, PBA_OFF, 4)).events,
    ];
    const types = new Set(all.map((e) => e.type));
    for (const t of ['pci_config_write', 'msix_write_config', 'msix_table_write', 'msix_table_read', 'msix_set_pending', 'msix_clr_pending', 'msi_send_message', 'msix_pba_read', 'msix_mask_update'] as const) {
      expect(types.has(t)).toBe(true);
    }
    for (const e of all) {
      const info = EVENT_INFO[e.type];
      expect(info.component).toBe('qemu');
      if (info.fn) expect([e.type, e.stack.at(-1)]).toEqual([e.type, info.fn]);
    }
  });
});

describe('the kick-and-call fault backtrace runs through msix.c', () => {
  it('virtio_pci_set_guest_notifiers → msix_set_vector_notifiers → msix_set_notifier_for_vector → (use callback) frames, innermost last', () => {
    const { dev, ctx, cap } = setup();
    control(ctx, dev, cap, PCI_MSIX_FLAGS_ENABLE);
    tableWrite(ctx, dev, 0, PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
    let bt: string[] = [];
    const n: MsixVectorNotifiers = {
      // What helper-kvm's virtio_pci_vector_unmask does: enter its frames; the fault reads ctx.stack.
      use: (c) =>
        c.call(
          'virtio_pci_vector_unmask',
          c.call(
            'kvm_virtio_pci_irqfd_use',
            (function* () {
              bt = [...c.stack].reverse();
              return 0;
            })(),
          ),
        ),
      *release() {},
      poll: null,
    };
    drive(ctx, ctx.call('virtio_pci_set_guest_notifiers', msixSetVectorNotifiers(ctx, dev, n)));
    expect(bt).toEqual(['kvm_virtio_pci_irqfd_use', 'virtio_pci_vector_unmask', 'msix_set_notifier_for_vector', 'msix_set_vector_notifiers', 'virtio_pci_set_guest_notifiers']);
  });
});

describe('msix_set_mask (device side)', () => {
  it('masks and unmasks a vector with the same pending/notifier handling as a table write', async () => {
    const { msixSetMask } = await import('./msix');
    const { dev, ctx, cap, sent } = setup();
    control(ctx, dev, cap, PCI_MSIX_FLAGS_ENABLE);
    drive(ctx, msixVectorUse(ctx, dev, 1));
    notify(ctx, dev, 1);
    expect(msixIsPending(dev, 1)).toBe(true);
    const { events } = drive(ctx, msixSetMask(ctx, dev, 1, false));
    expect(sent).toHaveLength(1);
    expect(events.at(-1)!.stack).toEqual(['msix_set_mask', 'msix_handle_mask_update', 'msix_notify', 'msi_send_message']);
    drive(ctx, msixSetMask(ctx, dev, 1, true));
    expect(msixIsMasked(dev, 1)).toBe(true);
  });
});
