/**
 * Every simulated function that can appear in a backtrace, with the real file
 * it lives in and the version it was read from, so a reader can grep Linux or
 * QEMU for it. A frame id is the real function name; where two components
 * have a function of the same name, the id adds `@component` and `name`
 * carries the real one. The table is the single list (like QEMU's trace-events).
 */

/** Which world a frame runs in: the guest kernel, the host kernel (vhost, KVM, eventfd, tun), or a host process. */
export type FrameSpace = 'guest' | 'host-kernel' | 'host-user';

/** The source tree a frame was read from. */
export type FrameSource = 'linux-6.12' | 'qemu-7.2';

/** One entry of the frame catalog. */
export interface FrameInfo {
  file: string;
  space: FrameSpace;
  src: FrameSource;
  /** The real name, when the id needs a `@component` suffix to be unique. */
  name?: string;
}

/** The versions the walkthroughs model, as the UI and the CLI state them. */
export const MODELLED_VERSIONS: Record<FrameSource, string> = {
  'linux-6.12': 'Linux 6.12 (LTS)',
  'qemu-7.2': 'QEMU 7.2',
};

const guest = (file: string): FrameInfo => ({ file, space: 'guest', src: 'linux-6.12' });
const host = (file: string): FrameInfo => ({ file, space: 'host-kernel', src: 'linux-6.12' });
const qemu = (file: string, name?: string): FrameInfo => ({ file, space: 'host-user', src: 'qemu-7.2', ...(name ? { name } : {}) });

