/**
 * How the prose cites each source document: a title per language and a
 * one-line note on what the walkthrough takes from it. Seed titles stay as
 * their authors wrote them; the spec is cited by version and section.
 */
import type { DocId } from '@/engine/trace/docs';
import type { Bilingual } from './types';

/** Citation of one source document. */
export interface DocCitation {
  title: Bilingual;
  note: Bilingual;
}

/** Every document a beat can cite; `satisfies` makes a missing one a compile error. */
export const DOC_CITATIONS = {
  'seed-000': {
    title: { en: 'qemu + dpdk vq->callfd', zh: 'qemu + dpdk vq->callfd' },
    note: {
      en: 'Chinese notes with QEMU and DPDK code: how vhost_virtqueue_start passes the kick fd (host notifier) and call fd (guest notifier), how irqfd and ioeventfd are wired in KVM, struct vring and VRING_AVAIL_F_NO_INTERRUPT, and the call decision in DPDK\'s vhost_vring_call_split with and without EVENT_IDX.',
      zh: '一篇附带 QEMU 与 DPDK 代码的中文笔记：vhost_virtqueue_start 如何传递 kick fd（host notifier）和 call fd（guest notifier），KVM 中 irqfd 与 ioeventfd 如何接通，struct vring 与 VRING_AVAIL_F_NO_INTERRUPT，以及 DPDK 的 vhost_vring_call_split 在有无 EVENT_IDX 时如何决定是否 call。',
    },
  },
  'seed-001': {
    title: { en: 'virtio网络Data Plane卸载原理 —— vhost协议协商流程', zh: 'virtio网络Data Plane卸载原理 —— vhost协议协商流程' },
    note: {
      en: 'Chinese notes on how QEMU and OVS-DPDK negotiate a vhost-user data plane: QEMU as the unix-socket server waiting in tcp_chr_accept_server_sync, net_vhost_user_init and net_vhost_user_event starting vhost_user_start, the VhostUserMsg header and payload union, vhost_dev_init, and the guest\'s DRIVER_OK leading through virtio_net_set_status and vhost_net_start to vhost_dev_start and SET_VRING_ENABLE, with two queue pairs.',
      zh: '一篇讲 QEMU 与 OVS-DPDK 如何协商 vhost-user 数据面的中文笔记：QEMU 作为 unix socket 服务端在 tcp_chr_accept_server_sync 里等待，net_vhost_user_init 与 net_vhost_user_event 启动 vhost_user_start，VhostUserMsg 的消息头与负载联合体，vhost_dev_init，以及客户机写 DRIVER_OK 后经 virtio_net_set_status、vhost_net_start 到 vhost_dev_start 和 SET_VRING_ENABLE 的过程，例子有两个队列对。',
    },
  },
  'seed-002': {
    title: { en: 'vhost 控制平面 + handle_kick + VhostOps', zh: 'vhost 控制平面 + handle_kick + VhostOps' },
    note: {
      en: "Chinese notes on kernel vhost-net's control plane: struct vhost_dev and vhost_virtqueue, vhost_net_open's polls (handle_tx_kick, handle_rx_kick, handle_tx_net, handle_rx_net), vhost_poll_init and vhost_poll_wakeup, the vhost-<pid> worker thread, vhost_net_ioctl and vhost_vring_ioctl (SET_VRING_KICK / CALL / BUSYLOOP_TIMEOUT, VHOST_NET_SET_BACKEND), and QEMU's kernel_ops vs user_ops.",
      zh: '一篇讲内核 vhost-net 控制面的中文笔记：struct vhost_dev 与 vhost_virtqueue，vhost_net_open 建立的几个 poll（handle_tx_kick、handle_rx_kick、handle_tx_net、handle_rx_net），vhost_poll_init 与 vhost_poll_wakeup，vhost-<pid> 工作线程，vhost_net_ioctl 与 vhost_vring_ioctl（SET_VRING_KICK / CALL / BUSYLOOP_TIMEOUT、VHOST_NET_SET_BACKEND），以及 QEMU 的 kernel_ops 与 user_ops。',
    },
  },
  'seed-003': {
    title: { en: 'QEMU源码全解析 —— virtio(24)', zh: 'QEMU源码全解析 —— virtio(24)' },
    note: {
      en: "Chinese notes on the Linux guest's interrupt setup: virtio_find_vqs → vp_modern_find_vqs → vp_find_vqs and its fallback (a vector per queue, one shared vector, INTx), vp_find_vqs_msix's vector count, and which handler each case registers: vring_interrupt, vp_vring_interrupt, vp_config_changed, vp_interrupt.",
      zh: '一篇讲 Linux 客户机中断设置的中文笔记：virtio_find_vqs → vp_modern_find_vqs → vp_find_vqs 及其回退（每队列一个向量、共用一个向量、INTx），vp_find_vqs_msix 如何计算向量数，以及每种情况注册哪个处理函数：vring_interrupt、vp_vring_interrupt、vp_config_changed、vp_interrupt。',
    },
  },
  'linux-source': {
    title: { en: 'Linux 6.12 source', zh: 'Linux 6.12 源码' },
    note: {
      en: 'Where no source document covers a beat, it cites the Linux 6.12 file of the function it happens in, read for this walkthrough.',
      zh: '没有哪篇来源文档讲到的步骤，就引用它所在函数在 Linux 6.12 中的源文件，这个演示正是照着它们写的。',
    },
  },
  'virtio-spec': {
    title: { en: 'Virtual I/O Device (VIRTIO) Version 1.1', zh: 'VIRTIO 1.1 规范' },
    note: {
      en: 'The split virtqueue as the OASIS standard defines it: descriptor table, available ring, used ring, indirect descriptors (§2.6.5.3) and notification suppression with flags or event indices (§2.6.7); and the virtio-net header and receive buffers (§5.1.6).',
      zh: 'OASIS 标准对 split virtqueue 的定义：描述符表、avail 环、used 环、间接描述符（§2.6.5.3），以及用 flags 或事件索引实现的通知抑制（§2.6.7）；还有 virtio-net 的头和接收缓冲区（§5.1.6）。',
    },
  },
} as const satisfies Record<DocId, DocCitation>;
