/** virtio-net wire constants (Linux `include/uapi/linux/virtio_net.h`, spec §5.1). */

/** `sizeof(struct virtio_net_hdr_v1)` = `virtio_net_hdr_mrg_rxbuf`: used whenever VERSION_1 is negotiated. */
export const VIRTIO_NET_HDR_V1_SIZE = 12;
/** No GSO: a plain frame. */
export const VIRTIO_NET_HDR_GSO_NONE = 0;
/** virtio-net queue index 0: receiveq1 (spec §5.1.2). */
export const VIRTIO_NET_RX_QUEUE = 0;
/** virtio-net queue index 1: transmitq1. */
export const VIRTIO_NET_TX_QUEUE = 1;
/** Smallest and largest Ethernet frame the walkthrough lets the reader pick. */
export const ETH_MIN_FRAME = 60;
/** Largest frame without jumbo support (1500 MTU + 14 header). */
export const ETH_MAX_FRAME = 1514;
/** Feature bit: the guest takes mergeable receive buffers (num_buffers in the header). */
export const VIRTIO_NET_F_MRG_RXBUF = 15;
/** Feature bit: several queue pairs. */
export const VIRTIO_NET_F_MQ = 22;
