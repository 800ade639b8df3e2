/**
 * The virtio-pci transport's register layout, with the names of Linux 6.12
 * `include/uapi/linux/virtio_pci.h` and `virtio_config.h` (virtio 1.x spec
 * §4.1), plus the PCI ids QEMU 7.2 gives virtio devices
 * (`include/hw/pci/pci.h`, spec §4.1.2). Pure constants.
 *
 * API: VIRTIO_PCI_CAP_* (cfg types and `virtio_pci_cap` field offsets),
 * VIRTIO_PCI_CAP_SIZEOF, VIRTIO_PCI_NOTIFY_CAP_MULT / _SIZEOF,
 * VIRTIO_PCI_COMMON_* (common cfg offsets), legacy VIRTIO_PCI_* / VIRTIO_MSI_*
 * registers and `virtioPciConfigOff(msix)`, ISR bits, VIRTIO_MSI_NO_VECTOR,
 * VIRTIO_CONFIG_S_*, PCI ids and class codes, `virtioPciModernDeviceId(type)`.
 */

// ---- Legacy I/O BAR 0 layout (transitional devices; "#ifndef VIRTIO_PCI_NO_LEGACY") ----
/** 32-bit r/o: device features 0–31. */
export const VIRTIO_PCI_HOST_FEATURES = 0;
/** 32-bit r/w: features the driver accepted. */
export const VIRTIO_PCI_GUEST_FEATURES = 4;
/** 32-bit r/w: the selected queue's ring address >> VIRTIO_PCI_QUEUE_ADDR_SHIFT. */
export const VIRTIO_PCI_QUEUE_PFN = 8;
/** 16-bit r/o: the selected queue's size. */
export const VIRTIO_PCI_QUEUE_NUM = 12;
/** 16-bit r/w: queue selector. */
export const VIRTIO_PCI_QUEUE_SEL = 14;
/** 16-bit r/w: queue notifier (write the queue index). */
export const VIRTIO_PCI_QUEUE_NOTIFY = 16;
/** 8-bit: device status. */
export const VIRTIO_PCI_STATUS = 18;
/** 8-bit r/o: ISR; reading returns it and clears it (read-and-acknowledge). */
export const VIRTIO_PCI_ISR = 19;
/** 16-bit: config-change vector (present only while MSI-X is enabled). */
export const VIRTIO_MSI_CONFIG_VECTOR = 20;
/** 16-bit: the selected queue's vector (present only while MSI-X is enabled). */
export const VIRTIO_MSI_QUEUE_VECTOR = 22;
/** VIRTIO_PCI_CONFIG_OFF(msix_enabled): where device-specific config starts in the legacy BAR. */
export function virtioPciConfigOff(msixEnabled: boolean): number {
  return msixEnabled ? 24 : 20;
}
/** Legacy ABI version. */
export const VIRTIO_PCI_ABI_VERSION = 0;
/** Shift of the physical address written to QUEUE_PFN (x86 page size, historical). */
export const VIRTIO_PCI_QUEUE_ADDR_SHIFT = 12;
/** Legacy vring alignment. */
export const VIRTIO_PCI_VRING_ALIGN = 4096;

// ---- ISR bits (spec §4.1.4.5) ----
/** ISR bit 0: a queue interrupt. No header names it (QEMU sets it as virtio_set_isr(vdev, 0x1)); the name follows the ISR_CONFIG one. */
export const VIRTIO_PCI_ISR_QUEUE = 0x1;
/** ISR bit 1: a device configuration change. */
export const VIRTIO_PCI_ISR_CONFIG = 0x2;
/** Vector register value for "no MSI-X vector". */
export const VIRTIO_MSI_NO_VECTOR = 0xffff;

// ---- virtio_pci_cap cfg_type ----
/** Common configuration. */
export const VIRTIO_PCI_CAP_COMMON_CFG = 1;
/** Notifications. */
export const VIRTIO_PCI_CAP_NOTIFY_CFG = 2;
/** ISR access. */
export const VIRTIO_PCI_CAP_ISR_CFG = 3;
/** Device-specific configuration. */
export const VIRTIO_PCI_CAP_DEVICE_CFG = 4;
/** PCI configuration access window. */
export const VIRTIO_PCI_CAP_PCI_CFG = 5;
/** Shared memory region. */
export const VIRTIO_PCI_CAP_SHARED_MEMORY_CFG = 8;

