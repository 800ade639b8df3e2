/**
 * The vhost-user wire format, byte for byte (docs/interop/vhost-user.rst; QEMU 7.2
 * hw/virtio/vhost-user.c `VhostUserHeader` / `VhostUserPayload`; DPDK lib/vhost/vhost_user.h
 * `VhostUserMsg`), and a decoder that validates a front-end message the way DPDK's
 * back-end does (`read_fd_message` in socket.c, `read_vhost_message`,
 * `vhost_user_check_and_alloc_queue_pair`, `validate_msg_fds`, the per-handler checks
 * and `vhost_user_msg_handler` in vhost_user.c), for DPDK 19.11 and 22.11.
 *
 * A message is a 12-byte header (request u32, flags u32, size u32 = payload bytes) in
 * host byte order (little-endian here: x86-64), then `size` payload bytes; fds travel as
 * SCM_RIGHTS ancillary data on the same sendmsg. Everything here is pure; decoding never
 * throws and never mutates its inputs.
 */

import {
  cInt,
  dpdkConfigLine,
  dpdkReadMessageLog,
  dpdkRequestName,
  DPDK_REQUEST_TABLE_SIZE,
  type DpdkEra,
  type DpdkLogLine,
} from './vhost-user-log';

export type { DpdkEra, DpdkLogLine } from './vhost-user-log';

// ---- Header ----------------------------------------------------------------

/** Bytes of the header: request u32 @0, flags u32 @4, size u32 @8 (`VHOST_USER_HDR_SIZE`). */
export const VHOST_USER_HDR_SIZE = 12;
/** Field offsets inside the header. */
export const VHOST_USER_HDR = { request: 0, flags: 4, size: 8 } as const;
/** The protocol version this side speaks, in flags bits 0–1. */
export const VHOST_USER_VERSION = 0x1;
/** flags bits holding the version. */
export const VHOST_USER_VERSION_MASK = 0x3;
/** flags bit 2: this message is a reply (QEMU insists on exactly VERSION|REPLY = 0x5). */
export const VHOST_USER_REPLY_MASK = 0x4;
/** flags bit 3: the sender wants a u64 ack (REPLY_ACK protocol feature). DPDK spells it VHOST_USER_NEED_REPLY. */
export const VHOST_USER_NEED_REPLY_MASK = 0x8;
/** KICK/CALL/ERR u64 payload: bits 0–7 are the vring index. */
export const VHOST_USER_VRING_IDX_MASK = 0xff;
/** KICK/CALL/ERR u64 payload: bit 8 set = no fd attached (polling / unset). */
export const VHOST_USER_VRING_NOFD_MASK = 0x100;
/** Most fds one message carries: QEMU VHOST_MEMORY_BASELINE_NREGIONS, DPDK VHOST_MEMORY_MAX_NREGIONS (its recvmsg control buffer). */
export const VHOST_USER_MAX_FDS = 8;
/** Regions in a SET_MEM_TABLE payload (`regions[8]`). */
export const VHOST_MEMORY_BASELINE_NREGIONS = 8;
/** QEMU's limit on memory slots with CONFIGURE_MEM_SLOTS (ADD/REM_MEM_REG). */
export const VHOST_USER_MAX_RAM_SLOTS = 512;
/** Bytes of device config a GET/SET_CONFIG payload carries at most. */
export const VHOST_USER_MAX_CONFIG_SIZE = 256;
/** offset + size + flags in front of the config region (QEMU VHOST_USER_CONFIG_HDR_SIZE). */
export const VHOST_USER_CONFIG_HDR_SIZE = 12;
/**
 * sizeof(VhostUserMsg.payload) in DPDK 19.11 and 22.11: the largest member of the union is
 * VhostUserCryptoSessionParam (632 bytes, two host pointers and 64+512 key bytes). DPDK
 * rejects any header whose size exceeds it. (Checked by compiling both versions' vhost_user.h.)
 */
export const DPDK_VHOST_USER_PAYLOAD_MAX = 632;
/** DPDK VHOST_MAX_VRING (0x100 in 19.11 and 22.11): vring indexes at or above it are refused. */
export const DPDK_VHOST_MAX_VRING = 0x100;

// ---- Front-end → back-end requests (QEMU 7.2 `VhostUserRequest`) -------------

