/**
 * The byte inspector's map of one vhost-user message: which bytes are which
 * field of `VhostUserMsg` (header: request, flags, size; then the member of
 * the payload union the request uses), with each field's decoded value, and
 * for every byte the field that owns it, so hovering a byte can light its
 * field and hovering a field its bytes. Offsets come from the codec's layout
 * constants (engine/abi/vhost-user.ts), so the inspector and the engine read
 * the same struct. Pure: bytes in, plain data out; malformed input (a short
 * header, a size that disagrees with the bytes) is mapped as far as it goes
 * and the disagreement reported, never thrown.
 */
import {
  CONFIG,
  INFLIGHT,
  IOTLB,
  LOG,
  MEM_REG_MSG,
  MEM_REGION,
  MEMORY,
  parseVhostUserPayload,
  VHOST_USER_HDR,
  VHOST_USER_HDR_SIZE,
  VHOST_USER_NEED_REPLY_MASK,
  VHOST_USER_REPLY_MASK,
  VHOST_USER_REQUESTS,
  VHOST_USER_SLAVE_REQUESTS,
  VHOST_USER_VERSION_MASK,
  VHOST_USER_VRING_IDX_MASK,
  VHOST_USER_VRING_NOFD_MASK,
  VRING_ADDR,
  VRING_AREA,
  VRING_STATE,
  type VhostUserPayloadKind,
  type VhostUserRequestSpec,
} from '@/engine/abi/vhost-user';
import { statusNames } from '../pci/config-space';
import { protocolFeatureNames, virtioFeatureNames } from '@/engine/abi/vhost-user-names';

/** One field: its C name, where its bytes are in the message, and what they say. */
export interface ByteField {
  /** Unique within the message (the C path, e.g. `payload.memory.regions[1].memory_size`). */
  key: string;
  /** The name as the struct spells it (`request`, `regions[1].memory_size`, `u64 & VHOST_USER_VRING_IDX_MASK`). */
  name: string;
  group: 'header' | 'payload';
  /** Offset of the first byte in the message, and how many bytes (clipped to the bytes present). */
  start: number;
  len: number;
  /** The decoded value as text. */
  value: string;
  /** Named bits set, for a flags or feature word. */
  bits?: readonly string[];
}

/** What the bytes and the header disagree on. */
export type MessageProblem =
  /** Fewer than 12 bytes: not even a header. */
  | 'short-header'
  /** header.size names more payload bytes than were sent. */
  | 'size-over-bytes'
  /** More bytes were sent than header.size names (the rest belongs to no field). */
  | 'bytes-over-size'
  /** The request number is not one the table defines. */
  | 'unknown-request';

/** The whole map of one message. */
export interface MessageFields {
  fields: readonly ByteField[];
  /** For byte i of the message, the index in `fields` of its field, or -1. */
  owner: readonly number[];
  request: number | null;
  /** The request's name (QEMU 7.2's spelling), or null when unknown. */
  requestName: string | null;
  flags: number | null;
  size: number | null;
  /** Which member of the payload union the payload was read as. */
  payloadKind: VhostUserPayloadKind;
  problems: readonly MessageProblem[];
}

/** Who wrote the message and whether it answers one: together they pick the request table and the payload member. */
export interface MessageDirection {
  from: 'qemu' | 'dpdk';
  reply: boolean;
}

const hexN = (v: number | bigint) => `0x${v.toString(16)}`;

/** The table the request number belongs to: front-end requests travel QEMU → DPDK (replies come back); back-end requests the other way. */
function specOf(request: number, dir: MessageDirection): VhostUserRequestSpec | undefined {
  const frontEnd = (dir.from === 'qemu') !== dir.reply;
  return (frontEnd ? VHOST_USER_REQUESTS : VHOST_USER_SLAVE_REQUESTS).get(request);
}

/** The union member a message uses: the request's payload, a reply's body (a u64 ack when the request has none), or raw. */
function kindOf(spec: VhostUserRequestSpec | undefined, dir: MessageDirection, payloadLen: number): VhostUserPayloadKind {
  const kind = !spec ? 'raw' : dir.reply ? (spec.replyPayload ?? 'u64') : spec.payload;
  if (kind === 'none' && payloadLen > 0) return 'raw';
  return kind;
}

/** Builds fields in order, clipping each to the bytes present. */
class FieldList {
  readonly fields: ByteField[] = [];
  /** Bytes past this belong to no field being added (the payload ends where the header's size says). */
  limit: number;
  constructor(total: number) {
    this.limit = total;
  }

