/**
 * The source documents a beat illustrates. The seeds are the notes the project
 * grew from (../shared/seeds); the spec is cited by section; where no seed
 * covers a beat, it cites the Linux 6.12 source file of its innermost frame.
 */
export const DOCS = {
  'seed-000': {
    title: 'qemu + dpdk vq->callfd',
    lang: 'zh',
    note: 'struct vring avail/used, VRING_AVAIL_F_NO_INTERRUPT, vhost_vring_call_split with EVENT_IDX, guest and host notifiers, irqfd and ioeventfd',
  },
  'seed-001': {
    title: 'virtio网络Data Plane卸载原理 —— vhost协议协商流程',
    lang: 'zh',
    note: 'vhost-user negotiation with QEMU as the unix-socket server and OVS-DPDK as the client: tcp_chr_accept_server_sync, net_vhost_user_init / net_vhost_user_event → vhost_user_start, VhostUserMsg, vhost_dev_init, vhost_net_start → vhost_dev_start, SET_VRING_ENABLE, multiqueue',
  },
  'seed-002': {
    title: 'vhost 控制平面 + handle_kick + VhostOps',
    lang: 'zh',
    note: 'vhost_net_open, vhost_poll_init / vhost_poll_wakeup, handle_tx_kick / handle_rx_kick / handle_rx_net, the vhost-<pid> worker, vhost_net_ioctl and vhost_vring_ioctl',
  },
  'seed-003': {
    title: 'QEMU源码全解析 —— virtio(24)',
    lang: 'zh',
    note: 'vp_find_vqs and its fallback, vector per queue vs one shared vector, vring_interrupt vs vp_vring_interrupt',
  },
  'virtio-spec': {
    title: 'Virtual I/O Device (VIRTIO) Version 1.1',
    lang: 'en',
    note: 'split virtqueues (§2.6), event suppression (§2.6.7), indirect descriptors (§2.6.5.3), the virtio-net header and receive buffers (§5.1.6)',
  },
  'linux-source': {
    title: 'Linux 6.12 source',
    lang: 'en',
    note: 'the function itself, in the file its frame names',
  },
} as const;

/** Identifier of a source document. */
export type DocId = keyof typeof DOCS;