/** No request (never sent). */
export const VHOST_USER_NONE = 0;
/** Get the back-end's virtio feature bits (reply u64). */
export const VHOST_USER_GET_FEATURES = 1;
/** Set the negotiated virtio feature bits (u64). */
export const VHOST_USER_SET_FEATURES = 2;
/** Claim the back-end for this front-end. */
export const VHOST_USER_SET_OWNER = 3;
/** Deprecated reset. */
export const VHOST_USER_RESET_OWNER = 4;
/** The guest memory table; one fd per region, in region order. */
export const VHOST_USER_SET_MEM_TABLE = 5;
/** Dirty-log area (mmap size/offset of the fd). */
export const VHOST_USER_SET_LOG_BASE = 6;
/** eventfd signalled when the dirty log changes. */
export const VHOST_USER_SET_LOG_FD = 7;
/** Queue size of one vring. */
export const VHOST_USER_SET_VRING_NUM = 8;
/** Ring addresses (front-end user addresses). */
export const VHOST_USER_SET_VRING_ADDR = 9;
/** Next avail index to process. */
export const VHOST_USER_SET_VRING_BASE = 10;
/** Stop a ring and return its avail index (always replies). */
export const VHOST_USER_GET_VRING_BASE = 11;
/** The ring's kick eventfd (or NOFD). */
export const VHOST_USER_SET_VRING_KICK = 12;
/** The ring's call eventfd (or NOFD). */
export const VHOST_USER_SET_VRING_CALL = 13;
/** The ring's error eventfd (or NOFD). */
export const VHOST_USER_SET_VRING_ERR = 14;
/** Get protocol feature bits (reply u64). */
export const VHOST_USER_GET_PROTOCOL_FEATURES = 15;
/** Set protocol feature bits. */
export const VHOST_USER_SET_PROTOCOL_FEATURES = 16;
/** Number of queues the back-end supports (MQ). */
export const VHOST_USER_GET_QUEUE_NUM = 17;
/** Enable/disable one ring (num 1/0). */
export const VHOST_USER_SET_VRING_ENABLE = 18;
/** Ask the back-end to broadcast a RARP for this MAC (migration). */
export const VHOST_USER_SEND_RARP = 19;
/** virtio-net MTU. */
export const VHOST_USER_NET_SET_MTU = 20;
/** Back-end → front-end channel socket. QEMU 7.2 / DPDK ≤ 22.11 name; later QEMU and DPDK ≥ 23.03: VHOST_USER_SET_BACKEND_REQ_FD. */
export const VHOST_USER_SET_SLAVE_REQ_FD = 21;
/** Same number, newer name. */
export const VHOST_USER_SET_BACKEND_REQ_FD = 21;
/** IOTLB update/invalidate from the front-end. */
export const VHOST_USER_IOTLB_MSG = 22;
/** Ring endianness (CROSS_ENDIAN). */
export const VHOST_USER_SET_VRING_ENDIAN = 23;
/** Read device config space. */
export const VHOST_USER_GET_CONFIG = 24;
/** Write device config space. */
export const VHOST_USER_SET_CONFIG = 25;
/** QEMU name; DPDK: VHOST_USER_CRYPTO_CREATE_SESS. */
export const VHOST_USER_CREATE_CRYPTO_SESSION = 26;
/** QEMU name; DPDK: VHOST_USER_CRYPTO_CLOSE_SESS. */
export const VHOST_USER_CLOSE_CRYPTO_SESSION = 27;
/** Postcopy: back-end returns a userfaultfd. */
export const VHOST_USER_POSTCOPY_ADVISE = 28;
/** Postcopy: enter listen mode. */
export const VHOST_USER_POSTCOPY_LISTEN = 29;
/** Postcopy: done. */
export const VHOST_USER_POSTCOPY_END = 30;
/** Get the inflight-tracking area (reply carries its fd). */
export const VHOST_USER_GET_INFLIGHT_FD = 31;
/** Hand the inflight-tracking area back. */
export const VHOST_USER_SET_INFLIGHT_FD = 32;
/** vhost-user-gpu socket. */
export const VHOST_USER_GPU_SET_SOCKET = 33;
/** Reset the device (RESET_DEVICE). */
export const VHOST_USER_RESET_DEVICE = 34;
/** Reserved in QEMU 7.2 for in-band kicks. */
export const VHOST_USER_VRING_KICK = 35;
/** Memory slots the back-end supports. */
export const VHOST_USER_GET_MAX_MEM_SLOTS = 36;
/** Add one memory region (one fd). */
export const VHOST_USER_ADD_MEM_REG = 37;
/** Remove one memory region. */
export const VHOST_USER_REM_MEM_REG = 38;
/** Device status byte (STATUS). */
export const VHOST_USER_SET_STATUS = 39;
/** Read the device status byte. */
export const VHOST_USER_GET_STATUS = 40;
/** One past the last request QEMU 7.2 knows. */
export const VHOST_USER_MAX = 41;

// ---- Back-end → front-end requests (QEMU 7.2 `VhostUserSlaveRequest`) --------

/** No request. Newer name VHOST_USER_BACKEND_NONE. */
export const VHOST_USER_SLAVE_NONE = 0;
/** IOTLB miss / access fail. Newer name VHOST_USER_BACKEND_IOTLB_MSG. */
export const VHOST_USER_SLAVE_IOTLB_MSG = 1;
/** Device config changed. Newer name VHOST_USER_BACKEND_CONFIG_CHANGE_MSG. */
export const VHOST_USER_SLAVE_CONFIG_CHANGE_MSG = 2;
/** Map (or with NOFD unmap) a host notifier page for a vring. Newer name VHOST_USER_BACKEND_VRING_HOST_NOTIFIER_MSG. */
export const VHOST_USER_SLAVE_VRING_HOST_NOTIFIER_MSG = 3;
/** One past the last back-end request QEMU 7.2 knows. */
export const VHOST_USER_SLAVE_MAX = 4;

// ---- vhost bits in the virtio feature word -------------------------------------

/** Virtio feature bit 26: the back-end can log dirty pages (VHOST_F_LOG_ALL, migration). */
export const VHOST_F_LOG_ALL = 26;
/** Virtio feature bit 30: the back-end speaks protocol features (GET/SET_PROTOCOL_FEATURES). */
export const VHOST_USER_F_PROTOCOL_FEATURES = 30;

// ---- Protocol feature bits (QEMU 7.2 `VhostUserProtocolFeature`) -------------

/** Multiple queues. */
export const VHOST_USER_PROTOCOL_F_MQ = 0;
/** Dirty log passed as an fd with SET_LOG_BASE. */
export const VHOST_USER_PROTOCOL_F_LOG_SHMFD = 1;
/** SEND_RARP. */
export const VHOST_USER_PROTOCOL_F_RARP = 2;
/** NEED_REPLY acks. */
export const VHOST_USER_PROTOCOL_F_REPLY_ACK = 3;
/** NET_SET_MTU (the spec calls it MTU). */
export const VHOST_USER_PROTOCOL_F_NET_MTU = 4;
/** Back-end channel. Newer name VHOST_USER_PROTOCOL_F_BACKEND_REQ. */
export const VHOST_USER_PROTOCOL_F_SLAVE_REQ = 5;
/** SET_VRING_ENDIAN. */
export const VHOST_USER_PROTOCOL_F_CROSS_ENDIAN = 6;
/** Crypto sessions. */
export const VHOST_USER_PROTOCOL_F_CRYPTO_SESSION = 7;
/** Postcopy page faults. */
export const VHOST_USER_PROTOCOL_F_PAGEFAULT = 8;
/** GET/SET_CONFIG. */
export const VHOST_USER_PROTOCOL_F_CONFIG = 9;
/** fds on the back-end channel. Newer name VHOST_USER_PROTOCOL_F_BACKEND_SEND_FD. */
export const VHOST_USER_PROTOCOL_F_SLAVE_SEND_FD = 10;
/** Host notifier pages (VRING_HOST_NOTIFIER_MSG). */
export const VHOST_USER_PROTOCOL_F_HOST_NOTIFIER = 11;
/** GET/SET_INFLIGHT_FD. */
export const VHOST_USER_PROTOCOL_F_INFLIGHT_SHMFD = 12;
/** RESET_DEVICE. */
export const VHOST_USER_PROTOCOL_F_RESET_DEVICE = 13;
/** In-band notifications; QEMU 7.2 only reserves bit 14. */
export const VHOST_USER_PROTOCOL_F_INBAND_NOTIFICATIONS = 14;
/** GET_MAX_MEM_SLOTS / ADD_MEM_REG / REM_MEM_REG. */
export const VHOST_USER_PROTOCOL_F_CONFIGURE_MEM_SLOTS = 15;
/** SET/GET_STATUS. */
export const VHOST_USER_PROTOCOL_F_STATUS = 16;
/** QEMU 7.2 VHOST_USER_PROTOCOL_F_MAX; it masks GET_PROTOCOL_FEATURES with (1 << MAX) - 1. */
export const VHOST_USER_PROTOCOL_F_MAX = 17;
/** DPDK 19.11 `VHOST_USER_PROTOCOL_FEATURES`: MQ, LOG_SHMFD, RARP, REPLY_ACK, NET_MTU, SLAVE_REQ, CRYPTO_SESSION, SLAVE_SEND_FD, HOST_NOTIFIER, PAGEFAULT. */
export const DPDK_19_11_PROTOCOL_FEATURES = 0b0_1101_1011_1111n;
/** DPDK 22.11 adds STATUS. */
export const DPDK_22_11_PROTOCOL_FEATURES = DPDK_19_11_PROTOCOL_FEATURES | (1n << 16n);

