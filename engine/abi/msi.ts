/**
 * The x86 MSI message: the address/data pair a PCI function writes to raise an
 * interrupt, as the MSI-X table entry holds it and KVM_SET_GSI_ROUTING carries
 * it (FACTS §5.2). Names follow Linux's old arch/x86/include/asm/msidef.h (gone
 * since ~5.10; 6.12 decodes the same bits through struct msi_msg's arch_addr_lo
 * / arch_data bitfields in arch/x86/include/asm/msi.h, and kvm_set_msi_irq).
 */

/** Every x86 MSI address lies in the 1 MiB window at 0xfee00000 (the LAPICs' MMIO). */
export const MSI_ADDR_BASE_LO = 0xfee0_0000;
/** The window's mask: the top 12 bits of the low address word. */
export const MSI_ADDR_BASE_MASK = 0xfff0_0000;
/** address_hi is 0 unless the VM uses the x2APIC format (KVM_X2APIC_API_USE_32BIT_IDS). */
export const MSI_ADDR_BASE_HI = 0;
/** Address bit 2: destination mode, 0 physical, 1 logical. */
export const MSI_ADDR_DEST_MODE_LOGICAL = 1 << 2;
/** Address bit 3: redirection hint (0: the named CPU, 1: lowest priority among the destination). */
export const MSI_ADDR_REDIRECTION_LOWPRI = 1 << 3;
/** Address bits 19:12: the classic 8-bit destination APIC ID. */
export const MSI_ADDR_DEST_ID_SHIFT = 12;
export const MSI_ADDR_DEST_ID_MASK = 0x000f_f000;
/**
 * Address bits 11:5: APIC ID bits 14:8 (the "extended destination ID", Linux's
 * virt_destid_8_14). KVM's own decode ignores them: QEMU's
 * kvm_arch_fixup_msi_route moves them into address_hi before the route is installed.
 */
export const MSI_ADDR_EXT_DEST_ID_SHIFT = 5;
export const MSI_ADDR_EXT_DEST_ID_MASK = 0x0000_0fe0;

/** Data bits 7:0: the x86 vector the LAPIC raises. */
export const MSI_DATA_VECTOR_MASK = 0xff;
/** Data bits 10:8: delivery mode. */
export const MSI_DATA_DELIVERY_MODE_SHIFT = 8;
export const MSI_DATA_DELIVERY_MODE_MASK = 0x700;
/** Delivery modes (the APIC_DM_* values shifted down by 8). */
export const MSI_DATA_DELIVERY_FIXED = 0;
export const MSI_DATA_DELIVERY_LOWPRI = 1;
export const MSI_DATA_DELIVERY_SMI = 2;
export const MSI_DATA_DELIVERY_NMI = 4;
export const MSI_DATA_DELIVERY_INIT = 5;
export const MSI_DATA_DELIVERY_EXTINT = 7;
/** Data bit 14: level (1 assert); bit 15: trigger mode (0 edge, 1 level). */
export const MSI_DATA_LEVEL_SHIFT = 14;
export const MSI_DATA_TRIGGER_SHIFT = 15;

/** The decoded fields of an x86 MSI. */
export interface X86Msi {
  /** Destination APIC ID (8 bits classic; up to 15 with the extended ID; 32 with the x2APIC format). */
  destId: number;
  /** Destination mode: logical when true, physical when false. */
  destLogical: boolean;
  /** Redirection hint (lowest priority among the destination set). */
  redirHint: boolean;
  vector: number;
  /** Delivery mode, MSI_DATA_DELIVERY_*. */
  deliveryMode: number;
  /** Level bit (assert). */
  level: boolean;
  /** Trigger mode: level-triggered when true, edge when false. */
  triggerLevel: boolean;
}

/** One MSI message as the device writes it (MSI-X table entry: address lo/hi, data). */
export interface MsiMessage {
  addressLo: number;
  addressHi: number;
  data: number;
}

/** Whether the low address word targets the LAPIC window (anything else is a plain DMA write, not an interrupt). */
export function isMsiAddress(addressLo: number): boolean {
  return ((addressLo & MSI_ADDR_BASE_MASK) >>> 0) === MSI_ADDR_BASE_LO;
}

/**
 * Build the message for `m` (what Linux's __irq_msi_compose_msg writes into
 * the MSI-X entry). Only the low 8 destination bits fit the classic address;
 * with `x2apicFormat` (KVM's, after QEMU's fixup) bits 31:8 go into address_hi.
 */
export function msiEncode(m: X86Msi, x2apicFormat = false): MsiMessage {
  let lo = MSI_ADDR_BASE_LO | ((m.destId & 0xff) << MSI_ADDR_DEST_ID_SHIFT);
  const hi = x2apicFormat ? (m.destId & 0xffff_ff00) >>> 0 : MSI_ADDR_BASE_HI;
  if (m.destLogical) lo |= MSI_ADDR_DEST_MODE_LOGICAL;
  if (m.redirHint) lo |= MSI_ADDR_REDIRECTION_LOWPRI;
  const data =
    (m.vector & MSI_DATA_VECTOR_MASK) |
    ((m.deliveryMode & 7) << MSI_DATA_DELIVERY_MODE_SHIFT) |
    (m.level ? 1 << MSI_DATA_LEVEL_SHIFT : 0) |
    (m.triggerLevel ? 1 << MSI_DATA_TRIGGER_SHIFT : 0);
  return { addressLo: lo >>> 0, addressHi: hi, data: data >>> 0 };
}

/**
 * Decode a message the way KVM's kvm_set_msi_irq does (Linux 6.12,
 * arch/x86/kvm/irq_comm.c): vector data[7:0], delivery mode data[10:8],
 * trigger data[15], dest mode addr[2], hint addr[3]; the destination through
 * x86_msi_msg_get_destid: addr[19:12], plus address_hi[31:8] as bits 31:8 in
 * x2APIC format. (kvm_msi_route_invalid rejects address_hi[7:0] != 0 there.)
 */
export function msiDecode(msg: MsiMessage, x2apicFormat = false): X86Msi {
  const lo = msg.addressLo >>> 0;
  let destId = (lo & MSI_ADDR_DEST_ID_MASK) >>> MSI_ADDR_DEST_ID_SHIFT;
  if (x2apicFormat) destId = (destId | (msg.addressHi & 0xffff_ff00)) >>> 0;
  return {
    destId,
    destLogical: (lo & MSI_ADDR_DEST_MODE_LOGICAL) !== 0,
    redirHint: (lo & MSI_ADDR_REDIRECTION_LOWPRI) !== 0,
    vector: msg.data & MSI_DATA_VECTOR_MASK,
    deliveryMode: (msg.data & MSI_DATA_DELIVERY_MODE_MASK) >>> MSI_DATA_DELIVERY_MODE_SHIFT,
    level: ((msg.data >>> MSI_DATA_LEVEL_SHIFT) & 1) === 1,
    triggerLevel: ((msg.data >>> MSI_DATA_TRIGGER_SHIFT) & 1) === 1,
  };
}