export const FRAMES = {
  // Guest: the transmit path from the qdisc down (net/core, net/sched)
  sch_direct_xmit: guest('net/sched/sch_generic.c'),
  dev_hard_start_xmit: guest('net/core/dev.c'),
  // Guest: interrupt entry and NAPI (arch/x86, kernel/irq, kernel/softirq.c, net/core/dev.c)
  common_interrupt: guest('arch/x86/kernel/irq.c'),
  handle_edge_irq: guest('kernel/irq/chip.c'),
  __handle_irq_event_percpu: guest('kernel/irq/handle.c'),
  handle_softirqs: guest('kernel/softirq.c'),
  net_rx_action: guest('net/core/dev.c'),
  __napi_poll: guest('net/core/dev.c'),
  default_idle: guest('arch/x86/kernel/process.c'),
  // Guest: drivers/net/virtio_net.c
  virtnet_probe: guest('drivers/net/virtio_net.c'),
  virtio_device_ready: guest('include/linux/virtio_config.h'),
  vp_set_status: guest('drivers/virtio/virtio_pci_modern.c'),
  init_vqs: guest('drivers/net/virtio_net.c'),
  virtnet_find_vqs: guest('drivers/net/virtio_net.c'),
  virtnet_open: guest('drivers/net/virtio_net.c'),
  start_xmit: guest('drivers/net/virtio_net.c'),
  xmit_skb: guest('drivers/net/virtio_net.c'),
  free_old_xmit: guest('drivers/net/virtio_net.c'),
  __free_old_xmit: guest('drivers/net/virtio_net.c'),
  check_sq_full_and_disable: guest('drivers/net/virtio_net.c'),
  skb_xmit_done: guest('drivers/net/virtio_net.c'),
  skb_recv_done: guest('drivers/net/virtio_net.c'),
  virtqueue_napi_schedule: guest('drivers/net/virtio_net.c'),
  virtqueue_napi_complete: guest('drivers/net/virtio_net.c'),
  virtnet_poll_tx: guest('drivers/net/virtio_net.c'),
  virtnet_poll: guest('drivers/net/virtio_net.c'),
  virtnet_receive: guest('drivers/net/virtio_net.c'),
  virtnet_receive_packets: guest('drivers/net/virtio_net.c'),
  virtnet_rq_get_buf: guest('drivers/net/virtio_net.c'),
  receive_buf: guest('drivers/net/virtio_net.c'),
  receive_mergeable: guest('drivers/net/virtio_net.c'),
  receive_big: guest('drivers/net/virtio_net.c'),
  receive_small: guest('drivers/net/virtio_net.c'),
  try_fill_recv: guest('drivers/net/virtio_net.c'),
  add_recvbuf_mergeable: guest('drivers/net/virtio_net.c'),
  add_recvbuf_big: guest('drivers/net/virtio_net.c'),
  add_recvbuf_small: guest('drivers/net/virtio_net.c'),
  // Guest: drivers/virtio/virtio_ring.c
  virtqueue_add_outbuf: guest('drivers/virtio/virtio_ring.c'),
  virtqueue_add_inbuf: guest('drivers/virtio/virtio_ring.c'),
  virtqueue_add_inbuf_ctx: guest('drivers/virtio/virtio_ring.c'),
  virtqueue_add_split: guest('drivers/virtio/virtio_ring.c'),
  alloc_indirect_split: guest('drivers/virtio/virtio_ring.c'),
  virtqueue_add_desc_split: guest('drivers/virtio/virtio_ring.c'),
  virtqueue_kick_prepare_split: guest('drivers/virtio/virtio_ring.c'),
  virtqueue_notify: guest('drivers/virtio/virtio_ring.c'),
  virtqueue_get_buf_ctx_split: guest('drivers/virtio/virtio_ring.c'),
  detach_buf_split: guest('drivers/virtio/virtio_ring.c'),
  virtqueue_disable_cb_split: guest('drivers/virtio/virtio_ring.c'),
  virtqueue_enable_cb_prepare_split: guest('drivers/virtio/virtio_ring.c'),
  virtqueue_enable_cb_delayed_split: guest('drivers/virtio/virtio_ring.c'),
  virtqueue_poll_split: guest('drivers/virtio/virtio_ring.c'),
  vring_interrupt: guest('drivers/virtio/virtio_ring.c'),
  // Guest: drivers/virtio/virtio_pci_common.c, virtio_pci_modern.c, include/linux/virtio_config.h
  virtio_find_vqs: guest('include/linux/virtio_config.h'),
  vp_modern_find_vqs: guest('drivers/virtio/virtio_pci_modern.c'),
  vp_find_vqs: guest('drivers/virtio/virtio_pci_common.c'),
  vp_find_vqs_msix: guest('drivers/virtio/virtio_pci_common.c'),
  vp_notify: guest('drivers/virtio/virtio_pci_common.c'),
  vp_vring_interrupt: guest('drivers/virtio/virtio_pci_common.c'),
  // QEMU 7.2 (the guest's DRIVER_OK write exits to QEMU on the same vCPU thread; seed 000's backtraces)
  kvm_cpu_exec: qemu('accel/kvm/kvm-all.c'),
  memory_region_dispatch_write: qemu('softmmu/memory.c'),
  virtio_pci_common_write: qemu('hw/virtio/virtio-pci.c'),
  virtio_set_status: qemu('hw/virtio/virtio.c'),
  virtio_net_set_status: qemu('hw/net/virtio-net.c'),
  virtio_net_vhost_status: qemu('hw/net/virtio-net.c'),
  vhost_net_start: qemu('hw/net/vhost_net.c'),
  vhost_net_start_one: qemu('hw/net/vhost_net.c'),
  'vhost_net_set_backend@qemu': qemu('hw/virtio/vhost.c', 'vhost_net_set_backend'),
  vhost_dev_start: qemu('hw/virtio/vhost.c'),
  vhost_virtqueue_start: qemu('hw/virtio/vhost.c'),
  vhost_kernel_net_set_backend: qemu('hw/virtio/vhost-backend.c'),
  vhost_kernel_call: qemu('hw/virtio/vhost-backend.c'),
  // Host kernel: KVM
  handle_ept_misconfig: host('arch/x86/kvm/vmx/vmx.c'),
  kvm_io_bus_write: host('virt/kvm/kvm_main.c'),
  ioeventfd_write: host('virt/kvm/eventfd.c'),
  irqfd_wakeup: host('virt/kvm/eventfd.c'),
  kvm_arch_set_irq_inatomic: host('arch/x86/kvm/irq_comm.c'),
  kvm_irq_delivery_to_apic_fast: host('arch/x86/kvm/lapic.c'),
  kvm_apic_set_irq: host('arch/x86/kvm/lapic.c'),
  kvm_vcpu_halt: host('virt/kvm/kvm_main.c'),
  // Host kernel: eventfd (eventfd_signal is an inline wrapper since 6.8)
  eventfd_signal: host('include/linux/eventfd.h'),
  eventfd_signal_mask: host('fs/eventfd.c'),
  // Host kernel: the vhost worker (a vhost_task since 6.4; older kernels ran a kthread, vhost_worker)
  vhost_task_fn: host('kernel/vhost_task.c'),
  vhost_run_work_list: host('drivers/vhost/vhost.c'),
  vhost_poll_wakeup: host('drivers/vhost/vhost.c'),
  vhost_poll_queue: host('drivers/vhost/vhost.c'),
  vhost_poll_start: host('drivers/vhost/vhost.c'),
  vhost_exceeds_weight: host('drivers/vhost/vhost.c'),
  // Host kernel: vhost core (drivers/vhost/vhost.c)
  vhost_net_ioctl: host('drivers/vhost/net.c'),
  vhost_get_vq_desc: host('drivers/vhost/vhost.c'),
  vhost_get_avail_idx: host('drivers/vhost/vhost.c'),
  vhost_get_avail_head: host('drivers/vhost/vhost.c'),
  translate_desc: host('drivers/vhost/vhost.c'),
  get_indirect: host('drivers/vhost/vhost.c'),
  vhost_discard_vq_desc: host('drivers/vhost/vhost.c'),
  vhost_add_used_and_signal_n: host('drivers/vhost/vhost.c'),
  vhost_add_used_n: host('drivers/vhost/vhost.c'),
  __vhost_add_used_n: host('drivers/vhost/vhost.c'),
  vhost_signal: host('drivers/vhost/vhost.c'),
  vhost_notify: host('drivers/vhost/vhost.c'),
  vhost_enable_notify: host('drivers/vhost/vhost.c'),
  vhost_disable_notify: host('drivers/vhost/vhost.c'),
  // Host kernel: vhost-net (drivers/vhost/net.c)
  vhost_net_set_backend: host('drivers/vhost/net.c'),
  vhost_net_enable_vq: host('drivers/vhost/net.c'),
  vhost_net_disable_vq: host('drivers/vhost/net.c'),
  handle_tx_kick: host('drivers/vhost/net.c'),
  handle_tx_net: host('drivers/vhost/net.c'),
  handle_rx_kick: host('drivers/vhost/net.c'),
  handle_rx_net: host('drivers/vhost/net.c'),
  handle_tx: host('drivers/vhost/net.c'),
  handle_tx_copy: host('drivers/vhost/net.c'),
  get_tx_bufs: host('drivers/vhost/net.c'),
  vhost_net_tx_get_vq_desc: host('drivers/vhost/net.c'),
  vhost_net_build_xdp: host('drivers/vhost/net.c'),
  vhost_tx_batch: host('drivers/vhost/net.c'),
  vhost_net_signal_used: host('drivers/vhost/net.c'),
  vhost_net_busy_poll: host('drivers/vhost/net.c'),
  handle_rx: host('drivers/vhost/net.c'),
  vhost_net_rx_peek_head_len: host('drivers/vhost/net.c'),
  get_rx_bufs: host('drivers/vhost/net.c'),
  // Host kernel: tap (drivers/net/tun.c)
  tun_sendmsg: host('drivers/net/tun.c'),
  tun_recvmsg: host('drivers/net/tun.c'),
  tun_net_xmit: host('drivers/net/tun.c'),
  sock_def_readable: host('net/core/sock.c'),
  // ---- QEMU: hw/pci/pci.c, hw/pci/msix.c, hw/virtio/virtio-pci.c device model, hw/virtio/virtio.c status (owner: helper-pci) ----
  pci_default_read_config: qemu('hw/pci/pci.c'),
  pci_default_write_config: qemu('hw/pci/pci.c'),
  pci_set_irq: qemu('hw/pci/pci.c'),
  pci_irq_handler: qemu('hw/pci/pci.c'),
  pci_irq_assert: qemu('include/hw/pci/pci.h'),
  pci_irq_deassert: qemu('include/hw/pci/pci.h'),
  pci_device_deassert_intx: qemu('hw/pci/pci.c'),
  pci_msi_trigger: qemu('hw/pci/pci.c'),
  msi_send_message: qemu('hw/pci/msi.c'),
  msix_notify: qemu('hw/pci/msix.c'),
  msix_set_pending: qemu('hw/pci/msix.c'),
  msix_clr_pending: qemu('hw/pci/msix.c'),
  msix_write_config: qemu('hw/pci/msix.c'),
  msix_handle_mask_update: qemu('hw/pci/msix.c'),
  msix_fire_vector_notifier: qemu('hw/pci/msix.c'),
  msix_set_mask: qemu('hw/pci/msix.c'),
  msix_table_mmio_read: qemu('hw/pci/msix.c'),
  msix_table_mmio_write: qemu('hw/pci/msix.c'),
  msix_pba_mmio_read: qemu('hw/pci/msix.c'),
  msix_vector_use: qemu('hw/pci/msix.c'),
  msix_vector_unuse: qemu('hw/pci/msix.c'),
  msix_unuse_all_vectors: qemu('hw/pci/msix.c'),
  msix_reset: qemu('hw/pci/msix.c'),
  msix_set_vector_notifiers: qemu('hw/pci/msix.c'),
  msix_unset_vector_notifiers: qemu('hw/pci/msix.c'),
  msix_set_notifier_for_vector: qemu('hw/pci/msix.c'),
  msix_unset_notifier_for_vector: qemu('hw/pci/msix.c'),
  // @end helper-pci
  // ---- QEMU: hw/virtio/virtio-pci.c proxy registers, hw/virtio/virtio.c virtio_set_status (owner: helper-proxy) ----
  // @end helper-proxy
  // ---- Guest: drivers/virtio/virtio_pci_*.c, virtio_ring.c interrupt, drivers/net/virtio_net.c and drivers/virtio/virtio_balloon.c probe (owner: helper-probe) ----
  register_virtio_device: guest('drivers/virtio/virtio.c'),
  virtio_dev_probe: guest('drivers/virtio/virtio.c'),
  virtio_add_status: guest('drivers/virtio/virtio.c'),
  virtio_reset_device: guest('drivers/virtio/virtio.c'),
  virtio_features_ok: guest('drivers/virtio/virtio.c'),
  virtio_config_changed: guest('drivers/virtio/virtio.c'),
  virtio_pci_modern_probe: guest('drivers/virtio/virtio_pci_modern.c'),
  vp_reset: guest('drivers/virtio/virtio_pci_modern.c'),
  vp_get_status: guest('drivers/virtio/virtio_pci_modern.c'),
  vp_get_features: guest('drivers/virtio/virtio_pci_modern.c'),
  vp_finalize_features: guest('drivers/virtio/virtio_pci_modern.c'),
  setup_vq: guest('drivers/virtio/virtio_pci_modern.c'),
  vp_active_vq: guest('drivers/virtio/virtio_pci_modern.c'),
  del_vq: guest('drivers/virtio/virtio_pci_modern.c'),
  vp_config_vector: guest('drivers/virtio/virtio_pci_modern.c'),
  vp_modern_probe: guest('drivers/virtio/virtio_pci_modern_dev.c'),
  virtio_pci_find_capability: guest('drivers/virtio/virtio_pci_modern_dev.c'),
  vp_modern_map_capability: guest('drivers/virtio/virtio_pci_modern_dev.c'),
  vp_modern_get_features: guest('drivers/virtio/virtio_pci_modern_dev.c'),
  vp_modern_set_features: guest('drivers/virtio/virtio_pci_modern_dev.c'),
  vp_modern_get_status: guest('drivers/virtio/virtio_pci_modern_dev.c'),
  vp_modern_set_status: guest('drivers/virtio/virtio_pci_modern_dev.c'),
  vp_modern_get_queue_size: guest('drivers/virtio/virtio_pci_modern_dev.c'),
  vp_modern_queue_vector: guest('drivers/virtio/virtio_pci_modern_dev.c'),
  vp_modern_config_vector: guest('drivers/virtio/virtio_pci_modern_dev.c'),
  vp_modern_queue_address: guest('drivers/virtio/virtio_pci_modern_dev.c'),
  vp_modern_map_vq_notify: guest('drivers/virtio/virtio_pci_modern_dev.c'),
  vp_modern_set_queue_enable: guest('drivers/virtio/virtio_pci_modern_dev.c'),
  vp_request_msix_vectors: guest('drivers/virtio/virtio_pci_common.c'),
  vp_find_one_vq_msix: guest('drivers/virtio/virtio_pci_common.c'),
  vp_setup_vq: guest('drivers/virtio/virtio_pci_common.c'),
  vp_find_vqs_intx: guest('drivers/virtio/virtio_pci_common.c'),
  vp_del_vqs: guest('drivers/virtio/virtio_pci_common.c'),
  vp_interrupt: guest('drivers/virtio/virtio_pci_common.c'),
  vp_config_changed: guest('drivers/virtio/virtio_pci_common.c'),
  vp_vring_slow_path_interrupt: guest('drivers/virtio/virtio_pci_common.c'),
  vring_create_virtqueue: guest('drivers/virtio/virtio_ring.c'),
  pci_find_capability: guest('drivers/pci/pci.c'),
  pci_alloc_irq_vectors_affinity: guest('drivers/pci/msi/api.c'),
  pci_free_irq_vectors: guest('drivers/pci/msi/api.c'),
  __pci_enable_msix_range: guest('drivers/pci/msi/msi.c'),
  msix_capability_init: guest('drivers/pci/msi/msi.c'),
  request_threaded_irq: guest('kernel/irq/manage.c'),
  free_irq: guest('kernel/irq/manage.c'),
  virtballoon_probe: guest('drivers/virtio/virtio_balloon.c'),
  'init_vqs@balloon': { file: 'drivers/virtio/virtio_balloon.c', space: 'guest', src: 'linux-6.12', name: 'init_vqs' },
  // @end helper-probe
  // ---- KVM: virt/kvm, arch/x86/kvm; QEMU: accel/kvm, guest notifiers, irqfd helpers, main loop (owner: helper-kvm) ----
  kvm_vm_ioctl: host('virt/kvm/kvm_main.c'),
  kvm_set_irq_routing: host('virt/kvm/irqchip.c'),
  kvm_irqfd: host('virt/kvm/eventfd.c'),
  kvm_irqfd_assign: host('virt/kvm/eventfd.c'),
  kvm_set_msi: host('arch/x86/kvm/irq_comm.c'),
  kvm_set_msi_irq: host('arch/x86/kvm/irq_comm.c'),
  __apic_accept_irq: host('arch/x86/kvm/lapic.c'),
  // QEMU 7.2: accel/kvm (the GSI routes and irqfds), include/sysemu/kvm.h inlines
  'kvm_vm_ioctl@qemu': qemu('accel/kvm/kvm-all.c', 'kvm_vm_ioctl'),
  kvm_irqchip_add_msi_route: qemu('accel/kvm/kvm-all.c'),
  kvm_irqchip_commit_route_changes: qemu('include/sysemu/kvm.h'),
  kvm_irqchip_commit_routes: qemu('accel/kvm/kvm-all.c'),
  kvm_irqchip_update_msi_route: qemu('accel/kvm/kvm-all.c'),
  kvm_irqchip_add_irqfd_notifier_gsi: qemu('accel/kvm/kvm-all.c'),
  kvm_irqchip_assign_irqfd: qemu('accel/kvm/kvm-all.c'),
  // QEMU 7.2: EventNotifier and the main loop (util/)
  event_notifier_init: qemu('util/event_notifier-posix.c'),
  event_notifier_set: qemu('util/event_notifier-posix.c'),
  event_notifier_test_and_clear: qemu('util/event_notifier-posix.c'),
  event_notifier_get_fd: qemu('util/event_notifier-posix.c'),
  event_notifier_set_handler: qemu('util/main-loop.c'),
  qemu_main_loop: qemu('softmmu/runstate.c'),
  main_loop_wait: qemu('util/main-loop.c'),
  os_host_main_loop_wait: qemu('util/main-loop.c'),
  qemu_poll_ns: qemu('util/qemu-timer.c'),
  glib_pollfds_poll: qemu('util/main-loop.c'),
  aio_ctx_dispatch: qemu('util/async.c'),
  aio_dispatch: qemu('util/aio-posix.c'),
  aio_dispatch_handlers: qemu('util/aio-posix.c'),
  aio_dispatch_handler: qemu('util/aio-posix.c'),
  // QEMU 7.2: guest and host notifiers (hw/virtio/virtio.c)
  virtio_queue_set_guest_notifier_fd_handler: qemu('hw/virtio/virtio.c'),
  virtio_queue_guest_notifier_read: qemu('hw/virtio/virtio.c'),
  virtio_irq: qemu('hw/virtio/virtio.c'),
  virtio_notify_vector: qemu('hw/virtio/virtio.c'),
  virtio_queue_host_notifier_read: qemu('hw/virtio/virtio.c'),
  virtio_queue_notify_vq: qemu('hw/virtio/virtio.c'),
  virtio_queue_notify: qemu('hw/virtio/virtio.c'),
  // QEMU 7.2: virtio-pci's guest-notifier and irqfd helpers (hw/virtio/virtio-pci.c)
  virtio_pci_set_guest_notifiers: qemu('hw/virtio/virtio-pci.c'),
  virtio_pci_set_guest_notifier: qemu('hw/virtio/virtio-pci.c'),
  kvm_virtio_pci_vector_use: qemu('hw/virtio/virtio-pci.c'),
  kvm_virtio_pci_vq_vector_use: qemu('hw/virtio/virtio-pci.c'),
  kvm_virtio_pci_irqfd_use: qemu('hw/virtio/virtio-pci.c'),
  kvm_virtio_pci_vector_release: qemu('hw/virtio/virtio-pci.c'),
  kvm_virtio_pci_vq_vector_release: qemu('hw/virtio/virtio-pci.c'),
  kvm_virtio_pci_irqfd_release: qemu('hw/virtio/virtio-pci.c'),
  virtio_pci_vector_unmask: qemu('hw/virtio/virtio-pci.c'),
  virtio_pci_vq_vector_unmask: qemu('hw/virtio/virtio-pci.c'),
  virtio_pci_vector_mask: qemu('hw/virtio/virtio-pci.c'),
  virtio_pci_vq_vector_mask: qemu('hw/virtio/virtio-pci.c'),
  virtio_pci_vector_poll: qemu('hw/virtio/virtio-pci.c'),
  // QEMU 7.2: vhost's masked notifier
  virtio_net_guest_notifier_mask: qemu('hw/net/virtio-net.c'),
  vhost_net_virtqueue_mask: qemu('hw/net/vhost_net.c'),
  vhost_virtqueue_mask: qemu('hw/virtio/vhost.c'),
  // QEMU 7.2: the TCG vCPU thread down to an MMIO store (seed 000's second backtrace)
  mttcg_cpu_thread_fn: qemu('accel/tcg/tcg-accel-ops-mttcg.c'),
  tcg_cpus_exec: qemu('accel/tcg/tcg-accel-ops.c'),
  cpu_exec: qemu('accel/tcg/cpu-exec.c'),
  cpu_loop_exec_tb: qemu('accel/tcg/cpu-exec.c'),
  cpu_tb_exec: qemu('accel/tcg/cpu-exec.c'),
  access_with_adjusted_size: qemu('softmmu/memory.c'),
  memory_region_write_accessor: qemu('softmmu/memory.c'),
  memory_region_dispatch_write_eventfds: qemu('softmmu/memory.c'),
  // @end helper-kvm
} as const satisfies Record<string, FrameInfo>;

/** A frame id: the real name of a simulated function (with `@component` only where two share a name). */
export type FrameId = keyof typeof FRAMES;

/** The real function name of a frame (the id without a disambiguating suffix). */
export function frameName(id: FrameId): string {
  const info: FrameInfo = FRAMES[id];
  return info.name ?? id;
}