// ---- Payload layouts -------------------------------------------------------

/** `struct vhost_vring_state`: index u32 @0, num u32 @4. */
export const VRING_STATE = { index: 0, num: 4, size: 8 } as const;
/** `struct vhost_vring_addr` — note used before avail. */
export const VRING_ADDR = { index: 0, flags: 4, desc: 8, used: 16, avail: 24, log: 32, size: 40 } as const;
/** `VhostUserMemoryRegion`: four u64s. */
export const MEM_REGION = { guestPhysAddr: 0, memorySize: 8, userspaceAddr: 16, mmapOffset: 24, size: 32 } as const;
/** `VhostUserMemory`: nregions u32, padding u32, regions[8]. Full size 264. */
export const MEMORY = { nregions: 0, padding: 4, regions: 8, size: 8 + 32 * 8 } as const;
/** `VhostUserMemRegMsg` (ADD/REM_MEM_REG): padding u64, region. */
export const MEM_REG_MSG = { padding: 0, region: 8, size: 40 } as const;
/** `VhostUserLog`: mmap_size u64, mmap_offset u64. */
export const LOG = { mmapSize: 0, mmapOffset: 8, size: 16 } as const;
/** `VhostUserConfig`: offset u32, size u32, flags u32, region[256]. */
export const CONFIG = { offset: 0, size: 4, flags: 8, region: 12, maxSize: 12 + 256 } as const;
/** `VhostUserVringArea`: u64 (index | NOFD), size u64, offset u64. */
export const VRING_AREA = { u64: 0, size: 8, offset: 16, bytes: 24 } as const;
/** `VhostUserInflight`: mmap_size, mmap_offset (u64), num_queues, queue_size (u16); 24 with tail padding. */
export const INFLIGHT = { mmapSize: 0, mmapOffset: 8, numQueues: 16, queueSize: 18, size: 24 } as const;
/** `struct vhost_iotlb_msg`: iova, size, uaddr (u64), perm u8, type u8; 32 with tail padding. */
export const IOTLB = { iova: 0, size: 8, uaddr: 16, perm: 24, type: 25, bytes: 32 } as const;
/** vhost_vring_addr.flags bit: log the used ring (VHOST_VRING_F_LOG = 0). */
export const VHOST_VRING_F_LOG = 0;

/** One guest memory region as the front-end describes it. */
export interface VhostUserMemoryRegion {
  guestPhysAddr: bigint;
  memorySize: bigint;
  userspaceAddr: bigint;
  mmapOffset: bigint;
}

/** A typed payload; `kind` says which member of the payload union is meant. */
export type VhostUserPayload =
  | { kind: 'none' }
  | { kind: 'u64'; u64: bigint }
  | { kind: 'state'; index: number; num: number }
  | {
      kind: 'addr';
      index: number;
      flags: number;
      descUserAddr: bigint;
      usedUserAddr: bigint;
      availUserAddr: bigint;
      logGuestAddr: bigint;
    }
  | { kind: 'memory'; nregions: number; padding: number; regions: VhostUserMemoryRegion[] }
  | { kind: 'memReg'; padding: bigint; region: VhostUserMemoryRegion }
  | { kind: 'log'; mmapSize: bigint; mmapOffset: bigint }
  | { kind: 'config'; offset: number; size: number; flags: number; region: Uint8Array }
  | { kind: 'area'; u64: bigint; size: bigint; offset: bigint }
  | { kind: 'inflight'; mmapSize: bigint; mmapOffset: bigint; numQueues: number; queueSize: number }
  | { kind: 'iotlb'; iova: bigint; size: bigint; uaddr: bigint; perm: number; type: number }
  /** Opaque bytes: crypto sessions, unknown requests, or a size that fits no member. */
  | { kind: 'raw'; bytes: Uint8Array };

/** The payload kinds. */
export type VhostUserPayloadKind = VhostUserPayload['kind'];

/** One vhost-user message. `size` defaults to the payload's natural length when encoding. */
export interface VhostUserMsg {
  request: number;
  flags: number;
  /** Header size field; on decode, what the header said. */
  size?: number;
  payload: VhostUserPayload;
}

/** How many fds a request carries. */
export type VhostUserFdRule =
  | { rule: 'zero' }
  | { rule: 'exactly'; n: number }
  | { rule: 'atMost'; n: number }
  /** SET_MEM_TABLE: one per region (payload nregions). */
  | { rule: 'nregions' }
  /** KICK/CALL/ERR and HOST_NOTIFIER: one fd unless the u64's NOFD bit (0x100) is set. */
  | { rule: 'vringNofd' };

/** Whether the receiver replies. */
export type VhostUserReplyRule =
  /** A reply body always follows (GET_*). */
  | 'always'
  /** Only a u64 ack, and only if the sender set NEED_REPLY (REPLY_ACK negotiated). */
  | 'ack'
  /** Depends on a protocol feature; see `note`. */
  | 'conditional';

/** Static facts about one request. */
export interface VhostUserRequestSpec {
  id: number;
  /** QEMU 7.2 enum name. */
  name: string;
  /** Other spellings: DPDK's, or the BACKEND rename. */
  aliases: readonly string[];
  payload: VhostUserPayloadKind;
  fds: VhostUserFdRule;
  reply: VhostUserReplyRule;
  /** Payload kind of the reply when there is a body. */
  replyPayload?: VhostUserPayloadKind;
  note?: string;
}

