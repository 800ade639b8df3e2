/**
 * The vhost-user back-end ops of QEMU (hw/virtio/vhost-user.c, `user_ops`):
 * each vhost op becomes one message on the chardev, written with
 * vhost_user_write (the exact bytes of engine/abi/vhost-user.ts's encoder,
 * fds as SCM_RIGHTS) and, where QEMU waits, a reply read with
 * vhost_user_read, which insists on flags == VERSION|REPLY (0x5), a size no
 * larger than the payload union, and then the caller checks the request and
 * the size as QEMU does, printing QEMU's own error lines.
 *
 * Era differences, read in the sources (QEMU 7.2 tarball; QEMU 5.0.50 as
 * snapshotted in TrinityEmulator's tree for the seed era):
 * - the protocol-feature mask: 5.0 knows bits 0–13 (F_MAX 14), 7.2 bits 0–16
 *   (F_MAX 17), so 7.2 keeps STATUS when DPDK 22.11 offers it;
 * - 7.2 only: SET_VRING_ERR (user_ops.vhost_set_vring_err), and with STATUS
 *   negotiated vhost_user_set_features adds FEATURES_OK (GET_STATUS +
 *   SET_STATUS) and vhost_user_dev_start sets ACK|DRIVER|DRIVER_OK on start
 *   and 0 on stop, for the last queue pair only;
 * - errors: 5.0 returns -1 everywhere, 7.2 an errno (-EPROTO, -EIO);
 *   process_message_reply's text lacks a space after "type." in 5.0.
 * Both eras: one-time requests (SET_OWNER, RESET_OWNER, SET_MEM_TABLE,
 * GET_QUEUE_NUM, NET_SET_MTU) are sent by the vhost_dev with vq_index 0
 * only; the backend channel (SET_SLAVE_REQ_FD) likewise.
 */
/* eslint-disable @typescript-eslint/no-this-alias -- generator bodies are nested function* expressions, so `this` is captured as `self` */
import { FAULT_TARGET, spoil, type VuFault } from '../../vhost-user/fault';
import {
  encodeVhostUserMsg,
  MEMORY,
  VHOST_USER_GET_FEATURES,
  VHOST_USER_GET_PROTOCOL_FEATURES,
  VHOST_USER_GET_QUEUE_NUM,
  VHOST_USER_GET_STATUS,
  VHOST_USER_GET_VRING_BASE,
  VHOST_USER_HDR_SIZE,
  VHOST_USER_NEED_REPLY_MASK,
  VHOST_USER_NET_SET_MTU,
  VHOST_USER_PROTOCOL_F_CONFIG,
  VHOST_USER_PROTOCOL_F_MQ,
  VHOST_USER_PROTOCOL_F_REPLY_ACK,
  VHOST_USER_PROTOCOL_F_SLAVE_REQ,
  VHOST_USER_PROTOCOL_F_STATUS,
  VHOST_USER_REPLY_MASK,
  VHOST_USER_REQUESTS,
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
  VHOST_USER_VRING_IDX_MASK,
  VHOST_USER_VRING_NOFD_MASK,
  VRING_STATE,
  type VhostUserMsg,
  type VhostUserPayload,
  VHOST_USER_F_PROTOCOL_FEATURES,
} from '../../abi/vhost-user';
import { VIRTIO_CONFIG_S_ACKNOWLEDGE, VIRTIO_CONFIG_S_DRIVER, VIRTIO_CONFIG_S_DRIVER_OK, VIRTIO_CONFIG_S_FEATURES_OK } from '../../abi/virtio-pci';
import type { Process } from '../../os/fd-table';
import type { UnixSockets } from '../../os/unix-socket';
import type { ActorContext, Gen } from '../../sched/actor';
import type { FrameId } from '../../trace/frames';
import type { VuEra } from '../../vhost-user/era';
import { toHex, type VuWire } from '../../vhost-user/wire';
import type { CharSocket } from './char-socket';
import type { VhostDev } from './vhost';

