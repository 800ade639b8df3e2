/**
 * The generic vhost device of QEMU (hw/virtio/vhost.c) over the vhost-user
 * ops: struct vhost_dev for one queue pair (vq_index 0 for the first pair, 2
 * for the second), and its init, start and stop in QEMU's order:
 *
 * - vhost_dev_init: vhost_backend_init (vhost-user.ts), SET_OWNER,
 *   GET_FEATURES, then per vq vhost_virtqueue_init: SET_VRING_CALL with vhost's
 *   masked notifier and (7.2 only) SET_VRING_ERR with a new error notifier;
 * - vhost_dev_start: SET_FEATURES (acked | bit 30, IOMMU_PLATFORM cleared),
 *   SET_MEM_TABLE, per vq vhost_virtqueue_start (NUM, BASE = the VirtQueue's
 *   last_avail_idx, ADDR in QEMU's own virtual addresses, KICK = the host
 *   notifier, then vhost_virtqueue_mask(false) → CALL = the guest notifier,
 *   because vhost-user runs with use_guest_notifier_mask off), and in 7.2
 *   vhost_user_dev_start (STATUS);
 * - vhost_dev_stop: 7.2's vhost_user_dev_start(false), then per vq
 *   vhost_virtqueue_stop: GET_VRING_BASE and virtio_queue_set_last_avail_idx,
 *   or, when the back-end is gone ("ring restore failed"),
 *   virtio_queue_restore_last_avail_idx: the used index the device last
 *   published in guest memory.
 */
import type { EventFd } from '../../os/eventfd';
import type { FileObject, Process } from '../../os/fd-table';
import type { MemFd } from '../../os/memfd';
import type { UnixSockets } from '../../os/unix-socket';
import type { ActorContext, Gen } from '../../sched/actor';
import type { VuEra } from '../../vhost-user/era';
import type { EventNotifier } from '../event-notifier';
import { strerror, type VhostUserOps } from './vhost-user';

/** VIRTIO_NO_VECTOR: the queue has no MSI-X vector. */
export const VIRTIO_NO_VECTOR = 0xffff;
/** VIRTIO_F_IOMMU_PLATFORM: cleared before SET_FEATURES when there is no vIOMMU. */
const VIRTIO_F_IOMMU_PLATFORM = 33n;

/** What the vhost code reads of a VirtQueue as the guest programmed it. */
export interface VhostVq {
  num: number;
  desc: number;
  avail: number;
  used: number;
  vector: number;
  kick: EventNotifier;
  call: EventNotifier;
  masked: EventNotifier;
}

/** What vhost needs from the machine around it (VirtIODevice, guest RAM, QEMU's process). */
export interface VhostHost {
  era: VuEra;
  proc: Process;
  net: UnixSockets;
  ram: { fd: number; gpa: number; size: number; hva: number };
  vq: (i: number) => VhostVq;
  /** The VirtQueue's last_avail_idx (arena-backed). */
  lastAvail: { get: (i: number) => number; set: (i: number, v: number) => void };
  /** The error notifiers' eventfds (7.2's vhost_virtqueue_init), one per vq, made at set-up. */
  errEventFd: (i: number) => EventFd;
}

/** struct vhost_dev for one queue pair. */
export class VhostDev {
  /** vq_index_end: 2 × queue pairs (set by vhost_net_start). */
  vqIndexEnd: number;
  readonly nvqs = 2;
  /** The back-end's features (GET_FEATURES). */
  features = 0n;
  /** What the guest acked, plus backend_features. */
  ackedFeatures = 0n;
  /** Bits QEMU adds to SET_FEATURES on its own: bit 30 once the back-end offers protocol features. */
  backendFeatures = 0n;
  protocolFeatures = 0n;
  maxQueues = 1;
  started = false;
  /** QEMU's end of the backend-request channel (-1: none). */
  slaveFd = -1;
  /** The error notifiers' fds in QEMU's table (7.2). */
  errFds: number[] = [];

  constructor(
    readonly queuePair: number,
    readonly vqIndex: number,
    queuePairs: number,
  ) {
    this.vqIndexEnd = 2 * queuePairs;
  }

  hasProtocol(bit: number): boolean {
    return ((this.protocolFeatures >> BigInt(bit)) & 1n) === 1n;
  }
}

/**
 * VHOST_OPS_DEBUG (compiled in: _VHOST_DEBUG is 1 in both eras): "<what>: strerror (errno)".
 * 7.2 passes the return value; 5.0 printed errno, which after a failed chardev write is EIO
 * (tcp_chr_write); after a refused ack 5.0 printed a stale errno, shown here as EIO too.
 */
function* opsDebug(ctx: ActorContext, host: VhostHost, r: number, what: string): Gen<void> {
  const errno = host.era === 'modern' ? -r : 5;
  if (ctx.tracing) yield ctx.ev('qemu_log', { level: 'error', text: `${what}: ${strerror(errno)} (${errno})` });
}