const zero: VhostUserFdRule = { rule: 'zero' };
const one: VhostUserFdRule = { rule: 'exactly', n: 1 };
const nofd: VhostUserFdRule = { rule: 'vringNofd' };

function spec(
  id: number,
  name: string,
  payload: VhostUserPayloadKind,
  fds: VhostUserFdRule,
  reply: VhostUserReplyRule,
  extra: Partial<Pick<VhostUserRequestSpec, 'aliases' | 'replyPayload' | 'note'>> = {},
): VhostUserRequestSpec {
  return { id, name, payload, fds, reply, aliases: extra.aliases ?? [], replyPayload: extra.replyPayload, note: extra.note };
}

/** Every front-end request QEMU 7.2 defines (35 is reserved and absent), by id. */
export const VHOST_USER_REQUESTS: ReadonlyMap<number, VhostUserRequestSpec> = new Map(
  [
    spec(1, 'VHOST_USER_GET_FEATURES', 'none', zero, 'always', { replyPayload: 'u64' }),
    spec(2, 'VHOST_USER_SET_FEATURES', 'u64', zero, 'ack'),
    spec(3, 'VHOST_USER_SET_OWNER', 'none', zero, 'ack'),
    spec(4, 'VHOST_USER_RESET_OWNER', 'none', zero, 'ack'),
    spec(5, 'VHOST_USER_SET_MEM_TABLE', 'memory', { rule: 'nregions' }, 'ack', {
      note: 'QEMU sends size = 8 + 32 * nregions; with postcopy the back-end echoes the table',
    }),
    spec(6, 'VHOST_USER_SET_LOG_BASE', 'log', { rule: 'atMost', n: 1 }, 'conditional', {
      replyPayload: 'none',
      note: 'with LOG_SHMFD: exactly 1 fd and QEMU waits for a reply (DPDK always expects 1 fd)',
    }),
    spec(7, 'VHOST_USER_SET_LOG_FD', 'none', one, 'ack'),
    spec(8, 'VHOST_USER_SET_VRING_NUM', 'state', zero, 'ack'),
    spec(9, 'VHOST_USER_SET_VRING_ADDR', 'addr', zero, 'ack'),
    spec(10, 'VHOST_USER_SET_VRING_BASE', 'state', zero, 'ack'),
    spec(11, 'VHOST_USER_GET_VRING_BASE', 'state', zero, 'always', { replyPayload: 'state' }),
    spec(12, 'VHOST_USER_SET_VRING_KICK', 'u64', nofd, 'ack'),
    spec(13, 'VHOST_USER_SET_VRING_CALL', 'u64', nofd, 'ack'),
    spec(14, 'VHOST_USER_SET_VRING_ERR', 'u64', nofd, 'ack'),
    spec(15, 'VHOST_USER_GET_PROTOCOL_FEATURES', 'none', zero, 'always', { replyPayload: 'u64' }),
    spec(16, 'VHOST_USER_SET_PROTOCOL_FEATURES', 'u64', zero, 'ack'),
    spec(17, 'VHOST_USER_GET_QUEUE_NUM', 'none', zero, 'always', { replyPayload: 'u64' }),
    spec(18, 'VHOST_USER_SET_VRING_ENABLE', 'state', zero, 'ack'),
    spec(19, 'VHOST_USER_SEND_RARP', 'u64', zero, 'ack'),
    spec(20, 'VHOST_USER_NET_SET_MTU', 'u64', zero, 'ack'),
    spec(21, 'VHOST_USER_SET_SLAVE_REQ_FD', 'none', one, 'ack', { aliases: ['VHOST_USER_SET_BACKEND_REQ_FD'] }),
    spec(22, 'VHOST_USER_IOTLB_MSG', 'iotlb', zero, 'ack', { replyPayload: 'u64', note: 'QEMU always sets NEED_REPLY' }),
    spec(23, 'VHOST_USER_SET_VRING_ENDIAN', 'state', zero, 'ack'),
    spec(24, 'VHOST_USER_GET_CONFIG', 'config', zero, 'always', { replyPayload: 'config' }),
    spec(25, 'VHOST_USER_SET_CONFIG', 'config', zero, 'ack'),
    spec(26, 'VHOST_USER_CREATE_CRYPTO_SESSION', 'raw', zero, 'always', {
      aliases: ['VHOST_USER_CRYPTO_CREATE_SESS'],
      replyPayload: 'raw',
    }),
    spec(27, 'VHOST_USER_CLOSE_CRYPTO_SESSION', 'u64', zero, 'ack', { aliases: ['VHOST_USER_CRYPTO_CLOSE_SESS'] }),
    spec(28, 'VHOST_USER_POSTCOPY_ADVISE', 'none', zero, 'always', {
      replyPayload: 'none',
      note: 'the reply carries the userfaultfd',
    }),
    spec(29, 'VHOST_USER_POSTCOPY_LISTEN', 'none', zero, 'ack', { note: 'QEMU always sets NEED_REPLY' }),
    spec(30, 'VHOST_USER_POSTCOPY_END', 'none', zero, 'ack', { replyPayload: 'u64', note: 'QEMU always sets NEED_REPLY' }),
    spec(31, 'VHOST_USER_GET_INFLIGHT_FD', 'inflight', zero, 'always', {
      replyPayload: 'inflight',
      note: 'the reply carries the inflight area fd',
    }),
    spec(32, 'VHOST_USER_SET_INFLIGHT_FD', 'inflight', one, 'ack'),
    spec(33, 'VHOST_USER_GPU_SET_SOCKET', 'none', one, 'ack'),
    spec(34, 'VHOST_USER_RESET_DEVICE', 'none', zero, 'ack'),
    spec(36, 'VHOST_USER_GET_MAX_MEM_SLOTS', 'none', zero, 'always', { replyPayload: 'u64' }),
    spec(37, 'VHOST_USER_ADD_MEM_REG', 'memReg', one, 'ack'),
    spec(38, 'VHOST_USER_REM_MEM_REG', 'memReg', zero, 'ack', {
      note: 'QEMU 7.2 sends no fd; the spec lets a back-end accept (and close) one',
    }),
    spec(39, 'VHOST_USER_SET_STATUS', 'u64', zero, 'ack'),
    spec(40, 'VHOST_USER_GET_STATUS', 'none', zero, 'always', { replyPayload: 'u64' }),
  ].map((s) => [s.id, s]),
);