// ---- struct virtio_pci_cap field offsets ("Macro versions of offsets for the Old Timers!") ----
/** cap_vndr (PCI_CAP_ID_VNDR). */
export const VIRTIO_PCI_CAP_VNDR = 0;
/** cap_next. */
export const VIRTIO_PCI_CAP_NEXT = 1;
/** cap_len: length of this capability structure. */
export const VIRTIO_PCI_CAP_LEN = 2;
/** cfg_type. */
export const VIRTIO_PCI_CAP_CFG_TYPE = 3;
/** bar: which BAR the structure is in. */
export const VIRTIO_PCI_CAP_BAR = 4;
/** id: tells apart several capabilities of one type (no macro in the header: offsetof(struct virtio_pci_cap, id)). */
export const VIRTIO_PCI_CAP_ID = 5;
/** le32 offset within the BAR. */
export const VIRTIO_PCI_CAP_OFFSET = 8;
/** le32 length of the structure. */
export const VIRTIO_PCI_CAP_LENGTH = 12;
/** sizeof(struct virtio_pci_cap). */
export const VIRTIO_PCI_CAP_SIZEOF = 16;
/** virtio_pci_notify_cap: le32 notify_off_multiplier after the cap. */
export const VIRTIO_PCI_NOTIFY_CAP_MULT = 16;
/** sizeof(struct virtio_pci_notify_cap). */
export const VIRTIO_PCI_NOTIFY_CAP_SIZEOF = 20;
/** sizeof(struct virtio_pci_cap64): offset_hi @16, length_hi @20. */
export const VIRTIO_PCI_CAP64_SIZEOF = 24;
/** sizeof(struct virtio_pci_cfg_cap): pci_cfg_data[4] @16. */
export const VIRTIO_PCI_CFG_CAP_SIZEOF = 20;

// ---- struct virtio_pci_common_cfg offsets ----
/** le32 device_feature_select (RW): which 32-bit half of the device features DF shows. */
export const VIRTIO_PCI_COMMON_DFSELECT = 0;
/** le32 device_feature (RO). */
export const VIRTIO_PCI_COMMON_DF = 4;
/** le32 guest_feature_select (driver_feature_select, RW). */
export const VIRTIO_PCI_COMMON_GFSELECT = 8;
/** le32 guest_feature (driver_feature, RW). */
export const VIRTIO_PCI_COMMON_GF = 12;
/** le16 msix_config (RW): the config-change vector. */
export const VIRTIO_PCI_COMMON_MSIX = 16;
/** le16 num_queues (RO). */
export const VIRTIO_PCI_COMMON_NUMQ = 18;
/** u8 device_status (RW). */
export const VIRTIO_PCI_COMMON_STATUS = 20;
/** u8 config_generation (RO). */
export const VIRTIO_PCI_COMMON_CFGGENERATION = 21;
/** le16 queue_select (RW). */
export const VIRTIO_PCI_COMMON_Q_SELECT = 22;
/** le16 queue_size (RW, a power of 2). */
export const VIRTIO_PCI_COMMON_Q_SIZE = 24;
/** le16 queue_msix_vector (RW): the selected queue's vector; reads back NO_VECTOR when refused. */
export const VIRTIO_PCI_COMMON_Q_MSIX = 26;
/** le16 queue_enable (RW). */
export const VIRTIO_PCI_COMMON_Q_ENABLE = 28;
/** le16 queue_notify_off (RO). */
export const VIRTIO_PCI_COMMON_Q_NOFF = 30;
/** le32 queue_desc_lo (RW). */
export const VIRTIO_PCI_COMMON_Q_DESCLO = 32;
/** le32 queue_desc_hi (RW). */
export const VIRTIO_PCI_COMMON_Q_DESCHI = 36;
/** le32 queue_avail_lo (driver area, RW). */
export const VIRTIO_PCI_COMMON_Q_AVAILLO = 40;
/** le32 queue_avail_hi (RW). */
export const VIRTIO_PCI_COMMON_Q_AVAILHI = 44;
/** le32 queue_used_lo (device area, RW). */
export const VIRTIO_PCI_COMMON_Q_USEDLO = 48;
/** le32 queue_used_hi (RW). */
export const VIRTIO_PCI_COMMON_Q_USEDHI = 52;
/** virtio_pci_modern_common_cfg.queue_notify_data (virtio 1.2). */
export const VIRTIO_PCI_COMMON_Q_NDATA = 56;
/** virtio_pci_modern_common_cfg.queue_reset (virtio 1.2). */
export const VIRTIO_PCI_COMMON_Q_RESET = 58;
/** virtio_pci_modern_common_cfg.admin_queue_index (virtio 1.3, Linux 6.12). */
export const VIRTIO_PCI_COMMON_ADM_Q_IDX = 60;
/** virtio_pci_modern_common_cfg.admin_queue_num. */
export const VIRTIO_PCI_COMMON_ADM_Q_NUM = 62;
/** sizeof(struct virtio_pci_common_cfg): what QEMU 7.2's common region decodes (it knows no later fields). */
export const VIRTIO_PCI_COMMON_CFG_SIZEOF = 56;
/** sizeof(struct virtio_pci_modern_common_cfg) in Linux 6.12. */
export const VIRTIO_PCI_MODERN_COMMON_CFG_SIZEOF = 64;