/** vhost_virtqueue_init: the masked notifier as the vq's call fd; in 7.2 an error notifier as its err fd. */
function* vhostVirtqueueInit(ctx: ActorContext, ops: VhostUserOps, host: VhostHost, dev: VhostDev, n: number): Gen<number> {
  return yield* ctx.call(
    'vhost_virtqueue_init',
    (function* (): Gen<number> {
      const masked = host.vq(n).masked;
      let r = yield* ops.setVringCall(ctx, dev, n, masked.wfd);
      if (r) {
        yield* opsDebug(ctx, host, r, 'vhost_set_vring_call failed');
        return r;
      }
      if (ops.hasSetVringErr) {
        // event_notifier_init(&vq->error_notifier, 0): a fresh eventfd in QEMU's table.
        const efd = host.errEventFd(n);
        const file = { label: `eventfd: vhost's error notifier vq ${n}`, role: 'call', queue: n, efd } as FileObject & { efd: EventFd };
        const fd = host.proc.install(file);
        dev.errFds.push(fd);
        r = yield* ops.setVringErr(ctx, dev, n, fd);
        if (r) {
          yield* opsDebug(ctx, host, r, 'vhost_set_vring_err failed');
          return r;
        }
      }
      return 0;
    })(),
  );
}

/** vhost_dev_cleanup's part that matters here: the fds the old device held (slave channel, error notifiers). */
export function vhostDevCleanup(host: VhostHost, dev: VhostDev): void {
  for (const fd of dev.errFds) host.net.close(host.proc, fd);
  dev.errFds = [];
  if (dev.slaveFd >= 0) host.net.close(host.proc, dev.slaveFd);
  dev.slaveFd = -1;
}

/**
 * vhost_dev_init. Returns 0, or the error and the text vhost_net_init reports
 * (7.2: the Error set inside, e.g. "vhost_backend_init failed: Protocol error").
 */
export function* vhostDevInit(ctx: ActorContext, ops: VhostUserOps, host: VhostHost, dev: VhostDev): Gen<{ ret: number; error: string | null }> {
  return yield* ctx.call(
    'vhost_dev_init',
    (function* (): Gen<{ ret: number; error: string | null }> {
      const b = yield* ops.backendInit(ctx, dev);
      if (b.ret < 0) return b;
      let r = yield* ops.setOwner(ctx, dev);
      if (r < 0) return { ret: r, error: host.era === 'modern' ? `vhost_set_owner failed: ${strerror(-r)}` : null };
      const f = yield* ops.getFeatures(ctx, dev);
      if (f.ret < 0) return { ret: f.ret, error: host.era === 'modern' ? `vhost_get_features failed: ${strerror(-f.ret)}` : null };
      for (let i = 0; i < dev.nvqs; i++) {
        r = yield* vhostVirtqueueInit(ctx, ops, host, dev, dev.vqIndex + i);
        if (r < 0) return { ret: r, error: host.era === 'modern' ? `Failed to initialize virtqueue ${i}: ${strerror(-r)}` : null };
      }
      dev.features = f.value;
      return { ret: 0, error: null };
    })(),
  );
}

/** The vq's ring address as QEMU's virtual address: vhost_memory_map of guest RAM. */
function hvaOf(host: VhostHost, gpa: number): bigint {
  return BigInt(host.ram.hva + (gpa - host.ram.gpa));
}

/** vhost_virtqueue_start: NUM, BASE, ADDR, KICK, then the call fd (the guest notifier, or NOFD without a vector). */
function* vhostVirtqueueStart(ctx: ActorContext, ops: VhostUserOps, host: VhostHost, dev: VhostDev, idx: number): Gen<number> {
  return yield* ctx.call(
    'vhost_virtqueue_start',
    (function* (): Gen<number> {
      const q = host.vq(idx);
      if (q.desc === 0) return 0; // "Queue might not be ready for start"
      let r = yield* ops.setVringNum(ctx, dev, idx, q.num);
      if (r) {
        yield* opsDebug(ctx, host, r, 'vhost_set_vring_num failed');
        return r;
      }
      r = yield* ops.setVringBase(ctx, dev, idx, host.lastAvail.get(idx));
      if (r) {
        yield* opsDebug(ctx, host, r, 'vhost_set_vring_base failed');
        return r;
      }
      // vhost_virtqueue_set_addr: QEMU's mappings of the rings; log_guest_addr is the used ring's guest address.
      r = yield* ops.setVringAddr(ctx, dev, { index: idx, desc: hvaOf(host, q.desc), used: hvaOf(host, q.used), avail: hvaOf(host, q.avail), log: BigInt(q.used) });
      if (r < 0) {
        yield* opsDebug(ctx, host, r, 'vhost_set_vring_addr failed');
        return r;
      }
      r = yield* ops.setVringKick(ctx, dev, idx, q.kick.rfd);
      if (r) {
        yield* opsDebug(ctx, host, r, 'vhost_set_vring_kick failed');
        return r;
      }
      // use_guest_notifier_mask is off for vhost-user: start unmasked, i.e. call = the guest notifier.
      yield* ctx.call(
        'vhost_virtqueue_mask',
        (function* (): Gen<void> {
          const m = yield* ops.setVringCall(ctx, dev, idx, q.call.wfd);
          if (m < 0) yield* opsDebug(ctx, host, m, 'vhost_set_vring_call failed'); // logged, not returned
        })(),
      );
      if (q.vector === VIRTIO_NO_VECTOR) {
        r = yield* ops.setVringCall(ctx, dev, idx, -1);
        if (r) return r;
      }
      return 0;
    })(),
  );
}