  add(key: string, name: string, group: ByteField['group'], start: number, len: number, value: string, bits?: readonly string[]): void {
    if (start >= this.limit || len <= 0) return;
    const kept = Math.min(len, this.limit - start);
    // A field the bytes stop inside has no value of its own: say so rather than show the zero-padded read.
    const shown = kept < len ? `… (${kept} of ${len} bytes)` : value;
    this.fields.push({ key, name, group, start, len: kept, value: shown, ...(bits && kept === len ? { bits } : {}) });
  }
}

function flagsValue(flags: number): { value: string; bits: string[] } {
  const bits = [`VERSION ${flags & VHOST_USER_VERSION_MASK}`];
  if (flags & VHOST_USER_REPLY_MASK) bits.push('REPLY');
  if (flags & VHOST_USER_NEED_REPLY_MASK) bits.push('NEED_REPLY');
  const known = VHOST_USER_VERSION_MASK | VHOST_USER_REPLY_MASK | VHOST_USER_NEED_REPLY_MASK;
  for (let bit = 0; bit < 32; bit++) if ((flags >>> 0) & ~known & (1 << bit)) bits.push(`bit ${bit}`);
  return { value: hexN(flags >>> 0), bits };
}

/** What a vring_state's `num` means for each request that uses the struct. */
function stateNumMeaning(request: number, reply: boolean, num: number): string {
  switch (request) {
    case 8:
      return `${num} (queue size)`;
    case 10:
      return `${num} (next avail index)`;
    case 11:
      return reply ? `${num} (last avail index)` : String(num);
    case 18:
      return `${num} (${num ? 'enable' : 'disable'})`;
    default:
      return String(num);
  }
}

function u64Fields(list: FieldList, at: number, v: bigint, request: number, dir: MessageDirection, frontEnd: boolean): void {
  const key = 'payload.u64';
  if (frontEnd && !dir.reply && (request === 12 || request === 13 || request === 14)) {
    // SET_VRING_KICK / CALL / ERR: the low byte is the vring, bit 8 says no fd rides along.
    const index = Number(v & BigInt(VHOST_USER_VRING_IDX_MASK));
    const nofd = (v & BigInt(VHOST_USER_VRING_NOFD_MASK)) !== 0n;
    list.add(`${key}.index`, 'u64 & VHOST_USER_VRING_IDX_MASK', 'payload', at, 1, `vring ${index}`);
    list.add(`${key}.nofd`, 'u64 & VHOST_USER_VRING_NOFD_MASK', 'payload', at + 1, 1, nofd ? 'NOFD (no fd)' : 'fd attached');
    list.add(`${key}.rest`, 'u64 (bits 16–63)', 'payload', at + 2, 6, hexN(v >> 16n));
    return;
  }
  if (dir.reply && frontEnd && !(request === 1 || request === 15 || request === 17 || request === 36 || request === 40)) {
    // REPLY_ACK: zero is success.
    list.add(key, 'u64', 'payload', at, 8, v === 0n ? '0 (success)' : `${hexN(v)} (failure)`);
    return;
  }
  if (frontEnd && (request === 1 || request === 2)) return list.add(key, 'u64', 'payload', at, 8, hexN(v), virtioFeatureNames(v));
  if (frontEnd && (request === 15 || request === 16)) return list.add(key, 'u64', 'payload', at, 8, hexN(v), protocolFeatureNames(v));
  if (frontEnd && (request === 39 || request === 40)) return list.add(key, 'u64', 'payload', at, 8, hexN(v), statusNames(Number(v & 0xffn)));
  const meaning: Record<number, string> = { 17: 'queues', 20: 'MTU', 36: 'memory slots' };
  const what = frontEnd ? meaning[request] : undefined;
  list.add(key, 'u64', 'payload', at, 8, what ? `${v} (${what})` : hexN(v));
}

function regionFields(list: FieldList, key: string, name: string, at: number, dv: DataView, total: number): void {
  const u64 = (off: number) => (at + off + 8 <= total ? dv.getBigUint64(at + off, true) : null);
  const parts: Array<[Exclude<keyof typeof MEM_REGION, 'size'>, string]> = [
    ['guestPhysAddr', 'guest_phys_addr'],
    ['memorySize', 'memory_size'],
    ['userspaceAddr', 'userspace_addr'],
    ['mmapOffset', 'mmap_offset'],
  ];
  for (const [k, c] of parts) {
    const v = u64(MEM_REGION[k]);
    list.add(`${key}.${c}`, `${name}.${c}`, 'payload', at + MEM_REGION[k], 8, v === null ? '…' : hexN(v));
  }
}

