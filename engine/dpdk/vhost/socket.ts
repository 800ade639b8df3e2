/**
 * socket.c: the vhost-user socket of one registered path. Server mode binds
 * and listens and the vhost-events thread accepts; client mode
 * (RTE_VHOST_USER_CLIENT, OVS's dpdkvhostuserclient) connects, and when
 * that fails queues the socket for the "vhost_reconn" thread. A connection
 * gets a device (vid); when its read callback fails the connection closes,
 * the device is destroyed and a client reconnects.
 */
import { DPDK_19_11_PROTOCOL_FEATURES, DPDK_22_11_PROTOCOL_FEATURES } from '../../abi/vhost-user';
import type { ActorContext, Gen } from '../../sched/actor';
import { dpdkLog, strerror, type VhostLib } from './context';
import { vhostDestroyDevice, vhostDestroyDeviceNotify, vhostNewDevice } from './lifecycle';
import { vhostUserMsgHandler } from './vhost-user';

/** MAX_VIRTIO_BACKLOG. */
const MAX_VIRTIO_BACKLOG = 128;

/** create_unix_socket. */
export function* createUnixSocket(ctx: ActorContext, v: VhostLib): Gen<number> {
  const fd = v.net.socket(v.proc);
  if (fd < 0) return -1;
  yield* dpdkLog(ctx, v, 'INFO', `vhost-user ${v.client ? 'client' : 'server'}: socket created, fd: ${fd}`);
  v.dev.sockfd = fd;
  return 0;
}

/** VIRTIO_NET_SUPPORTED_FEATURES (vhost.h; the same set in 19.11 and 22.11). */
export const VIRTIO_NET_SUPPORTED_FEATURES = [0, 1, 3, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 18, 21, 22, 26, 27, 28, 29, 30, 32, 33, 34, 35].reduce((m, b) => m | (1n << BigInt(b)), 0n);
const F_HOST_TSO4 = 11n;
const F_HOST_TSO6 = 12n;
const F_HOST_UFO = 14n;
const F_IOMMU_PLATFORM = 33n;
const PROTOCOL_F_PAGEFAULT = 8n;

/** The rte_vhost_driver_register flags the model looks at (client mode is VhostLib.client). */
export interface RegisterFlags {
  /** RTE_VHOST_USER_LINEARBUF_SUPPORT (OVS sets it; no RTE_VHOST_USER_EXTBUF_SUPPORT). */
  linearbuf: boolean;
}

/**
 * rte_vhost_driver_register: the builtin net device's features, less what the flags rule
 * out (no IOMMU and no postcopy support asked for; linear buffers without external ones
 * cannot take segmentation offloads), then the socket.
 */
export function* rteVhostDriverRegister(ctx: ActorContext, v: VhostLib, flags: RegisterFlags): Gen<number> {
  return yield* ctx.call(
    'rte_vhost_driver_register',
    (function* (): Gen<number> {
      let features = VIRTIO_NET_SUPPORTED_FEATURES;
      let protocol = v.dpdkEra === '19.11' ? DPDK_19_11_PROTOCOL_FEATURES : DPDK_22_11_PROTOCOL_FEATURES;
      if (flags.linearbuf) {
        if (v.dpdkEra === '19.11') {
          yield* dpdkLog(ctx, v, 'INFO', 'Linear buffers requested without external buffers, disabling host segmentation offloading support');
        } else {
          yield* dpdkLog(ctx, v, 'INFO', 'Linear buffers requested without external buffers,');
          yield* dpdkLog(ctx, v, 'INFO', 'disabling host segmentation offloading support');
        }
        features &= ~((1n << F_HOST_TSO4) | (1n << F_HOST_TSO6) | (1n << F_HOST_UFO));
      }
      features &= ~(1n << F_IOMMU_PLATFORM);
      protocol &= ~(1n << PROTOCOL_F_PAGEFAULT);
      v.features = features;
      v.protocolFeatures = protocol;
      v.registered = true;
      return yield* createUnixSocket(ctx, v);
    })(),
  );
}