/** Back-end → front-end requests QEMU 7.2 defines (SLAVE_*, later BACKEND_*). */
export const VHOST_USER_SLAVE_REQUESTS: ReadonlyMap<number, VhostUserRequestSpec> = new Map(
  [
    spec(1, 'VHOST_USER_SLAVE_IOTLB_MSG', 'iotlb', zero, 'ack', { aliases: ['VHOST_USER_BACKEND_IOTLB_MSG'] }),
    spec(2, 'VHOST_USER_SLAVE_CONFIG_CHANGE_MSG', 'none', zero, 'ack', {
      aliases: ['VHOST_USER_BACKEND_CONFIG_CHANGE_MSG'],
    }),
    spec(3, 'VHOST_USER_SLAVE_VRING_HOST_NOTIFIER_MSG', 'area', nofd, 'ack', {
      aliases: ['VHOST_USER_BACKEND_VRING_HOST_NOTIFIER_MSG'],
      note: 'area.u64 = vring index | NOFD; DPDK sends it with NEED_REPLY',
    }),
  ].map((s) => [s.id, s]),
);

// ---- Encoding --------------------------------------------------------------

function payloadLength(p: VhostUserPayload): number {
  switch (p.kind) {
    case 'none':
      return 0;
    case 'u64':
    case 'state':
      return 8;
    case 'addr':
      return VRING_ADDR.size;
    case 'memory':
      return MEMORY.regions + MEM_REGION.size * p.regions.length;
    case 'memReg':
      return MEM_REG_MSG.size;
    case 'log':
      return LOG.size;
    case 'config':
      return CONFIG.region + p.region.length;
    case 'area':
      return VRING_AREA.bytes;
    case 'inflight':
      return INFLIGHT.size;
    case 'iotlb':
      return IOTLB.bytes;
    case 'raw':
      return p.bytes.length;
  }
}

const U64_MASK = (1n << 64n) - 1n;

function writeRegion(dv: DataView, at: number, r: VhostUserMemoryRegion): void {
  dv.setBigUint64(at + MEM_REGION.guestPhysAddr, r.guestPhysAddr & U64_MASK, true);
  dv.setBigUint64(at + MEM_REGION.memorySize, r.memorySize & U64_MASK, true);
  dv.setBigUint64(at + MEM_REGION.userspaceAddr, r.userspaceAddr & U64_MASK, true);
  dv.setBigUint64(at + MEM_REGION.mmapOffset, r.mmapOffset & U64_MASK, true);
}

function writePayload(dv: DataView, bytes: Uint8Array, p: VhostUserPayload): void {
  const o = VHOST_USER_HDR_SIZE;
  const u64 = (at: number, v: bigint) => dv.setBigUint64(o + at, v & U64_MASK, true);
  switch (p.kind) {
    case 'none':
      return;
    case 'u64':
      return u64(0, p.u64);
    case 'state':
      dv.setUint32(o + VRING_STATE.index, p.index >>> 0, true);
      dv.setUint32(o + VRING_STATE.num, p.num >>> 0, true);
      return;
    case 'addr':
      dv.setUint32(o + VRING_ADDR.index, p.index >>> 0, true);
      dv.setUint32(o + VRING_ADDR.flags, p.flags >>> 0, true);
      u64(VRING_ADDR.desc, p.descUserAddr);
      u64(VRING_ADDR.used, p.usedUserAddr);
      u64(VRING_ADDR.avail, p.availUserAddr);
      u64(VRING_ADDR.log, p.logGuestAddr);
      return;
    case 'memory':
      dv.setUint32(o + MEMORY.nregions, p.nregions >>> 0, true);
      dv.setUint32(o + MEMORY.padding, p.padding >>> 0, true);
      p.regions.forEach((r, i) => writeRegion(dv, o + MEMORY.regions + i * MEM_REGION.size, r));
      return;
    case 'memReg':
      u64(MEM_REG_MSG.padding, p.padding);
      writeRegion(dv, o + MEM_REG_MSG.region, p.region);
      return;
    case 'log':
      u64(LOG.mmapSize, p.mmapSize);
      u64(LOG.mmapOffset, p.mmapOffset);
      return;
    case 'config':
      dv.setUint32(o + CONFIG.offset, p.offset >>> 0, true);
      dv.setUint32(o + CONFIG.size, p.size >>> 0, true);
      dv.setUint32(o + CONFIG.flags, p.flags >>> 0, true);
      bytes.set(p.region, o + CONFIG.region);
      return;
    case 'area':
      u64(VRING_AREA.u64, p.u64);
      u64(VRING_AREA.size, p.size);
      u64(VRING_AREA.offset, p.offset);
      return;
    case 'inflight':
      u64(INFLIGHT.mmapSize, p.mmapSize);
      u64(INFLIGHT.mmapOffset, p.mmapOffset);
      dv.setUint16(o + INFLIGHT.numQueues, p.numQueues & 0xffff, true);
      dv.setUint16(o + INFLIGHT.queueSize, p.queueSize & 0xffff, true);
      return;
    case 'iotlb':
      u64(IOTLB.iova, p.iova);
      u64(IOTLB.size, p.size);
      u64(IOTLB.uaddr, p.uaddr);
      dv.setUint8(o + IOTLB.perm, p.perm & 0xff);
      dv.setUint8(o + IOTLB.type, p.type & 0xff);
      return;
    case 'raw':
      bytes.set(p.bytes, o);
      return;
  }
}

/**
 * Lay a message out as the sender's sendmsg would: header then payload (the header's
 * size is `msg.size` if given, else the payload's natural length, which is what QEMU
 * sends, e.g. 8 + 32·n for SET_MEM_TABLE). The fds go alongside as SCM_RIGHTS.
 */
export function encodeVhostUserMsg(msg: VhostUserMsg, fds: readonly number[] = []): { bytes: Uint8Array; fds: number[] } {
  const natural = payloadLength(msg.payload);
  const bytes = new Uint8Array(VHOST_USER_HDR_SIZE + natural);
  const dv = new DataView(bytes.buffer);
  dv.setUint32(VHOST_USER_HDR.request, msg.request >>> 0, true);
  dv.setUint32(VHOST_USER_HDR.flags, msg.flags >>> 0, true);
  dv.setUint32(VHOST_USER_HDR.size, (msg.size ?? natural) >>> 0, true);
  writePayload(dv, bytes, msg.payload);
  return { bytes, fds: [...fds] };
}