/** What QEMU keeps of GET_PROTOCOL_FEATURES: (1 << VHOST_USER_PROTOCOL_F_MAX) - 1 of the era. */
export const QEMU_PROTOCOL_FEATURE_MASK: Readonly<Record<VuEra, bigint>> = { seed: (1n << 14n) - 1n, modern: (1n << 17n) - 1n };
/** VHOST_USER_PAYLOAD_SIZE, sizeof(VhostUserPayload): the crypto session member, 8 + 48 + 64 + 512 (7.2). */
export const VHOST_USER_PAYLOAD_SIZE = 632;

const EIO = 5;
const EPROTO = 71;

/** strerror for the errnos these paths produce. */
export function strerror(errno: number): string {
  switch (errno) {
    case EIO:
      return 'Input/output error';
    case EPROTO:
      return 'Protocol error';
    case 22:
      return 'Invalid argument';
    case 32:
      return 'Broken pipe';
    default:
      return `Unknown error ${errno}`;
  }
}

/** A reply as vhost_user_read leaves it in the VhostUserMsg. */
export interface VhostUserReply {
  request: number;
  flags: number;
  size: number;
  payload: Uint8Array;
}

/** VhostUserState: what every vhost_dev of the netdev shares, the chardev and the wire counter. */
export class VhostUserState {
  /** The walkthrough's fault switch: the next message of its target request goes out spoiled (fault.ts); null once used. */
  fault: VuFault | null = null;
  constructor(
    readonly era: VuEra,
    readonly chr: CharSocket,
    readonly wire: VuWire,
    readonly net: UnixSockets,
    readonly proc: Process,
  ) {}
}

/** The payload union as a u64 (little-endian; zero-padded). */
function u64Of(p: Uint8Array): bigint {
  const b = new Uint8Array(8);
  b.set(p.subarray(0, 8));
  return new DataView(b.buffer).getBigUint64(0, true);
}

/** A call of a vhost-user op, for the frame on the stack. */
function* op<T>(ctx: ActorContext, frame: FrameId, body: Gen<T>): Gen<T> {
  return yield* ctx.call(frame, body);
}

/** The vhost-user ops, for one VhostUserState. Each returns 0 or a negative error as its era's QEMU does. */
export class VhostUserOps {
  constructor(readonly user: VhostUserState) {}

  private get era(): VuEra {
    return this.user.era;
  }
  /** The failure value: -1 in QEMU 5.0, -errno in 7.2. */
  private err(errno: number): number {
    return this.era === 'seed' ? -1 : -errno;
  }
  private *log(ctx: ActorContext, text: string, level: 'error' | 'warning' | 'info' = 'error'): Gen<void> {
    if (ctx.tracing) yield ctx.ev('qemu_log', { level, text });
  }

  /**
   * vhost_user_write: skip one-time requests on vq_index != 0 (clearing
   * NEED_REPLY so the caller waits for nothing), set the msg fds, write the
   * header and `size` payload bytes in one sendmsg.
   */
  *write(ctx: ActorContext, dev: VhostDev, msg: VhostUserMsg, fds: readonly number[] = []): Gen<number> {
    const self = this;
    return yield* op(
      ctx,
      'vhost_user_write',
      (function* (): Gen<number> {
        const oneTime = [VHOST_USER_SET_OWNER, VHOST_USER_RESET_OWNER, VHOST_USER_SET_MEM_TABLE, VHOST_USER_GET_QUEUE_NUM, VHOST_USER_NET_SET_MTU].includes(msg.request);
        if (oneTime && dev.vqIndex !== 0) {
          msg.flags &= ~VHOST_USER_NEED_REPLY_MASK;
          return 0;
        }
        let { bytes } = encodeVhostUserMsg(msg);
        const fault = self.user.fault;
        if (fault && FAULT_TARGET[fault] === msg.request) {
          // The walkthrough's fault switch spoils this one message, once (fault.ts).
          self.user.fault = null;
          const name = VHOST_USER_REQUESTS.get(msg.request)?.name ?? `${msg.request}`;
          if (ctx.tracing) yield ctx.ev('vu_fault_injected', { request: msg.request, name, fault });
          ({ bytes, fds } = spoil(fault, bytes, fds));
        }
        const chr = self.user.chr;
        const fd = chr.connFd;
        const r = yield* chr.writeAll(ctx, bytes, fds);
        if (r.ret !== bytes.length) {
          yield* self.log(ctx, `Failed to write msg. Wrote ${r.ret} instead of ${bytes.length}.`);
          return self.era === 'seed' ? -1 : r.ret < 0 ? -r.errno : -EIO;
        }
        const id = self.user.wire.sent('to-backend');
        if (ctx.tracing) {
          // What went on the wire: a spoiled header may differ from `msg`.
          const hv = new DataView(bytes.buffer, bytes.byteOffset);
          const request = hv.getUint32(0, true);
          const name = VHOST_USER_REQUESTS.get(request)?.name ?? `${request}`;
          yield ctx.ev('vu_send', { from: 'qemu', msg: id, fd, request, name, flags: hv.getUint32(4, true), size: hv.getUint32(8, true), hex: toHex(bytes), fds: [...fds], reply: false });
        }
        return 0;
      })(),
    );
  }

