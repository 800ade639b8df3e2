/**
 * vhost_user.c: `vhost_user_msg_handler` and the handlers of the builtin
 * net device, for DPDK 19.11 (lib/librte_vhost) and 22.11 (lib/vhost).
 *
 * The wire checks (read_vhost_message, the vring-index check of
 * vhost_user_check_and_alloc_queue_pair, validate_msg_fds and the
 * stateless parts of the handlers) are the codec's decodeVhostUserMsg,
 * which also returns the exact lines DPDK prints while doing them. The
 * handlers here make the device-state checks first and only then change
 * anything, so a refused message leaves the device as it was (see
 * setMemTable for the one place that differs from the C code).
 */
import {
  DPDK_VHOST_MAX_VRING,
  decodeVhostUserMsg,
  encodeVhostUserMsg,
  VHOST_USER_GET_FEATURES,
  VHOST_USER_GET_PROTOCOL_FEATURES,
  VHOST_USER_GET_QUEUE_NUM,
  VHOST_USER_GET_STATUS,
  VHOST_USER_GET_VRING_BASE,
  VHOST_USER_HDR_SIZE,
  VHOST_USER_NEED_REPLY_MASK,
  VHOST_USER_NET_SET_MTU,
  VHOST_USER_REPLY_MASK,
  VHOST_USER_RESET_OWNER,
  VHOST_USER_SET_FEATURES,
  VHOST_USER_SET_MEM_TABLE,
  VHOST_USER_SET_OWNER,
  VHOST_USER_SET_PROTOCOL_FEATURES,
  VHOST_USER_SET_SLAVE_REQ_FD,
  VHOST_USER_SET_STATUS,
  VHOST_USER_SET_VRING_ADDR,
  VHOST_USER_SET_VRING_BASE,
  VHOST_USER_SET_VRING_CALL,
  VHOST_USER_SET_VRING_ENABLE,
  VHOST_USER_SET_VRING_ERR,
  VHOST_USER_SET_VRING_KICK,
  VHOST_USER_SET_VRING_NUM,
  VHOST_USER_VERSION,
  VHOST_USER_VERSION_MASK,
  VHOST_USER_VRING_IDX_MASK,
  VHOST_USER_VRING_NOFD_MASK,
  VHOST_F_LOG_ALL,
  VHOST_USER_F_PROTOCOL_FEATURES,
  DPDK_VHOST_USER_PAYLOAD_MAX,
  type VhostUserMsg,
  type VhostUserPayload,
} from '../../abi/vhost-user';
import { dpdkRequestName } from '../../abi/vhost-user-log';
import { VIRTIO_NET_F_MQ, VIRTIO_NET_F_MRG_RXBUF } from '../../abi/virtio-net';
import { VIRTIO_CONFIG_S_ACKNOWLEDGE, VIRTIO_CONFIG_S_DRIVER, VIRTIO_CONFIG_S_DRIVER_OK, VIRTIO_CONFIG_S_FAILED, VIRTIO_CONFIG_S_FEATURES_OK, VIRTIO_CONFIG_S_NEEDS_RESET } from '../../abi/virtio-pci';
import { VIRTIO_F_RING_PACKED, VIRTIO_F_VERSION_1, VIRTIO_RING_F_EVENT_IDX } from '../../abi/virtio-ring';
import type { MemFd } from '../../os/memfd';
import { CMSG_SPACE, SCM_MAX_FD, MSG_NOSIGNAL } from '../../os/unix-socket';
import type { ActorContext, Gen } from '../../sched/actor';
import type { VuApplyWhat } from '../../trace/events-vhost-user';
import type { FrameId } from '../../trace/frames';
import { toHex } from '../../vhost-user/wire';
import { dpdkLog, dpdkLogRaw, hex, type VhostLib } from './context';
import {
  VIRTIO_DEV_FEATURES_FAILED,
  VIRTIO_DEV_READY,
  VIRTIO_DEV_RUNNING,
  VIRTIO_DEV_VDPA_CONFIGURED,
  VIRTIO_INVALID_EVENTFD,
  VIRTIO_UNINITIALIZED_EVENTFD,
  type MemRegion,
} from './device';
import { vhostDestroyDeviceNotify } from './lifecycle';
import { qvaToVva } from './mem-table';
import { virtioIsReady, vqIsReady } from './readiness';

/** Hugepage size DPDK's get_blk_size reads from fstat (st_blksize) of a memfd: the page size. */
const MEMFD_BLKSIZE = 4096;

type Result = 'ok' | 'reply' | 'err';

/** One message as the handlers see it (struct vhu_msg_context). */
interface MsgCtx {
  id: number;
  msg: VhostUserMsg;
  fds: number[];
  /** Set by a handler that replies: the reply payload. */
  reply?: VhostUserPayload;
}

type Handler = (ctx: ActorContext, v: VhostLib, m: MsgCtx, fd: number) => Gen<Result>;