// ---- Parsing ---------------------------------------------------------------

function readRegion(dv: DataView, at: number): VhostUserMemoryRegion {
  return {
    guestPhysAddr: dv.getBigUint64(at + MEM_REGION.guestPhysAddr, true),
    memorySize: dv.getBigUint64(at + MEM_REGION.memorySize, true),
    userspaceAddr: dv.getBigUint64(at + MEM_REGION.userspaceAddr, true),
    mmapOffset: dv.getBigUint64(at + MEM_REGION.mmapOffset, true),
  };
}

/**
 * Read a payload of `kind` from `payload` (exactly the `size` bytes that were sent).
 * Bytes the sender did not send read as 0 (DPDK would see stale stack bytes there;
 * zero is the deterministic stand-in). Returns 'raw' when the bytes are shorter than the
 * fixed part of the kind; `memory` yields min(nregions, 8, bytes present) regions.
 */
export function parseVhostUserPayload(kind: VhostUserPayloadKind, payload: Uint8Array): VhostUserPayload {
  if (kind === 'none' && payload.length === 0) return { kind: 'none' };
  // A zero-padded view of the largest union member, so every fixed offset is readable.
  const buf = new Uint8Array(Math.max(DPDK_VHOST_USER_PAYLOAD_MAX, payload.length));
  buf.set(payload);
  const dv = new DataView(buf.buffer);
  const u64 = (at: number) => dv.getBigUint64(at, true);
  switch (kind) {
    case 'u64':
      return { kind, u64: u64(0) };
    case 'state':
      return { kind, index: dv.getUint32(VRING_STATE.index, true), num: dv.getUint32(VRING_STATE.num, true) };
    case 'addr':
      return {
        kind,
        index: dv.getUint32(VRING_ADDR.index, true),
        flags: dv.getUint32(VRING_ADDR.flags, true),
        descUserAddr: u64(VRING_ADDR.desc),
        usedUserAddr: u64(VRING_ADDR.used),
        availUserAddr: u64(VRING_ADDR.avail),
        logGuestAddr: u64(VRING_ADDR.log),
      };
    case 'memory': {
      const nregions = dv.getUint32(MEMORY.nregions, true);
      const present = Math.max(0, Math.floor((payload.length - MEMORY.regions) / MEM_REGION.size));
      const n = Math.min(nregions, VHOST_MEMORY_BASELINE_NREGIONS, present);
      const regions = Array.from({ length: n }, (_, i) => readRegion(dv, MEMORY.regions + i * MEM_REGION.size));
      return { kind, nregions, padding: dv.getUint32(MEMORY.padding, true), regions };
    }
    case 'memReg':
      return { kind, padding: u64(MEM_REG_MSG.padding), region: readRegion(dv, MEM_REG_MSG.region) };
    case 'log':
      return { kind, mmapSize: u64(LOG.mmapSize), mmapOffset: u64(LOG.mmapOffset) };
    case 'config': {
      const size = dv.getUint32(CONFIG.size, true);
      const have = Math.max(0, payload.length - CONFIG.region);
      return {
        kind,
        offset: dv.getUint32(CONFIG.offset, true),
        size,
        flags: dv.getUint32(CONFIG.flags, true),
        region: payload.slice(CONFIG.region, CONFIG.region + Math.min(have, VHOST_USER_MAX_CONFIG_SIZE)),
      };
    }
    case 'area':
      return { kind, u64: u64(VRING_AREA.u64), size: u64(VRING_AREA.size), offset: u64(VRING_AREA.offset) };
    case 'inflight':
      return {
        kind,
        mmapSize: u64(INFLIGHT.mmapSize),
        mmapOffset: u64(INFLIGHT.mmapOffset),
        numQueues: dv.getUint16(INFLIGHT.numQueues, true),
        queueSize: dv.getUint16(INFLIGHT.queueSize, true),
      };
    case 'iotlb':
      return {
        kind,
        iova: u64(IOTLB.iova),
        size: u64(IOTLB.size),
        uaddr: u64(IOTLB.uaddr),
        perm: dv.getUint8(IOTLB.perm),
        type: dv.getUint8(IOTLB.type),
      };
    default:
      return { kind: 'raw', bytes: payload.slice() };
  }
}

/** The payload kind a front-end request carries (raw for ids QEMU 7.2 does not define). */
export function vhostUserPayloadKind(request: number): VhostUserPayloadKind {
  return VHOST_USER_REQUESTS.get(request)?.payload ?? 'raw';
}

// ---- Decoding with DPDK's validation ----------------------------------------

/** Options for `decodeVhostUserMsg`: what the era's log lines need, and device state the checks read. */
export interface DecodeOptions {
  /** The socket path (22.11 prints it as `(%s)` in every line; dev->ifname). */
  sockPath?: string;
  /** The connection fd number (22.11 prints it in "truncated control data (fd %d)"). */
  connFd?: number;
  /** VIRTIO_F_RING_PACKED negotiated: SET_VRING_NUM then skips the power-of-two check. */
  packed?: boolean;
}

/** Why DPDK refused a message. */
export type VhostUserDecodeError =
  | 'peer-closed'
  | 'truncated-control'
  | 'short-header'
  | 'size-too-large'
  | 'short-payload'
  | 'vring-index'
  | 'unhandled-request'
  | 'fd-count'
  | 'bad-size'
  | 'too-many-regions'
  | 'region-overflow'
  | 'bad-value';

/** A message DPDK accepted at the wire level; `dpdkLog` is what it printed while reading it. */
export interface VhostUserDecodeOk {
  ok: true;
  msg: VhostUserMsg;
  /** The fds DPDK holds for this message (22.11 keeps only the first 8). */
  fds: number[];
  /** Bytes this message used (the rest of a stream read belongs to the next one). */
  consumed: number;
  /** Lines printed at DPDK's default level (INFO and above). */
  dpdkLog: string[];
  /** Every line, DEBUG included, with its level. */
  dpdkLines: DpdkLogLine[];
}

/** A message DPDK refused. */
export interface VhostUserDecodeFail {
  ok: false;
  error: VhostUserDecodeError;
  /** Lines printed at DPDK's default level (INFO and above), in order. */
  dpdkLog: string[];
  /** Every line, DEBUG included, with its level. */
  dpdkLines: DpdkLogLine[];
  /** DPDK returns -1 from vhost_user_msg_handler: vhost_user_read_cb closes the socket and destroys the device. */
  closes: boolean;
  /** The sender set NEED_REPLY, so instead of closing DPDK replied u64 1 (failure) and carried on. */
  nack: boolean;
}

