/**
 * The back-end's frames: DPDK's vhost library (lib/vhost/ in 22.11;
 * frameFile maps them to lib/librte_vhost/ for 19.11) and the application
 * that drives it, OVS-DPDK (lib/netdev-dpdk.c, lib/dpif-netdev.c). Handlers
 * whose name QEMU's vhost-user.c also has carry `@dpdk`.
 */
import type { FrameInfo } from './frames';

const dpdk = (file: string, name?: string): FrameInfo => ({ file, space: 'host-user', src: 'dpdk-22.11', ...(name ? { name } : {}) });
const ovs = (file: string, name?: string): FrameInfo => ({ file, space: 'host-user', src: 'ovs', ...(name ? { name } : {}) });
const vu = (name: string): FrameInfo => dpdk('lib/vhost/vhost_user.c', name);

export const DPDK_FRAMES = {
  // socket.c
  rte_vhost_driver_register: dpdk('lib/vhost/socket.c'),
  rte_vhost_driver_callback_register: dpdk('lib/vhost/socket.c'),
  rte_vhost_driver_start: dpdk('lib/vhost/socket.c'),
  rte_vhost_driver_unregister: dpdk('lib/vhost/socket.c'),
  vhost_user_start_server: dpdk('lib/vhost/socket.c'),
  vhost_user_start_client: dpdk('lib/vhost/socket.c'),
  vhost_user_client_reconnect: dpdk('lib/vhost/socket.c'),
  vhost_user_server_new_connection: dpdk('lib/vhost/socket.c'),
  vhost_user_add_connection: dpdk('lib/vhost/socket.c'),
  vhost_user_read_cb: dpdk('lib/vhost/socket.c'),
  send_fd_message: dpdk('lib/vhost/socket.c'),
  // fd_man.c
  fdset_event_dispatch: dpdk('lib/vhost/fd_man.c'),
  // vhost.c
  vhost_destroy_device: dpdk('lib/vhost/vhost.c'),
  vhost_destroy_device_notify: dpdk('lib/vhost/vhost.c'),
  // vhost_user.c
  vhost_user_msg_handler: dpdk('lib/vhost/vhost_user.c'),
  read_vhost_message: dpdk('lib/vhost/vhost_user.c'),
  send_vhost_reply: dpdk('lib/vhost/vhost_user.c'),
  translate_ring_addresses: dpdk('lib/vhost/vhost_user.c'),
  vhost_user_notify_queue_state: dpdk('lib/vhost/vhost_user.c'),
  'vhost_user_get_features@dpdk': vu('vhost_user_get_features'),
  'vhost_user_set_features@dpdk': vu('vhost_user_set_features'),
  'vhost_user_set_owner@dpdk': vu('vhost_user_set_owner'),
  'vhost_user_reset_owner@dpdk': vu('vhost_user_reset_owner'),
  'vhost_user_set_mem_table@dpdk': vu('vhost_user_set_mem_table'),
  'vhost_user_set_vring_num@dpdk': vu('vhost_user_set_vring_num'),
  'vhost_user_set_vring_addr@dpdk': vu('vhost_user_set_vring_addr'),
  'vhost_user_set_vring_base@dpdk': vu('vhost_user_set_vring_base'),
  'vhost_user_get_vring_base@dpdk': vu('vhost_user_get_vring_base'),
  'vhost_user_set_vring_kick@dpdk': vu('vhost_user_set_vring_kick'),
  'vhost_user_set_vring_call@dpdk': vu('vhost_user_set_vring_call'),
  'vhost_user_set_vring_err@dpdk': vu('vhost_user_set_vring_err'),
  'vhost_user_get_protocol_features@dpdk': vu('vhost_user_get_protocol_features'),
  'vhost_user_set_protocol_features@dpdk': vu('vhost_user_set_protocol_features'),
  'vhost_user_get_queue_num@dpdk': vu('vhost_user_get_queue_num'),
  'vhost_user_set_vring_enable@dpdk': vu('vhost_user_set_vring_enable'),
  'vhost_user_net_set_mtu@dpdk': vu('vhost_user_net_set_mtu'),
  'vhost_user_set_req_fd@dpdk': vu('vhost_user_set_req_fd'),
  'vhost_user_set_status@dpdk': vu('vhost_user_set_status'),
  'vhost_user_get_status@dpdk': vu('vhost_user_get_status'),
  // virtio_net.c, vhost.h
  rte_vhost_dequeue_burst: dpdk('lib/vhost/virtio_net.c'),
  rte_vhost_enqueue_burst: dpdk('lib/vhost/virtio_net.c'),
  vhost_vring_call_split: dpdk('lib/vhost/vhost.h'),
  // OVS
  netdev_dpdk_vhost_client_reconfigure: ovs('lib/netdev-dpdk.c'),
  netdev_dpdk_vhost_construct: ovs('lib/netdev-dpdk.c'),
  netdev_dpdk_vhost_destruct: ovs('lib/netdev-dpdk.c'),
  new_device: ovs('lib/netdev-dpdk.c'),
  destroy_device: ovs('lib/netdev-dpdk.c'),
  vring_state_changed: ovs('lib/netdev-dpdk.c'),
  pmd_thread_main: ovs('lib/dpif-netdev.c'),
  netdev_dpdk_vhost_rxq_recv: ovs('lib/netdev-dpdk.c'),
  netdev_dpdk_vhost_send: ovs('lib/netdev-dpdk.c'),
} as const satisfies Record<string, FrameInfo>;