/** The handler frame of each modelled request (id with @dpdk where QEMU has a function of the same name). */
const HANDLER_FRAMES: Record<number, FrameId> = {
  [VHOST_USER_GET_FEATURES]: 'vhost_user_get_features@dpdk',
  [VHOST_USER_SET_FEATURES]: 'vhost_user_set_features@dpdk',
  [VHOST_USER_SET_OWNER]: 'vhost_user_set_owner@dpdk',
  [VHOST_USER_RESET_OWNER]: 'vhost_user_reset_owner@dpdk',
  [VHOST_USER_SET_MEM_TABLE]: 'vhost_user_set_mem_table@dpdk',
  [VHOST_USER_SET_VRING_NUM]: 'vhost_user_set_vring_num@dpdk',
  [VHOST_USER_SET_VRING_ADDR]: 'vhost_user_set_vring_addr@dpdk',
  [VHOST_USER_SET_VRING_BASE]: 'vhost_user_set_vring_base@dpdk',
  [VHOST_USER_GET_VRING_BASE]: 'vhost_user_get_vring_base@dpdk',
  [VHOST_USER_SET_VRING_KICK]: 'vhost_user_set_vring_kick@dpdk',
  [VHOST_USER_SET_VRING_CALL]: 'vhost_user_set_vring_call@dpdk',
  [VHOST_USER_SET_VRING_ERR]: 'vhost_user_set_vring_err@dpdk',
  [VHOST_USER_GET_PROTOCOL_FEATURES]: 'vhost_user_get_protocol_features@dpdk',
  [VHOST_USER_SET_PROTOCOL_FEATURES]: 'vhost_user_set_protocol_features@dpdk',
  [VHOST_USER_GET_QUEUE_NUM]: 'vhost_user_get_queue_num@dpdk',
  [VHOST_USER_SET_VRING_ENABLE]: 'vhost_user_set_vring_enable@dpdk',
  [VHOST_USER_NET_SET_MTU]: 'vhost_user_net_set_mtu@dpdk',
  [VHOST_USER_SET_SLAVE_REQ_FD]: 'vhost_user_set_req_fd@dpdk',
  [VHOST_USER_SET_STATUS]: 'vhost_user_set_status@dpdk',
  [VHOST_USER_GET_STATUS]: 'vhost_user_get_status@dpdk',
};

function nameOf(v: VhostLib, request: number): string {
  return dpdkRequestName(v.dpdkEra, request) ?? `request ${request}`;
}

function* apply(ctx: ActorContext, v: VhostLib, m: MsgCtx, what: VuApplyWhat, value: string, vring: number | null = null, fd: number | null = null, closed: number | null = null): Gen<void> {
  if (ctx.tracing) yield ctx.ev('vu_apply', { request: m.msg.request, name: nameOf(v, m.msg.request), vring, what, value, fd, closed });
}

/** close(2) of an fd the library holds (received over the socket: the socket family keeps the count). */
function closeFd(v: VhostLib, fd: number): void {
  if (fd >= 0) v.net.close(v.proc, fd);
}

/** close_msg_fds. */
function closeMsgFds(v: VhostLib, fds: readonly number[]): void {
  for (const fd of fds) closeFd(v, fd);
}

// ---- replies ---------------------------------------------------------------

/** send_vhost_reply: the message goes back with the version set, REPLY set and NEED_REPLY cleared. */
export function* sendVhostReply(ctx: ActorContext, v: VhostLib, fd: number, request: number, flagsIn: number, payload: VhostUserPayload): Gen<number> {
  return yield* ctx.call(
    'send_vhost_reply',
    (function* (): Gen<number> {
      const flags = ((flagsIn & ~VHOST_USER_VERSION_MASK & ~VHOST_USER_NEED_REPLY_MASK) | VHOST_USER_VERSION | VHOST_USER_REPLY_MASK) >>> 0;
      const { bytes } = encodeVhostUserMsg({ request, flags, payload });
      const ret = v.net.sendmsg(v.proc, fd, bytes, [], MSG_NOSIGNAL);
      if (ret < 0) {
        yield* dpdkLog(ctx, v, 'ERR', v.dpdkEra === '19.11' ? 'sendmsg error' : `sendmsg error on fd ${fd} (${ret === -32 ? 'Broken pipe' : `errno ${-ret}`})`);
        return ret;
      }
      const id = v.wire.sent('to-frontend');
      if (ctx.tracing)
        yield ctx.ev(
          'vu_send',
          { from: 'dpdk', msg: id, fd, request, name: nameOf(v, request), flags, size: bytes.length - VHOST_USER_HDR_SIZE, hex: toHex(bytes), fds: [], reply: true },
          'send_fd_message',
        );
      return ret;
    })(),
  );
}

// ---- the handlers ----------------------------------------------------------

const getFeatures: Handler = function* (_ctx, v, m) {
  m.reply = { kind: 'u64', u64: v.features };
  return 'reply';
};

