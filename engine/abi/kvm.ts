/**
 * The KVM ioctls this walkthrough's interrupt and notification plumbing uses,
 * with their x86-64 encodings and the UAPI structs they carry (FACTS §7.2,
 * include/uapi/linux/kvm.h). Offsets are the C layout; the test compiles C
 * against /usr/include/linux/kvm.h to check them.
 */
import type { Arena } from '../mem/arena';

/** The ioctl type byte of every KVM ioctl. */
export const KVMIO = 0xae;

/** _IOC direction bits (asm-generic/ioctl.h): write = 1 (user → kernel), read = 2. */
const IOC_WRITE = 1;
/** _IOW(type, nr, size): dir in bits 31:30, size 29:16, type 15:8, nr 7:0. */
export function _IOW(type: number, nr: number, size: number): number {
  return ((IOC_WRITE << 30) | (size << 16) | (type << 8) | nr) >>> 0;
}

/** KVM_SET_GSI_ROUTING = _IOW(KVMIO, 0x6a, struct kvm_irq_routing): replace the VM's whole GSI routing table. */
export const KVM_SET_GSI_ROUTING = _IOW(KVMIO, 0x6a, 8);
/** KVM_IRQFD = _IOW(KVMIO, 0x76, struct kvm_irqfd): bind an eventfd to a GSI. */
export const KVM_IRQFD = _IOW(KVMIO, 0x76, 32);
/** KVM_IOEVENTFD = _IOW(KVMIO, 0x79, struct kvm_ioeventfd): signal an eventfd on a guest write to an address. */
export const KVM_IOEVENTFD = _IOW(KVMIO, 0x79, 64);
/** KVM_SIGNAL_MSI = _IOW(KVMIO, 0xa5, struct kvm_msi): inject one MSI directly (no route, no eventfd). */
export const KVM_SIGNAL_MSI = _IOW(KVMIO, 0xa5, 32);

/** kvm_irq_routing_entry.type values. */
export const KVM_IRQ_ROUTING_IRQCHIP = 1;
export const KVM_IRQ_ROUTING_MSI = 2;
/** kvm_irq_routing_entry.flags / kvm_msi.flags: the devid field is valid (ARM GICv3 ITS; x86 leaves it clear). */
export const KVM_MSI_VALID_DEVID = 1 << 0;
/** kvm_irq_routing_irqchip.irqchip values. */
export const KVM_IRQCHIP_PIC_MASTER = 0;
export const KVM_IRQCHIP_PIC_SLAVE = 1;
export const KVM_IRQCHIP_IOAPIC = 2;
/**
 * Highest GSI + 1 a route may use (include/linux/kvm_host.h; not UAPI).
 * KVM_SET_GSI_ROUTING also refuses more than this many entries.
 */
export const KVM_MAX_IRQ_ROUTES = 4096;

/** kvm_irqfd.flags. */
export const KVM_IRQFD_FLAG_DEASSIGN = 1 << 0;
export const KVM_IRQFD_FLAG_RESAMPLE = 1 << 1;

/** kvm_ioeventfd.flags (1 << kvm_ioeventfd_flag_nr_*). */
export const KVM_IOEVENTFD_FLAG_DATAMATCH = 1 << 0;
export const KVM_IOEVENTFD_FLAG_PIO = 1 << 1;
export const KVM_IOEVENTFD_FLAG_DEASSIGN = 1 << 2;
export const KVM_IOEVENTFD_FLAG_VIRTIO_CCW_NOTIFY = 1 << 3;

