/**
 * The virtio devices the MSI-X and kick/call walkthroughs offer, as QEMU 7.2
 * creates them: plain data fixed at build time (queues in virtio order with
 * their sizes, the proxy's MSI-X vector count, the 64-bit host features and
 * the PCI ids). The register model (virtio-pci.ts) reads this; nothing here
 * changes at run time, so it does not live in the Arena.
 */
import {
  PCI_DEVICE_ID_VIRTIO_BALLOON,
  PCI_DEVICE_ID_VIRTIO_NET,
  PCI_VENDOR_ID_REDHAT_QUMRANET,
  VIRTIO_ID_BALLOON,
  VIRTIO_ID_NET,
  virtioPciModernDeviceId,
} from '../abi/virtio-pci';

/** One virtqueue as virtio_add_queue creates it: its spec name, the name the Linux driver gives it, and its default size (vring.num_default). */
export interface VirtioQueueDesc {
  /** The virtio spec's name (§5.1.2 receiveq1…, §5.5.2 inflateq…). */
  name: string;
  /** The name Linux passes to find_vqs (virtnet_find_vqs "input.%d"; virtballoon init_vqs "inflate"). */
  driverName: string;
  size: number;
}

/** A virtio device behind a virtio-pci proxy. */
export interface VirtioDeviceDesc {
  /** The -device name, e.g. "virtio-net-pci". */
  qdevName: string;
  /** vdev->name (used in the memory region names "virtio-pci-common-<name>"). */
  vdevName: string;
  /** VIRTIO_ID_* (virtio_bus_get_vdev_id). */
  virtioId: number;
  /** PCI vendor / device id: the transitional ids (0x1000 + n) unless disable-legacy=on, then 0x1040 + virtio id (virtio_pci_device_plugged). */
  vendorId: number;
  transitionalDeviceId: number;
  modernDeviceId: number;
  /** PCI class code (virtio_*_pci_class_init / virtio_balloon_pci_realize). */
  classCode: number;
  /** Queues in virtio order (index = position). */
  queues: readonly VirtioQueueDesc[];
  /**
   * proxy->nvectors after realize: the MSI-X table size, 0 = no MSI-X
   * capability at all (virtio_pci_device_plugged calls
   * msix_init_exclusive_bar only when nvectors is non-zero).
   */
  vectors: number;
  /** vdev->host_features: what the device offers, including VIRTIO_F_BAD_FEATURE (30) which the modern window hides (vdc->legacy_features). */
  hostFeatures: bigint;
  /**
   * vdc->legacy_features: bits the modern device_feature window hides
   * (VIRTIO_LEGACY_FEATURES = BAD_FEATURE | NOTIFY_ON_EMPTY | ANY_LAYOUT, set
   * in virtio_device_class_init; virtio-net adds VIRTIO_NET_F_GSO). The legacy
   * VIRTIO_PCI_HOST_FEATURES port shows them.
   */
  legacyFeatures: bigint;
  /** vdc->bad_features: what a legacy driver that acks VIRTIO_F_BAD_FEATURE gets instead (virtio_ioport_write). */
  badFeatures: bigint;
  /** Length of the device-specific config space (vdev->config_len). */
  configLen: number;
  /** Where each fact comes from (function and file in QEMU 7.2). */
  source: string;
}

/** VIRTIO_QUEUE_MAX (include/hw/virtio/virtio.h): queue_select accepts indices below it. */
export const VIRTIO_QUEUE_MAX = 1024;
/** DEV_NVECTORS_UNSPECIFIED (include/hw/qdev-core.h: -1, i.e. 0xffffffff in the uint32 "vectors" property): "vectors" not given on the command line. */
export const DEV_NVECTORS_UNSPECIFIED = 0xffffffff;
/** VIRTIO_F_BAD_FEATURE: bit 30, always in host_features; hidden from the modern device_feature window, a legacy driver that acks it gets "bad features". */
export const VIRTIO_F_BAD_FEATURE = 30;

const bit = (n: number): bigint => 1n << BigInt(n);
const bits = (...ns: number[]): bigint => ns.reduce((a, n) => a | bit(n), 0n);

// Transport / ring bits (include/standard-headers/linux/virtio_config.h, virtio_ring.h).
const VIRTIO_F_NOTIFY_ON_EMPTY = 24;
const VIRTIO_F_ANY_LAYOUT = 27;
const VIRTIO_RING_F_INDIRECT_DESC = 28;
const VIRTIO_RING_F_EVENT_IDX = 29;
const VIRTIO_F_VERSION_1 = 32;
const VIRTIO_F_RING_RESET = 40;

/** VIRTIO_LEGACY_FEATURES (include/hw/virtio/virtio.h). */
export const VIRTIO_LEGACY_FEATURES = bits(VIRTIO_F_BAD_FEATURE, VIRTIO_F_NOTIFY_ON_EMPTY, VIRTIO_F_ANY_LAYOUT);