const setFeatures: Handler = function* (ctx, v, m) {
  const features = m.msg.payload.kind === 'u64' ? m.msg.payload.u64 : 0n;
  const dev = v.dev;
  const seed = v.dpdkEra === '19.11';
  if (features & ~v.features) {
    yield* dpdkLog(ctx, v, 'ERR', seed ? `(${dev.vid}) received invalid negotiated features.` : 'received invalid negotiated features.');
    if (!seed) {
      dev.flags |= VIRTIO_DEV_FEATURES_FAILED;
      dev.status &= ~VIRTIO_CONFIG_S_FEATURES_OK;
    }
    return 'err';
  }
  if (dev.flags & VIRTIO_DEV_RUNNING) {
    if (dev.features === features) return 'ok';
    if ((dev.features ^ features) & ~(1n << BigInt(VHOST_F_LOG_ALL))) {
      yield* dpdkLog(ctx, v, 'ERR', seed ? `(${dev.vid}) features changed while device is running.` : 'features changed while device is running.');
      return 'err';
    }
  }
  dev.features = features;
  const bit = (b: number) => ((features >> BigInt(b)) & 1n) === 1n;
  dev.vhostHlen = bit(VIRTIO_NET_F_MRG_RXBUF) || bit(VIRTIO_F_VERSION_1) || bit(VIRTIO_F_RING_PACKED) ? 12 : 10;
  yield* dpdkLog(ctx, v, 'INFO', `negotiated Virtio features: 0x${hex(features)}`);
  // Without MQ the builtin net device keeps only the first queue pair.
  if (!bit(VIRTIO_NET_F_MQ)) {
    while (dev.nrVring > 2) {
      dev.nrVring = dev.nrVring - 1;
      dev.vq(dev.nrVring).free();
    }
  }
  if (!seed) dev.flags &= ~VIRTIO_DEV_FEATURES_FAILED;
  yield* apply(ctx, v, m, 'features', `0x${hex(features)}`);
  return 'ok';
};

const setOwner: Handler = function* (ctx, v, m) {
  yield* apply(ctx, v, m, 'owner', 'set');
  return 'ok';
};

const resetOwner: Handler = function* (ctx, v, m) {
  // vhost_user_reset_owner: stop the device, then cleanup_device(dev, 0) and reset_device.
  yield* vhostDestroyDeviceNotify(ctx, v);
  v.dev.flags &= ~(VIRTIO_DEV_READY | VIRTIO_DEV_VDPA_CONFIGURED);
  v.dev.features = 0n;
  v.dev.protocolFeatures = 0n;
  yield* apply(ctx, v, m, 'reset-owner', 'reset');
  return 'ok';
};

const getProtocolFeatures: Handler = function* (_ctx, v, m) {
  m.reply = { kind: 'u64', u64: v.protocolFeatures };
  return 'reply';
};

const setProtocolFeatures: Handler = function* (ctx, v, m) {
  const pf = m.msg.payload.kind === 'u64' ? m.msg.payload.u64 : 0n;
  if (pf & ~v.protocolFeatures) {
    yield* dpdkLog(ctx, v, 'ERR', v.dpdkEra === '19.11' ? `(${v.dev.vid}) received invalid protocol features.` : 'received invalid protocol features.');
    return 'err';
  }
  v.dev.protocolFeatures = pf;
  yield* dpdkLog(ctx, v, 'INFO', `negotiated Vhost-user protocol features: 0x${hex(pf)}`);
  yield* apply(ctx, v, m, 'protocol-features', `0x${hex(pf)}`);
  return 'ok';
};

const getQueueNum: Handler = function* (ctx, v, m) {
  m.reply = { kind: 'u64', u64: BigInt(v.queueNum) };
  yield* apply(ctx, v, m, 'queue-num', String(v.queueNum));
  return 'reply';
};

function sameMemory(v: VhostLib, regions: ReadonlyArray<{ guestPhysAddr: bigint; memorySize: bigint; userspaceAddr: bigint }>): boolean {
  const dev = v.dev;
  if (!dev.hasMem || dev.nregions !== regions.length) return false;
  return regions.every((r, i) => {
    const o = dev.region(i);
    return BigInt(o.gpa) === r.guestPhysAddr && BigInt(o.qva) === r.userspaceAddr && BigInt(o.size) === r.memorySize;
  });
}

/**
 * vhost_user_set_mem_table: mmap each region's memory file (MAP_SHARED,
 * size + mmap_offset rounded up to the file's block size, file offset 0),
 * host_user_addr = mmap_addr + mmap_offset, and print the region block.
 * The C code frees the old table before mapping the new one, so a failure
 * half-way leaves the device with none; here every region is mapped before
 * anything is replaced and a failure unmaps what it mapped, keeping the
 * old table (the team's rule: nothing half-applied).
 */