  /**
   * vhost_user_read: the header (vhost_user_read_header: 12 bytes, flags must be
   * exactly VERSION|REPLY), the size against the payload union, then the payload.
   * 7.2 reads inside a nested main loop (so the backend channel stays served);
   * 5.0 reads directly: the same bytes either way. `orig` is the request field
   * the caller's buffer held (printed by "Original request").
   */
  *read(ctx: ActorContext, orig: number): Gen<{ ret: number; reply: VhostUserReply | null }> {
    const self = this;
    const chr = this.user.chr;
    return yield* op(
      ctx,
      'vhost_user_read',
      (function* (): Gen<{ ret: number; reply: VhostUserReply | null }> {
        const fd = chr.connFd;
        const hdr = yield* ctx.call(
          'vhost_user_read_header',
          (function* (): Gen<{ ret: number; request: number; flags: number; size: number }> {
            const r = yield* chr.readAll(ctx, VHOST_USER_HDR_SIZE);
            if (r.ret !== VHOST_USER_HDR_SIZE) {
              yield* self.log(ctx, `Failed to read msg header. Read ${r.ret} instead of ${VHOST_USER_HDR_SIZE}. Original request ${orig}.`);
              return { ret: self.err(EIO), request: 0, flags: 0, size: 0 };
            }
            const dv = new DataView(r.bytes.buffer, r.bytes.byteOffset, 12);
            const request = dv.getUint32(0, true);
            const flags = dv.getUint32(4, true);
            const size = dv.getUint32(8, true);
            const want = VHOST_USER_REPLY_MASK | VHOST_USER_VERSION;
            if (flags !== want) {
              yield* self.log(ctx, `Failed to read msg header. Flags 0x${flags.toString(16)} instead of 0x${want.toString(16)}.`);
              return { ret: self.err(EPROTO), request, flags, size };
            }
            return { ret: 0, request, flags, size };
          })(),
        );
        if (hdr.ret < 0) return { ret: hdr.ret, reply: null };
        if (hdr.size > VHOST_USER_PAYLOAD_SIZE) {
          yield* self.log(ctx, `Failed to read msg header. Size ${hdr.size} exceeds the maximum ${VHOST_USER_PAYLOAD_SIZE}.`);
          return { ret: self.err(EPROTO), reply: null };
        }
        let payload: Uint8Array = new Uint8Array(0);
        if (hdr.size) {
          const r = yield* chr.readAll(ctx, hdr.size);
          if (r.ret !== hdr.size) {
            yield* self.log(ctx, `Failed to read msg payload. Read ${r.ret} instead of ${hdr.size}.`);
            return { ret: self.err(EIO), reply: null };
          }
          payload = r.bytes;
        }
        const fds = chr.takeMsgfds();
        const id = self.user.wire.received('to-frontend');
        if (ctx.tracing) {
          const name = VHOST_USER_REQUESTS.get(hdr.request)?.name ?? `${hdr.request}`;
          yield ctx.ev('vu_recv', { by: 'qemu', msg: id, fd, request: hdr.request, name, flags: hdr.flags, size: hdr.size, fds, reply: true });
        }
        return { ret: 0, reply: { request: hdr.request, flags: hdr.flags, size: hdr.size, payload } };
      })(),
    );
  }

