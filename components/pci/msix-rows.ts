/**
 * The MSI-X table as the guest would read it through the BAR: one row per
 * entry with its four dwords from the arena (Message Address lo/hi, Message
 * Data, Vector Control, PCI spec §6.8.2.6-9), the x86 meaning of the message
 * (msiDecode: destination APIC id, vector), its pending bit from the PBA, and
 * which of the function's interrupts use it (msix_config, queue_msix_vector).
 */
import { isMsiAddress, msiDecode } from '@/engine/abi/msi';
import { PCI_MSIX_ENTRY_CTRL_MASKBIT, PCI_MSIX_ENTRY_SIZE } from '@/engine/abi/pci';
import type { PciInfo, PciLive } from '@/engine/scenarios/world';
import type { TraceEvent } from '@/engine/trace/events';

/** virtio's "no vector" (VIRTIO_MSI_NO_VECTOR). */
export const VIRTIO_MSI_NO_VECTOR = 0xffff;

/** One MSI-X table entry at a step. */
export interface MsixRow {
  entry: number;
  addressLo: number;
  addressHi: number;
  data: number;
  ctrl: number;
  /** The address lies in the LAPIC window (0xfee00000): a real interrupt message. */
  msi: boolean;
  destId: number;
  vector: number;
  masked: boolean;
  pending: boolean;
  /** Who uses the entry: 'config' and the Linux names of the queues (input.0, output.0, …). */
  users: string[];
}

/** A little-endian dword of `bytes` at `off`. */
export function u32(bytes: Uint8Array, off: number): number {
  return ((bytes[off] ?? 0) | ((bytes[off + 1] ?? 0) << 8) | ((bytes[off + 2] ?? 0) << 16) | ((bytes[off + 3] ?? 0) << 24)) >>> 0;
}

/** Who uses entry `entry`: the config vector and the queues whose vector register names it. */
export function entryUsers(info: PciInfo, live: PciLive, entry: number): string[] {
  const users = live.configVector === entry ? ['config'] : [];
  for (const q of live.queues) if (q.vector === entry) users.push(info.fn.queues[q.index]?.driverName ?? `vq ${q.index}`);
  return users;
}

/** Every entry of the function's MSI-X table, decoded from the arena bytes (empty without the capability). */
export function msixRows(info: PciInfo, live: PciLive, bytes: Uint8Array): MsixRow[] {
  const m = info.fn.msix;
  if (!m) return [];
  return Array.from({ length: m.entries }, (_, entry) => {
    const at = m.tableArena + entry * PCI_MSIX_ENTRY_SIZE;
    const addressLo = u32(bytes, at);
    const addressHi = u32(bytes, at + 4);
    const data = u32(bytes, at + 8);
    const ctrl = u32(bytes, at + 12);
    const d = msiDecode({ addressLo, addressHi, data });
    return {
      entry,
      addressLo,
      addressHi,
      data,
      ctrl,
      msi: isMsiAddress(addressLo),
      destId: d.destId,
      vector: d.vector,
      masked: (ctrl & PCI_MSIX_ENTRY_CTRL_MASKBIT) !== 0,
      pending: ((bytes[m.pbaArena + (entry >> 3)] ?? 0) & (1 << (entry & 7))) !== 0,
      users: entryUsers(info, live, entry),
    };
  });
}

/** The MSI-X entry a beat reads, writes, masks, raises or takes (null: none). */
export function touchedEntry(e: TraceEvent | null, info: PciInfo): number | null {
  if (!e) return null;
  switch (e.type) {
    case 'msix_table_write':
    case 'msix_table_read':
    case 'guest_msix_mask':
      return e.f.entry;
    case 'guest_irq_entry':
      return e.f.entry;
    case 'msix_mask_update':
    case 'msix_notify':
    case 'msix_set_pending':
    case 'msix_clr_pending':
    case 'msix_vector_use':
    case 'msix_vector_notifier':
    case 'kvm_irqchip_add_msi_route':
      return e.f.vector;
    case 'msi_send_message':
      return e.f.vector;
    case 'request_irq':
      return e.f.vector;
    case 'vp_vector_write':
      return e.f.readBack === VIRTIO_MSI_NO_VECTOR ? null : e.f.vector;
    case 'vcpu_io_exit': {
      const m = info.fn.msix;
      if (!m || e.f.target.kind !== 'bar' || e.f.target.bar !== m.bar) return null;
      const off = e.f.off - m.tableOff;
      return off >= 0 && off < m.entries * PCI_MSIX_ENTRY_SIZE ? Math.floor(off / PCI_MSIX_ENTRY_SIZE) : null;
    }
    default:
      return null;
  }
}