const setMemTable: Handler = function* (ctx, v, m) {
  const p = m.msg.payload;
  if (p.kind !== 'memory') return 'err';
  const dev = v.dev;
  const seed = v.dpdkEra === '19.11';
  if (sameMemory(v, p.regions)) {
    yield* dpdkLog(ctx, v, 'INFO', seed ? `(${dev.vid}) memory regions not changed` : 'memory regions not changed');
    closeMsgFds(v, m.fds);
    return 'ok';
  }
  const mapped: MemRegion[] = [];
  const undo = () => mapped.forEach((r) => v.as.munmap(r.mmapAddr));
  for (let i = 0; i < p.regions.length; i++) {
    const r = p.regions[i]!;
    const file = v.proc.get(m.fds[i]!) as MemFd | undefined;
    const size = Number(r.memorySize);
    const mmapOffset = Number(r.mmapOffset);
    const mmapSize = Math.ceil((size + mmapOffset) / MEMFD_BLKSIZE) * MEMFD_BLKSIZE;
    // Only a memory file can be mapped; mmap of anything else (an eventfd, a socket) fails with ENODEV.
    const addr = file && 'arenaOff' in file ? v.as.mmap(file, mmapSize, 0) : -19;
    if (addr < 0) {
      yield* dpdkLog(ctx, v, 'ERR', seed ? `mmap region ${i} failed.` : `mmap failed (${strerrorMmap(addr)}).`);
      if (!seed) yield* dpdkLog(ctx, v, 'ERR', `failed to mmap region ${i}`);
      undo();
      closeMsgFds(v, m.fds);
      return 'err';
    }
    mapped.push({ gpa: Number(r.guestPhysAddr), size, qva: Number(r.userspaceAddr), hva: addr + mmapOffset, mmapAddr: addr, mmapSize, mmapOffset, fd: m.fds[i]! });
  }
  // The old table goes now: unmap it and close its fds (free_mem_region).
  for (const old of dev.regions()) {
    v.as.munmap(old.mmapAddr);
    closeFd(v, old.fd);
  }
  dev.setMem(mapped);
  for (let i = 0; i < mapped.length; i++) {
    const r = mapped[i]!;
    const sub = [
      `\t guest physical addr: 0x${hex(r.gpa)}`,
      `\t guest virtual  addr: 0x${hex(r.qva)}`,
      `\t host  virtual  addr: 0x${hex(r.hva)}`,
      `\t mmap addr : 0x${hex(r.mmapAddr)}`,
      `\t mmap size : 0x${hex(r.mmapSize)}`,
      `\t mmap align: 0x${hex(MEMFD_BLKSIZE)}`,
      `\t mmap off  : 0x${hex(r.mmapOffset)}`,
    ];
    if (seed) {
      // One RTE_LOG call with embedded newlines: only the first line carries the prefix.
      yield* dpdkLog(ctx, v, 'INFO', `guest memory region ${i}, size: 0x${hex(r.size)}`);
      for (const s of sub) yield* dpdkLogRaw(ctx, 'INFO', s);
    } else {
      yield* dpdkLog(ctx, v, 'INFO', `guest memory region size: 0x${hex(r.size)}`);
      for (const s of sub) yield* dpdkLog(ctx, v, 'INFO', s);
    }
  }
  // Rings already given addresses are translated again against the new table.
  for (let i = 0; i < dev.nrVring; i++) {
    const vq = dev.vq(i);
    if (vq.ringAddrs.desc !== 0) {
      vq.setRings(0, 0, 0);
      yield* translateRingAddresses(ctx, v, i);
    }
  }
  yield* apply(ctx, v, m, 'mem-table', `${mapped.length} region(s)`, null, m.fds[0] ?? null);
  return 'ok';
};

function strerrorMmap(e: number): string {
  return e === -22 ? 'Invalid argument' : e === -12 ? 'Cannot allocate memory' : 'No such device';
}

const setVringNum: Handler = function* (ctx, v, m) {
  const p = m.msg.payload;
  if (p.kind !== 'state') return 'err';
  v.dev.vq(p.index).size = p.num;
  yield* apply(ctx, v, m, 'vring-num', String(p.num), p.index);
  return 'ok';
};

/**
 * translate_ring_addresses (split ring): the rings' QEMU addresses through
 * the memory table to the back-end's own; on success, a used index that
 * differs from last_used_idx wins (the WARNING), and access_ok is set.
 */
export function* translateRingAddresses(ctx: ActorContext, v: VhostLib, index: number): Gen<void> {
  yield* ctx.call(
    'translate_ring_addresses',
    (function* (): Gen<void> {
      const dev = v.dev;
      const vq = dev.vq(index);
      if (vq.desc && vq.avail && vq.used) return;
      const a = vq.ringAddrs;
      const eventIdx = dev.hasFeature(VIRTIO_RING_F_EVENT_IDX) ? 2 : 0;
      const desc = qvaToVva(dev, a.desc, 16 * vq.size);
      if (!desc) return; // DEBUG "failed to map desc ring."
      const avail = qvaToVva(dev, a.avail, 4 + 2 * vq.size + eventIdx);
      if (!avail) return; // DEBUG "failed to map avail ring."
      const used = qvaToVva(dev, a.used, 4 + 8 * vq.size + eventIdx);
      if (!used) return; // DEBUG "failed to map used ring."
      vq.setRings(desc, avail, used);
      const usedOff = v.as.translate(used + 2);
      const usedIdx = 'arenaOff' in usedOff ? v.arena.aLoad16(usedOff.arenaOff) : vq.lastUsedIdx;
      if (vq.lastUsedIdx !== usedIdx) {
        if (v.dpdkEra === '19.11') {
          yield* dpdkLog(ctx, v, 'WARNING', `last_used_idx (${vq.lastUsedIdx}) and vq->used->idx (${usedIdx}) mismatches; some packets maybe resent for Tx and dropped for Rx`);
        } else {
          yield* dpdkLog(ctx, v, 'WARNING', `last_used_idx (${vq.lastUsedIdx}) and vq->used->idx (${usedIdx}) mismatches;`);
        }
        vq.lastUsedIdx = usedIdx;
        vq.lastAvailIdx = usedIdx;
        if (v.dpdkEra === '22.11') yield* dpdkLog(ctx, v, 'WARNING', 'some packets maybe resent for Tx and dropped for Rx');
      }
      vq.accessOk = true;
    })(),
  );
}