  /** process_message_reply: with NEED_REPLY set, read the u64 ack; same request, and 0 means success. */
  *processMessageReply(ctx: ActorContext, msg: VhostUserMsg): Gen<number> {
    const self = this;
    return yield* op(
      ctx,
      'process_message_reply',
      (function* (): Gen<number> {
        if ((msg.flags & VHOST_USER_NEED_REPLY_MASK) === 0) return 0;
        const r = yield* self.read(ctx, 0);
        if (r.ret < 0 || !r.reply) return r.ret;
        if (r.reply.request !== msg.request) {
          const sep = self.era === 'seed' ? '' : ' ';
          yield* self.log(ctx, `Received unexpected msg type.${sep}Expected ${msg.request} received ${r.reply.request}`);
          return self.err(EPROTO);
        }
        return u64Of(r.reply.payload) !== 0n ? self.err(EIO) : 0;
      })(),
    );
  }

  /** vhost_user_get_u64: a GET_* round trip; checks the reply's request and its size (8). */
  *getU64(ctx: ActorContext, dev: VhostDev, request: number): Gen<{ ret: number; value: bigint }> {
    const self = this;
    return yield* op(
      ctx,
      'vhost_user_get_u64',
      (function* (): Gen<{ ret: number; value: bigint }> {
        const oneTime = request === VHOST_USER_GET_QUEUE_NUM;
        if (oneTime && dev.vqIndex !== 0) return { ret: 0, value: -1n };
        const msg: VhostUserMsg = { request, flags: VHOST_USER_VERSION, payload: { kind: 'none' } };
        let r = yield* self.write(ctx, dev, msg);
        if (r < 0) return { ret: r, value: 0n };
        const rd = yield* self.read(ctx, request);
        if (rd.ret < 0 || !rd.reply) return { ret: rd.ret, value: 0n };
        if (rd.reply.request !== request) {
          yield* self.log(ctx, `Received unexpected msg type. Expected ${request} received ${rd.reply.request}`);
          return { ret: self.err(EPROTO), value: 0n };
        }
        if (rd.reply.size !== 8) {
          yield* self.log(ctx, 'Received bad msg size.');
          return { ret: self.err(EPROTO), value: 0n };
        }
        r = 0;
        return { ret: r, value: u64Of(rd.reply.payload) };
      })(),
    );
  }

  /** vhost_user_get_features (7.2 turns any failure into -EPROTO). */
  *getFeatures(ctx: ActorContext, dev: VhostDev): Gen<{ ret: number; value: bigint }> {
    const self = this;
    return yield* op(
      ctx,
      'vhost_user_get_features',
      (function* () {
        const r = yield* self.getU64(ctx, dev, VHOST_USER_GET_FEATURES);
        return r.ret < 0 ? { ret: self.err(EPROTO), value: 0n } : r;
      })(),
    );
  }

  /**
   * vhost_user_set_u64: SET_* with a u64. 7.2's `wait_for_reply` sets
   * NEED_REPLY with REPLY_ACK (enforce_reply; without REPLY_ACK a GET_FEATURES
   * round trip); 5.0 never waits here.
   */
  *setU64(ctx: ActorContext, dev: VhostDev, request: number, value: bigint, waitForReply = false): Gen<number> {
    const self = this;
    return yield* op(
      ctx,
      'vhost_user_set_u64',
      (function* (): Gen<number> {
        const msg: VhostUserMsg = { request, flags: VHOST_USER_VERSION, payload: { kind: 'u64', u64: value } };
        const wait = waitForReply && self.era === 'modern';
        if (wait && dev.hasProtocol(VHOST_USER_PROTOCOL_F_REPLY_ACK)) msg.flags |= VHOST_USER_NEED_REPLY_MASK;
        const r = yield* self.write(ctx, dev, msg);
        if (r < 0) return r;
        if (!wait) return 0;
        if (msg.flags & VHOST_USER_NEED_REPLY_MASK) return yield* self.processMessageReply(ctx, msg);
        return (yield* self.getFeatures(ctx, dev)).ret;
      })(),
    );
  }

