/**
 * vhost.c: a connection's device comes and goes. vhost_new_device takes
 * the first free slot of vhost_devices[] (one device per port here, so
 * vid 0); vhost_destroy_device_notify tells the application a RUNNING
 * device stopped; vhost_destroy_device also unmaps the guest memory and
 * closes the rings' fds (cleanup_device) and frees the slot.
 */
import type { ActorContext, Gen } from '../../sched/actor';
import type { VhostLib } from './context';
import { VIRTIO_DEV_BUILTIN_VIRTIO_NET, VIRTIO_DEV_RUNNING } from './device';

export function vhostNewDevice(v: VhostLib): number {
  const dev = v.dev;
  dev.reset();
  dev.vid = 0;
  dev.connected = true;
  // vhost_set_builtin_virtio_net / vhost_setup_virtio_net: OVS uses the builtin net device.
  dev.flags = VIRTIO_DEV_BUILTIN_VIRTIO_NET;
  return 0;
}

export function* vhostDestroyDeviceNotify(ctx: ActorContext, v: VhostLib): Gen<void> {
  yield* ctx.call(
    'vhost_destroy_device_notify',
    (function* (): Gen<void> {
      const dev = v.dev;
      if (!(dev.flags & VIRTIO_DEV_RUNNING)) return;
      dev.flags &= ~VIRTIO_DEV_RUNNING;
      dev.bumpGen();
      if (ctx.tracing) yield ctx.ev('vu_notify_app', { op: 'destroy_device', vid: dev.vid, vring: null, enable: null });
      if (v.ops) yield* v.ops.destroyDevice(ctx, dev.vid);
    })(),
  );
}

export function* vhostDestroyDevice(ctx: ActorContext, v: VhostLib): Gen<void> {
  yield* ctx.call(
    'vhost_destroy_device',
    (function* (): Gen<void> {
      yield* vhostDestroyDeviceNotify(ctx, v);
      const dev = v.dev;
      // cleanup_device: guest memory unmapped, region fds and ring fds closed.
      for (const r of dev.regions()) {
        v.as.munmap(r.mmapAddr);
        if (r.fd >= 0) v.net.close(v.proc, r.fd);
      }
      for (let i = 0; i < dev.nrVring; i++) {
        const vq = dev.vq(i);
        if (vq.kickfd >= 0) v.net.close(v.proc, vq.kickfd);
        if (vq.callfd >= 0) v.net.close(v.proc, vq.callfd);
      }
      if (dev.slaveReqFd >= 0) v.net.close(v.proc, dev.slaveReqFd);
      dev.reset();
      dev.vid = -1;
      dev.connected = false;
      dev.connfd = -1;
    })(),
  );
}
