/**
 * QEMU's vhost-user front-end frames: the chardev socket (chardev/char-socket.c),
 * the netdev (net/vhost-user.c), vhost-net (hw/net/vhost_net.c), the generic
 * vhost device (hw/virtio/vhost.c) and the vhost-user protocol (hw/virtio/vhost-user.c).
 */
import type { FrameInfo } from './frames';

const qemu = (file: string, name?: string): FrameInfo => ({ file, space: 'host-user', src: 'qemu-7.2', ...(name ? { name } : {}) });

export const QEMU_VHOST_USER_FRAMES = {
  vhost_user_write: qemu('hw/virtio/vhost-user.c'),
  vhost_user_read: qemu('hw/virtio/vhost-user.c'),
} as const satisfies Record<string, FrameInfo>;