  /** vhost_user_set_features: features | backend_features; with STATUS (7.2) then FEATURES_OK. */
  *setFeatures(ctx: ActorContext, dev: VhostDev, features: bigint): Gen<number> {
    const self = this;
    return yield* op(
      ctx,
      'vhost_user_set_features',
      (function* (): Gen<number> {
        const logEnabled = (features & (1n << 26n)) !== 0n; // VHOST_F_LOG_ALL
        const r = yield* self.setU64(ctx, dev, VHOST_USER_SET_FEATURES, features | dev.backendFeatures, logEnabled);
        if (self.era === 'modern' && dev.hasProtocol(VHOST_USER_PROTOCOL_F_STATUS) && r === 0) return yield* self.addStatus(ctx, dev, VIRTIO_CONFIG_S_FEATURES_OK);
        return r;
      })(),
    );
  }

  /** vhost_user_get_status (7.2). */
  *getStatus(ctx: ActorContext, dev: VhostDev): Gen<{ ret: number; value: number }> {
    const self = this;
    return yield* op(
      ctx,
      'vhost_user_get_status',
      (function* () {
        const r = yield* self.getU64(ctx, dev, VHOST_USER_GET_STATUS);
        return { ret: r.ret, value: Number(r.value & 0xffn) };
      })(),
    );
  }

  /** vhost_user_set_status (7.2): no reply awaited. */
  *setStatus(ctx: ActorContext, dev: VhostDev, status: number): Gen<number> {
    return yield* op(ctx, 'vhost_user_set_status', this.setU64(ctx, dev, VHOST_USER_SET_STATUS, BigInt(status)));
  }

  /** vhost_user_add_status (7.2): read the status, and write it back with `status` added unless already there. */
  *addStatus(ctx: ActorContext, dev: VhostDev, status: number): Gen<number> {
    const self = this;
    return yield* op(
      ctx,
      'vhost_user_add_status',
      (function* (): Gen<number> {
        const s = yield* self.getStatus(ctx, dev);
        if (s.ret < 0) return s.ret;
        if ((s.value & status) === status) return 0;
        return yield* self.setStatus(ctx, dev, s.value | status);
      })(),
    );
  }

  /** vhost_user_dev_start (7.2): with STATUS, on the last queue pair only: ACK|DRIVER|DRIVER_OK on start, 0 on stop. */
  *devStart(ctx: ActorContext, dev: VhostDev, started: boolean): Gen<number> {
    const self = this;
    return yield* op(
      ctx,
      'vhost_user_dev_start',
      (function* (): Gen<number> {
        if (!dev.hasProtocol(VHOST_USER_PROTOCOL_F_STATUS)) return 0;
        if (dev.vqIndex + dev.nvqs !== dev.vqIndexEnd) return 0;
        if (started) return yield* self.addStatus(ctx, dev, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER | VIRTIO_CONFIG_S_DRIVER_OK);
        return yield* self.setStatus(ctx, dev, 0);
      })(),
    );
  }

  /** vhost_user_set_owner. */
  *setOwner(ctx: ActorContext, dev: VhostDev): Gen<number> {
    const msg: VhostUserMsg = { request: VHOST_USER_SET_OWNER, flags: VHOST_USER_VERSION, payload: { kind: 'none' } };
    return yield* op(ctx, 'vhost_user_set_owner', this.write(ctx, dev, msg));
  }

  /** vhost_user_set_protocol_features. */
  *setProtocolFeatures(ctx: ActorContext, dev: VhostDev, features: bigint): Gen<number> {
    return yield* op(ctx, 'vhost_user_set_protocol_features', this.setU64(ctx, dev, VHOST_USER_SET_PROTOCOL_FEATURES, features));
  }