/** vring_invalidate: forget the translated ring pointers. */
function vringInvalidate(v: VhostLib, index: number): void {
  const vq = v.dev.vq(index);
  vq.setRings(0, 0, 0);
  vq.accessOk = false;
}

const setVringAddr: Handler = function* (ctx, v, m) {
  const p = m.msg.payload;
  if (p.kind !== 'addr') return 'err';
  const dev = v.dev;
  // No memory table yet: refused without a line of its own.
  if (!dev.hasMem) return 'err';
  const vq = dev.vq(p.index);
  const accessOk = vq.accessOk;
  vq.setRingAddrs({ flags: p.flags, desc: Number(p.descUserAddr), avail: Number(p.availUserAddr), used: Number(p.usedUserAddr), log: Number(p.logGuestAddr) });
  vringInvalidate(v, p.index);
  // Ring addresses are only interpreted once the ring is started and enabled.
  if ((vq.enabled && dev.hasFeature(VHOST_USER_F_PROTOCOL_FEATURES)) || accessOk) yield* translateRingAddresses(ctx, v, p.index);
  yield* apply(ctx, v, m, 'vring-addr', `desc 0x${hex(p.descUserAddr)} avail 0x${hex(p.availUserAddr)} used 0x${hex(p.usedUserAddr)}`, p.index);
  return 'ok';
};

const setVringBase: Handler = function* (ctx, v, m) {
  const p = m.msg.payload;
  if (p.kind !== 'state') return 'err';
  const vq = v.dev.vq(p.index);
  vq.lastUsedIdx = p.num;
  vq.lastAvailIdx = p.num;
  if (v.dpdkEra === '22.11') yield* dpdkLog(ctx, v, 'INFO', `vring base idx:${p.index} last_used_idx:${vq.lastUsedIdx} last_avail_idx:${vq.lastAvailIdx}.`);
  yield* apply(ctx, v, m, 'vring-base', String(p.num & 0xffff), p.index);
  return 'ok';
};

const getVringBase: Handler = function* (ctx, v, m, _fd) {
  const p = m.msg.payload;
  if (p.kind !== 'state') return 'err';
  const dev = v.dev;
  const vq = dev.vq(p.index);
  // The ring stops here: the application is told the device is gone.
  yield* vhostDestroyDeviceNotify(ctx, v);
  dev.flags &= ~(VIRTIO_DEV_READY | VIRTIO_DEV_VDPA_CONFIGURED);
  const num = vq.lastAvailIdx;
  yield* dpdkLog(ctx, v, 'INFO', `vring base idx:${p.index} file:${num}`);
  const oldKick = vq.kickfd;
  const oldCall = vq.callfd;
  closeFd(v, oldKick);
  vq.kickfd = VIRTIO_UNINITIALIZED_EVENTFD;
  closeFd(v, oldCall);
  vq.callfd = VIRTIO_UNINITIALIZED_EVENTFD;
  vq.signalledUsedValid = false;
  vringInvalidate(v, p.index);
  m.reply = { kind: 'state', index: p.index, num };
  yield* apply(ctx, v, m, 'vring-stop', `last_avail_idx ${num}`, p.index, null, oldKick >= 0 ? oldKick : null);
  return 'reply';
};

/** vhost_user_notify_queue_state (22.11): a ring's readiness changed; the application hears of it. */
function* notifyQueueState(ctx: ActorContext, v: VhostLib, index: number, enable: boolean): Gen<void> {
  yield* ctx.call(
    'vhost_user_notify_queue_state',
    (function* (): Gen<void> {
      if (ctx.tracing) yield ctx.ev('vu_notify_app', { op: 'vring_state_changed', vid: v.dev.vid, vring: index, enable });
      if (v.ops) yield* v.ops.vringStateChanged(ctx, v.dev.vid, index, enable);
    })(),
  );
}

function fileOf(m: MsgCtx): { index: number; fd: number } {
  const u = m.msg.payload.kind === 'u64' ? m.msg.payload.u64 : 0n;
  const index = Number(u & BigInt(VHOST_USER_VRING_IDX_MASK));
  const fd = u & BigInt(VHOST_USER_VRING_NOFD_MASK) ? VIRTIO_INVALID_EVENTFD : m.fds[0]!;
  return { index, fd };
}

const setVringKick: Handler = function* (ctx, v, m) {
  const { index, fd } = fileOf(m);
  const dev = v.dev;
  yield* dpdkLog(ctx, v, 'INFO', `vring kick idx:${index} file:${fd}`);
  // Interpret ring addresses only when the ring is started.
  yield* translateRingAddresses(ctx, v, index);
  const vq = dev.vq(index);
  // Without VHOST_USER_F_PROTOCOL_FEATURES a ring starts enabled; otherwise SET_VRING_ENABLE does it.
  if (!dev.hasFeature(VHOST_USER_F_PROTOCOL_FEATURES)) {
    vq.enabled = true;
    if (v.dpdkEra === '19.11') {
      if (ctx.tracing) yield ctx.ev('vu_notify_app', { op: 'vring_state_changed', vid: dev.vid, vring: index, enable: true });
      if (v.ops) yield* v.ops.vringStateChanged(ctx, dev.vid, index, true);
    }
  }
  if (v.dpdkEra === '22.11' && vq.ready) {
    vq.ready = false;
    yield* notifyQueueState(ctx, v, index, false);
  }
  const old = vq.kickfd;
  closeFd(v, old);
  vq.kickfd = fd;
  yield* apply(ctx, v, m, 'vring-kick', String(fd), index, fd >= 0 ? fd : null, old >= 0 ? old : null);
  return 'ok';
};

