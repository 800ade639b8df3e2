/**
 * Every simulated function that can appear in a backtrace, with the real file
 * it lives in, so a reader can grep Linux, QEMU or DPDK for it. A frame id is
 * the real function name; the table is the single list (like QEMU's trace-events).
 */

/** Which world a frame runs in: the guest kernel, the host kernel (vhost, KVM, eventfd), or a host process. */
export type FrameSpace = 'guest' | 'host-kernel' | 'host-user';

/** One entry of the frame catalog. */
export interface FrameInfo {
  file: string;
  space: FrameSpace;
}

const guest = (file: string): FrameInfo => ({ file, space: 'guest' });
const host = (file: string): FrameInfo => ({ file, space: 'host-kernel' });

export const FRAMES = {
  // Linux guest: drivers/net/virtio_net.c
  virtnet_probe: guest('drivers/net/virtio_net.c'),
  start_xmit: guest('drivers/net/virtio_net.c'),
  xmit_skb: guest('drivers/net/virtio_net.c'),
  free_old_xmit_skbs: guest('drivers/net/virtio_net.c'),
  skb_xmit_done: guest('drivers/net/virtio_net.c'),
  skb_recv_done: guest('drivers/net/virtio_net.c'),
  virtnet_poll: guest('drivers/net/virtio_net.c'),
  virtnet_poll_tx: guest('drivers/net/virtio_net.c'),
  virtnet_receive: guest('drivers/net/virtio_net.c'),
  receive_buf: guest('drivers/net/virtio_net.c'),
  try_fill_recv: guest('drivers/net/virtio_net.c'),
  add_recvbuf_big: guest('drivers/net/virtio_net.c'),
  virtqueue_napi_complete: guest('drivers/net/virtio_net.c'),
  // Linux guest: drivers/virtio/virtio_ring.c
  vring_create_virtqueue_split: guest('drivers/virtio/virtio_ring.c'),
  virtqueue_add_outbuf: guest('drivers/virtio/virtio_ring.c'),
  virtqueue_add_inbuf: guest('drivers/virtio/virtio_ring.c'),
  virtqueue_add_split: guest('drivers/virtio/virtio_ring.c'),
  alloc_indirect_split: guest('drivers/virtio/virtio_ring.c'),
  virtqueue_add_desc_split: guest('drivers/virtio/virtio_ring.c'),
  virtqueue_kick: guest('drivers/virtio/virtio_ring.c'),
  virtqueue_kick_prepare_split: guest('drivers/virtio/virtio_ring.c'),
  virtqueue_notify: guest('drivers/virtio/virtio_ring.c'),
  virtqueue_get_buf_ctx_split: guest('drivers/virtio/virtio_ring.c'),
  detach_buf_split: guest('drivers/virtio/virtio_ring.c'),
  virtqueue_disable_cb_split: guest('drivers/virtio/virtio_ring.c'),
  virtqueue_enable_cb_prepare_split: guest('drivers/virtio/virtio_ring.c'),
  virtqueue_enable_cb_delayed_split: guest('drivers/virtio/virtio_ring.c'),
  virtqueue_poll_split: guest('drivers/virtio/virtio_ring.c'),
  vring_interrupt: guest('drivers/virtio/virtio_ring.c'),
  // Linux guest: transport and idle
  vp_notify: guest('drivers/virtio/virtio_pci_common.c'),
  vp_vring_interrupt: guest('drivers/virtio/virtio_pci_common.c'),
  default_idle: guest('arch/x86/kernel/process.c'),
  // QEMU (the guest's DRIVER_OK write exits to QEMU on the same vCPU thread; seed 000's backtraces)
  virtio_pci_common_write: { file: 'hw/virtio/virtio-pci.c', space: 'host-user' },
  virtio_set_status: { file: 'hw/virtio/virtio.c', space: 'host-user' },
  virtio_net_set_status: { file: 'hw/net/virtio-net.c', space: 'host-user' },
  vhost_net_start: { file: 'hw/net/vhost_net.c', space: 'host-user' },
  vhost_dev_start: { file: 'hw/virtio/vhost.c', space: 'host-user' },
  vhost_virtqueue_start: { file: 'hw/virtio/vhost.c', space: 'host-user' },
  vhost_kernel_call: { file: 'hw/virtio/vhost-backend.c', space: 'host-user' },
  // Host kernel: KVM
  handle_ept_misconfig: host('arch/x86/kvm/vmx/vmx.c'),
  kvm_io_bus_write: host('virt/kvm/kvm_main.c'),
  ioeventfd_write: host('virt/kvm/eventfd.c'),
  irqfd_wakeup: host('virt/kvm/eventfd.c'),
  kvm_arch_set_irq_inatomic: host('arch/x86/kvm/irq_comm.c'),
  kvm_apic_set_irq: host('arch/x86/kvm/lapic.c'),
  vcpu_enter_guest: host('arch/x86/kvm/x86.c'),
  kvm_vcpu_halt: host('virt/kvm/kvm_main.c'),
  // Host kernel: eventfd
  eventfd_signal: host('fs/eventfd.c'),
  // Host kernel: vhost core and vhost-net
  vhost_worker: host('drivers/vhost/vhost.c'),
  vhost_poll_wakeup: host('drivers/vhost/vhost.c'),
  vhost_vring_ioctl: host('drivers/vhost/vhost.c'),
  vhost_get_vq_desc: host('drivers/vhost/vhost.c'),
  translate_desc: host('drivers/vhost/vhost.c'),
  get_indirect: host('drivers/vhost/vhost.c'),
  vhost_add_used_n: host('drivers/vhost/vhost.c'),
  vhost_notify: host('drivers/vhost/vhost.c'),
  vhost_signal: host('drivers/vhost/vhost.c'),
  vhost_enable_notify: host('drivers/vhost/vhost.c'),
  vhost_disable_notify: host('drivers/vhost/vhost.c'),
  handle_tx_kick: host('drivers/vhost/net.c'),
  vhost_net_busy_poll: host('drivers/vhost/net.c'),
  handle_rx_kick: host('drivers/vhost/net.c'),
  handle_rx_net: host('drivers/vhost/net.c'),
  handle_tx: host('drivers/vhost/net.c'),
  handle_rx: host('drivers/vhost/net.c'),
  // Host kernel: tap
  tun_sendmsg: host('drivers/net/tun.c'),
  tun_recvmsg: host('drivers/net/tun.c'),
  tun_net_xmit: host('drivers/net/tun.c'),
} as const satisfies Record<string, FrameInfo>;

/** A frame id: the real name of a simulated function. */
export type FrameId = keyof typeof FRAMES;
