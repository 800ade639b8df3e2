/**
 * The device-side PCI / MSI-X captions on real beats of QEMU 7.2's model
 * (engine/qemu/pci-device.ts, msix.ts): BAR sizing and mapping, the guest
 * programming and enabling MSI-X, a vector raised while unused, while masked
 * (pending bit, PBA read) and after the unmask (delivered), INTx raised and
 * disabled. Every beat must caption cleanly in both languages and describe
 * itself in one line.
 */
import { describe, expect, it } from 'vitest';
import {
  PCI_BASE_ADDRESS_1,
  PCI_CAP_ID_MSIX,
  PCI_COMMAND,
  PCI_COMMAND_INTX_DISABLE,
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
} from '@/engine/abi/pci';
import { msixArenaSize, msixInitExclusiveBar, msixNotify, msixVectorUse } from '@/engine/qemu/msix';
import { pciBarRead, pciBarWrite, pciDefaultReadConfig, pciDefaultWriteConfig, pciFindCapability, pciSetIrq } from '@/engine/qemu/pci-device';
import { drive, testDevice, vcpu } from '@/engine/qemu/pci-test-util';
import type { Emit } from '@/engine/sched/actor';
import { EVENT_INFO, type EventType, type TraceEvent } from '@/engine/trace/events';
import { describe as describeEvent } from '@/engine/trace/format';
import type { CaptionFor } from '../caption-types';
import { CAPTIONS } from '../captions';

const CJK = /[\u3400-\u9fff]/;
const BAD = ['undefined', 'NaN', '[object', 'null', 'Infinity'];
const MSIX_BAR = 1;
const PBA_OFF = 2048;

/** The walk: every event QEMU's model emits on the way. */
function walk(): Emit[] {
  const { dev, layout } = testDevice();
  expect(msixInitExclusiveBar(dev, layout.take(msixArenaSize(3), 8), 3, MSIX_BAR)).toBe(0);
  dev.msiTrigger = function* () {};
  const ctx = vcpu();
  const events: Emit[] = [];
  const go = <T>(g: Parameters<typeof drive<T>>[1]): T => {
    const r = drive(ctx, g);
    events.push(...r.events);
    return r.value;
  };
  // The BIOS sizes a BAR, then the guest enables decoding and bus mastering.
  go(pciDefaultWriteConfig(ctx, dev, PCI_BASE_ADDRESS_1, 0xffffffff, 4));
  go(pciDefaultReadConfig(ctx, dev, PCI_BASE_ADDRESS_1, 4));
  go(pciDefaultWriteConfig(ctx, dev, PCI_BASE_ADDRESS_1, 0xfebf1000, 4));
  go(pciDefaultWriteConfig(ctx, dev, PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 2));
  // INTx while MSI-X is off: raised, then INTX_DISABLE set while it is up.
  go(pciSetIrq(ctx, dev, 1));
  go(pciDefaultWriteConfig(ctx, dev, PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER | PCI_COMMAND_INTX_DISABLE, 2));
  go(pciSetIrq(ctx, dev, 0));
  // Program entry 1, leave it masked, enable MSI-X.
  const w = (v: number, field: number, val: number) => go(pciBarWrite(ctx, dev, MSIX_BAR, v * PCI_MSIX_ENTRY_SIZE + field, val, 4));
  w(1, PCI_MSIX_ENTRY_LOWER_ADDR, 0xfee00000);
  w(1, PCI_MSIX_ENTRY_UPPER_ADDR, 0);
  w(1, PCI_MSIX_ENTRY_DATA, 0x23);
  go(pciBarRead(ctx, dev, MSIX_BAR, 1 * PCI_MSIX_ENTRY_SIZE + PCI_MSIX_ENTRY_DATA, 4));
  go(pciDefaultWriteConfig(ctx, dev, pciFindCapability(dev, PCI_CAP_ID_MSIX) + PCI_MSIX_FLAGS, PCI_MSIX_FLAGS_ENABLE, 2));
  // Raised before anyone uses it, then used, raised while masked, PBA read, unmasked: delivered.
  go(msixNotify(ctx, dev, 1));
  go(msixVectorUse(ctx, dev, 1));
  go(msixNotify(ctx, dev, 1));
  go(pciBarRead(ctx, dev, MSIX_BAR, PBA_OFF, 4));
  w(1, PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
  go(msixNotify(ctx, dev, 1));
  w(1, PCI_MSIX_ENTRY_VECTOR_CTRL, PCI_MSIX_ENTRY_CTRL_MASKBIT);
  // Bus mastering off: the message goes nowhere.
  w(1, PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
  go(pciDefaultWriteConfig(ctx, dev, PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_INTX_DISABLE, 2));
  go(msixNotify(ctx, dev, 1));
  return events;
}

function caption(e: Emit, lang: 'en' | 'zh'): string {
  return (CAPTIONS[e.type] as unknown as CaptionFor<EventType>)[lang](e.f as never, { actor: 'vcpu0', stack: e.stack });
}

describe('captions of the PCI and MSI-X beats of QEMU\'s model', () => {
  it('every beat of the walk reads cleanly in both languages and in one line', () => {
    const events = walk();
    const types = new Set(events.map((e) => e.type));
    for (const t of ['pci_config_write', 'pci_update_mappings', 'pci_intx_level', 'msix_table_write', 'msix_table_read', 'msix_write_config', 'msix_notify', 'msix_set_pending', 'msix_pba_read', 'msix_mask_update', 'msix_clr_pending', 'msi_send_message', 'msix_vector_use'])
      expect(types, t).toContain(t);
    for (const e of events) {
      for (const lang of ['en', 'zh'] as const) {
        const text = caption(e, lang);
        expect(text.trim().length, `${e.type} ${lang}`).toBeGreaterThan(10);
        for (const bad of BAD) expect(text, `${e.type} ${lang}: ${text}`).not.toContain(bad);
      }
      expect(caption(e, 'zh'), e.type).toMatch(CJK);
      expect(describeEvent({ seq: 0, actor: 'vcpu0', type: e.type, f: e.f, stack: e.stack, doc: EVENT_INFO[e.type].doc } as TraceEvent).trim().length).toBeGreaterThan(0);
    }
  });

  it('the message that waited while masked is sent on the unmask, and the caption says so', () => {
    const events = walk();
    const unmask = events.find((e) => e.type === 'msix_mask_update' && !(e.f as { masked: boolean }).masked)!;
    expect(caption(unmask, 'en')).toContain('the message that waited is sent now');
    const dropped = events.filter((e) => e.type === 'msi_send_message').pop()!;
    expect(caption(dropped, 'en')).toContain('Bus mastering is off');
  });
});