const setVringCall: Handler = function* (ctx, v, m) {
  const { index, fd } = fileOf(m);
  yield* dpdkLog(ctx, v, 'INFO', `vring call idx:${index} file:${fd}`);
  const vq = v.dev.vq(index);
  if (v.dpdkEra === '22.11' && vq.ready) {
    vq.ready = false;
    yield* notifyQueueState(ctx, v, index, false);
  }
  const old = vq.callfd;
  closeFd(v, old);
  vq.callfd = fd;
  yield* apply(ctx, v, m, 'vring-call', String(fd), index, fd >= 0 ? fd : null, old >= 0 ? old : null);
  return 'ok';
};

const setVringErr: Handler = function* (ctx, v, m) {
  const { index, fd } = fileOf(m);
  // Neither era uses the error fd: it is closed at once (19.11 says so at INFO, 22.11 at DEBUG).
  closeFd(v, fd);
  yield* dpdkLog(ctx, v, v.dpdkEra === '19.11' ? 'INFO' : 'DEBUG', 'not implemented');
  yield* apply(ctx, v, m, 'vring-err', 'closed', index, null, fd >= 0 ? fd : null);
  return 'ok';
};

const setVringEnable: Handler = function* (ctx, v, m) {
  const p = m.msg.payload;
  if (p.kind !== 'state') return 'err';
  const dev = v.dev;
  const enable = v.dpdkEra === '19.11' ? p.num | 0 : p.num !== 0 ? 1 : 0;
  yield* dpdkLog(ctx, v, 'INFO', `set queue enable: ${enable} to qp idx: ${p.index}`);
  // 19.11 tells the application here; 22.11 only when the ring's readiness changes (after the handler).
  if (v.dpdkEra === '19.11') {
    if (ctx.tracing) yield ctx.ev('vu_notify_app', { op: 'vring_state_changed', vid: dev.vid, vring: p.index, enable: enable !== 0 });
    if (v.ops) yield* v.ops.vringStateChanged(ctx, dev.vid, p.index, enable !== 0);
  }
  dev.vq(p.index).enabled = enable !== 0;
  yield* apply(ctx, v, m, 'vring-enable', String(enable), p.index);
  return 'ok';
};

const setReqFd: Handler = function* (ctx, v, m) {
  const fd = m.fds[0]!;
  const old = v.dev.slaveReqFd;
  closeFd(v, old);
  v.dev.slaveReqFd = fd;
  yield* apply(ctx, v, m, 'backend-req-fd', String(fd), null, fd, old >= 0 ? old : null);
  return 'ok';
};

const netSetMtu: Handler = function* (ctx, v, m) {
  const mtu = m.msg.payload.kind === 'u64' ? Number(m.msg.payload.u64) : 0;
  v.dev.mtu = mtu;
  yield* apply(ctx, v, m, 'mtu', String(mtu));
  return 'ok';
};

const setStatus: Handler = function* (ctx, v, m) {
  const dev = v.dev;
  let status = m.msg.payload.kind === 'u64' ? Number(m.msg.payload.u64) : 0;
  if (status & VIRTIO_CONFIG_S_FEATURES_OK && dev.flags & VIRTIO_DEV_FEATURES_FAILED) {
    yield* dpdkLog(ctx, v, 'ERR', 'FEATURES_OK bit is set but feature negotiation failed');
    status &= ~VIRTIO_CONFIG_S_FEATURES_OK;
  }
  dev.status = status;
  const b = (x: number) => (status & x ? 1 : 0);
  yield* dpdkLog(ctx, v, 'INFO', `new device status(0x${status.toString(16).padStart(8, '0')}):`);
  yield* dpdkLog(ctx, v, 'INFO', `\t-RESET: ${status === 0 ? 1 : 0}`);
  yield* dpdkLog(ctx, v, 'INFO', `\t-ACKNOWLEDGE: ${b(VIRTIO_CONFIG_S_ACKNOWLEDGE)}`);
  yield* dpdkLog(ctx, v, 'INFO', `\t-DRIVER: ${b(VIRTIO_CONFIG_S_DRIVER)}`);
  yield* dpdkLog(ctx, v, 'INFO', `\t-FEATURES_OK: ${b(VIRTIO_CONFIG_S_FEATURES_OK)}`);
  yield* dpdkLog(ctx, v, 'INFO', `\t-DRIVER_OK: ${b(VIRTIO_CONFIG_S_DRIVER_OK)}`);
  yield* dpdkLog(ctx, v, 'INFO', `\t-DEVICE_NEED_RESET: ${b(VIRTIO_CONFIG_S_NEEDS_RESET)}`);
  yield* dpdkLog(ctx, v, 'INFO', `\t-FAILED: ${b(VIRTIO_CONFIG_S_FAILED)}`);
  yield* apply(ctx, v, m, 'status', `0x${status.toString(16)}`);
  return 'ok';
};

