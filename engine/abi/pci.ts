/**
 * PCI configuration space: the type-0 header and the capability list, with the
 * names and numbers of Linux `include/uapi/linux/pci_regs.h` (6.12; QEMU 7.2
 * includes the same header as include/standard-headers/linux/pci_regs.h).
 * Pure constants; QEMU's device model (engine/qemu/pci-device.ts, msix.ts) and
 * the guest driver both read config space through these.
 *
 * API: the PCI_* constants below, `pciBarReg(n)` (config offset of BAR n) and
 * `PCI_NUM_PINS`, `PCI_BAR_UNMAPPED`.
 */

/** Size of conventional PCI configuration space. */
export const PCI_CFG_SPACE_SIZE = 256;
/** Size of the standard type-0 header; capabilities live after it. */
export const PCI_STD_HEADER_SIZEOF = 64;
/** Number of standard BARs in a type-0 header. */
export const PCI_STD_NUM_BARS = 6;

/** 16 bits: vendor id. */
export const PCI_VENDOR_ID = 0x00;
/** 16 bits: device id. */
export const PCI_DEVICE_ID = 0x02;
/** 16 bits: command register. */
export const PCI_COMMAND = 0x04;
/** Enable response in I/O space. */
export const PCI_COMMAND_IO = 0x1;
/** Enable response in memory space. */
export const PCI_COMMAND_MEMORY = 0x2;
/** Enable bus mastering (DMA, and MSI writes, which are DMA writes). */
export const PCI_COMMAND_MASTER = 0x4;
/** Enable SERR. */
export const PCI_COMMAND_SERR = 0x100;
/** INTx emulation disable. */
export const PCI_COMMAND_INTX_DISABLE = 0x400;
/** 16 bits: status register. */
export const PCI_STATUS = 0x06;
/** Status: INTx is asserted (read-only, the device's level). */
export const PCI_STATUS_INTERRUPT = 0x08;
/** Status: the function has a capability list at PCI_CAPABILITY_LIST. */
export const PCI_STATUS_CAP_LIST = 0x10;
/** Status: detected parity error (write 1 to clear). */
export const PCI_STATUS_PARITY = 0x100;
/** Status: signalled target abort (w1c). */
export const PCI_STATUS_SIG_TARGET_ABORT = 0x800;
/** Status: received target abort (w1c). */
export const PCI_STATUS_REC_TARGET_ABORT = 0x1000;
/** Status: received master abort (w1c). */
export const PCI_STATUS_REC_MASTER_ABORT = 0x2000;
/** Status: signalled system error (w1c). */
export const PCI_STATUS_SIG_SYSTEM_ERROR = 0x4000;
/** Status: detected parity error (w1c). */
export const PCI_STATUS_DETECTED_PARITY = 0x8000;
/** High 24 bits are class, low 8 revision. */
export const PCI_CLASS_REVISION = 0x08;
/** 8 bits: revision id. */
export const PCI_REVISION_ID = 0x08;
/** 8 bits: register-level programming interface. */
export const PCI_CLASS_PROG = 0x09;
/** 16 bits: device class (base class << 8 | sub class). */
export const PCI_CLASS_DEVICE = 0x0a;
/** 8 bits: cache line size. */
export const PCI_CACHE_LINE_SIZE = 0x0c;
/** 8 bits: latency timer. */
export const PCI_LATENCY_TIMER = 0x0d;
/** 8 bits: header type. */
export const PCI_HEADER_TYPE = 0x0e;
/** Header type 0: a normal function. */
export const PCI_HEADER_TYPE_NORMAL = 0;
/** Header type bit 7: multi-function device. */
export const PCI_HEADER_TYPE_MFD = 0x80;
/** 8 bits: built-in self test. */
export const PCI_BIST = 0x0f;

/** BAR 0 (32 bits each; a 64-bit memory BAR takes two). */
export const PCI_BASE_ADDRESS_0 = 0x10;
/** BAR 1. */
export const PCI_BASE_ADDRESS_1 = 0x14;
/** BAR 2. */
export const PCI_BASE_ADDRESS_2 = 0x18;
/** BAR 3. */
export const PCI_BASE_ADDRESS_3 = 0x1c;
/** BAR 4. */
export const PCI_BASE_ADDRESS_4 = 0x20;
/** BAR 5. */
export const PCI_BASE_ADDRESS_5 = 0x24;
/** BAR bit 0: 0 = memory, 1 = I/O. */
export const PCI_BASE_ADDRESS_SPACE = 0x01;
/** BAR bit 0 set: an I/O BAR. */
export const PCI_BASE_ADDRESS_SPACE_IO = 0x01;
/** BAR bit 0 clear: a memory BAR. */
export const PCI_BASE_ADDRESS_SPACE_MEMORY = 0x00;
/** Memory BAR bits 2:1: address width. */
export const PCI_BASE_ADDRESS_MEM_TYPE_MASK = 0x06;
/** Memory BAR type: 32-bit address. */
export const PCI_BASE_ADDRESS_MEM_TYPE_32 = 0x00;
/** Memory BAR type: 64-bit address (the BAR takes the next register too). */
export const PCI_BASE_ADDRESS_MEM_TYPE_64 = 0x04;
/** Memory BAR bit 3: prefetchable. */
export const PCI_BASE_ADDRESS_MEM_PREFETCH = 0x08;
/** Address bits of a memory BAR (`~0x0fUL`, low 32 bits). */
export const PCI_BASE_ADDRESS_MEM_MASK = 0xfffffff0;
/** Address bits of an I/O BAR (`~0x03UL`, low 32 bits). */
export const PCI_BASE_ADDRESS_IO_MASK = 0xfffffffc;