/**
 * The common bits every QEMU 7.2 virtio device starts with
 * (DEFINE_VIRTIO_COMMON_FEATURES: indirect_desc, event_idx, notify_on_empty,
 * any_layout, queue_reset (VIRTIO_F_RING_RESET, bit 40) on; iommu_platform,
 * packed off — pc-q35-7.2 / pc-i440fx-7.2 machine types; with vhost-net,
 * vhost_net_get_features keeps each of these only if the kernel offers it, and
 * Linux 6.12's VHOST_NET_FEATURES offers them all), plus
 * VERSION_1 (virtio_pci_pre_plugged, modern on) and BAD_FEATURE
 * (virtio_pci_pre_plugged adds it unconditionally).
 */
export const COMMON_HOST_FEATURES = bits(
  VIRTIO_F_NOTIFY_ON_EMPTY,
  VIRTIO_F_ANY_LAYOUT,
  VIRTIO_RING_F_INDIRECT_DESC,
  VIRTIO_RING_F_EVENT_IDX,
  VIRTIO_F_BAD_FEATURE,
  VIRTIO_F_VERSION_1,
  VIRTIO_F_RING_RESET,
);

/**
 * virtio-net's default property bits (virtio_net_properties: csum, guest_csum,
 * ctrl_guest_offloads, gso, guest_tso4/6, guest_ecn, guest_ufo, host_tso4/6,
 * host_ecn, host_ufo, mrg_rxbuf, status, ctrl_vq, ctrl_rx, ctrl_vlan,
 * ctrl_rx_extra, guest_announce, ctrl_mac_addr all default on) plus MAC
 * (virtio_net_get_features adds it). Assumes a tap peer with vnet_hdr and UFO,
 * so virtio_net_get_features clears none of the offloads.
 */
const NET_DEFAULT_BITS = bits(0, 1, 2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23);
/** VIRTIO_NET_F_MQ (22): property "mq", default off; given as mq=on (as libvirt does) when queues > 1. */
const VIRTIO_NET_F_MQ = 22;

/** virtio_net_add_queue: rx then tx for each pair; VIRTIO_NET_RX/TX_QUEUE_DEFAULT_SIZE is 256. */
const NET_RX_QUEUE_SIZE = 256;
const NET_TX_QUEUE_SIZE = 256;
/** virtio_net_device_realize: the control queue is always created with 64 entries. */
const NET_CTRL_QUEUE_SIZE = 64;

/** Options of virtio-net-pci the walkthroughs vary. */
export interface VirtioNetOptions {
  /** Queue pairs (the tap's queues=N); default 1. */
  queuePairs?: number;
  /** The "vectors" property; undefined = DEV_NVECTORS_UNSPECIFIED. */
  vectors?: number;
}

/**
 * virtio-net-pci as QEMU 7.2 builds it.
 *
 * Queues (virtio_net_device_realize → virtio_net_add_queue per pair, then the
 * ctrl vq): receiveq1, transmitq1, …, receiveqN, transmitqN, controlq. QEMU
 * 7.2 adds the control queue unconditionally — VIRTIO_NET_F_CTRL_VQ only
 * decides whether the guest driver uses it (virtnet_find_vqs asks for it only
 * when the feature was negotiated), not whether num_queues counts it.
 *
 * Vectors (virtio_net_pci_realize): unspecified → 2 * max(queues, 1) + 1
 * (config) + 1 (control vq), so 4 for one pair.
 */
export function virtioNetPci(opts: VirtioNetOptions = {}): VirtioDeviceDesc {
  const n = Math.max(opts.queuePairs ?? 1, 1);
  const queues: VirtioQueueDesc[] = [];
  for (let i = 1; i <= n; i++) {
    queues.push({ name: `receiveq${i}`, driverName: `input.${i - 1}`, size: NET_RX_QUEUE_SIZE });
    queues.push({ name: `transmitq${i}`, driverName: `output.${i - 1}`, size: NET_TX_QUEUE_SIZE });
  }
  queues.push({ name: 'controlq', driverName: 'control', size: NET_CTRL_QUEUE_SIZE });
  const vectors = opts.vectors === undefined || opts.vectors === DEV_NVECTORS_UNSPECIFIED ? 2 * n + 2 : opts.vectors;
  return {
    qdevName: 'virtio-net-pci',
    vdevName: 'virtio-net',
    virtioId: VIRTIO_ID_NET,
    vendorId: PCI_VENDOR_ID_REDHAT_QUMRANET,
    transitionalDeviceId: PCI_DEVICE_ID_VIRTIO_NET,
    modernDeviceId: virtioPciModernDeviceId(VIRTIO_ID_NET),
    classCode: 0x0200, // PCI_CLASS_NETWORK_ETHERNET (virtio_net_pci_class_init)
    queues,
    vectors,
    hostFeatures: COMMON_HOST_FEATURES | NET_DEFAULT_BITS | (n > 1 ? bit(VIRTIO_NET_F_MQ) : 0n),
    legacyFeatures: VIRTIO_LEGACY_FEATURES | bit(6), // virtio_net_class_init: VIRTIO_NET_F_GSO is legacy-only
    // virtio_net_bad_features: MAC, CSUM, HOST_TSO4, HOST_TSO6, HOST_ECN ("Linux kernel 2.6.25").
    badFeatures: bits(5, 0, 11, 12, 13),
    // virtio_net_set_config_size: mac (6) + status (2) with STATUS; + max_virtqueue_pairs (2) with MQ. The legacy BAR is then pow2ceil(24 + 8) = 32 bytes.
    configLen: n > 1 ? 10 : 8,
    source: 'hw/virtio/virtio-net-pci.c virtio_net_pci_realize; hw/net/virtio-net.c virtio_net_device_realize, virtio_net_add_queue, virtio_net_get_features',
  };
}