  /**
   * vhost_setup_slave_channel: with SLAVE_REQ, a socketpair; QEMU keeps one end
   * (its backend-request channel) and passes the other, NEED_REPLY with REPLY_ACK,
   * then closes its copy of the passed end.
   */
  *setupSlaveChannel(ctx: ActorContext, dev: VhostDev): Gen<number> {
    const self = this;
    const { net, proc } = this.user;
    return yield* op(
      ctx,
      'vhost_setup_slave_channel',
      (function* (): Gen<number> {
        if (!dev.hasProtocol(VHOST_USER_PROTOCOL_F_SLAVE_REQ)) return 0;
        const sv = net.socketpair(proc);
        if (typeof sv === 'number') {
          yield* self.log(ctx, 'socketpair() failed');
          return self.err(-sv);
        }
        dev.slaveFd = sv[0];
        const msg: VhostUserMsg = { request: VHOST_USER_SET_SLAVE_REQ_FD, flags: VHOST_USER_VERSION, payload: { kind: 'none' } };
        if (dev.hasProtocol(VHOST_USER_PROTOCOL_F_REPLY_ACK)) msg.flags |= VHOST_USER_NEED_REPLY_MASK;
        let r = yield* self.write(ctx, dev, msg, [sv[1]]);
        if (r === 0 && msg.flags & VHOST_USER_NEED_REPLY_MASK) r = yield* self.processMessageReply(ctx, msg);
        net.close(proc, sv[1]);
        if (r) {
          net.close(proc, sv[0]);
          dev.slaveFd = -1;
        }
        return r;
      })(),
    );
  }

  /**
   * vhost_user_backend_init: GET_FEATURES; with bit 30, GET/SET_PROTOCOL_FEATURES
   * (masked to what the era knows, CONFIG dropped for net), GET_QUEUE_NUM with MQ,
   * and the backend channel for vq_index 0. 7.2's failures print
   * "vhost_backend_init failed: …" where vhost_net_init reports them.
   */
  *backendInit(ctx: ActorContext, dev: VhostDev): Gen<{ ret: number; error: string | null }> {
    const self = this;
    return yield* op(
      ctx,
      'vhost_user_backend_init',
      (function* (): Gen<{ ret: number; error: string | null }> {
        const fail = (ret: number, errno: number) => ({ ret, error: self.era === 'modern' ? `vhost_backend_init failed: ${strerror(errno)}` : null });
        const f = yield* self.getFeatures(ctx, dev);
        if (f.ret < 0) return fail(f.ret, -f.ret);
        dev.features = f.value;
        if (ctx.tracing) yield ctx.ev('vu_qemu_state', { what: 'features', queuePair: dev.queuePair, vring: null, value: `0x${f.value.toString(16)}` });
        if ((f.value >> BigInt(VHOST_USER_F_PROTOCOL_FEATURES)) & 1n) {
          dev.backendFeatures |= 1n << BigInt(VHOST_USER_F_PROTOCOL_FEATURES);
          const p = yield* self.getU64(ctx, dev, VHOST_USER_GET_PROTOCOL_FEATURES);
          if (p.ret < 0) return fail(self.err(EPROTO), EPROTO);
          // virtio-net has no config notifier, so QEMU drops CONFIG (7.2 warns only when the back-end offers it).
          const pf = p.value & QEMU_PROTOCOL_FEATURE_MASK[self.era] & ~(1n << BigInt(VHOST_USER_PROTOCOL_F_CONFIG));
          dev.protocolFeatures = pf;
          if (ctx.tracing) yield ctx.ev('vu_qemu_state', { what: 'protocol-features', queuePair: dev.queuePair, vring: null, value: `0x${pf.toString(16)}` });
          const s = yield* self.setProtocolFeatures(ctx, dev, pf);
          if (s < 0) return fail(self.err(EPROTO), EPROTO);
          if (dev.hasProtocol(VHOST_USER_PROTOCOL_F_MQ)) {
            const q = yield* self.getU64(ctx, dev, VHOST_USER_GET_QUEUE_NUM);
            if (q.ret < 0) return fail(self.err(EPROTO), EPROTO);
            if (q.value >= 0n) {
              dev.maxQueues = Number(q.value);
              if (ctx.tracing) yield ctx.ev('vu_qemu_state', { what: 'queue-num', queuePair: dev.queuePair, vring: null, value: `${q.value}` });
            }
          } else if (self.era === 'modern') {
            dev.maxQueues = 1;
          }
        }
        if (dev.vqIndex === 0) {
          const r = yield* self.setupSlaveChannel(ctx, dev);
          if (r < 0) return fail(self.era === 'modern' ? -EPROTO : r, EPROTO);
        }
        return { ret: 0, error: null };
      })(),
    );
  }