// ---- virtio_config.h: device status bits ----
/** The guest OS has found the device and recognised it as a valid virtio device. */
export const VIRTIO_CONFIG_S_ACKNOWLEDGE = 1;
/** The guest OS has found a driver for the device. */
export const VIRTIO_CONFIG_S_DRIVER = 2;
/** The driver is set up and ready to drive the device. */
export const VIRTIO_CONFIG_S_DRIVER_OK = 4;
/** The driver has finished feature negotiation. */
export const VIRTIO_CONFIG_S_FEATURES_OK = 8;
/** The device has hit an error it cannot recover from without a reset. */
export const VIRTIO_CONFIG_S_NEEDS_RESET = 0x40;
/** The driver has given up on the device. */
export const VIRTIO_CONFIG_S_FAILED = 0x80;

// ---- virtio_ids.h ----
/** virtio device type: network card. */
export const VIRTIO_ID_NET = 1;
/** virtio device type: memory balloon. */
export const VIRTIO_ID_BALLOON = 5;

// ---- PCI ids (QEMU include/hw/pci/pci.h; Linux include/linux/pci_ids.h) ----
/** Vendor id of every virtio-pci device. */
export const PCI_VENDOR_ID_REDHAT_QUMRANET = 0x1af4;
/** Subsystem vendor id QEMU gives virtio devices. */
export const PCI_SUBVENDOR_ID_REDHAT_QUMRANET = 0x1af4;
/** Transitional device id of virtio-net. */
export const PCI_DEVICE_ID_VIRTIO_NET = 0x1000;
/** Transitional device id of virtio-balloon. */
export const PCI_DEVICE_ID_VIRTIO_BALLOON = 0x1002;
/** Class code of virtio-net-pci (PCI_CLASS_DEVICE, QEMU and Linux pci_ids.h). */
export const PCI_CLASS_NETWORK_ETHERNET = 0x0200;
/** Class code of virtio-balloon-pci ("other"; pci_ids.h). */
export const PCI_CLASS_OTHERS = 0xff;
/** Modern (non-transitional) ids are 0x1040 + the virtio device type. */
export const PCI_DEVICE_ID_VIRTIO_10_BASE = 0x1040;
/** Modern device id for a virtio device type: 0x1041 for net, 0x1045 for balloon. */
export function virtioPciModernDeviceId(type: number): number {
  return PCI_DEVICE_ID_VIRTIO_10_BASE + type;
}
