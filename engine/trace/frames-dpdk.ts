/**
 * The back-end's frames: DPDK's vhost library (lib/vhost/ in 22.11;
 * frameFile maps them to lib/librte_vhost/ for 19.11) and the application
 * that drives it, OVS-DPDK (lib/netdev-dpdk.c).
 */
import type { FrameInfo } from './frames';

const dpdk = (file: string, name?: string): FrameInfo => ({ file, space: 'host-user', src: 'dpdk-22.11', ...(name ? { name } : {}) });
const ovs = (file: string, name?: string): FrameInfo => ({ file, space: 'host-user', src: 'ovs', ...(name ? { name } : {}) });

export const DPDK_FRAMES = {
  rte_vhost_dequeue_burst: dpdk('lib/vhost/virtio_net.c'),
  rte_vhost_enqueue_burst: dpdk('lib/vhost/virtio_net.c'),
  vhost_vring_call_split: dpdk('lib/vhost/vhost.h'),
  netdev_dpdk_vhost_client_reconfigure: ovs('lib/netdev-dpdk.c'),
} as const satisfies Record<string, FrameInfo>;