function payloadFields(list: FieldList, bytes: Uint8Array, kind: VhostUserPayloadKind, request: number, dir: MessageDirection, frontEnd: boolean, end: number): void {
  const o = VHOST_USER_HDR_SIZE;
  const payload = bytes.subarray(o, end);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const p = parseVhostUserPayload(kind, payload);
  switch (p.kind) {
    case 'none':
      return;
    case 'u64':
      return u64Fields(list, o, p.u64, request, dir, frontEnd);
    case 'state':
      list.add('payload.state.index', 'state.index', 'payload', o + VRING_STATE.index, 4, `vring ${p.index}`);
      list.add('payload.state.num', 'state.num', 'payload', o + VRING_STATE.num, 4, frontEnd ? stateNumMeaning(request, dir.reply, p.num) : String(p.num));
      return;
    case 'addr': {
      const a = 'payload.addr';
      list.add(`${a}.index`, 'addr.index', 'payload', o + VRING_ADDR.index, 4, `vring ${p.index}`);
      list.add(`${a}.flags`, 'addr.flags', 'payload', o + VRING_ADDR.flags, 4, hexN(p.flags), p.flags & 1 ? ['VHOST_VRING_F_LOG'] : []);
      list.add(`${a}.desc_user_addr`, 'addr.desc_user_addr', 'payload', o + VRING_ADDR.desc, 8, hexN(p.descUserAddr));
      list.add(`${a}.used_user_addr`, 'addr.used_user_addr', 'payload', o + VRING_ADDR.used, 8, hexN(p.usedUserAddr));
      list.add(`${a}.avail_user_addr`, 'addr.avail_user_addr', 'payload', o + VRING_ADDR.avail, 8, hexN(p.availUserAddr));
      list.add(`${a}.log_guest_addr`, 'addr.log_guest_addr', 'payload', o + VRING_ADDR.log, 8, hexN(p.logGuestAddr));
      return;
    }
    case 'memory': {
      list.add('payload.memory.nregions', 'memory.nregions', 'payload', o + MEMORY.nregions, 4, String(p.nregions));
      list.add('payload.memory.padding', 'memory.padding', 'payload', o + MEMORY.padding, 4, String(p.padding));
      // Every region slot the sender filled, even past the 8 the struct holds (a malformed table shows where it overruns).
      const present = Math.floor((payload.length - MEMORY.regions) / MEM_REGION.size);
      const shown = Math.max(0, Math.min(p.nregions, present));
      for (let i = 0; i < shown; i++) {
        regionFields(list, `payload.memory.regions[${i}]`, `regions[${i}]`, o + MEMORY.regions + i * MEM_REGION.size, dv, end);
      }
      return;
    }
    case 'memReg':
      list.add('payload.memreg.padding', 'mem_reg.padding', 'payload', o + MEM_REG_MSG.padding, 8, hexN(p.padding));
      regionFields(list, 'payload.memreg.region', 'mem_reg.region', o + MEM_REG_MSG.region, dv, end);
      return;
    case 'log':
      list.add('payload.log.mmap_size', 'log.mmap_size', 'payload', o + LOG.mmapSize, 8, hexN(p.mmapSize));
      list.add('payload.log.mmap_offset', 'log.mmap_offset', 'payload', o + LOG.mmapOffset, 8, hexN(p.mmapOffset));
      return;
    case 'config':
      list.add('payload.config.offset', 'config.offset', 'payload', o + CONFIG.offset, 4, hexN(p.offset));
      list.add('payload.config.size', 'config.size', 'payload', o + CONFIG.size, 4, String(p.size));
      list.add('payload.config.flags', 'config.flags', 'payload', o + CONFIG.flags, 4, hexN(p.flags));
      list.add('payload.config.region', 'config.region', 'payload', o + CONFIG.region, p.region.length, `${p.region.length} bytes`);
      return;
    case 'area': {
      const index = Number(p.u64 & BigInt(VHOST_USER_VRING_IDX_MASK));
      const nofd = (p.u64 & BigInt(VHOST_USER_VRING_NOFD_MASK)) !== 0n;
      list.add('payload.area.u64', 'area.u64', 'payload', o + VRING_AREA.u64, 8, `vring ${index}${nofd ? ', NOFD' : ''}`);
      list.add('payload.area.size', 'area.size', 'payload', o + VRING_AREA.size, 8, hexN(p.size));
      list.add('payload.area.offset', 'area.offset', 'payload', o + VRING_AREA.offset, 8, hexN(p.offset));
      return;
    }
    case 'inflight':
      list.add('payload.inflight.mmap_size', 'inflight.mmap_size', 'payload', o + INFLIGHT.mmapSize, 8, hexN(p.mmapSize));
      list.add('payload.inflight.mmap_offset', 'inflight.mmap_offset', 'payload', o + INFLIGHT.mmapOffset, 8, hexN(p.mmapOffset));
      list.add('payload.inflight.num_queues', 'inflight.num_queues', 'payload', o + INFLIGHT.numQueues, 2, String(p.numQueues));
      list.add('payload.inflight.queue_size', 'inflight.queue_size', 'payload', o + INFLIGHT.queueSize, 2, String(p.queueSize));
      return;
    case 'iotlb':
      list.add('payload.iotlb.iova', 'iotlb.iova', 'payload', o + IOTLB.iova, 8, hexN(p.iova));
      list.add('payload.iotlb.size', 'iotlb.size', 'payload', o + IOTLB.size, 8, hexN(p.size));
      list.add('payload.iotlb.uaddr', 'iotlb.uaddr', 'payload', o + IOTLB.uaddr, 8, hexN(p.uaddr));
      list.add('payload.iotlb.perm', 'iotlb.perm', 'payload', o + IOTLB.perm, 1, String(p.perm));
      list.add('payload.iotlb.type', 'iotlb.type', 'payload', o + IOTLB.type, 1, String(p.type));
      return;
    case 'raw':
      list.add('payload.raw', 'payload', 'payload', o, p.bytes.length, `${p.bytes.length} bytes`);
      return;
  }
}

