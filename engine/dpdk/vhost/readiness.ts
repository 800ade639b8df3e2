/**
 * When the device is ready for the data path (vhost_user.c vq_is_ready /
 * virtio_is_ready). 19.11: every allocated vring has its three rings
 * mapped and a kick and a call fd set (NOFD counts); 22.11 adds the
 * ring's enable bit, checks only the first two vrings of the builtin net
 * device (VIRTIO_BUILTIN_NUM_VQS_TO_BE_READY) and, with the STATUS
 * protocol feature, waits for DRIVER_OK.
 */
import { VIRTIO_CONFIG_S_DRIVER_OK } from '../../abi/virtio-pci';
import type { ActorContext, Gen } from '../../sched/actor';
import { dpdkLog, type VhostLib } from './context';
import { VIRTIO_DEV_BUILTIN_VIRTIO_NET, VIRTIO_DEV_READY, VIRTIO_DEV_RUNNING, VIRTIO_UNINITIALIZED_EVENTFD } from './device';

const VHOST_USER_PROTOCOL_F_STATUS = 16n;
const VIRTIO_BUILTIN_NUM_VQS_TO_BE_READY = 2;

export function vqIsReady(v: VhostLib, i: number): boolean {
  const vq = v.dev.vq(i);
  if (!vq.allocated) return false;
  const ringsOk = vq.desc !== 0 && vq.avail !== 0 && vq.used !== 0;
  const fdsOk = vq.kickfd !== VIRTIO_UNINITIALIZED_EVENTFD && vq.callfd !== VIRTIO_UNINITIALIZED_EVENTFD;
  return ringsOk && fdsOk && (v.dpdkEra === '19.11' || vq.enabled);
}

/** virtio_is_ready, with its "virtio is now ready for processing." line. */
export function* virtioIsReady(ctx: ActorContext, v: VhostLib): Gen<boolean> {
  const dev = v.dev;
  if (v.dpdkEra === '19.11') {
    if (dev.nrVring === 0) return false;
    for (let i = 0; i < dev.nrVring; i++) if (!vqIsReady(v, i)) return false;
    yield* dpdkLog(ctx, v, 'INFO', 'virtio is now ready for processing.');
    return true;
  }
  if (dev.flags & VIRTIO_DEV_READY) return true;
  if (dev.nrVring === 0) return false;
  const n = dev.flags & VIRTIO_DEV_BUILTIN_VIRTIO_NET ? VIRTIO_BUILTIN_NUM_VQS_TO_BE_READY : dev.nrVring;
  if (dev.nrVring < n) return false;
  for (let i = 0; i < n; i++) if (!vqIsReady(v, i)) return false;
  if ((dev.protocolFeatures >> VHOST_USER_PROTOCOL_F_STATUS) & 1n && !(dev.status & VIRTIO_CONFIG_S_DRIVER_OK)) return false;
  dev.flags |= VIRTIO_DEV_READY;
  if (!(dev.flags & VIRTIO_DEV_RUNNING)) yield* dpdkLog(ctx, v, 'INFO', 'virtio is now ready for processing.');
  return true;
}
