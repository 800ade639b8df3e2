/**
 * The guest's /proc/interrupts for the function, as the trace so far makes
 * it: request_irq adds a line (its name: virtio0-config, virtio0-input.0,
 * virtio0-virtqueues, or virtio0 on the INTx line), vp_del_vqs frees every
 * line of a failed try, and each guest_irq_entry counts one on CPU0. Only the
 * trace prefix up to the step is read, so a seek back shows the file as it
 * was then.
 *
 * Linux numbers MSI-X interrupts after the IO-APIC's 24 pins: the first MSI
 * device gets IRQs 24, 25, … in entry order (hwirq = the entry), while INTx
 * shows as its GSI on the IO-APIC.
 */
import type { PciInfo } from '@/engine/scenarios/world';
import type { EventFields, TraceEvent } from '@/engine/trace/events';

/** The first IRQ number Linux gives MSI interrupts on a PC (after the IO-APIC's 24 pins). */
export const FIRST_MSI_IRQ = 24;

/** One line of /proc/interrupts. */
export interface ProcIrq {
  irq: number;
  /** Interrupts taken on CPU0 so far. */
  count: number;
  /** The irq_chip: PCI-MSIX-0000:00:03.0 or IO-APIC. */
  chip: string;
  /** hwirq and flow: "1-edge" (entry 1), "11-fasteoi" (the INTx GSI). */
  hwirq: string;
  name: string;
  handler: EventFields['request_irq']['handler'];
  /** MSI-X entry, null for INTx. */
  entry: number | null;
}

/** /proc/interrupts after the first `step` events of `trace`. */
export function procInterruptsAt(trace: readonly TraceEvent[], step: number, info: Pick<PciInfo, 'fn' | 'lapic'>): ProcIrq[] {
  let lines: ProcIrq[] = [];
  const end = Math.min(step, trace.length);
  for (let i = 0; i < end; i++) {
    const e = trace[i]!;
    if (e.type === 'request_irq') {
      const entry = e.f.vector;
      lines = [
        ...lines.filter((l) => l.entry !== entry),
        entry === null
          ? { irq: info.lapic.intxGsi, count: 0, chip: 'IO-APIC', hwirq: `${info.lapic.intxGsi}-fasteoi`, name: e.f.name, handler: e.f.handler, entry }
          : { irq: FIRST_MSI_IRQ + entry, count: 0, chip: `PCI-MSIX-0000:${info.fn.bdf}`, hwirq: `${entry}-edge`, name: e.f.name, handler: e.f.handler, entry },
      ];
    } else if (e.type === 'vp_del_vqs') {
      // vp_del_vqs frees every IRQ of the try (free_irq) and the vectors (pci_free_irq_vectors).
      if (e.f.irqsFreed > 0 || e.f.msixDisabled) lines = [];
    } else if (e.type === 'guest_irq_entry') {
      const entry = e.f.entry;
      lines = lines.map((l) => (l.entry === entry ? { ...l, count: l.count + 1 } : l));
    }
  }
  return lines.sort((a, b) => a.irq - b.irq);
}