/** Map the bytes of one message (exactly as sent) to its fields. */
export function messageFields(bytes: Uint8Array, dir: MessageDirection): MessageFields {
  const total = bytes.length;
  const list = new FieldList(total);
  const problems: MessageProblem[] = [];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number) => (at + 4 <= total ? dv.getUint32(at, true) : null);
  const request = u32(VHOST_USER_HDR.request);
  const flags = u32(VHOST_USER_HDR.flags);
  const size = u32(VHOST_USER_HDR.size);
  const spec = request === null ? undefined : specOf(request, dir);
  const frontEnd = (dir.from === 'qemu') !== dir.reply;

  list.add('header.request', 'request', 'header', VHOST_USER_HDR.request, 4, request === null ? '…' : spec ? `${spec.name} (${request})` : `${request} (unknown)`);
  const f = flags === null ? null : flagsValue(flags);
  list.add('header.flags', 'flags', 'header', VHOST_USER_HDR.flags, 4, f?.value ?? '…', f?.bits);
  list.add('header.size', 'size', 'header', VHOST_USER_HDR.size, 4, size === null ? '…' : `${size} bytes`);

  let kind: VhostUserPayloadKind = 'none';
  if (total < VHOST_USER_HDR_SIZE) problems.push('short-header');
  else {
    if (request !== null && !spec) problems.push('unknown-request');
    const present = total - VHOST_USER_HDR_SIZE;
    const declared = size ?? 0;
    if (declared > present) problems.push('size-over-bytes');
    if (declared < present) problems.push('bytes-over-size');
    // The payload is what the header says it is, as far as the bytes go.
    const end = VHOST_USER_HDR_SIZE + Math.min(declared, present);
    kind = kindOf(spec, dir, end - VHOST_USER_HDR_SIZE);
    list.limit = end;
    if (end > VHOST_USER_HDR_SIZE) payloadFields(list, bytes, kind, request ?? 0, dir, frontEnd, end);
    list.limit = total;
    if (declared < present) list.add('trailing', '(past size)', 'payload', end, total - end, `${total - end} bytes`);
  }

  const owner = new Array<number>(total).fill(-1);
  list.fields.forEach((field, i) => {
    for (let b = field.start; b < field.start + field.len; b++) owner[b] = i;
  });
  return { fields: list.fields, owner, request, requestName: spec?.name ?? null, flags, size, payloadKind: kind, problems };
}