/** Result of `decodeVhostUserMsg`. */
export type VhostUserDecodeResult = VhostUserDecodeOk | VhostUserDecodeFail;

/** Requests the era's DPDK library has a handler for (others end in "was not handled"). */
const DPDK_HANDLED: Readonly<Record<DpdkEra, ReadonlySet<number>>> = {
  '19.11': new Set([...range(1, 22), 28, 29, 30, 31, 32]),
  '22.11': new Set([...range(1, 22), 24, 25, 28, 29, 30, 31, 32, 39, 40]),
};

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

/** printf `%#"PRIx64`: 0 prints as "0", anything else as 0x-prefixed lowercase hex. */
function hexAlt(v: bigint): string {
  return v === 0n ? '0' : `0x${v.toString(16)}`;
}

/**
 * Decode one front-end message as DPDK's back-end reads it: `bytes` is everything the
 * peer sent (the first message is decoded; a stream read stops after 12 + size bytes),
 * `fds` the SCM_RIGHTS fds that came with the header. Checks, in DPDK's order:
 * read_fd_message (>8 fds: 19.11 fails on MSG_CTRUNC, 22.11 logs and keeps 8), header
 * length, size > sizeof(payload) (632), short payload, the "read message" line,
 * vring index < VHOST_MAX_VRING, a handler exists, the fd count, then the stateless
 * parts of the handlers (log base / inflight sizes, mem-table nregions and region
 * overflow, vring num, MTU, status). Device-state checks (features, existing mem table)
 * are the handlers' business and are not made here; a fresh device is assumed. The
 * flags word is not checked: DPDK ignores the version bits of requests and only looks at
 * NEED_REPLY (failures are then acked with u64 1 instead of closing the connection).
 */
export function decodeVhostUserMsg(
  bytes: Uint8Array,
  fds: readonly number[],
  era: DpdkEra,
  opts: DecodeOptions = {},
): VhostUserDecodeResult {
  try {
    return decode(bytes, fds, era, opts);
  } catch {
    // Not reachable by construction; the contract is that decoding never throws.
    return { ok: false, error: 'bad-value', dpdkLog: [], dpdkLines: [], closes: true, nack: false };
  }
}