/** 16 bits: subsystem vendor id. */
export const PCI_SUBSYSTEM_VENDOR_ID = 0x2c;
/** 16 bits: subsystem id (for a transitional virtio device, the virtio device type). */
export const PCI_SUBSYSTEM_ID = 0x2e;
/** 32 bits: expansion ROM base address. */
export const PCI_ROM_ADDRESS = 0x30;
/** 8 bits: offset of the first capability (valid when PCI_STATUS_CAP_LIST is set). */
export const PCI_CAPABILITY_LIST = 0x34;
/** 8 bits: the interrupt line the firmware/OS wrote (the device ignores it). */
export const PCI_INTERRUPT_LINE = 0x3c;
/** 8 bits: which INTx pin the function uses: 1 = INTA … 4 = INTD, 0 = none. */
export const PCI_INTERRUPT_PIN = 0x3d;
/** 8 bits. */
export const PCI_MIN_GNT = 0x3e;
/** 8 bits. */
export const PCI_MAX_LAT = 0x3f;

/** Capability header: +0 capability id. */
export const PCI_CAP_LIST_ID = 0;
/** Capability header: +1 offset of the next capability (0 ends the list). */
export const PCI_CAP_LIST_NEXT = 1;
/** Capability header: +2 flags (capability-specific), where a cap has one. */
export const PCI_CAP_FLAGS = 2;
/** Capability id: power management. */
export const PCI_CAP_ID_PM = 0x01;
/** Capability id: MSI. */
export const PCI_CAP_ID_MSI = 0x05;
/** Capability id: vendor-specific (virtio-pci's structure capabilities). */
export const PCI_CAP_ID_VNDR = 0x09;
/** Capability id: PCI Express. */
export const PCI_CAP_ID_EXP = 0x10;
/** Capability id: MSI-X. */
export const PCI_CAP_ID_MSIX = 0x11;

/** MSI-X cap +2, 16 bits: Message Control. */
export const PCI_MSIX_FLAGS = 2;
/** Message Control: table size − 1. */
export const PCI_MSIX_FLAGS_QSIZE = 0x07ff;
/** Message Control: function mask (masks every vector of the function). */
export const PCI_MSIX_FLAGS_MASKALL = 0x4000;
/** Message Control: MSI-X enable. */
export const PCI_MSIX_FLAGS_ENABLE = 0x8000;
/** MSI-X cap +4, 32 bits: table offset | BIR. */
export const PCI_MSIX_TABLE = 4;
/** BAR index bits of PCI_MSIX_TABLE. */
export const PCI_MSIX_TABLE_BIR = 0x00000007;
/** Offset bits of PCI_MSIX_TABLE. */
export const PCI_MSIX_TABLE_OFFSET = 0xfffffff8;
/** MSI-X cap +8, 32 bits: PBA offset | BIR. */
export const PCI_MSIX_PBA = 8;
/** BAR index bits of PCI_MSIX_PBA. */
export const PCI_MSIX_PBA_BIR = 0x00000007;
/** Offset bits of PCI_MSIX_PBA. */
export const PCI_MSIX_PBA_OFFSET = 0xfffffff8;
/** Deprecated name QEMU still uses for the BIR mask. */
export const PCI_MSIX_FLAGS_BIRMASK = PCI_MSIX_PBA_BIR;
/** Size of the MSI-X capability registers. */
export const PCI_CAP_MSIX_SIZEOF = 12;

/** One MSI-X table entry is 16 bytes. */
export const PCI_MSIX_ENTRY_SIZE = 16;
/** Entry +0x0: message address, low 32 bits. */
export const PCI_MSIX_ENTRY_LOWER_ADDR = 0x0;
/** Entry +0x4: message address, high 32 bits. */
export const PCI_MSIX_ENTRY_UPPER_ADDR = 0x4;
/** Entry +0x8: message data. */
export const PCI_MSIX_ENTRY_DATA = 0x8;
/** Entry +0xc: vector control. */
export const PCI_MSIX_ENTRY_VECTOR_CTRL = 0xc;
/** Vector control bit 0: the vector is masked. */
export const PCI_MSIX_ENTRY_CTRL_MASKBIT = 0x00000001;

/** Number of INTx pins (INTA..INTD); QEMU's PCI_NUM_PINS. */
export const PCI_NUM_PINS = 4;
/** QEMU's "BAR not mapped" address (pcibus_t −1); here a JS number that no mapped BAR can have. */
export const PCI_BAR_UNMAPPED = -1;

/** Config-space offset of BAR `n` (QEMU's pci_bar for a normal BAR). */
export function pciBarReg(n: number): number {
  return PCI_BASE_ADDRESS_0 + n * 4;
}