/** Options of virtio-balloon-pci (device properties, all off by default in 7.2 except page-poison). */
export interface VirtioBalloonOptions {
  /** free-page-hint=on: adds the free page hint queue (VIRTIO_BALLOON_F_FREE_PAGE_HINT, bit 3). */
  freePageHint?: boolean;
  /** free-page-reporting=on: adds the reporting queue (VIRTIO_BALLOON_F_REPORTING, bit 5). */
  freePageReporting?: boolean;
}

/**
 * virtio-balloon-pci as QEMU 7.2 builds it (virtio_balloon_device_realize):
 * inflateq 128, deflateq 128, statsq 128 always (STATS_VQ is added by
 * virtio_balloon_get_features unconditionally), then free_page_vq
 * (VIRTQUEUE_MAX_SIZE = 1024) with free-page-hint=on and reporting_vq 32 with
 * free-page-reporting=on. Seed 003 (the guest's virtballoon probe) uses all
 * five, so the walkthrough default turns both on.
 *
 * Vectors: virtio-balloon-pci defines no "vectors" property
 * (hw/virtio/virtio-balloon-pci.c has no virtio_balloon_properties with it,
 * and virtio_pci_properties in hw/virtio/virtio-pci.c does not declare one),
 * so proxy->nvectors stays 0 and virtio_pci_device_plugged never calls
 * msix_init_exclusive_bar: no MSI-X capability, the guest falls back to INTx
 * and the ISR.
 */
export function virtioBalloonPci(opts: VirtioBalloonOptions = { freePageHint: true, freePageReporting: true }): VirtioDeviceDesc {
  const queues: VirtioQueueDesc[] = [
    { name: 'inflateq', driverName: 'inflate', size: 128 },
    { name: 'deflateq', driverName: 'deflate', size: 128 },
    { name: 'statsq', driverName: 'stats', size: 128 },
  ];
  if (opts.freePageHint) queues.push({ name: 'free_page_vq', driverName: 'free_page_vq', size: 1024 });
  if (opts.freePageReporting) queues.push({ name: 'reporting_vq', driverName: 'reporting_vq', size: 32 });
  const features =
    COMMON_HOST_FEATURES |
    bit(1) | // VIRTIO_BALLOON_F_STATS_VQ
    bit(4) | // VIRTIO_BALLOON_F_PAGE_POISON (page-poison default on)
    (opts.freePageHint ? bit(3) : 0n) |
    (opts.freePageReporting ? bit(5) : 0n);
  return {
    qdevName: 'virtio-balloon-pci',
    vdevName: 'virtio-balloon',
    virtioId: VIRTIO_ID_BALLOON,
    vendorId: PCI_VENDOR_ID_REDHAT_QUMRANET,
    transitionalDeviceId: PCI_DEVICE_ID_VIRTIO_BALLOON,
    modernDeviceId: virtioPciModernDeviceId(VIRTIO_ID_BALLOON),
    classCode: 0x00ff, // PCI_CLASS_OTHERS (virtio_balloon_pci_realize sets proxy->class_code)
    queues,
    vectors: 0,
    hostFeatures: features,
    legacyFeatures: VIRTIO_LEGACY_FEATURES,
    badFeatures: 0n, // no bad_features hook: virtio_bus_get_vdev_bad_features returns 0
    // struct virtio_balloon_config: num_pages, actual, free_page_hint_cmd_id, poison_val (virtio_balloon_config_size with PAGE_POISON).
    configLen: 16,
    source: 'hw/virtio/virtio-balloon-pci.c virtio_balloon_pci_realize, virtio_balloon_pci_class_init; hw/virtio/virtio-balloon.c virtio_balloon_device_realize, virtio_balloon_get_features',
  };
}