function decode(bytes: Uint8Array, fdsIn: readonly number[], era: DpdkEra, opts: DecodeOptions): VhostUserDecodeResult {
  const path = opts.sockPath ?? '/tmp/vhost-user.sock';
  const lines: DpdkLogLine[] = [];
  const log = (level: DpdkLogLine['level'], m: string) => lines.push(dpdkConfigLine(era, path, level, m));
  const fail = (error: VhostUserDecodeError, closes: boolean, nack = false): VhostUserDecodeFail => ({
    ok: false,
    error,
    dpdkLines: lines,
    dpdkLog: lines.filter((l) => l.level !== 'DEBUG').map((l) => l.text),
    closes,
    nack,
  });
  let fds = [...fdsIn];

  // socket.c read_fd_message: the control buffer holds CMSG_SPACE(8 * sizeof(int)).
  if (bytes.length > 0 && fds.length > VHOST_USER_MAX_FDS) {
    if (era === '19.11') {
      log('ERR', 'truncated msg');
      log('ERR', 'vhost read message failed');
      return fail('truncated-control', true);
    }
    log('ERR', `truncated control data (fd ${opts.connFd ?? -1})`);
    fds = fds.slice(0, VHOST_USER_MAX_FDS);
  }

  // The request field starts as VHOST_USER_NONE; a short read overwrites only its low bytes.
  const hdr = new Uint8Array(VHOST_USER_HDR_SIZE);
  hdr.set(bytes.subarray(0, VHOST_USER_HDR_SIZE));
  const hv = new DataView(hdr.buffer);
  const request = hv.getUint32(VHOST_USER_HDR.request, true);
  const flags = hv.getUint32(VHOST_USER_HDR.flags, true);
  const size = hv.getUint32(VHOST_USER_HDR.size, true);
  const readFailed = (error: VhostUserDecodeError) => {
    if (era === '19.11') log('ERR', 'vhost read message failed');
    else {
      // 22.11 names the request when it is inside the handler table, even if the slot is empty ("(null)").
      const inTable = request > 0 && request < DPDK_REQUEST_TABLE_SIZE[era];
      const desc = inTable ? (dpdkRequestName(era, request) ?? '(null)') : '';
      log('ERR', `vhost read message ${inTable ? 'for ' : ''}${desc}${inTable ? ' ' : ''}failed`);
    }
    return fail(error, true);
  };

  if (bytes.length === 0) {
    log('INFO', 'vhost peer closed');
    return fail('peer-closed', true);
  }
  if (bytes.length < VHOST_USER_HDR_SIZE) {
    log('ERR', 'Unexpected header size read');
    return readFailed('short-header');
  }
  if (size > DPDK_VHOST_USER_PAYLOAD_MAX) {
    log('ERR', `invalid msg size: ${cInt(size)}`);
    return readFailed('size-too-large');
  }
  const avail = bytes.length - VHOST_USER_HDR_SIZE;
  if (size > 0 && avail === 0) {
    // read() returns 0: the peer went away between header and payload.
    log('INFO', 'vhost peer closed');
    return fail('peer-closed', true);
  }
  if (avail < size) {
    log('ERR', 'read control message failed');
    return readFailed('short-payload');
  }
  const payloadBytes = bytes.slice(VHOST_USER_HDR_SIZE, VHOST_USER_HDR_SIZE + size);
  lines.push(dpdkReadMessageLog(era, request, path));

  const kind = vhostUserPayloadKind(request);
  const payload = parseVhostUserPayload(kind, payloadBytes);
  // The handlers read the union whatever size was sent; view it zero-padded.
  const union = new Uint8Array(DPDK_VHOST_USER_PAYLOAD_MAX);
  union.set(payloadBytes);
  const uv = new DataView(union.buffer);
  const u64 = uv.getBigUint64(0, true);

  // vhost_user_check_and_alloc_queue_pair
  let vringIdx: number | undefined;
  switch (request) {
    case VHOST_USER_SET_VRING_KICK:
    case VHOST_USER_SET_VRING_CALL:
    case VHOST_USER_SET_VRING_ERR:
      vringIdx = Number(u64 & BigInt(VHOST_USER_VRING_IDX_MASK));
      break;
    case VHOST_USER_SET_VRING_NUM:
    case VHOST_USER_SET_VRING_BASE:
    case VHOST_USER_GET_VRING_BASE:
    case VHOST_USER_SET_VRING_ENABLE:
    case VHOST_USER_SET_VRING_ADDR: // addr.index shares offset 0 with state.index
      vringIdx = uv.getUint32(0, true);
      break;
    case VHOST_USER_SET_INFLIGHT_FD:
      vringIdx = (uv.getUint16(INFLIGHT.numQueues, true) - 1) >>> 0;
      break;
  }
  if (vringIdx !== undefined && vringIdx >= DPDK_VHOST_MAX_VRING) {
    log('ERR', `invalid vring index: ${vringIdx}`);
    log('ERR', 'failed to alloc queue');
    return fail('vring-index', true);
  }

  const needReply = (flags & VHOST_USER_NEED_REPLY_MASK) !== 0;
  // The tail of vhost_user_msg_handler after a handler error or an unhandled message.
  const handlerFailed = (error: VhostUserDecodeError): VhostUserDecodeFail => {
    if (needReply) return fail(error, false, true);
    log('ERR', 'vhost message handling failed.');
    return fail(error, true);
  };
  // Older DPDK (18.11 / 19.02, the code seed 000 quotes) refused ids >= VHOST_USER_MAX right
  // after the read ("vhost read incorrect message") and other unknown ids with
  // "Requested invalid message type %d."; 19.05 replaced both with the lines below.
  if (!DPDK_HANDLED[era].has(request)) {
    log('ERR', `vhost message (req: ${cInt(request)}) was not handled.`);
    return handlerFailed('unhandled-request');
  }
  const name = dpdkRequestName(era, request) ?? '';
  const processingFailed = (error: VhostUserDecodeError) => {
    log('ERR', `${era === '19.11' ? 'Processing' : 'processing'} ${name} failed.`);
    return handlerFailed(error);
  };

  // validate_msg_fds with the count each handler expects.
  let expected = 0;
  switch (request) {
    case VHOST_USER_SET_MEM_TABLE:
      expected = uv.getUint32(MEMORY.nregions, true);
      break;
    case VHOST_USER_SET_LOG_BASE:
    case VHOST_USER_SET_LOG_FD:
    case VHOST_USER_SET_SLAVE_REQ_FD:
    case VHOST_USER_SET_INFLIGHT_FD:
      expected = 1;
      break;
    case VHOST_USER_SET_VRING_KICK:
    case VHOST_USER_SET_VRING_CALL:
    case VHOST_USER_SET_VRING_ERR:
      expected = (u64 & BigInt(VHOST_USER_VRING_NOFD_MASK)) !== 0n ? 0 : 1;
      break;
  }
  // 19.11: each handler calls validate_msg_fds first; 22.11: the dispatcher does it for
  // handlers without accepts_fd, the others do it first thing. Same order either way.
  if (fds.length !== expected) {
    log(
      'ERR',
      era === '19.11'
        ? ` Expect ${cInt(expected)} FDs for request ${name}, received ${fds.length}`
        : `expect ${cInt(expected)} FDs for request ${name}, received ${fds.length}`,
    );
    return processingFailed('fd-count');
  }

  switch (request) {
    case VHOST_USER_SET_MEM_TABLE: {
      const nregions = expected >>> 0;
      if (nregions > VHOST_MEMORY_BASELINE_NREGIONS) {
        log('ERR', `too many memory regions (${nregions})`);
        return processingFailed('too-many-regions');
      }
      for (let i = 0; i < nregions; i++) {
        const r = readRegion(uv, MEMORY.regions + i * MEM_REGION.size);
        // "mmap_offset >= -size": memory_size + mmap_offset must not wrap (size 0 always fails).
        if (r.mmapOffset >= ((-r.memorySize) & U64_MASK)) {
          log('ERR', `mmap_offset (${hexAlt(r.mmapOffset)}) and memory_size (${hexAlt(r.memorySize)}) overflow`);
          if (era === '22.11') log('ERR', `failed to mmap region ${i}`);
          return processingFailed('region-overflow');
        }
      }
      break;
    }
    case VHOST_USER_SET_LOG_BASE:
      if (size !== LOG.size) {
        log('ERR', `invalid log base msg size: ${cInt(size)} != ${LOG.size}`);
        return processingFailed('bad-size');
      }
      break;
    case VHOST_USER_GET_INFLIGHT_FD:
      if (size !== INFLIGHT.size) {
        log('ERR', `invalid get_inflight_fd message size is ${cInt(size)}`);
        return processingFailed('bad-size');
      }
      break;
    case VHOST_USER_SET_INFLIGHT_FD:
      if (size !== INFLIGHT.size) {
        log('ERR', `invalid set_inflight_fd message size is ${cInt(size)},fd is ${fds[0] ?? -1}`);
        return processingFailed('bad-size');
      }
      break;
    case VHOST_USER_SET_VRING_NUM: {
      const num = uv.getUint32(VRING_STATE.num, true);
      const tooBig = num > 32768;
      const notPow2 = !opts.packed && (num & (num - 1)) !== 0;
      // 22.11 tests the bound first; 19.11 the power of two first (same message either way).
      if (tooBig || notPow2) {
        log('ERR', `invalid virtqueue size ${num}`);
        return processingFailed('bad-value');
      }
      break;
    }
    case VHOST_USER_NET_SET_MTU:
      if (u64 < 68n || u64 > 65535n) {
        log('ERR', `${era === '19.11' ? 'Invalid' : 'invalid'} MTU size (${u64})`);
        return processingFailed('bad-value');
      }
      break;
    case VHOST_USER_SET_STATUS:
      if (u64 > 0xffn) {
        log('ERR', `invalid VHOST_USER_SET_STATUS payload 0x${u64.toString(16)}`);
        return processingFailed('bad-value');
      }
      break;
  }

  return {
    ok: true,
    msg: { request, flags, size, payload },
    fds,
    consumed: VHOST_USER_HDR_SIZE + size,
    dpdkLines: lines,
    dpdkLog: lines.filter((l) => l.level !== 'DEBUG').map((l) => l.text),
  };
}