const getStatus: Handler = function* (_ctx, v, m) {
  m.reply = { kind: 'u64', u64: BigInt(v.dev.status) };
  return 'reply';
};

/** Requests the library handles but the model does not (log, IOTLB, RARP, postcopy, inflight, config): accepted, fds closed. */
const notModelled: Handler = function* (_ctx, v, m) {
  closeMsgFds(v, m.fds);
  return 'ok';
};

const HANDLERS: Record<number, Handler> = {
  [VHOST_USER_GET_FEATURES]: getFeatures,
  [VHOST_USER_SET_FEATURES]: setFeatures,
  [VHOST_USER_SET_OWNER]: setOwner,
  [VHOST_USER_RESET_OWNER]: resetOwner,
  [VHOST_USER_SET_MEM_TABLE]: setMemTable,
  [VHOST_USER_SET_VRING_NUM]: setVringNum,
  [VHOST_USER_SET_VRING_ADDR]: setVringAddr,
  [VHOST_USER_SET_VRING_BASE]: setVringBase,
  [VHOST_USER_GET_VRING_BASE]: getVringBase,
  [VHOST_USER_SET_VRING_KICK]: setVringKick,
  [VHOST_USER_SET_VRING_CALL]: setVringCall,
  [VHOST_USER_SET_VRING_ERR]: setVringErr,
  [VHOST_USER_GET_PROTOCOL_FEATURES]: getProtocolFeatures,
  [VHOST_USER_SET_PROTOCOL_FEATURES]: setProtocolFeatures,
  [VHOST_USER_GET_QUEUE_NUM]: getQueueNum,
  [VHOST_USER_SET_VRING_ENABLE]: setVringEnable,
  [VHOST_USER_NET_SET_MTU]: netSetMtu,
  [VHOST_USER_SET_SLAVE_REQ_FD]: setReqFd,
  [VHOST_USER_SET_STATUS]: setStatus,
  [VHOST_USER_GET_STATUS]: getStatus,
};

/** The vring a message names (vhost_user_check_and_alloc_queue_pair's switch), or null. */
function vringOf(msg: VhostUserMsg): number | null {
  const p = msg.payload;
  switch (msg.request) {
    case VHOST_USER_SET_VRING_KICK:
    case VHOST_USER_SET_VRING_CALL:
    case VHOST_USER_SET_VRING_ERR:
      return p.kind === 'u64' ? Number(p.u64 & BigInt(VHOST_USER_VRING_IDX_MASK)) : null;
    case VHOST_USER_SET_VRING_NUM:
    case VHOST_USER_SET_VRING_BASE:
    case VHOST_USER_GET_VRING_BASE:
    case VHOST_USER_SET_VRING_ENABLE:
      return p.kind === 'state' ? p.index : null;
    case VHOST_USER_SET_VRING_ADDR:
      return p.kind === 'addr' ? p.index : null;
    default:
      return null;
  }
}

// ---- vhost_user_msg_handler --------------------------------------------------

/**
 * Read one message from `fd` and handle it. Returns 0, or -1 when the
 * connection must close (vhost_user_read_cb then destroys the device).
 */