/** rte_vhost_driver_start: the vhost-events thread exists (the scenario runs it); start the server or the client. */
export function* rteVhostDriverStart(ctx: ActorContext, v: VhostLib): Gen<number> {
  return yield* ctx.call('rte_vhost_driver_start', v.client ? vhostUserStartClient(ctx, v) : vhostUserStartServer(ctx, v));
}

function* vhostUserStartServer(ctx: ActorContext, v: VhostLib): Gen<number> {
  return yield* ctx.call(
    'vhost_user_start_server',
    (function* (): Gen<number> {
      const fd = v.dev.sockfd;
      const b = v.net.bind(v.proc, fd, v.path);
      if (b < 0) {
        yield* dpdkLog(ctx, v, 'ERR', v.dpdkEra === '19.11' ? `failed to bind to ${v.path}: ${strerror(b)}; remove it and try again` : `failed to bind: ${strerror(b)}; remove it and try again`);
        v.net.close(v.proc, fd);
        return -1;
      }
      yield* dpdkLog(ctx, v, 'INFO', v.dpdkEra === '19.11' ? `bind to ${v.path}` : 'binding succeeded');
      if (v.net.listen(v.proc, fd, MAX_VIRTIO_BACKLOG) < 0) {
        v.net.close(v.proc, fd);
        return -1;
      }
      if (ctx.tracing) yield ctx.ev('vu_socket', { who: 'dpdk', op: 'listen', path: v.path, fd, errno: null });
      v.fdset.add(fd, (c, lfd) => vhostUserServerNewConnection(c, v, lfd));
      return 0;
    })(),
  );
}

/** vhost_user_start_client: connect now, or queue the socket for the reconnect thread. */
export function* vhostUserStartClient(ctx: ActorContext, v: VhostLib): Gen<number> {
  return yield* ctx.call(
    'vhost_user_start_client',
    (function* (): Gen<number> {
      const fd = v.dev.sockfd;
      const r = v.net.connect(v.proc, fd, v.path);
      if (r === 0) {
        if (ctx.tracing) yield ctx.ev('vu_socket', { who: 'dpdk', op: 'connect', path: v.path, fd, errno: null });
        yield* vhostUserAddConnection(ctx, v, fd);
        return 0;
      }
      if (ctx.tracing) yield ctx.ev('vu_socket', { who: 'dpdk', op: 'connect-failed', path: v.path, fd, errno: -r });
      yield* dpdkLog(ctx, v, 'WARNING', v.dpdkEra === '19.11' ? `failed to connect to ${v.path}: ${strerror(r)}` : `failed to connect: ${strerror(r)}`);
      if (!v.reconnect) {
        v.net.close(v.proc, fd);
        return -1;
      }
      yield* dpdkLog(ctx, v, 'INFO', v.dpdkEra === '19.11' ? `${v.path}: reconnecting...` : 'reconnecting...');
      v.dev.reconnectPending = true;
      return 0;
    })(),
  );
}

/** vhost_user_client_reconnect: one pass over the reconnect list (the real thread then sleeps a second). */
export function* vhostUserClientReconnectOnce(ctx: ActorContext, v: VhostLib): Gen<boolean> {
  return yield* ctx.call(
    'vhost_user_client_reconnect',
    (function* (): Gen<boolean> {
      if (!v.dev.reconnectPending) return false;
      const fd = v.dev.sockfd;
      const r = v.net.connect(v.proc, fd, v.path);
      if (r !== 0) return false;
      if (ctx.tracing) yield ctx.ev('vu_socket', { who: 'dpdk', op: 'connect', path: v.path, fd, errno: null });
      yield* dpdkLog(ctx, v, 'INFO', v.dpdkEra === '19.11' ? `${v.path}: connected` : 'connected');
      v.dev.reconnectPending = false;
      yield* vhostUserAddConnection(ctx, v, fd);
      return true;
    })(),
  );
}