/** struct kvm_irq_routing: nr, flags, then nr entries. */
export const KVM_IRQ_ROUTING = { nr: 0, flags: 4, entries: 8, size: 8 } as const;
/** struct kvm_irq_routing_entry (48 bytes): the union `u` is 32 bytes (pad[8]) at 16. */
export const KVM_IRQ_ROUTING_ENTRY = { gsi: 0, type: 4, flags: 8, pad: 12, u: 16, size: 48 } as const;
/** Inside `u`: struct kvm_irq_routing_msi. */
export const KVM_IRQ_ROUTING_MSI_FIELDS = { address_lo: 0, address_hi: 4, data: 8, devid: 12 } as const;
/** Inside `u`: struct kvm_irq_routing_irqchip. */
export const KVM_IRQ_ROUTING_IRQCHIP_FIELDS = { irqchip: 0, pin: 4 } as const;
/** struct kvm_irqfd (32 bytes). */
export const KVM_IRQFD_LAYOUT = { fd: 0, gsi: 4, flags: 8, resamplefd: 12, pad: 16, size: 32 } as const;
/** struct kvm_ioeventfd (64 bytes). */
export const KVM_IOEVENTFD_LAYOUT = { datamatch: 0, addr: 8, len: 16, fd: 20, flags: 24, pad: 28, size: 64 } as const;
/** struct kvm_msi (32 bytes). */
export const KVM_MSI_LAYOUT = { address_lo: 0, address_hi: 4, data: 8, flags: 12, devid: 16, pad: 20, size: 32 } as const;

/** One routing entry, the subset of the union this walkthrough uses. */
export type KvmIrqRoutingEntry =
  | { gsi: number; type: typeof KVM_IRQ_ROUTING_MSI; flags: number; msi: { addressLo: number; addressHi: number; data: number; devid: number } }
  | { gsi: number; type: typeof KVM_IRQ_ROUTING_IRQCHIP; flags: number; irqchip: { irqchip: number; pin: number } };

/** Write `e` at `off` in the struct kvm_irq_routing_entry layout (the union's unused bytes zeroed). */
export function writeKvmIrqRoutingEntry(arena: Arena, off: number, e: KvmIrqRoutingEntry): void {
  const E = KVM_IRQ_ROUTING_ENTRY;
  arena.fill(off, E.size, 0);
  arena.w32(off + E.gsi, e.gsi);
  arena.w32(off + E.type, e.type);
  arena.w32(off + E.flags, e.flags);
  if (e.type === KVM_IRQ_ROUTING_MSI) {
    const M = KVM_IRQ_ROUTING_MSI_FIELDS;
    arena.w32(off + E.u + M.address_lo, e.msi.addressLo);
    arena.w32(off + E.u + M.address_hi, e.msi.addressHi);
    arena.w32(off + E.u + M.data, e.msi.data);
    arena.w32(off + E.u + M.devid, e.msi.devid);
  } else {
    arena.w32(off + E.u + KVM_IRQ_ROUTING_IRQCHIP_FIELDS.irqchip, e.irqchip.irqchip);
    arena.w32(off + E.u + KVM_IRQ_ROUTING_IRQCHIP_FIELDS.pin, e.irqchip.pin);
  }
}

/** Read the entry at `off`; null for a type this model does not carry (KVM's other route kinds). */
export function readKvmIrqRoutingEntry(arena: Arena, off: number): KvmIrqRoutingEntry | null {
  const E = KVM_IRQ_ROUTING_ENTRY;
  const gsi = arena.r32(off + E.gsi);
  const type = arena.r32(off + E.type);
  const flags = arena.r32(off + E.flags);
  if (type === KVM_IRQ_ROUTING_MSI) {
    const M = KVM_IRQ_ROUTING_MSI_FIELDS;
    const u = off + E.u;
    return { gsi, type, flags, msi: { addressLo: arena.r32(u + M.address_lo), addressHi: arena.r32(u + M.address_hi), data: arena.r32(u + M.data), devid: arena.r32(u + M.devid) } };
  }
  if (type === KVM_IRQ_ROUTING_IRQCHIP) {
    const u = off + E.u;
    return { gsi, type, flags, irqchip: { irqchip: arena.r32(u), pin: arena.r32(u + 4) } };
  }
  return null;
}