export function* vhostUserMsgHandler(ctx: ActorContext, v: VhostLib, fd: number): Gen<number> {
  return yield* ctx.call(
    'vhost_user_msg_handler',
    (function* (): Gen<number> {
      const dev = v.dev;
      // read_vhost_message → read_fd_message: the header with room for 8 fds' control data
      // (the kernel's truncation is left to the codec, which knows each era's reaction), then the payload.
      const head = v.net.recvmsg(v.proc, fd, VHOST_USER_HDR_SIZE, CMSG_SPACE(SCM_MAX_FD * 4));
      if (head.ret < 0) {
        yield* dpdkLog(ctx, v, 'ERR', v.dpdkEra === '19.11' ? 'recvmsg failed' : `recvmsg failed on fd ${fd} (Connection reset by peer)`);
        yield* dpdkLog(ctx, v, 'ERR', 'vhost read message failed');
        return -1;
      }
      let bytes = head.bytes;
      if (bytes.length === VHOST_USER_HDR_SIZE) {
        const size = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
        if (size > 0 && size <= DPDK_VHOST_USER_PAYLOAD_MAX) {
          const body = v.net.recvmsg(v.proc, fd, size, 0);
          if (body.ret > 0) {
            const all = new Uint8Array(bytes.length + body.bytes.length);
            all.set(bytes);
            all.set(body.bytes, bytes.length);
            bytes = all;
          }
        }
      }
      const id = bytes.length > 0 ? v.wire.received('to-backend') : 0;
      const r = decodeVhostUserMsg(bytes, head.fds, v.dpdkEra, { sockPath: v.path, connFd: fd });
      if (bytes.length > 0 && ctx.tracing) {
        const hv = new DataView(new Uint8Array([...bytes.subarray(0, 12), ...new Uint8Array(Math.max(0, 12 - bytes.length))]).buffer);
        const request = hv.getUint32(0, true);
        yield ctx.ev(
          'vu_recv',
          { by: 'dpdk', msg: id, fd, request, name: nameOf(v, request), flags: hv.getUint32(4, true), size: hv.getUint32(8, true), fds: head.fds, reply: false },
          'read_vhost_message',
        );
      }
      if (!r.ok) {
        for (const l of r.dpdkLines) if (l.level !== 'DEBUG') yield* dpdkLogRaw(ctx, l.level, l.text);
        // Every fd that came with a refused message is closed (close_msg_fds, or the kernel's truncation).
        closeMsgFds(v, head.fds);
        if (bytes.length === 0) return -1;
        const request = bytes.length >= 4 ? new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true) : 0;
        if (ctx.tracing) yield ctx.ev('vu_reject', { msg: id, request, name: nameOf(v, request), error: r.error, closes: r.closes, nack: r.nack });
        if (r.nack) {
          const flags = new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true);
          yield* sendVhostReply(ctx, v, fd, request, flags, { kind: 'u64', u64: 1n });
        }
        return r.closes ? -1 : 0;
      }
      // The fds the codec dropped (22.11 keeps 8) are closed.
      closeMsgFds(v, head.fds.slice(r.fds.length));
      for (const l of r.dpdkLines) if (l.level !== 'DEBUG') yield* dpdkLogRaw(ctx, l.level, l.text);
      const msg = r.msg;
      const name = nameOf(v, msg.request);
      const m: MsgCtx = { id, msg, fds: r.fds };

      // vhost_user_check_and_alloc_queue_pair: rings up to the named one exist from now on.
      const vring = vringOf(msg);
      if (vring !== null) {
        if (vring >= dev.maxVrings || vring >= DPDK_VHOST_MAX_VRING) {
          // The model's arena has room for maxVrings; beyond it alloc_vring_queue fails as on a failed rte_zmalloc.
          yield* dpdkLog(ctx, v, 'ERR', v.dpdkEra === '19.11' ? `Failed to allocate memory for vring:${vring}.` : `failed to allocate memory for vring ${vring}.`);
          yield* dpdkLog(ctx, v, 'ERR', 'failed to alloc queue');
          closeMsgFds(v, m.fds);
          if (ctx.tracing) yield ctx.ev('vu_reject', { msg: id, request: msg.request, name, error: 'vring-index', closes: true, nack: false });
          return -1;
        }
        for (let i = dev.nrVring; i <= vring; i++) dev.vq(i).init();
        if (vring + 1 > dev.nrVring) dev.nrVring = vring + 1;
      }

      // The codec already refused requests the era has no handler for, so every message here is handled.
      const handler = HANDLERS[msg.request];
      const result: Result = handler ? yield* ctx.call(HANDLER_FRAMES[msg.request]!, handler(ctx, v, m, fd)) : yield* notModelled(ctx, v, m, fd);
      let needReply = (msg.flags & VHOST_USER_NEED_REPLY_MASK) !== 0;
      if (result === 'err') {
        yield* dpdkLog(ctx, v, 'ERR', `${v.dpdkEra === '19.11' ? 'Processing' : 'processing'} ${name} failed.`);
        closeMsgFds(
          v,
          m.fds.filter((f) => v.proc.get(f)),
        );
        if (ctx.tracing) yield ctx.ev('vu_reject', { msg: id, request: msg.request, name, error: 'handler', closes: !needReply, nack: needReply });
      } else if (result === 'reply') {
        yield* sendVhostReply(ctx, v, fd, msg.request, msg.flags, m.reply ?? { kind: 'u64', u64: 0n });
        // send_vhost_reply cleared NEED_REPLY: no second (ack) reply.
        needReply = false;
      }
      if (needReply) {
        yield* sendVhostReply(ctx, v, fd, msg.request, msg.flags, { kind: 'u64', u64: result === 'err' ? 1n : 0n });
      } else if (result === 'err') {
        yield* dpdkLog(ctx, v, 'ERR', 'vhost message handling failed.');
        return -1;
      }
      dev.bumpGen();

      if (v.dpdkEra === '22.11') {
        // Each ring's readiness against what the application was last told.
        for (let i = 0; i < dev.nrVring; i++) {
          const vq = dev.vq(i);
          const cur = vqIsReady(v, i);
          if (cur !== vq.ready) {
            vq.ready = cur;
            yield* notifyQueueState(ctx, v, i, cur);
          }
        }
        if (!(yield* virtioIsReady(ctx, v))) return 0;
        if (!(dev.flags & VIRTIO_DEV_RUNNING)) yield* newDevice(ctx, v);
        return 0;
      }
      if (!(dev.flags & VIRTIO_DEV_READY) && (yield* virtioIsReady(ctx, v))) {
        dev.flags |= VIRTIO_DEV_READY;
        if (!(dev.flags & VIRTIO_DEV_RUNNING)) yield* newDevice(ctx, v);
      }
      return 0;
    })(),
  );
}

/** notify_ops->new_device, and VIRTIO_DEV_RUNNING when the application accepts. */
function* newDevice(ctx: ActorContext, v: VhostLib): Gen<void> {
  const dev = v.dev;
  if (ctx.tracing) yield ctx.ev('vu_notify_app', { op: 'new_device', vid: dev.vid, vring: null, enable: null });
  const ok = v.ops ? yield* v.ops.newDevice(ctx, dev.vid) : 0;
  if (ok === 0) dev.flags |= VIRTIO_DEV_RUNNING;
  // A PMD parked on the quiet device looks again.
  dev.bumpGen();
}