function* vhostUserServerNewConnection(ctx: ActorContext, v: VhostLib, lfd: number): Gen<boolean> {
  return yield* ctx.call(
    'vhost_user_server_new_connection',
    (function* (): Gen<boolean> {
      const fd = v.net.accept(v.proc, lfd);
      if (fd < 0) return false;
      if (ctx.tracing) yield ctx.ev('vu_socket', { who: 'dpdk', op: 'accept', path: v.path, fd, errno: null });
      yield* dpdkLog(ctx, v, 'INFO', `new vhost user connection is ${fd}`);
      yield* vhostUserAddConnection(ctx, v, fd);
      return false;
    })(),
  );
}

/** vhost_user_add_connection: a device for the connection, and its fd in the fdset. */
function* vhostUserAddConnection(ctx: ActorContext, v: VhostLib, fd: number): Gen<void> {
  yield* ctx.call(
    'vhost_user_add_connection',
    (function* (): Gen<void> {
      const vid = vhostNewDevice(v);
      yield* dpdkLog(ctx, v, 'INFO', v.dpdkEra === '19.11' ? `new device, handle is ${vid}, path is ${v.path}` : `new device, handle is ${vid}`);
      v.dev.connfd = fd;
      v.fdset.add(fd, (c, cfd) => vhostUserReadCb(c, v, cfd));
    })(),
  );
}

/** vhost_user_read_cb: one message; on failure close, destroy the device, and in client mode start over. */
function* vhostUserReadCb(ctx: ActorContext, v: VhostLib, connfd: number): Gen<boolean> {
  return yield* ctx.call(
    'vhost_user_read_cb',
    (function* (): Gen<boolean> {
      const ret = yield* vhostUserMsgHandler(ctx, v, connfd);
      if (ret >= 0) return false;
      v.net.close(v.proc, connfd);
      v.wire.dropUnread();
      if (ctx.tracing) yield ctx.ev('vu_socket', { who: 'dpdk', op: 'close', path: v.path, fd: connfd, errno: null });
      yield* vhostDestroyDeviceNotify(ctx, v);
      yield* vhostDestroyDevice(ctx, v);
      if (v.reconnect) {
        yield* createUnixSocket(ctx, v);
        yield* vhostUserStartClient(ctx, v);
      }
      return true;
    })(),
  );
}

/** rte_vhost_driver_unregister: the connection closed and its device destroyed, the listen socket closed and unlinked. */
export function* rteVhostDriverUnregister(ctx: ActorContext, v: VhostLib): Gen<number> {
  return yield* ctx.call(
    'rte_vhost_driver_unregister',
    (function* (): Gen<number> {
      if (!v.registered) return -1;
      const dev = v.dev;
      if (dev.connected && dev.connfd >= 0) {
        const fd = dev.connfd;
        yield* dpdkLog(ctx, v, 'INFO', v.dpdkEra === '19.11' ? `free connfd = ${fd} for device '${v.path}'` : `free connfd ${fd}`);
        v.fdset.del(fd);
        v.net.close(v.proc, fd);
        v.wire.dropUnread();
        if (ctx.tracing) yield ctx.ev('vu_socket', { who: 'dpdk', op: 'close', path: v.path, fd, errno: null });
          yield* vhostDestroyDevice(ctx, v);
      }
      if (!v.client) {
        v.fdset.del(dev.sockfd);
        v.net.close(v.proc, dev.sockfd);
        v.net.unlink(v.path);
      } else if (dev.reconnectPending) {
        // vhost_user_remove_reconnect.
        v.net.close(v.proc, dev.sockfd);
        dev.reconnectPending = false;
      }
      dev.sockfd = -1;
      v.registered = false;
      return 0;
    })(),
  );
}