/** vhost_dev_start (vrings = false, as vhost-net calls it). */
export function* vhostDevStart(ctx: ActorContext, ops: VhostUserOps, host: VhostHost, dev: VhostDev): Gen<number> {
  return yield* ctx.call(
    'vhost_dev_start',
    (function* (): Gen<number> {
      dev.started = true;
      // vhost_dev_set_features: no vIOMMU, so IOMMU_PLATFORM is cleared; logging is off.
      let r = yield* ctx.call(
        'vhost_dev_set_features',
        (function* (): Gen<number> {
          const f = yield* ops.setFeatures(ctx, dev, dev.ackedFeatures & ~(1n << VIRTIO_F_IOMMU_PLATFORM));
          if (f < 0) yield* opsDebug(ctx, host, f, 'vhost_set_features failed');
          return f;
        })(),
      );
      if (r < 0) {
        dev.started = false;
        return r;
      }
      const ram = host.ram;
      r = yield* ops.setMemTable(ctx, dev, [{ gpa: ram.gpa, size: ram.size, hva: ram.hva, offset: 0, fd: ram.fd }]);
      if (r < 0) {
        yield* opsDebug(ctx, host, r, 'vhost_set_mem_table failed');
        dev.started = false;
        return r;
      }
      for (let i = 0; i < dev.nvqs; i++) {
        r = yield* vhostVirtqueueStart(ctx, ops, host, dev, dev.vqIndex + i);
        if (r < 0) {
          for (let j = i - 1; j >= 0; j--) yield* vhostVirtqueueStop(ctx, ops, host, dev, dev.vqIndex + j);
          dev.started = false;
          return r;
        }
      }
      if (host.era === 'modern') {
        r = yield* ops.devStart(ctx, dev, true);
        if (r) {
          for (let j = dev.nvqs - 1; j >= 0; j--) yield* vhostVirtqueueStop(ctx, ops, host, dev, dev.vqIndex + j);
          dev.started = false;
          return r;
        }
      }
      return 0;
    })(),
  );
}

/** The used index the device last published (vring_used_idx: guest memory, read through the RAM memfd). */
function usedIdx(host: VhostHost, used: number): number {
  const f = host.proc.get(host.ram.fd) as MemFd | undefined;
  if (!f || !('arenaOff' in f)) return 0;
  const off = f.arenaOff + (used - host.ram.gpa) + 2;
  return host.net.arena.r16(off);
}

/** vhost_virtqueue_stop: GET_VRING_BASE into last_avail_idx, or the used index when the back-end is unreachable. */
function* vhostVirtqueueStop(ctx: ActorContext, ops: VhostUserOps, host: VhostHost, dev: VhostDev, idx: number): Gen<void> {
  yield* ctx.call(
    'vhost_virtqueue_stop',
    (function* (): Gen<void> {
      const q = host.vq(idx);
      if (q.desc === 0) return; // "Don't stop the virtqueue which might have not been started"
      const r = yield* ops.getVringBase(ctx, dev, idx);
      if (r.ret < 0) {
        // VHOST_OPS_DEBUG (on in both eras): 7.2 prints the return value, 5.0 printed errno after -1.
        const text = host.era === 'modern' ? `vhost VQ ${idx} ring restore failed: ${r.ret}: ${strerror(-r.ret)} (${-r.ret})` : `vhost VQ ${idx} ring restore failed: ${r.ret}: Input/output error (5)`;
        if (ctx.tracing) yield ctx.ev('qemu_log', { level: 'error', text });
        const v = usedIdx(host, q.used);
        yield* ctx.call('virtio_queue_restore_last_avail_idx', (function* () {
          host.lastAvail.set(idx, v);
          if (ctx.tracing) yield ctx.ev('vu_qemu_state', { what: 'vring-base', queuePair: dev.queuePair, vring: idx, value: `${v}` });
        })());
        return;
      }
      yield* ctx.call('virtio_queue_set_last_avail_idx', (function* () {
        host.lastAvail.set(idx, r.num);
        if (ctx.tracing) yield ctx.ev('vu_qemu_state', { what: 'vring-base', queuePair: dev.queuePair, vring: idx, value: `${r.num}` });
      })());
    })(),
  );
}

/** vhost_dev_stop (vrings = false). */
export function* vhostDevStop(ctx: ActorContext, ops: VhostUserOps, host: VhostHost, dev: VhostDev): Gen<void> {
  yield* ctx.call(
    'vhost_dev_stop',
    (function* (): Gen<void> {
      if (host.era === 'modern') yield* ops.devStart(ctx, dev, false);
      for (let i = 0; i < dev.nvqs; i++) yield* vhostVirtqueueStop(ctx, ops, host, dev, dev.vqIndex + i);
      dev.started = false;
    })(),
  );
}