  /**
   * vhost_user_set_mem_table (no postcopy, no CONFIGURE_MEM_SLOTS): the region
   * table with one fd per region, NEED_REPLY with REPLY_ACK, then the ack.
   */
  *setMemTable(ctx: ActorContext, dev: VhostDev, regions: ReadonlyArray<{ gpa: number; size: number; hva: number; offset: number; fd: number }>): Gen<number> {
    const self = this;
    return yield* op(
      ctx,
      'vhost_user_set_mem_table',
      (function* (): Gen<number> {
        const payload: VhostUserPayload = {
          kind: 'memory',
          nregions: regions.length,
          padding: 0,
          regions: regions.map((r) => ({ guestPhysAddr: BigInt(r.gpa), memorySize: BigInt(r.size), userspaceAddr: BigInt(r.hva), mmapOffset: BigInt(r.offset) })),
        };
        const msg: VhostUserMsg = { request: VHOST_USER_SET_MEM_TABLE, flags: VHOST_USER_VERSION, size: MEMORY.regions + 32 * regions.length, payload };
        const reply = dev.hasProtocol(VHOST_USER_PROTOCOL_F_REPLY_ACK);
        if (reply) msg.flags |= VHOST_USER_NEED_REPLY_MASK;
        const r = yield* self.write(
          ctx,
          dev,
          msg,
          regions.map((x) => x.fd),
        );
        if (r < 0) return r;
        return reply ? yield* self.processMessageReply(ctx, msg) : 0;
      })(),
    );
  }

  /** vhost_set_vring: a vring-state message (NUM, BASE, ENABLE), never awaited. */
  *setVring(ctx: ActorContext, dev: VhostDev, request: number, index: number, num: number): Gen<number> {
    const msg: VhostUserMsg = { request, flags: VHOST_USER_VERSION, payload: { kind: 'state', index, num } };
    return yield* op(ctx, 'vhost_set_vring', this.write(ctx, dev, msg));
  }

  *setVringNum(ctx: ActorContext, dev: VhostDev, index: number, num: number): Gen<number> {
    return yield* op(ctx, 'vhost_user_set_vring_num', this.setVring(ctx, dev, VHOST_USER_SET_VRING_NUM, index, num));
  }

  *setVringBase(ctx: ActorContext, dev: VhostDev, index: number, num: number): Gen<number> {
    return yield* op(ctx, 'vhost_user_set_vring_base', this.setVring(ctx, dev, VHOST_USER_SET_VRING_BASE, index, num));
  }

  /** vhost_user_set_vring_addr: with logging off QEMU waits for nothing. */
  *setVringAddr(ctx: ActorContext, dev: VhostDev, a: { index: number; desc: bigint; used: bigint; avail: bigint; log: bigint }): Gen<number> {
    const msg: VhostUserMsg = {
      request: VHOST_USER_SET_VRING_ADDR,
      flags: VHOST_USER_VERSION,
      payload: { kind: 'addr', index: a.index, flags: 0, descUserAddr: a.desc, usedUserAddr: a.used, availUserAddr: a.avail, logGuestAddr: a.log },
    };
    return yield* op(ctx, 'vhost_user_set_vring_addr', this.write(ctx, dev, msg));
  }

