/**
 * The function's 256-byte configuration space as the views lay it out: the
 * bytes from the arena, the standard header's fields, the capability list
 * (PCI_CAPABILITY_LIST, then each cap's next pointer) with the virtio
 * structure each vendor capability describes, and the device status byte.
 */
import type { PciInfo } from '@/engine/scenarios/world';
import type { TraceEvent } from '@/engine/trace/events';

/** Bytes of configuration space. */
export const CONFIG_SIZE = 256;

/** One labelled range of configuration space. */
export interface ConfigField {
  off: number;
  len: number;
  /** A label: a header field (vendor, BAR0, …) or a capability (COMMON, MSI-X, …). */
  label: string;
  kind: 'header' | 'cap';
}

/** virtio_pci_cap.cfg_type names (VIRTIO_PCI_CAP_*_CFG) and the MSI-X capability, as the view labels them. */
const CAP_LABEL: Record<string, string> = {
  common: 'COMMON',
  notify: 'NOTIFY',
  isr: 'ISR',
  device: 'DEVICE',
  'pci-cfg': 'PCI_CFG',
  msix: 'MSI-X',
};

/** The standard type-0 header fields the walkthrough touches. */
const HEADER: readonly ConfigField[] = [
  { off: 0x00, len: 2, label: 'vendor', kind: 'header' },
  { off: 0x02, len: 2, label: 'device', kind: 'header' },
  { off: 0x04, len: 2, label: 'command', kind: 'header' },
  { off: 0x06, len: 2, label: 'status', kind: 'header' },
  { off: 0x08, len: 1, label: 'revision', kind: 'header' },
  { off: 0x09, len: 3, label: 'class', kind: 'header' },
  ...[0, 1, 2, 3, 4, 5].map((i) => ({ off: 0x10 + 4 * i, len: 4, label: `BAR${i}`, kind: 'header' as const })),
  { off: 0x2c, len: 2, label: 'subsys vendor', kind: 'header' },
  { off: 0x2e, len: 2, label: 'subsys id', kind: 'header' },
  { off: 0x34, len: 1, label: 'cap ptr', kind: 'header' },
  { off: 0x3c, len: 1, label: 'irq line', kind: 'header' },
  { off: 0x3d, len: 1, label: 'irq pin', kind: 'header' },
];

/** The capabilities in list order, each with its length (cap_len for vendor caps, 12 bytes for MSI-X). */
export function capFields(info: Pick<PciInfo, 'fn'>, config: readonly number[]): ConfigField[] {
  return info.fn.caps.map((c) => {
    const len = c.kind === 'msix' ? 12 : Math.max(4, config[c.offset + 2] ?? 16);
    return { off: c.offset, len, label: CAP_LABEL[c.kind] ?? c.kind.toUpperCase(), kind: 'cap' as const };
  });
}

/** Every labelled range: header fields and capabilities. */
export function configFields(info: Pick<PciInfo, 'fn'>, config: readonly number[]): ConfigField[] {
  return [...HEADER, ...capFields(info, config)];
}

/** The 256 bytes of configuration space at this step. */
export function configBytes(info: Pick<PciInfo, 'fn'>, bytes: Uint8Array): number[] {
  return Array.from(bytes.subarray(info.fn.configOff, info.fn.configOff + CONFIG_SIZE));
}

/** The range of configuration space a beat read or wrote (null: none). */
export function touchedConfig(e: TraceEvent | null, info: Pick<PciInfo, 'fn'>): { off: number; len: number } | null {
  if (!e) return null;
  switch (e.type) {
    case 'pci_config_read':
    case 'pci_config_write':
      return { off: e.f.addr, len: e.f.len };
    case 'vcpu_io_exit':
      return e.f.target.kind === 'config' ? { off: e.f.off, len: e.f.size } : null;
    case 'msix_write_config': {
      const cap = info.fn.caps.find((c) => c.kind === 'msix');
      return cap ? { off: cap.offset + 2, len: 2 } : null;
    }
    case 'virtio_pci_cap':
      return { off: e.f.pos, len: 16 };
    default:
      return null;
  }
}

/** The device status bits (virtio spec §2.1), in bit order. */
export const STATUS_BITS: ReadonlyArray<{ bit: number; name: string }> = [
  { bit: 1, name: 'ACKNOWLEDGE' },
  { bit: 2, name: 'DRIVER' },
  { bit: 8, name: 'FEATURES_OK' },
  { bit: 4, name: 'DRIVER_OK' },
  { bit: 64, name: 'DEVICE_NEEDS_RESET' },
  { bit: 128, name: 'FAILED' },
];

/** The names of the bits set in a device status byte (empty: reset). */
export function statusNames(status: number): string[] {
  return STATUS_BITS.filter((b) => (status & b.bit) !== 0).map((b) => b.name);
}
