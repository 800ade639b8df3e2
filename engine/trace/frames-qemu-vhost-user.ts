/**
 * QEMU's vhost-user front-end frames: the chardev socket (chardev/char-socket.c,
 * chardev/char-fe.c, chardev/char.c), the netdev (net/vhost-user.c), vhost-net
 * (hw/net/vhost_net.c), virtio-net's queue attach (hw/net/virtio-net.c), the
 * generic vhost device (hw/virtio/vhost.c), the VirtQueue index it restores
 * (hw/virtio/virtio.c) and the vhost-user protocol (hw/virtio/vhost-user.c).
 * Names read in QEMU 7.2; the seed era (QEMU 5.0) has the same functions, and
 * the ones only 7.2 calls (vhost_user_dev_start, the status calls,
 * vhost_user_set_vring_err) simply do not appear in a seed-era trace.
 * Ids that frames.ts already has (vhost_dev_start, vhost_virtqueue_start,
 * vhost_net_start, vhost_net_start_one, vhost_user_set_vring_kick,
 * qmp_set_link, virtio_net_set_link_status, virtio_net_vhost_status,
 * event_notifier_init, vhost_virtqueue_mask, main_loop_wait) are reused, not
 * redefined.
 */
import type { FrameInfo } from './frames';

const qemu = (file: string, name?: string): FrameInfo => ({ file, space: 'host-user', src: 'qemu-7.2', ...(name ? { name } : {}) });

export const QEMU_VHOST_USER_FRAMES = {
  // chardev/char-socket.c: the socket chardev behind -chardev socket,path=…
  qmp_chardev_open_socket: qemu('chardev/char-socket.c'),
  qmp_chardev_open_socket_server: qemu('chardev/char-socket.c'),
  qmp_chardev_open_socket_client: qemu('chardev/char-socket.c'),
  tcp_chr_accept_server_sync: qemu('chardev/char-socket.c'),
  tcp_chr_accept: qemu('chardev/char-socket.c'),
  tcp_chr_wait_connected: qemu('chardev/char-socket.c'),
  tcp_chr_connect_client_sync: qemu('chardev/char-socket.c'),
  tcp_chr_connect_client_async: qemu('chardev/char-socket.c'),
  qemu_chr_socket_connected: qemu('chardev/char-socket.c'),
  check_report_connect_error: qemu('chardev/char-socket.c'),
  qemu_chr_socket_restart_timer: qemu('chardev/char-socket.c'),
  socket_reconnect_timeout: qemu('chardev/char-socket.c'),
  tcp_chr_new_client: qemu('chardev/char-socket.c'),
  tcp_chr_connect: qemu('chardev/char-socket.c'),
  tcp_chr_write: qemu('chardev/char-socket.c'),
  tcp_chr_sync_read: qemu('chardev/char-socket.c'),
  tcp_chr_disconnect: qemu('chardev/char-socket.c'),
  // chardev/char-fe.c and chardev/char.c: the front-end API vhost-user calls
  qemu_chr_fe_set_handlers: qemu('chardev/char-fe.c'),
  qemu_chr_fe_wait_connected: qemu('chardev/char-fe.c'),
  qemu_chr_fe_write_all: qemu('chardev/char-fe.c'),
  qemu_chr_fe_read_all: qemu('chardev/char-fe.c'),
  qemu_chr_fe_disconnect: qemu('chardev/char-fe.c'),
  qemu_chr_be_event: qemu('chardev/char.c'),
  // net/vhost-user.c
  net_init_vhost_user: qemu('net/vhost-user.c'),
  net_vhost_user_init: qemu('net/vhost-user.c'),
  net_vhost_user_event: qemu('net/vhost-user.c'),
  net_vhost_user_watch: qemu('net/vhost-user.c'),
  vhost_user_start: qemu('net/vhost-user.c'),
  chr_closed_bh: qemu('net/vhost-user.c'),
  // hw/net/vhost_net.c and hw/net/virtio-net.c
  vhost_net_init: qemu('hw/net/vhost_net.c'),
  vhost_net_stop: qemu('hw/net/vhost_net.c'),
  vhost_net_stop_one: qemu('hw/net/vhost_net.c'),
  vhost_set_vring_enable: qemu('hw/net/vhost_net.c'),
  virtio_net_set_features: qemu('hw/net/virtio-net.c'),
  peer_attach: qemu('hw/net/virtio-net.c'),
  peer_detach: qemu('hw/net/virtio-net.c'),
  vhost_net_ack_features: qemu('hw/net/vhost_net.c'),
  // hw/virtio/vhost.c
  vhost_dev_init: qemu('hw/virtio/vhost.c'),
  vhost_virtqueue_init: qemu('hw/virtio/vhost.c'),
  vhost_dev_set_features: qemu('hw/virtio/vhost.c'),
  vhost_dev_stop: qemu('hw/virtio/vhost.c'),
  vhost_virtqueue_stop: qemu('hw/virtio/vhost.c'),
  // hw/virtio/virtio.c: the VirtQueue's last_avail_idx after a stop
  virtio_queue_set_last_avail_idx: qemu('hw/virtio/virtio.c'),
  virtio_queue_restore_last_avail_idx: qemu('hw/virtio/virtio.c'),
  // hw/virtio/vhost-user.c
  vhost_user_write: qemu('hw/virtio/vhost-user.c'),
  vhost_user_read: qemu('hw/virtio/vhost-user.c'),
  vhost_user_read_header: qemu('hw/virtio/vhost-user.c'),
  process_message_reply: qemu('hw/virtio/vhost-user.c'),
  vhost_user_backend_init: qemu('hw/virtio/vhost-user.c'),
  vhost_user_get_u64: qemu('hw/virtio/vhost-user.c'),
  vhost_user_get_features: qemu('hw/virtio/vhost-user.c'),
  vhost_user_set_u64: qemu('hw/virtio/vhost-user.c'),
  vhost_user_set_features: qemu('hw/virtio/vhost-user.c'),
  vhost_user_set_protocol_features: qemu('hw/virtio/vhost-user.c'),
  vhost_user_set_owner: qemu('hw/virtio/vhost-user.c'),
  vhost_setup_slave_channel: qemu('hw/virtio/vhost-user.c'),
  vhost_user_set_mem_table: qemu('hw/virtio/vhost-user.c'),
  vhost_set_vring: qemu('hw/virtio/vhost-user.c'),
  vhost_user_set_vring_num: qemu('hw/virtio/vhost-user.c'),
  vhost_user_set_vring_base: qemu('hw/virtio/vhost-user.c'),
  vhost_user_set_vring_addr: qemu('hw/virtio/vhost-user.c'),
  vhost_set_vring_file: qemu('hw/virtio/vhost-user.c'),
  vhost_user_set_vring_call: qemu('hw/virtio/vhost-user.c'),
  vhost_user_set_vring_err: qemu('hw/virtio/vhost-user.c'),
  vhost_user_set_vring_enable: qemu('hw/virtio/vhost-user.c'),
  vhost_user_get_vring_base: qemu('hw/virtio/vhost-user.c'),
  vhost_user_get_status: qemu('hw/virtio/vhost-user.c'),
  vhost_user_set_status: qemu('hw/virtio/vhost-user.c'),
  vhost_user_add_status: qemu('hw/virtio/vhost-user.c'),
  vhost_user_dev_start: qemu('hw/virtio/vhost-user.c'),
} as const satisfies Record<string, FrameInfo>;