  /**
   * vhost_set_vring_file: the vring index in bits 0–7 and the fd as SCM_RIGHTS,
   * or the NOFD bit when there is none (fd <= 0: QEMU tests `fd > 0`).
   */
  *setVringFile(ctx: ActorContext, dev: VhostDev, request: number, index: number, fd: number): Gen<number> {
    const self = this;
    const frame: FrameId = request === VHOST_USER_SET_VRING_KICK ? 'vhost_user_set_vring_kick' : request === VHOST_USER_SET_VRING_CALL ? 'vhost_user_set_vring_call' : 'vhost_user_set_vring_err';
    return yield* op(
      ctx,
      frame,
      ctx.call(
        'vhost_set_vring_file',
        (function* (): Gen<number> {
          let u64 = BigInt(index & VHOST_USER_VRING_IDX_MASK);
          const fds: number[] = [];
          if (fd > 0) fds.push(fd);
          else u64 |= BigInt(VHOST_USER_VRING_NOFD_MASK);
          return yield* self.write(ctx, dev, { request, flags: VHOST_USER_VERSION, payload: { kind: 'u64', u64 } }, fds);
        })(),
      ),
    );
  }

  *setVringKick(ctx: ActorContext, dev: VhostDev, index: number, fd: number): Gen<number> {
    return yield* this.setVringFile(ctx, dev, VHOST_USER_SET_VRING_KICK, index, fd);
  }
  *setVringCall(ctx: ActorContext, dev: VhostDev, index: number, fd: number): Gen<number> {
    return yield* this.setVringFile(ctx, dev, VHOST_USER_SET_VRING_CALL, index, fd);
  }
  /** Only 7.2's user_ops has vhost_set_vring_err. */
  get hasSetVringErr(): boolean {
    return this.era === 'modern';
  }
  *setVringErr(ctx: ActorContext, dev: VhostDev, index: number, fd: number): Gen<number> {
    return yield* this.setVringFile(ctx, dev, VHOST_USER_SET_VRING_ERR, index, fd);
  }

  /** vhost_user_set_vring_enable: needs bit 30 in the back-end's features; one message per vq of the pair. */
  *setVringEnable(ctx: ActorContext, dev: VhostDev, enable: boolean): Gen<number> {
    const self = this;
    return yield* op(
      ctx,
      'vhost_user_set_vring_enable',
      (function* (): Gen<number> {
        if (!((dev.features >> BigInt(VHOST_USER_F_PROTOCOL_FEATURES)) & 1n)) return self.err(22);
        for (let i = 0; i < dev.nvqs; i++) {
          const r = yield* self.setVring(ctx, dev, VHOST_USER_SET_VRING_ENABLE, dev.vqIndex + i, enable ? 1 : 0);
          // 5.0 ignores a failed write here; 7.2 bails out.
          if (r < 0 && self.era === 'modern') return r;
        }
        return 0;
      })(),
    );
  }

  /** vhost_user_get_vring_base: stops the ring in the back-end; the reply's num is the next avail index. */
  *getVringBase(ctx: ActorContext, dev: VhostDev, index: number): Gen<{ ret: number; num: number }> {
    const self = this;
    return yield* op(
      ctx,
      'vhost_user_get_vring_base',
      (function* (): Gen<{ ret: number; num: number }> {
        const msg: VhostUserMsg = { request: VHOST_USER_GET_VRING_BASE, flags: VHOST_USER_VERSION, payload: { kind: 'state', index, num: 0 } };
        const w = yield* self.write(ctx, dev, msg);
        if (w < 0) return { ret: w, num: 0 };
        const r = yield* self.read(ctx, VHOST_USER_GET_VRING_BASE);
        if (r.ret < 0 || !r.reply) return { ret: r.ret, num: 0 };
        if (r.reply.request !== VHOST_USER_GET_VRING_BASE) {
          yield* self.log(ctx, `Received unexpected msg type. Expected ${VHOST_USER_GET_VRING_BASE} received ${r.reply.request}`);
          return { ret: self.err(EPROTO), num: 0 };
        }
        if (r.reply.size !== VRING_STATE.size) {
          yield* self.log(ctx, 'Received bad msg size.');
          return { ret: self.err(EPROTO), num: 0 };
        }
        const dv = new DataView(r.reply.payload.buffer, r.reply.payload.byteOffset, 8);
        return { ret: 0, num: dv.getUint32(VRING_STATE.num, true) };
      })(),
    );
  }
}
